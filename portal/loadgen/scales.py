"""The sizes of a load: national is the figure of issue 14 (18 regions, 101 départements)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    tenants: int  # one per region, at most 18
    people: int  # interns and young doctors, each with a profile
    dossiers: int
    interactions: int
    sessions: int
    bookings: int
    answers: int  # satisfaction questionnaires
    quarters: int = 4  # past quarters published, plus the running one computed
    case_managers: int = 5  # per tenant

    @property
    def interactions_per_dossier(self):
        return max(self.interactions // max(self.dossiers, 1), 1)


SCALES = {
    scale.name: scale
    for scale in (
        Scale("tiny", tenants=3, people=60, dossiers=40, interactions=120, sessions=12,
              bookings=50, answers=15, quarters=2, case_managers=2),
        Scale("region", tenants=18, people=15_000, dossiers=10_000, interactions=100_000,
              sessions=500, bookings=3_000, answers=1_000),
        Scale("national", tenants=18, people=150_000, dossiers=100_000,
              interactions=1_000_000, sessions=5_000, bookings=30_000, answers=10_000),
    )
}  # fmt: skip
