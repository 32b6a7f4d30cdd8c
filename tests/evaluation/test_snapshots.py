"""Values by quarter: recomputed while the quarter runs, frozen when it is published; a later
correction of the data shows on the next quarter with a note, never on the published figure."""

import pytest
from django.core.exceptions import ValidationError

from evaluation import services, snapshots
from evaluation.models import IndicatorValue, PublishedQuarter
from evaluation.periods import Quarter
from permanences.models import Attendance
from tests.evaluation.factories import AnnexFactory, ConventionFactory, IndicatorFactory, computed
from tests.evaluation.helpers import at, dep
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)
AFTER_Q1, AFTER_Q2 = at(2026, 4, 1, 1), at(2026, 7, 1, 1)


@pytest.fixture
def annex(tenant):
    tenant.departements.set([dep("91"), dep("94")])
    return AnnexFactory(convention=ConventionFactory(tenant=tenant), number=2)


def _held(tenant, code, day, attendees):
    session = SessionFactory(
        tenant=tenant, departement=dep(code), status="held", starts_at=day,
        ends_at=day.replace(hour=17, minute=30),
    )  # fmt: skip
    for slot in range(attendees):
        BookingFactory(session=session, slot_index=slot, attendance=Attendance.PRESENT)
    return session


def _values(indicator, quarter):
    rows = IndicatorValue.objects.filter(indicator=indicator, period_start=quarter.start)
    return {(row.departement.insee_code if row.departement else None): row.value for row in rows}


def test_a_refresh_writes_the_whole_tenant_and_each_departement(tenant, annex):
    held = computed("permanences.held", annex=annex)
    _held(tenant, "91", at(2026, 1, 13), 2)
    _held(tenant, "91", at(2026, 2, 10), 0)
    assert snapshots.refresh_quarter(tenant=tenant, quarter=Q1, now=AFTER_Q1) == "refreshed"
    assert _values(held, Q1) == {None: 2, "91": 2, "94": 0}
    _held(tenant, "94", at(2026, 3, 10), 1)
    snapshots.refresh_quarter(tenant=tenant, quarter=Q1, now=AFTER_Q1)
    assert _values(held, Q1) == {None: 3, "91": 2, "94": 1}  # recomputed, not duplicated


def test_a_published_quarter_never_changes(tenant, annex, tenant_admin):
    attendees = computed("permanences.attendees", annex=annex)
    diagnoses = IndicatorFactory(annex=annex, label="Diagnostics réalisés")
    session = _held(tenant, "91", at(2026, 1, 13), 3)
    services.enter_value(indicator=diagnoses, quarter=Q1, value=4, acting_user=tenant_admin)
    assert snapshots.publish_quarter(tenant=tenant, quarter=Q1, now=AFTER_Q1) == "published"
    published = {row.pk: row.value for row in IndicatorValue.objects.all()}
    assert _values(attendees, Q1)[None] == 3 and _values(diagnoses, Q1) == {None: 4}

    BookingFactory(session=session, slot_index=5, attendance=Attendance.PRESENT)
    assert snapshots.refresh_quarter(tenant=tenant, quarter=Q1) == "already published"
    assert snapshots.publish_quarter(tenant=tenant, quarter=Q1) == "already published"
    with pytest.raises(ValidationError, match="T1 2026 est publié"):
        services.enter_value(indicator=diagnoses, quarter=Q1, value=5, acting_user=tenant_admin)
    assert {row.pk: row.value for row in IndicatorValue.objects.all()} == published
    assert PublishedQuarter.objects.filter(tenant=tenant).count() == 1
    assert all(row.frozen_at for row in IndicatorValue.objects.all())


def test_a_correction_shows_on_the_next_quarter_with_a_note(tenant, annex):
    attendees = computed("permanences.attendees", annex=annex)
    session = _held(tenant, "91", at(2026, 1, 13), 3)
    snapshots.publish_quarter(tenant=tenant, quarter=Q1, now=AFTER_Q1)
    # An attendance recorded late: the first quarter had 4 people, not 3.
    BookingFactory(session=session, slot_index=5, attendance=Attendance.PRESENT)
    snapshots.refresh_quarter(tenant=tenant, quarter=Q2, now=at(2026, 5, 1))
    assert _values(attendees, Q1)[None] == 3
    row = IndicatorValue.objects.get(indicator=attendees, period_start=Q2.start, departement=None)
    assert row.correction == {
        "quarter": "2026-Q1", "published": "3.00", "now": "4.00",
        "people_published": 3, "people_now": 4,
    }  # fmt: skip
    untouched = IndicatorValue.objects.get(
        indicator=attendees, period_start=Q2.start, departement=dep("94")
    )
    assert untouched.correction == {}


def test_an_entered_value_shows_at_once_and_its_latest_entry_wins(tenant, annex, tenant_admin):
    diagnoses = IndicatorFactory(annex=annex)
    quarter = Quarter.current()
    for value in (3, 4):
        services.enter_value(indicator=diagnoses, quarter=quarter, value=value,
                             acting_user=tenant_admin, comment=f"Saisie {value}")  # fmt: skip
    services.enter_value(indicator=diagnoses, quarter=quarter, value=1, acting_user=tenant_admin,
                         departement=dep("94"))  # fmt: skip
    assert _values(diagnoses, quarter) == {None: 4, "94": 1}
    snapshots.refresh_quarter(tenant=tenant, quarter=quarter)
    assert _values(diagnoses, quarter) == {None: 4, "94": 1}
    row = IndicatorValue.objects.get(indicator=diagnoses, departement=None)
    assert row.comment == "Saisie 4"


def test_the_nightly_task_closes_a_missed_quarter_and_refreshes_the_running_one(tenant, annex):
    from evaluation.tasks import refresh_running_quarter

    held = computed("permanences.held", annex=annex)
    refresh_running_quarter()
    running, previous = Quarter.current(), Quarter.current().previous()
    assert PublishedQuarter.objects.filter(tenant=tenant, period_start=previous.start).exists()
    assert not PublishedQuarter.objects.filter(tenant=tenant, period_start=running.start).exists()
    assert _values(held, running) == {None: 0, "91": 0, "94": 0}
    refresh_running_quarter()  # twice: nothing doubles
    assert IndicatorValue.objects.filter(indicator=held).count() == 6


def test_beat_schedules_the_nightly_refresh_and_the_quarter_close():
    from portal.celery import app

    tasks = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert tasks["evaluation.tasks.refresh_running_quarter"].hour == {2}
    close = tasks["evaluation.tasks.close_quarter"]
    assert (close.day_of_month, close.month_of_year) == ({1}, {1, 4, 7, 10})
