"""Inactive accounts: a person's account unused for 3 years is warned 30 days before, once, and
erased only after the date the warning gave, unless they logged in; staff are never touched,
and the erasure keeps every indicator count (privacy.retention)."""

import time
from collections import Counter
from datetime import datetime, timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from accounts.models import Profile, Role, User
from caseload.models import Dossier, Stage
from core import outbox
from core.emails import absolute_url
from core.tasks import relay_outbox
from permanences.models import Booking
from privacy import retention, tasks
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    ProfileFactory,
    UserFactory,
)
from tests.caseload.factories import DossierFactory, InstallationOutcomeFactory
from tests.celery_helpers import wait_for
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

THREE_YEARS = relativedelta(years=3)


def _set(user, **fields):
    User.objects.filter(pk=user.pk).update(**fields)
    user.refresh_from_db()
    return user


def unused(since, **user_kwargs):
    """A person who last logged in at `since`."""
    return _set(UserFactory(**user_kwargs), last_login=since, date_joined=since - timedelta(days=9))


def warned(user, at):
    """The warning was recorded at `at` and its e-mail left."""
    from core.models import OutboxMessage

    seen = (user.last_login or user.date_joined).isoformat()
    OutboxMessage.objects.create(
        key=f"accounts.inactivity_warning:{user.pk}:{seen}",
        kind="accounts.inactivity_warning",
        status="sent",
        sent_at=at,
    )
    return _set(user, inactivity_warning_sent_at=at)


def _to_warn():
    return set(retention.accounts_to_warn().values_list("pk", flat=True))


def _to_erase(now=None):
    return set(retention.accounts_to_erase(now).values_list("pk", flat=True))


def _fr_date(day):
    with translation.override("fr"):
        return dateformat.format(day, "j F Y")


def test_who_is_warned(tenant):
    now = timezone.now()
    old = unused(now - THREE_YEARS - timedelta(days=1))
    # The warning goes 30 days before the 3 years are reached.
    in_notice = unused(now - THREE_YEARS + timedelta(days=29))
    too_early = unused(now - THREE_YEARS + timedelta(days=31))
    never_logged_in = _set(UserFactory(), date_joined=now - THREE_YEARS)
    joined_lately = _set(UserFactory(), date_joined=now - relativedelta(years=2))
    came_back = _set(UserFactory(), date_joined=now - relativedelta(years=5), last_login=now)
    # Staff are their tenant admins' business, and a closed account is already erased.
    django_staff = unused(now - relativedelta(years=4), is_staff=True)
    superuser = unused(now - relativedelta(years=4), is_superuser=True)
    member = unused(now - relativedelta(years=4))
    MembershipFactory(tenant=tenant, user=member, role=Role.HOST)
    deactivated = unused(now - relativedelta(years=4), is_active=False)
    # A team booked a permanence for them: not inactive.
    booked = unused(now - relativedelta(years=4))
    BookingFactory(session=SessionFactory(tenant=tenant), person=booked)

    assert _to_warn() == {old.pk, in_notice.pk, never_logged_in.pk}
    for user in (too_early, joined_lately, came_back, django_staff, superuser, member):
        assert user.pk not in _to_warn()
    assert not {deactivated.pk, booked.pk} & _to_warn()


def test_the_warning_is_mailed_once_even_when_the_tasks_run_twice():
    now = timezone.now()
    person = unused(now - THREE_YEARS - timedelta(days=2), first_name="Léa")
    never = _set(UserFactory(first_name=""), date_joined=now - THREE_YEARS - timedelta(days=2))

    assert tasks.sweep_inactive_accounts.delay().get() == {"erased": 0, "warned": 2}
    assert tasks.sweep_inactive_accounts.delay().get() == {"erased": 0, "warned": 0}
    assert outbox.relay()["sent"] == 2
    assert outbox.relay()["sent"] == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted([person.email, never.email])
    message = next(m for m in mail.outbox if m.to == [person.email])
    person.refresh_from_db()
    assert person.inactivity_warning_sent_at is not None
    deletes_on = _fr_date(retention.deletion_date(person.inactivity_warning_sent_at))
    assert message.subject == (
        f"Sans connexion d'ici le {deletes_on}, votre compte Cap Installation sera supprimé"
    )
    assert message.body.startswith("Bonjour Léa,")
    assert f"d'ici le {deletes_on}, votre compte sera supprimé" in message.body
    assert "http://testserver" not in message.body
    assert absolute_url(reverse("account_login")) in message.body
    assert absolute_url("/moi/mes-donnees/") in message.body
    never_message = next(m for m in mail.outbox if m.to == [never.email])
    assert never_message.body.startswith("Bonjour,")
    assert "ne vous y êtes jamais connecté(e)" in never_message.body


def test_a_warning_the_mail_server_refused_is_retried_and_nobody_is_erased_unwarned(
    monkeypatch,
):
    from django.core.mail.backends import locmem

    now = timezone.now()
    person = unused(now - THREE_YEARS)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    assert tasks.sweep_inactive_accounts() == {"erased": 0, "warned": 1}
    assert outbox.relay()["retried"] == 1
    # Long after the date the warning would have given, the unsent warning protects them.
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(days=40)):
        assert retention.erase_due_accounts() == 0
    monkeypatch.undo()
    assert outbox.relay(now=now + timedelta(minutes=5))["sent"] == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(days=40)):
        assert retention.erase_due_accounts() == 1


