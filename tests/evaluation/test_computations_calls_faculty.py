"""Annex 1 (calls) and the faculty information sessions against hand-counted fixtures."""

import pytest

from caseload.models import InteractionKind, Outcome
from evaluation.periods import Period
from permanences.models import SessionKind
from tests.caseload.factories import (
    CampaignFactory,
    DossierFactory,
    InstallationOutcomeFactory,
    InteractionFactory,
)
from tests.evaluation.helpers import at, dep, figures, run
from tests.permanences.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(tenant, other_tenant):
    """Q1 2026, hand-counted. D1 (91): not reached, reached by the campaign, qualified by it;
    installed 15 Mar. D2 (91): asked to be called back on 2 Feb (no campaign), not reached then;
    installed 20 Mar. D3 (94): reached by the campaign in December with a call-back on 5 Jan,
    not reached in March; installed 1 Feb. D4 (94): a meeting, not a call. D5: another
    tenant's call."""
    campaign = CampaignFactory(tenant=tenant)
    d1, d2, d3, d4 = (
        DossierFactory(tenant=tenant, target_departement=dep(code))
        for code in ("91", "91", "94", "94")
    )

    def call(dossier, day, outcome, **kwargs):
        return InteractionFactory(
            dossier=dossier, kind=InteractionKind.CALL, occurred_at=day, outcome=outcome, **kwargs
        )

    call(d1, at(2026, 1, 5), Outcome.NOT_REACHED)
    call(d1, at(2026, 1, 10), Outcome.REACHED, campaign=campaign)
    call(d1, at(2026, 2, 1), Outcome.QUALIFIED, campaign=campaign)
    call(d2, at(2026, 1, 20), Outcome.CALL_BACK, call_back_at=at(2026, 2, 2))
    call(d2, at(2026, 2, 2), Outcome.NOT_REACHED)
    call(d3, at(2025, 12, 10), Outcome.REACHED, campaign=campaign, call_back_at=at(2026, 1, 5))
    call(d3, at(2026, 3, 3), Outcome.NOT_REACHED)
    InteractionFactory(dossier=d4, kind=InteractionKind.MEETING, occurred_at=at(2026, 1, 8),
                       outcome=Outcome.REACHED)  # fmt: skip
    call(DossierFactory(tenant=other_tenant), at(2026, 1, 8), Outcome.REACHED)
    for dossier, day, code in ((d1, (2026, 3, 15), "91"), (d2, (2026, 3, 20), "91"),
                               (d3, (2026, 2, 1), "94")):  # fmt: skip
        InstallationOutcomeFactory(
            dossier=dossier, installed_on=at(*day).date(), departement=dep(code)
        )


@pytest.mark.parametrize(
    ("code", "whole", "in_94"),
    [
        ("calls.made", 6, 1),
        ("calls.people_reached", 2, 0),
        ("calls.people_qualified", 1, 0),
        ("calls.call_backs_due", 2, 1),
        ("calls.installations_after_reach", 2, 1),
    ],
)
def test_annex_1_figures_match_the_hand_count(tenant, calls, code, whole, in_94):
    assert figures(run(code, tenant))[0] == whole
    assert figures(run(code, tenant, departement="94"))[0] == in_94
    assert figures(run(code, tenant, period=Period.parse("2025-Q2")))[0] == 0


def test_calls_made_count_the_people_called(tenant, calls):
    assert run("calls.made", tenant).people == 3


@pytest.fixture
def faculty_sessions(tenant):
    """Q1 2026: UPEC held 15 and 29 Jan and 12 Mar; Paris-Saclay held 12 Feb, cancelled 12 Mar;
    Paris Cité starts only in April; a permanence is not an information session."""

    def session(faculty, month, day, status="held", kind=SessionKind.INFORMATION):
        starts = at(2026, month, day, 12)
        extra = {"capacity": 40, "slot_minutes": None} if kind == SessionKind.INFORMATION else {}
        return SessionFactory(
            tenant=tenant, kind=kind, status=status, faculty=faculty, starts_at=starts,
            ends_at=starts.replace(hour=17), departement=dep("94"), **extra,
        )  # fmt: skip

    session("UPEC", 1, 15)
    session("UPEC", 1, 29)
    session("UPEC", 3, 12)
    session("Paris-Saclay", 2, 12)
    session("Paris-Saclay", 3, 12, status="cancelled")
    session("Paris Cité", 4, 9)
    session("", 2, 3, kind=SessionKind.INTERVIEW)


def test_information_sessions_per_faculty_and_month(tenant, faculty_sessions):
    result = run("faculty.sessions_held", tenant)
    assert figures(result)[0] == 4
    assert result.people is None
    assert result.breakdown["faculty"] == [["Paris-Saclay", "Paris-Saclay", 1], ["UPEC", "UPEC", 3]]
    assert [(row[0], row[2]) for row in result.breakdown["faculty_month"]] == [
        ("Paris-Saclay|2026-02", 1), ("UPEC|2026-01", 2), ("UPEC|2026-03", 1),
    ]  # fmt: skip


def test_months_without_an_information_session_per_faculty(tenant, faculty_sessions):
    result = run("faculty.months_without", tenant)
    assert figures(result)[0] == 3
    assert result.breakdown["faculty"] == [["Paris-Saclay", "Paris-Saclay", 2], ["UPEC", "UPEC", 1]]
    assert figures(run("faculty.months_without", tenant, departement="91"))[0] == 0


def test_an_empty_period_has_no_information_session_and_no_faculty_to_miss(
    tenant, faculty_sessions
):
    before = Period.parse("2025-Q3")  # no faculty had hosted a session yet
    assert figures(run("faculty.sessions_held", tenant, period=before))[0] == 0
    assert figures(run("faculty.months_without", tenant, period=before))[0] == 0
