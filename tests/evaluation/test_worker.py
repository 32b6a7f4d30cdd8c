"""The quarter close through a real Celery worker on Redis: run twice, published once, and the
published figures do not move when the data does."""

import pytest
from django_scopes import scopes_disabled

from evaluation.models import IndicatorValue, PublishedQuarter
from evaluation.tasks import close_quarter
from permanences.models import Attendance
from tests.celery_helpers import wait_for
from tests.evaluation.factories import AnnexFactory, ConventionFactory, computed
from tests.evaluation.helpers import at, dep
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _published_values(indicator):
    with scopes_disabled():
        return sorted(
            IndicatorValue.objects.filter(indicator=indicator, frozen_at__isnull=False).values_list(
                "departement_id", "value"
            ),
            key=str,
        )


def test_the_worker_freezes_the_quarter_once(tenant, real_worker):
    tenant.departements.set([dep("91")])
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant), number=2)
    attendees = computed("permanences.attendees", annex=annex)
    session = SessionFactory(tenant=tenant, departement=dep("91"), status="held",
                             starts_at=at(2026, 1, 13), ends_at=at(2026, 1, 13, 17))  # fmt: skip
    for slot in range(2):
        BookingFactory(session=session, slot_index=slot, attendance=Attendance.PRESENT)

    close_quarter.delay("2026-Q1")
    close_quarter.delay("2026-Q1")

    def published():
        with scopes_disabled():
            return PublishedQuarter.objects.filter(tenant=tenant).exists()

    assert wait_for(published), "the worker did not close the quarter"
    assert wait_for(lambda: len(_published_values(attendees)) == 2)
    first = _published_values(attendees)
    assert sorted(value for _departement, value in first) == [2, 2]

    BookingFactory(session=session, slot_index=4, attendance=Attendance.PRESENT)
    close_quarter.delay("2026-Q1")
    close_quarter.delay("2026-Q2")  # the solo worker runs them in order: Q2 marks the end

    def both():
        with scopes_disabled():
            return PublishedQuarter.objects.filter(tenant=tenant).count() == 2

    assert wait_for(both)
    with scopes_disabled():  # the first quarter still says 2, though 3 came
        q1 = IndicatorValue.objects.filter(indicator=attendees, period_start=at(2026, 1, 1).date())
        assert sorted(q1.values_list("value", flat=True)) == [2, 2]
