"""Annex 2 computations against a hand-counted fixture (first quarter of 2026, Essonne and
Val-de-Marne), empty periods and the issue's defect scenario."""

import pytest

from evaluation.periods import Period
from permanences.models import Attendance, BookingStatus, SatisfactionResponse, SessionKind
from tests.caseload.factories import DossierFactory, InstallationOutcomeFactory
from tests.evaluation.helpers import at, dep, figures, run
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session(tenant, code, day, *, status="held", kind=SessionKind.INTERVIEW, **kwargs):
    starts = at(2026, *day) if isinstance(day, tuple) else day
    extra = {"capacity": 40, "slot_minutes": None} if kind == SessionKind.INFORMATION else {}
    return SessionFactory(
        tenant=tenant, departement=dep(code), kind=kind, status=status, starts_at=starts,
        ends_at=starts.replace(hour=17, minute=30), **extra, **kwargs,
    )  # fmt: skip


def _book(session, attendance="", status=BookingStatus.CONFIRMED, **kwargs):
    slot = None if status != BookingStatus.CONFIRMED or session.kind != "interview" else _book.slot
    _book.slot = (_book.slot + 1) % 7
    return BookingFactory(
        session=session, status=status, slot_index=slot, attendance=attendance, **kwargs
    )


_book.slot = 0


def _answer(booking, overall, intends, horizon="12m"):
    return SatisfactionResponse.objects.create(
        tenant=booking.tenant, booking=booking, overall=overall, usefulness=4,
        would_recommend=True, intends_to_settle=intends, horizon=horizon,
    )  # fmt: skip


@pytest.fixture
def quarter(tenant, other_tenant):
    """Q1 2026, hand-counted:
    91  13 Jan held: present ×3 (answers 5, 4, 2), absent, excused, + a cancelled and a waiting
        booking that count for nothing; 10 Feb held with nobody booked; March: none.
    94  20 Jan held: present ×2 (one answer, 3); 17 Feb cancelled; 12 Mar only a faculty
        information session (5 registrants, not a permanence).
    Outside: a permanence in December 2025, another tenant's held permanence in January."""
    tenant.departements.set([dep("91"), dep("94")])
    essonne = _session(tenant, "91", (1, 13))
    present = [_book(essonne, Attendance.PRESENT) for _ in range(3)]
    _book(essonne, Attendance.ABSENT)
    _book(essonne, Attendance.EXCUSED)
    _book(essonne, status=BookingStatus.CANCELLED)
    _book(essonne, status=BookingStatus.WAITING)
    _answer(present[0], 5, True, "12m")
    _answer(present[1], 4, True, "6m")
    _answer(present[2], 2, False, "later")
    _session(tenant, "91", (2, 10))
    val_de_marne = _session(tenant, "94", (1, 20))
    received = [_book(val_de_marne, Attendance.PRESENT) for _ in range(2)]
    _answer(received[0], 3, True, "12m")
    _session(tenant, "94", (2, 17), status="cancelled")
    faculty = _session(tenant, "94", (3, 12), kind=SessionKind.INFORMATION, faculty="UPEC")
    for _ in range(5):
        _book(faculty, Attendance.PRESENT)
    december = _session(tenant, "91", at(2025, 12, 16))
    _book(december, Attendance.PRESENT)
    _book(_session(other_tenant, "91", (1, 13)), Attendance.PRESENT)
    return {"essonne": present, "val_de_marne": received}


@pytest.mark.parametrize(
    ("code", "whole", "in_94"),
    [
        ("permanences.held", (3, None, None), (1, None, None)),
        ("permanences.months_without", (3, None, None), (2, None, None)),
        ("permanences.registrants", (7, None, None), (2, None, None)),
        ("permanences.attendees", (5, None, None), (2, None, None)),
        ("permanences.attendance_rate", (71.4, 5, 7), (100, 2, 2)),
        ("permanences.fill_rate", (33.3, 7, 21), (28.6, 2, 7)),
        ("permanences.satisfaction_rate", (50, 2, 4), (0, 0, 1)),
        ("permanences.satisfaction_average", (3.5, 14, 4), (3, 3, 1)),
        ("permanences.intentions", (3, 3, 4), (1, 1, 1)),
    ],
)
def test_annex_2_figures_match_the_hand_count(tenant, quarter, code, whole, in_94):
    assert figures(run(code, tenant)) == whole
    assert figures(run(code, tenant, departement="94")) == in_94


