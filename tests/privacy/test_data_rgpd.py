"""Personal-data rights: the person downloads everything held about them (never a private
staff note), erasure keeps every indicator count while removing identity, and the retention
task anonymises only dossiers closed for longer than the tenant keeps them."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, Role
from caseload.models import Dossier, Interaction, Stage
from permanences.models import Booking, BookingStatus, SatisfactionResponse
from privacy import rgpd
from privacy.tasks import apply_retention
from tests.accounts.factories import DEFAULT_PASSWORD, MembershipFactory, ProfileFactory
from tests.caseload.data_helpers import _media_root  # noqa: F401  (an autouse fixture)
from tests.caseload.factories import (
    DossierFactory,
    FollowUpFactory,
    InstallationOutcomeFactory,
    InteractionFactory,
)
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

SHARED_TEXT = "Voici la liste des aides de l'Essonne, comme promis."
PRIVATE_TEXT = "Semble hésiter, conjoint opposé au projet."


@pytest.fixture
def person(intern, tenant, other_tenant):
    """An intern with a profile, bookings in two tenants, a survey answer, and dossiers in both
    tenants (one linked to the account, one imported before they signed up)."""
    ProfileFactory(
        user=intern, rpps="10000000009", share_consent_at=timezone.now(), followed_tenant=tenant
    )
    past = SessionFactory(tenant=tenant, starts_at=timezone.now() - timedelta(days=30))
    past_booking = BookingFactory(
        session=past, person=intern, questions="Puis-je venir avec mon associé ?"
    )
    SatisfactionResponse.objects.create(
        tenant=tenant,
        booking=past_booking,
        overall=5,
        usefulness=4,
        would_recommend=True,
        intends_to_settle=True,
        horizon="12m",
        comment="Très utile, merci Camille.",
    )
    BookingFactory(session=SessionFactory(tenant=other_tenant), person=intern)  # upcoming
    linked = DossierFactory(
        tenant=tenant, person=intern, email="interne@example.org", stage=Stage.INSTALLED
    )
    InteractionFactory(dossier=linked, text=SHARED_TEXT, shareable=True)
    InteractionFactory(dossier=linked, text=PRIVATE_TEXT, shareable=False)
    InstallationOutcomeFactory(dossier=linked, notes="Associé difficile.")
    FollowUpFactory(dossier=linked, notes="A parlé de sa santé.")
    # Imported in the other tenant before they signed up, under their (verified) address.
    DossierFactory(
        tenant=other_tenant, email="INTERNE@example.org", stage=Stage.CONTACTED, last_name="Doe"
    )
    return intern


def test_personal_data_holds_everything_but_private_notes(person, tenant, other_tenant):
    data = rgpd.personal_data(person)
    assert data["account"]["email"] == "interne@example.org"
    assert data["profile"]["rpps"] == "10000000009"
    assert data["profile"]["consents"]["share_consent_at"] is not None
    assert {booking["tenant"] for booking in data["bookings"]} == {tenant.name, other_tenant.name}
    assert data["survey_answers"][0]["comment"] == "Très utile, merci Camille."
    assert {d["tenant"] for d in data["dossiers"]} == {tenant.name, other_tenant.name}
    texts = json.dumps(data, ensure_ascii=False)
    assert SHARED_TEXT in texts
    assert PRIVATE_TEXT not in texts
    assert "Associé difficile" not in texts  # installation notes are the team's
    json.dumps(data)  # JSON-ready as it is


def test_json_download_and_readable_page(client, person):
    client.force_login(person)
    response = client.get(reverse("privacy:my_data_json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    shared = [i["text"] for d in data["dossiers"] for i in d["shared_interactions"]]
    assert shared == [SHARED_TEXT]

    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Voici la liste des aides de l&#x27;Essonne" in page
    assert "conjoint opposé" not in page
    assert "Puis-je venir avec mon associé ?" in page


def test_another_persons_data_is_never_included(person, tenant):
    DossierFactory(tenant=tenant, email="quelquun@example.org", last_name="Autre")
    data = rgpd.personal_data(person)
    assert "Autre" not in json.dumps(data)


def _stage_counts():
    return Counter(Dossier.objects.values_list("tenant_id", "stage"))


def test_erasure_keeps_indicator_counts_and_removes_identity(person, tenant, other_tenant):
    DossierFactory.create_batch(3, tenant=tenant, stage=Stage.CONTACTED)
    linked = Dossier.objects.get(person=person)
    linked.last_name = "Changé"
    linked.save()
    assert "Changé" in json.dumps(
        list(LogEntry.objects.values("changes", "object_repr")), ensure_ascii=False
    )
    before = _stage_counts()
    booking_counts = Counter(Booking.objects.values_list("session_id", "status"))

    summary = rgpd.erase_person(user=person)

    assert summary == {"cancelled_bookings": 1, "anonymised_dossiers": 2}
    assert _stage_counts() == before
    for dossier in Dossier.objects.filter(anonymised_at__isnull=False):
        assert (dossier.first_name, dossier.last_name, dossier.email, dossier.rpps) == ("",) * 4
        assert dossier.person is None and dossier.do_not_call
    linked.refresh_from_db()
    assert linked.stage == Stage.INSTALLED
    assert linked.installation.commune == "Étampes"  # the outcome counts stay
    assert linked.installation.notes == ""
    assert not Interaction.objects.filter(dossier=linked).exclude(text="").exists()
    assert Dossier.objects.filter(anonymised_at__isnull=True).count() == 3
    # The log no longer holds the name it had recorded.
    logged = json.dumps(list(LogEntry.objects.values("changes", "object_repr")), ensure_ascii=False)
    assert "Changé" not in logged
    # The account is closed and scrubbed; bookings stay for the attendance figures.
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert person.email.endswith("@efface.invalid") and not person.get_full_name()
    assert not Profile.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(email__iexact="interne@example.org").exists()
    assert Booking.objects.filter(person=person).count() == 2
    assert Booking.objects.filter(person=person, status=BookingStatus.CANCELLED).count() == 1
    assert not Booking.objects.filter(person=person).exclude(questions="").exists()
    assert SatisfactionResponse.objects.get().comment == ""
    # Counting the bookings by session: the upcoming one is cancelled, none disappeared.
    after = Counter(Booking.objects.values_list("session_id", "status"))
    assert sum(after.values()) == sum(booking_counts.values())


def test_erasure_mails_nothing_to_the_erased_person(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    """Erasure cancels the upcoming booking: the waiting list moves, but the cancellation
    e-mail, which would go to the scrubbed address, is dropped."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rgpd.erase_person(user=person)
    assert callbacks, "the cancellation queued no notification: nothing was tested"
    recipients = [address for message in mailoutbox for address in message.to]
    assert not [address for address in recipients if address.endswith("@efface.invalid")]
    assert "interne@example.org" not in recipients


