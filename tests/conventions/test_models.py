"""Dates, statuses and budget totals the staff pages rely on."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from conventions.models import (
    BudgetNature,
    Convention,
    ConventionKind,
    ConventionStatus,
    GovernanceCadence,
    MeetingKind,
    StatusOverride,
)
from tests.conventions.factories import (
    AnnexFactory,
    BudgetLineFactory,
    ConventionFactory,
    MeetingFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def cdom_like(tenant):
    """Takes effect on signature, runs 18 months from the chargé(e) de mission's start."""
    return ConventionFactory(
        tenant=tenant,
        signature_date=date(2026, 1, 15),
        start_date=date(2026, 1, 15),
        start_event="prise de fonction du/de la chargé(e) de mission",
        start_event_date=date(2026, 3, 2),
        duration_months=18,
    )


def test_duration_counts_from_the_start_event_not_the_signature(cdom_like):
    assert cdom_like.term_start == date(2026, 3, 2)
    assert cdom_like.ends_on == date(2027, 9, 1)  # 18 months from 2 March 2026, last day


def test_evaluation_at_15_months_is_due_15_months_after_the_start_event(cdom_like):
    evaluation = MilestoneFactory(
        convention=cdom_like, label="Évaluation à 15 mois", due_date=None, months_after_start=15
    )
    assert evaluation.due_on == date(2027, 6, 2)


def test_next_milestone_is_the_earliest_not_done_one_even_if_late(cdom_like):
    MilestoneFactory(
        convention=cdom_like, label="Recrutement", due_date=None, months_after_start=0, done=True
    )
    late = MilestoneFactory(convention=cdom_like, label="Bilan", due_date=date(2026, 5, 1))
    evaluation = MilestoneFactory(
        convention=cdom_like, label="Évaluation à 15 mois", due_date=None, months_after_start=15
    )
    today = date(2026, 11, 22)
    assert cdom_like.next_milestone(today) == late
    assert late.is_late(today)
    late.done = True
    late.save()
    assert cdom_like.next_milestone(today) == evaluation
    assert cdom_like.next_milestone(today).due_on == date(2027, 6, 2)


def test_milestones_in_months_wait_for_the_start_event(tenant):
    convention = ConventionFactory(
        tenant=tenant,
        start_date=None,
        start_event="prise de fonction",
        start_event_date=None,
        duration_months=18,
    )
    evaluation = MilestoneFactory(convention=convention, due_date=None, months_after_start=15)
    assert evaluation.due_on is None
    assert convention.ends_on is None
    assert convention.next_milestone(date(2026, 11, 22)) is None
    assert convention.current_status(date(2026, 11, 22)) == ConventionStatus.SIGNED


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 1, 14), ConventionStatus.DRAFT),  # not signed yet
        (date(2026, 1, 15), ConventionStatus.IN_FORCE),  # takes effect on signature
        (date(2027, 9, 1), ConventionStatus.IN_FORCE),  # its last day
        (date(2027, 9, 2), ConventionStatus.EXPIRED),  # 18 months after the start event
    ],
)
def test_status_follows_the_dates(cdom_like, today, status):
    assert cdom_like.current_status(today) == status


def test_expired_after_the_end_date(tenant):
    protocol = ConventionFactory(
        tenant=tenant,
        kind=ConventionKind.PROTOCOL,
        signature_date=date(2023, 2, 22),
        start_date=date(2023, 1, 1),
        end_date=date(2027, 12, 31),
        duration_months=None,
    )
    assert protocol.current_status(date(2027, 12, 31)) == ConventionStatus.IN_FORCE
    assert protocol.current_status(date(2028, 1, 1)) == ConventionStatus.EXPIRED


def test_manual_statuses_being_signed_and_terminated(cdom_like):
    cdom_like.status_override = StatusOverride.BEING_SIGNED
    assert cdom_like.current_status(date(2026, 1, 1)) == ConventionStatus.BEING_SIGNED
    # Once signed, the dates speak again.
    assert cdom_like.current_status(date(2026, 6, 1)) == ConventionStatus.IN_FORCE
    cdom_like.status_override = StatusOverride.TERMINATED
    assert cdom_like.current_status(date(2026, 6, 1)) == ConventionStatus.TERMINATED