def test_breakdowns_by_departement_and_horizon(tenant, quarter):
    assert run("permanences.held", tenant).breakdown["departement"] == [
        ["91", "91 Essonne", 2], ["94", "94 Val-de-Marne", 1],
    ]  # fmt: skip
    assert run("permanences.months_without", tenant).breakdown["departement"] == [
        ["91", "91 Essonne", 1], ["94", "94 Val-de-Marne", 2],
    ]  # fmt: skip
    horizons = {
        row[0]: row[2] for row in run("permanences.intentions", tenant).breakdown["horizon"]
    }
    assert horizons == {"6m": 1, "12m": 2, "24m": 0, "later": 0, "unknown": 0}


def test_figures_count_people_for_the_small_cell_rule(tenant, quarter):
    assert run("permanences.registrants", tenant).people == 7
    assert run("permanences.satisfaction_rate", tenant).people == 4
    assert run("permanences.fill_rate", tenant).people == 7  # registrants, not seats
    assert run("permanences.held", tenant).people is None  # sessions are not people


def test_a_month_not_over_yet_is_not_missed(tenant, quarter):
    """Mid-February, only January is over, and both départements held one then."""
    mid_february = at(2026, 2, 15)
    assert figures(run("permanences.months_without", tenant, as_of=mid_february))[0] == 0


def test_an_empty_period_gives_zero_counts_and_no_rate(tenant, quarter):
    empty = Period.parse("2025-Q3")
    assert figures(run("permanences.held", tenant, period=empty)) == (0, None, None)
    assert figures(run("permanences.months_without", tenant, period=empty)) == (6, None, None)
    for code in ("attendance_rate", "fill_rate", "satisfaction_rate"):
        assert figures(run(f"permanences.{code}", tenant, period=empty)) == (None, 0, 0)
    assert figures(run("permanences.satisfaction_average", tenant, period=empty)) == (None, 0, 0)


def test_the_defect_scenario(tenant):
    """Two held permanences (3 and 0 attendees) and a held faculty information session with 5
    registrants: 2 permanences and 3 registrants."""
    with_three = _session(tenant, "91", (1, 13))
    for _ in range(3):
        _book(with_three, Attendance.PRESENT)
    _session(tenant, "91", (2, 10))
    information = _session(tenant, "94", (3, 12), kind=SessionKind.INFORMATION, faculty="UPEC")
    for _ in range(5):
        _book(information, Attendance.PRESENT)
    assert figures(run("permanences.held", tenant))[0] == 2
    assert figures(run("permanences.registrants", tenant))[0] == 3


def test_installed_within_12_months_follows_the_people_received_a_year_before(
    tenant, other_tenant, quarter
):
    """Q1 2027 reads the people received in Q1 2026: five present (91: three, 94: two).
    P1 settled within the year; P2 after it; P4 before coming; P5 in another tenant only."""
    people = [booking.person for booking in quarter["essonne"] + quarter["val_de_marne"]]
    p1, p2, _p3, p4, p5 = people
    for person, day in ((p1, (2026, 6, 1)), (p2, (2027, 3, 1)), (p4, (2025, 11, 1))):
        InstallationOutcomeFactory(
            dossier=DossierFactory(tenant=tenant, person=person), installed_on=at(*day).date()
        )
    InstallationOutcomeFactory(
        dossier=DossierFactory(tenant=other_tenant, person=p5), installed_on=at(2026, 5, 1).date()
    )
    q1_2027 = Period.parse("2027-Q1")
    code = "permanences.installed_within_12_months"
    assert figures(run(code, tenant, period=q1_2027)) == (20, 1, 5)
    assert figures(run(code, tenant, period=q1_2027, departement="94")) == (0, 0, 2)
    assert figures(run(code, tenant)) == (None, 0, 0)  # nobody was received in Q1 2025
