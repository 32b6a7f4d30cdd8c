"""The demo: the IDF protocol with its 8 annexes and budgets as the seed gives them, and the
CDOM 91/94/77 convention; running it twice changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from conventions import demo
from conventions.models import (
    Annex,
    Axis,
    BudgetLine,
    BudgetNature,
    Convention,
    ConventionParty,
    ConventionStatus,
    Decision,
    GovernanceCadence,
    Meeting,
    MeetingKind,
    Milestone,
    PartnerContact,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Convention,
    ConventionParty,
    GovernanceCadence,
    Milestone,
    Annex,
    BudgetLine,
    Meeting,
    Decision,
    PartnerContact,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(tenant):
    demo.seed_partners(tenant)
    return demo.seed_conventions(tenant)


def test_the_demo_is_idempotent(tenant, seeded):
    first = _counts()
    demo.seed_partners(tenant)
    demo.seed_conventions(tenant)
    assert _counts() == first
    assert first["Convention"] == 2


def test_the_protocol_has_its_8_annexes_on_the_4_axes(seeded):
    protocol, _cdom = seeded
    annexes = list(protocol.annexes.order_by("number"))
    assert [annex.number for annex in annexes] == list(range(1, 9))
    assert [annex.axis for annex in annexes] == [Axis.INSTALLATION] * 3 + [Axis.ACCESS] * 3 + [
        Axis.GROUP_PRACTICE,
        Axis.PREVENTION,
    ]
    assert protocol.current_status(date(2026, 11, 22)) == ConventionStatus.IN_FORCE
    assert protocol.ends_on == date(2027, 12, 31)


def _funding(annex_number, protocol):
    annex = protocol.annexes.get(number=annex_number)
    return {row["year"]: row["funding"] for row in annex.totals_by_year()}


def test_budgets_are_the_seeds_figures(seeded):
    protocol, _cdom = seeded
    years = range(2023, 2028)
    assert _funding(1, protocol) == dict.fromkeys(years, Decimal("50000"))
    assert _funding(2, protocol) == dict.fromkeys(years, Decimal("120000"))
    assert _funding(3, protocol) == dict.fromkeys(years, Decimal("100000"))
    assert _funding(4, protocol) == dict.fromkeys(years, Decimal("160000"))  # 60 000 + 100 000
    assert _funding(7, protocol) == {None: Decimal("55000000")}
    # "Pas de budget ARS", "à définir", dedicated funds: no amount invented.
    for number in (5, 6, 8):
        assert not BudgetLine.objects.filter(annex__convention=protocol, annex__number=number)
    # What the ARS grant covers in part, e.g. annex 2: 90 000 + 15 000 + 40 000 + 5 000.
    annex2 = protocol.annexes.get(number=2)
    assert annex2.totals_by_year()[0]["cost"] == Decimal("150000")
    etp = BudgetLine.objects.get(annex=annex2, year=2023, pays_for="1 ETP de chargé de mission")
    assert (etp.nature, etp.amount) == (BudgetNature.COST, Decimal("90000"))
    ars_2023 = BudgetLine.objects.filter(
        annex__convention=protocol, year=2023, nature=BudgetNature.FUNDING, funder__kind="ars"
    ).aggregate(total=Sum("amount"))["total"]
    assert ars_2023 == Decimal("270000")  # annexes 1, 2 and 3


def test_the_protocol_has_a_steering_committee_at_least_yearly(seeded):
    protocol, _cdom = seeded
    years = set(
        protocol.meetings.filter(kind=MeetingKind.STEERING).values_list(
            "starts_at__year", flat=True
        )
    )
    assert set(range(2023, 2028)) <= years
    assert protocol.cadences.get(meeting_kind=MeetingKind.STEERING).every_months == 12


def test_the_cdom_convention_counts_18_months_from_the_charges_start(seeded):
    _protocol, cdom = seeded
    assert cdom.term_start == date(2026, 3, 2)
    assert cdom.ends_on == date(2027, 9, 1)
    evaluation = cdom.milestones.get(months_after_start=15)
    evaluation.convention = cdom
    assert evaluation.due_on == date(2027, 6, 2)
    assert cdom.next_milestone(date(2026, 11, 22)) == evaluation
    assert cdom.cadences.get().every_months == 3
    parties = {party.partner.name: party for party in cdom.parties.select_related("partner")}
    assert len(parties) == 13  # 3 CDOM, the ARS, 2 universities and their DMG, 3 CPAM, 2 unions
    assert "finance son salaire" in parties["Agence régionale de santé Île-de-France"].commitments
    assert "poste de travail" in parties["CDOM de l'Essonne"].commitments
    assert "interlocuteurs référents" in parties["CPAM du Val-de-Marne"].commitments
