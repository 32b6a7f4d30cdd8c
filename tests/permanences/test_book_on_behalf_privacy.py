"""Booking on behalf must not open the whole platform: staff find only the people their tenant
knows (a dossier proven theirs, or a profile shared with it), an unknown address and someone
else's account get the same answer (no account-existence oracle), nobody else's profile is
shown, and an address the tenant does not know can be invited to sign up, once a week."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseload.models import LinkMethod
from core import outbox
from core.models import OutboxMessage
from permanences import session_services
from permanences.models import Booking
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.caseload.factories import DossierFactory
from tests.permanences.factories import SessionFactory

pytestmark = pytest.mark.django_db

UNKNOWN = "Aucune personne suivie par l&#x27;espace n&#x27;utilise cette adresse"


def _url(name, session):
    return reverse(
        f"permanences:{name}", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


@pytest.fixture
def session(tenant):
    return SessionFactory(tenant=tenant)


@pytest.fixture
def stranger(other_tenant):
    """An account of the platform the tenant does not know: it follows another tenant, shares
    its profile with it and has a dossier there."""
    user = UserFactory(email="sophie.secret@example.org", first_name="Sophie", last_name="Secret")
    ProfileFactory(
        user=user,
        followed_tenant=other_tenant,
        share_consent_at=timezone.now(),
        phone="0611223344",
        maturity="defined",
    )
    DossierFactory(tenant=other_tenant, person=user, email=user.email)
    return user


def _page(response, email):
    """The page with what legitimately differs between two requests blanked: the address typed,
    the CSRF token and the CSP nonce."""
    text = response.content.decode().replace(email, "ADDRESS")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    return re.sub(r'nonce="[^"]+"', "NONCE", text)


def _lookup(client, session, email, **more):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            _url("staff_book", session), {"step": "lookup", "email": email, **more}
        )
    return response, len(queries)


def test_an_unknown_address_and_another_tenants_account_get_the_same_answer(
    client, session, logged_manager, stranger
):
    client.get(_url("staff_book", session))  # the first request keeps the access flags
    unknown, unknown_queries = _lookup(client, session, "personne@nulle-part.fr")
    known_elsewhere, elsewhere_queries = _lookup(client, session, stranger.email)

    assert unknown.status_code == known_elsewhere.status_code == 200
    assert UNKNOWN in unknown.content.decode()
    assert _page(unknown, "personne@nulle-part.fr") == _page(known_elsewhere, stranger.email)
    # The same work either way: one look-up query, nothing more for an existing account.
    assert unknown_queries == elsewhere_queries


def test_booking_straight_away_answers_the_same_too(client, session, logged_manager, stranger):
    data = {"step": "book", "topics": ["aids"], "questions": "?"}
    unknown = client.post(_url("staff_book", session), {**data, "email": "personne@nulle-part.fr"})
    elsewhere = client.post(_url("staff_book", session), {**data, "email": stranger.email})
    assert _page(unknown, "personne@nulle-part.fr") == _page(elsewhere, stranger.email)
    assert not Booking.objects.exists()


def test_another_tenants_person_cannot_be_booked_nor_their_profile_read(
    client, session, logged_manager, stranger
):
    for step in ("lookup", "book"):
        response = client.post(_url("staff_book", session), {"step": step, "email": stranger.email})
        text = response.content.decode()
        assert "Sophie" not in text and "Secret" not in text
        assert "06 11 22 33 44" not in text and "0611223344" not in text
        assert "Avancement du projet" not in text
    assert not Booking.objects.filter(person=stranger).exists()
    host_page = client.get(_url("host_session", session)).content.decode()
    assert "Sophie" not in host_page and "0611223344" not in host_page


def test_someone_who_shares_their_profile_is_found_with_it(client, session, logged_manager, tenant):
    person = UserFactory(first_name="Inès", last_name="Roussel")
    ProfileFactory(user=person, followed_tenant=tenant, share_consent_at=timezone.now(),
                   phone="0699887766")  # fmt: skip

    response = client.post(_url("staff_book", session), {"step": "lookup", "email": person.email})

    text = response.content.decode()
    assert "Inès Roussel" in text and "0699887766" in text
    assert response.context["form"].person == person
    response = client.post(
        _url("staff_book", session), {"step": "book", "email": person.email, "slot_index": "1"}
    )
    assert response.status_code == 302
    assert Booking.objects.get(person=person).booked_by == logged_manager


def test_someone_with_a_proven_dossier_is_found_without_their_unshared_profile(
    client, session, logged_manager, tenant
):
    person = UserFactory(first_name="Marc", last_name="Lemoine")
    ProfileFactory(user=person, phone="0655443322")  # shared with nobody
    DossierFactory(tenant=tenant, person=person, link_method=LinkMethod.EMAIL)

    response = client.post(_url("staff_book", session), {"step": "lookup", "email": person.email})

    text = response.content.decode()
    assert "Marc Lemoine" in text
    assert "0655443322" not in text
    assert "Son profil n'est pas partagé avec l'espace." in text


@pytest.mark.parametrize(
    "make_link",
    [
        # A dossier linked on an RPPS number alone proves nothing.
        lambda tenant, person: DossierFactory(
            tenant=tenant, person=person, link_method=LinkMethod.UNVERIFIED_RPPS
        ),
        # A profile that follows the tenant without consenting to share.
        lambda tenant, person: ProfileFactory(user=person, followed_tenant=tenant),
    ],
    ids=["rpps-link", "no-consent"],
)
def test_weak_ties_do_not_make_someone_known(client, session, logged_manager, tenant, make_link):
    person = UserFactory()
    make_link(tenant, person)
    response = client.post(_url("staff_book", session), {"step": "lookup", "email": person.email})
    assert UNKNOWN in response.content.decode()


def test_a_deactivated_account_is_not_found(client, session, logged_manager, tenant):
    person = UserFactory(is_active=False)
    ProfileFactory(user=person, followed_tenant=tenant, share_consent_at=timezone.now())
    response = client.post(_url("staff_book", session), {"step": "lookup", "email": person.email})
    assert UNKNOWN in response.content.decode()


# Inviting an address the tenant does not know


def _invite(client, session, email):
    return client.post(_url("staff_invite", session), {"email": email}, follow=True)


def test_the_invitation_answers_the_same_and_is_sent_once_a_week(
    client, session, logged_manager, stranger, mailoutbox
):
    unknown = _invite(client, session, "personne@nulle-part.fr")
    elsewhere = _invite(client, session, stranger.email)
    assert _page(unknown, "personne@nulle-part.fr") == _page(elsewhere, stranger.email)
    assert "Invitation envoyée à ADDRESS" in _page(unknown, "personne@nulle-part.fr")

    _invite(client, session, "Personne@Nulle-Part.fr")  # asked again, another spelling
    outbox.relay()

    assert sorted(address for message in mailoutbox for address in message.to) == [
        "personne@nulle-part.fr",
        stranger.email,
    ]
    message = next(m for m in mailoutbox if m.to == [stranger.email])
    detail = reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )
    assert detail in message.body
    assert "Vous avez déjà un compte ? Connectez-vous" in message.body
    assert message.reply_to == [session.tenant.contact_email]


def test_a_second_invitation_waits_for_the_window_to_pass(session, case_manager):
    first = timezone.now()
    for days in (0, 3, 6.9):
        session_services.invite_to_sign_up(
            session=session, email="a@example.org", acting_user=case_manager,
            now=first + timedelta(days=days),
        )  # fmt: skip
    assert OutboxMessage.objects.filter(kind=session_services.SIGNUP_INVITATION).count() == 1
    session.starts_at = first + timedelta(days=30)
    session.ends_at = session.starts_at + timedelta(hours=3)
    session.save()
    session_services.invite_to_sign_up(
        session=session, email="a@example.org", acting_user=case_manager,
        now=first + timedelta(days=15),
    )  # fmt: skip
    assert OutboxMessage.objects.filter(kind=session_services.SIGNUP_INVITATION).count() == 2


def test_each_tenant_invites_on_its_own(session, case_manager, other_tenant):
    from accounts.models import Role
    from tests.accounts.factories import staff_member

    theirs = SessionFactory(tenant=other_tenant)
    their_manager = staff_member(other_tenant, Role.CASE_MANAGER)
    session_services.invite_to_sign_up(
        session=session, email="a@example.org", acting_user=case_manager
    )
    session_services.invite_to_sign_up(
        session=theirs, email="a@example.org", acting_user=their_manager
    )
    assert OutboxMessage.objects.filter(kind=session_services.SIGNUP_INVITATION).count() == 2


def test_a_host_cannot_invite(client, session, host):
    client.force_login(host)
    assert client.post(_url("staff_invite", session), {"email": "a@example.org"}).status_code == 403
    assert not OutboxMessage.objects.exists()