def test_timeline_orders_dates_and_marks_what_is_due_next(cdom_like):
    MilestoneFactory(
        convention=cdom_like, label="Évaluation à 15 mois", due_date=None, months_after_start=15
    )
    timeline = cdom_like.timeline(date(2026, 11, 22))
    assert [(entry.day, str(entry.label)) for entry in timeline] == [
        (date(2026, 1, 15), "Signature"),
        (date(2026, 1, 15), "Entrée en vigueur"),
        (date(2026, 3, 2), "Prise de fonction du/de la chargé(e) de mission"),
        (date(2027, 6, 2), "Évaluation à 15 mois"),
        (date(2027, 9, 1), "Fin de la convention"),
    ]
    assert [entry.is_next for entry in timeline] == [False, False, False, True, False]


def test_end_date_and_duration_are_exclusive(tenant):
    convention = Convention(
        tenant=tenant,
        title="Les deux",
        kind=ConventionKind.CONVENTION,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        duration_months=12,
    )
    with pytest.raises(ValidationError) as error:
        convention.full_clean()
    assert "duration_months" in error.value.message_dict


def test_an_amendment_amends_a_convention_of_the_same_tenant(tenant, other_tenant):
    theirs = ConventionFactory(tenant=other_tenant)
    amendment = Convention(tenant=tenant, title="Avenant 1", kind=ConventionKind.AMENDMENT)
    with pytest.raises(ValidationError) as error:
        amendment.full_clean()
    assert "amends" in error.value.message_dict
    amendment.amends = theirs
    with pytest.raises(ValidationError) as error:
        amendment.full_clean()
    assert "amends" in error.value.message_dict
    amendment.amends = ConventionFactory(tenant=tenant)
    amendment.full_clean()


def test_annual_totals_add_funding_and_costs_separately_per_year(tenant):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant))
    for year in (2023, 2024):
        BudgetLineFactory(annex=annex, year=year, amount=Decimal("120000"))
        BudgetLineFactory(annex=annex, year=year, nature=BudgetNature.COST, amount=90000)
        BudgetLineFactory(annex=annex, year=year, nature=BudgetNature.COST, amount=15000)
    BudgetLineFactory(annex=annex, year=2024, amount=Decimal("2500.50"), pays_for="Frais")
    BudgetLineFactory(annex=annex, year=None, amount=55000000, pays_for="Enveloppe")
    BudgetLineFactory(annex=AnnexFactory(convention=annex.convention), year=2023, amount=999)

    assert annex.totals_by_year() == [
        {"year": 2023, "funding": Decimal("120000"), "cost": Decimal("105000")},
        {"year": 2024, "funding": Decimal("122500.50"), "cost": Decimal("105000")},
        {"year": None, "funding": Decimal("55000000"), "cost": Decimal("0")},
    ]


def test_an_annex_without_budget_has_no_totals(tenant):
    assert AnnexFactory(convention=ConventionFactory(tenant=tenant)).totals_by_year() == []


def test_cadence_says_when_the_next_meeting_is_due(cdom_like):
    cadence = GovernanceCadence.objects.create(
        convention=cdom_like, meeting_kind=MeetingKind.FOLLOW_UP, every_months=3
    )
    now = datetime(2026, 11, 22, 12, 0, tzinfo=PARIS)
    held = MeetingFactory(
        convention=cdom_like,
        kind=MeetingKind.FOLLOW_UP,
        starts_at=datetime(2026, 9, 10, 10, 0, tzinfo=PARIS),
    )
    MeetingFactory(convention=cdom_like, kind=MeetingKind.STEERING, starts_at=now - timedelta(1))
    follow_up = cadence.follow_up(list(cdom_like.meetings.all()), now)
    assert follow_up["last"] == held
    assert follow_up["next"] is None
    assert follow_up["due_by"] == date(2026, 12, 10)
    assert not follow_up["missing"]
    later = cadence.follow_up(list(cdom_like.meetings.all()), now + timedelta(days=30))
    assert later["missing"]
