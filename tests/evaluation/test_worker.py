"""The quarter close through a real Celery worker on Redis: run twice, each tenant's quarter is
published once, its report rendered once and announced once per steering member, and the
published figures do not move when the data does."""

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from accounts.models import Role
from evaluation.models import IndicatorValue, PublishedQuarter, Report
from evaluation.tasks import close_quarter
from permanences.models import Attendance
from tests.accounts.factories import staff_member
from tests.celery_helpers import wait_for
from tests.evaluation.factories import AnnexFactory, ConventionFactory, computed
from tests.evaluation.helpers import at, dep
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _count(model, **lookups):
    with scopes_disabled():
        return model.objects.filter(**lookups).count()


def _q1_values(indicator):
    with scopes_disabled():
        rows = IndicatorValue.objects.filter(
            indicator=indicator, period_start=at(2026, 1, 1).date()
        )
        return sorted((row.departement_id or 0, row.value, row.frozen_at) for row in rows)


def _announced():
    return sorted(m.to[0] for m in mail.outbox if "Rapport trimestriel T1 2026" in m.subject)


def test_the_worker_closes_the_quarter_once(tenant, other_tenant, steering, real_worker):
    staff_member(other_tenant, Role.STEERING, email="copil64@example.org")
    tenant.departements.set([dep("91")])
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant), number=2)
    attendees = computed("permanences.attendees", annex=annex)
    session = SessionFactory(tenant=tenant, departement=dep("91"), status="held",
                             starts_at=at(2026, 1, 13), ends_at=at(2026, 1, 13, 17))  # fmt: skip
    for slot in range(2):
        BookingFactory(session=session, slot_index=slot, attendance=Attendance.PRESENT)

    close_quarter.delay("2026-Q1")
    close_quarter.delay("2026-Q1")

    assert wait_for(lambda: _count(Report, is_draft=False, status="ready") == 2, seconds=60)
    assert wait_for(lambda: len(_announced()) == 2, seconds=30), _announced()
    frozen = _q1_values(attendees)
    assert [value for _d, value, _f in frozen] == [2, 2] and all(f for _d, _v, f in frozen)

    # A late attendance, then the close again (and Q2's, which marks the end of the queue).
    BookingFactory(session=session, slot_index=4, attendance=Attendance.PRESENT)
    close_quarter.delay("2026-Q1")
    close_quarter.delay("2026-Q2")
    assert wait_for(lambda: _count(Report, is_draft=False, status="ready") == 4, seconds=60)
    assert _count(PublishedQuarter, period_start=at(2026, 1, 1).date()) == 2
    assert _count(Report, period_start=at(2026, 1, 1).date()) == 2
    assert _q1_values(attendees) == frozen
    assert _announced() == ["copil64@example.org", "copil@example.org"]