def test_logging_in_cancels_the_deletion(client):
    now = timezone.now()
    person = warned(unused(now - THREE_YEARS - timedelta(days=40)), now - timedelta(days=40))
    assert _to_erase() == {person.pk}

    response = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302

    person.refresh_from_db()
    assert person.inactivity_warning_sent_at is None
    assert tasks.sweep_inactive_accounts() == {"erased": 0, "warned": 0}
    person.refresh_from_db()
    assert person.is_active and person.email.endswith("@example.org")
    assert mail.outbox == []


def test_a_login_after_the_warning_protects_even_if_the_warning_was_not_cleared():
    now = timezone.now()
    person = warned(unused(now - THREE_YEARS - timedelta(days=40)), now - timedelta(days=40))
    _set(person, last_login=now - timedelta(days=35))  # a login the signal did not see
    assert _to_erase() == set()


def test_erasure_comes_only_after_the_date_the_warning_gave():
    # A fixed noon, so that "the same day" and "the day before" do not depend on the clock.
    now = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    now += timedelta(hours=12)
    last_login = now - THREE_YEARS - timedelta(days=60)
    recent = warned(unused(last_login), now - timedelta(days=29))
    # Warned 30 days and an hour ago: the e-mail said "d'ici le <today>", today is theirs.
    promised_today = warned(unused(last_login), now - timedelta(days=30, hours=1))
    assert retention.deletion_date(promised_today.inactivity_warning_sent_at) == now.date()
    due = warned(unused(last_login), now - timedelta(days=30, hours=13))  # the day before

    assert _to_erase(now) == {due.pk}
    assert retention.erase_due_accounts(now) == 1
    for user in (recent, promised_today, due):
        user.refresh_from_db()
    assert recent.is_active and promised_today.is_active
    assert not due.is_active
    # The next day, the account warned "for today" goes.
    assert _to_erase(now + timedelta(days=1)) == {promised_today.pk}


def test_the_sweep_erases_only_warned_accounts():
    now = timezone.now()
    never_warned = unused(now - relativedelta(years=5))
    assert tasks.sweep_inactive_accounts() == {"erased": 0, "warned": 1}
    never_warned.refresh_from_db()
    assert never_warned.is_active  # warned today, erased in 30 days at the earliest
    assert never_warned.inactivity_warning_sent_at is not None


def test_staff_warned_before_they_got_their_role_are_not_erased(tenant):
    now = timezone.now()
    person = warned(unused(now - relativedelta(years=4)), now - timedelta(days=40))
    MembershipFactory(tenant=tenant, user=person, role=Role.CASE_MANAGER)
    assert tasks.sweep_inactive_accounts() == {"erased": 0, "warned": 0}
    person.refresh_from_db()
    assert person.is_active


def test_erasure_keeps_indicator_counts(tenant, other_tenant):
    now = timezone.now()
    person = unused(now - THREE_YEARS - timedelta(days=40), email="ancien@example.org")
    ProfileFactory(user=person, rpps="10000000009")
    past = SessionFactory(tenant=tenant, starts_at=now - relativedelta(years=3, months=2))
    BookingFactory(session=past, person=person, questions="Puis-je venir à deux ?")
    linked = DossierFactory(tenant=tenant, person=person, stage=Stage.INSTALLED)
    InstallationOutcomeFactory(dossier=linked)
    # Imported before they signed up, under their verified address.
    DossierFactory(tenant=other_tenant, email="ANCIEN@example.org", stage=Stage.CONTACTED)
    DossierFactory.create_batch(2, tenant=tenant, stage=Stage.CONTACTED)
    warned(person, now - timedelta(days=31))
    stages = Counter(Dossier.objects.values_list("tenant_id", "stage"))
    bookings = Counter(Booking.objects.values_list("session_id", "status"))

    assert tasks.sweep_inactive_accounts() == {"erased": 1, "warned": 0}

    assert Counter(Dossier.objects.values_list("tenant_id", "stage")) == stages
    assert Counter(Booking.objects.values_list("session_id", "status")) == bookings
    assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 2
    assert not Dossier.objects.filter(anonymised_at__isnull=False).exclude(last_name="").exists()
    linked.refresh_from_db()
    assert linked.installation.commune  # the outcome counts stay
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert person.email.endswith("@efface.invalid") and not person.get_full_name()
    assert not Profile.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(email__iexact="ancien@example.org").exists()
    assert Booking.objects.get(person=person).questions == ""
    reasons = set(
        LogEntry.objects.filter(additional_data__event="anonymised").values_list(
            "additional_data__reason", flat=True
        )
    )
    assert reasons == {"retention"}
    # Erased once: a later sweep neither erases nor warns the closed account.
    assert tasks.sweep_inactive_accounts() == {"erased": 0, "warned": 0}
    assert mail.outbox == []


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_warns_once(real_worker):
    person = unused(timezone.now() - THREE_YEARS - timedelta(days=1))
    tasks.sweep_inactive_accounts.delay()
    relay_outbox.delay()  # a duplicate relay must not mail twice

    def warned_in_database():
        return User.objects.get(pk=person.pk).inactivity_warning_sent_at is not None

    assert wait_for(warned_in_database), "the worker did not run the task"
    time.sleep(1)  # give the duplicate time to run
    assert [m.to for m in mail.outbox] == [[person.email]]