def test_erasure_through_the_page(client, person):
    client.force_login(person)
    url = reverse("privacy:erase_me")
    response = client.post(url, {"password": "pas-le-bon", "confirm": "on"})
    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active

    response = client.post(url, {"password": DEFAULT_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    person.refresh_from_db()
    assert not person.is_active
    assert "_auth_user_id" not in client.session


def test_a_staff_member_cannot_erase_themself_online(client, tenant, person):
    MembershipFactory(tenant=tenant, user=person, role=Role.HOST)
    with pytest.raises(rgpd.ErasureRefused, match="membre de l'équipe"):
        rgpd.erase_person(user=person)
    person.refresh_from_db()
    assert person.is_active


def test_retention_anonymises_only_old_closed_dossiers(tenant, other_tenant):
    now = timezone.now()
    other_tenant.retention_years = 5
    other_tenant.save()
    old_closed = DossierFactory(
        tenant=tenant, stage=Stage.CLOSED, closed_at=now - timedelta(days=3 * 365 + 2)
    )
    recent_closed = DossierFactory(
        tenant=tenant, stage=Stage.CLOSED, closed_at=now - timedelta(days=2 * 365)
    )
    old_open = DossierFactory(tenant=tenant, stage=Stage.MATURING)
    Dossier.objects.filter(pk=old_open.pk).update(updated_at=now - timedelta(days=3000))
    kept_longer = DossierFactory(
        tenant=other_tenant, stage=Stage.CLOSED, closed_at=now - timedelta(days=4 * 365)
    )

    assert apply_retention() == {"caseload.anonymise_expired_dossiers": {tenant.slug: 1}}

    anonymised = set(Dossier.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))  # fmt: skip
    assert anonymised == {old_closed.pk}
    old_closed.refresh_from_db()
    assert old_closed.last_name == "" and old_closed.stage == Stage.CLOSED
    for dossier in (recent_closed, old_open, kept_longer):
        dossier.refresh_from_db()
        assert dossier.last_name
    entry = LogEntry.objects.get(additional_data__event="anonymised")
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "dossier": old_closed.pk,
        "event": "anonymised",
        "reason": "retention",
    }
    assert apply_retention() == {}  # running again changes nothing
