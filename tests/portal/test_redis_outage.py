"""Redis down (the cache and the broker): logins, bookings, cancellations and imports still work,
and what the worker should have done is done once Redis is back.

In-process: the production cache backend and a Redis broker, both pointed at a port nothing
listens on. tests/faults/ does the same with real processes and a Redis that is stopped.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from caseload import imports
from caseload.models import Dossier, ImportJob, ImportStatus
from caseload.tasks import dispatch_queued_imports
from core import outbox
from core.models import OutboxMessage, OutboxStatus
from permanences.models import Booking, BookingStatus
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    activate_totp,
    complete_profile,
    staff_member,
)
from tests.accounts.test_mfa import current_code
from tests.caseload.data_helpers import (  # noqa: F401  (_media_root is an autouse fixture)
    _media_root,
    contact_row,
    csv_bytes,
)
from tests.caseload.test_data_imports import start
from tests.permanences.factories import SessionFactory, fill_session

# The production cache backend is Redis: these tests need REDIS_URL to build it as production
# does, though the Redis they talk to is down.
pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_a_person_logs_in_while_the_cache_is_down(client, cache_down):
    person = UserFactory(email="lea@example.org")
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_password_is_still_refused_while_the_cache_is_down(client, cache_down):
    person = UserFactory(email="lea@example.org")
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_staff_member_logs_in_with_a_totp_code_while_the_cache_is_down(
    client, tenant, cache_down
):
    member = staff_member(tenant, Role.CASE_MANAGER, mfa=False)
    secret = activate_totp(member)
    client.post(reverse("account_login"), {"login": member.email, "password": DEFAULT_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    home = reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})
    assert client.get(home).status_code == 200


def _session(tenant):
    starts_at = (timezone.now() + timedelta(days=10)).replace(hour=13, minute=0, second=0)
    return SessionFactory(
        tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3, minutes=30)
    )


def _page(session, name="detail"):
    return reverse(
        f"permanences:{name}", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


def test_bookings_and_a_promotion_are_mailed_once_redis_is_back(
    client, tenant, intern, cache_down, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    def post(url, data=None):
        # After each commit the relay is asked for, and the broker is down.
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(url, data or {})
        assert callbacks, "nothing asked for the relay"
        return response.status_code

    session = _session(tenant)
    fill_session(session, 6)
    waiting = UserFactory(email="attente@example.org")
    complete_profile(intern)
    complete_profile(waiting)
    client.force_login(intern)
    assert post(_page(session), {"slot": ""}) == 302
    client.force_login(waiting)
    assert post(_page(session), {"slot": ""}) == 302
    assert Booking.objects.get(person=waiting).status == BookingStatus.WAITING
    client.force_login(intern)
    assert post(_page(session, "cancel"), {"confirm": "1"}) == 302
    assert Booking.objects.get(person=waiting).status == BookingStatus.CONFIRMED

    # Recorded, not sent: the relay could not be asked.
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    # booked, put on the waiting list, cancelled, promoted from the waiting list
    assert pending.count() == 4
    assert mailoutbox == []
    # Redis is back: beat's relay sends what is still true, once; a second relay sends nothing.
    # The confirmation of the booking cancelled since, and the waiting-list notice of the
    # person promoted since, no longer apply: dropped, as they would be without the outage.
    assert outbox.relay() == {"sent": 2, "dropped": 2, "retried": 0, "failed": 0}
    assert outbox.relay()["sent"] == 0
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("attente@example.org", OutboxMessage.objects.get(key__endswith=":promoted").subject),
        (intern.email, OutboxMessage.objects.get(key__endswith=":cancelled").subject),
    ]


def test_a_large_import_confirmed_while_redis_is_down_stays_queued(
    client,
    tenant,
    case_manager,
    cache_down,
    broker_down,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(imports.jobs, "INLINE_COMMIT_ROWS", 2)
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 6)]))
    client.force_login(case_manager)
    url = reverse("caseload:import_confirm", kwargs={"tenant_slug": tenant.slug, "pk": job.pk})
    with django_capture_on_commit_callbacks(execute=True):  # the task cannot be sent
        response = client.post(url, {"fingerprint": job.report["fingerprint"]}, follow=True)
    assert response.status_code == 200
    assert "Import en cours" in response.content.decode()
    job.refresh_from_db()
    assert imports.is_queued(job.report) and job.status == ImportStatus.PREVIEWED

    # The sweep leaves a fresh confirmation alone (its message may still be on its way)…
    assert dispatch_queued_imports() == 0
    queued_at = timezone.now() - timedelta(minutes=2)
    job.report["queued"]["at"] = queued_at.isoformat()
    ImportJob.objects.filter(pk=job.pk).update(report=job.report)
    # …and while the broker is down it cannot send it.
    assert dispatch_queued_imports() == 0
    assert not Dossier.objects.exists()


def test_the_sweep_sends_a_queued_import_again_and_it_is_committed_once(
    tenant, case_manager, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports.jobs, "INLINE_COMMIT_ROWS", 2)
    job = start(tenant, case_manager, csv_bytes([contact_row(i) for i in range(1, 6)]))
    with django_capture_on_commit_callbacks():  # its message is lost
        imports.commit_or_queue(job=job, user=case_manager)
    job.refresh_from_db()
    job.report["queued"]["at"] = (timezone.now() - timedelta(minutes=2)).isoformat()
    ImportJob.objects.filter(pk=job.pk).update(report=job.report)

    assert dispatch_queued_imports() == 1  # the worker (eager here) commits it
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Dossier.objects.filter(tenant=tenant).count() == 5
    assert dispatch_queued_imports() == 0
    # The lost message turning up after all changes nothing.
    assert imports.commit_import_task(job.pk, case_manager.pk, None, "call_campaign", None) is False
    assert Dossier.objects.filter(tenant=tenant).count() == 5
