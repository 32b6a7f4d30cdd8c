"""The access flags (staff role, TOTP device, verified address, may book) are kept in the
person's session between requests (accounts.middleware): each change to what they say must
count at the person's very next request, never after some delay."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, Role
from core.models import Departement
from permanences.models import Booking
from tests.accounts.factories import UserFactory, complete_profile, staff_member
from tests.permanences.factories import SessionFactory

pytestmark = pytest.mark.django_db

WHOAMI = "/moi/qui/"
MFA_SETUP = reverse("mfa_activate_totp")
# Where a person lands after logging in: their permanences if they may book, else the short
# step first (accounts.views.profile.after_login asks accounts.onboarding.ready_to_book).
AFTER_LOGIN = reverse("after_login")
HOME = reverse("intern_home")


def _kept(client, path=WHOAMI):
    """Two requests: the first may read the flags, the second finds them in the session."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert not [q for q in captured.captured_queries if "account_emailaddress" in q["sql"]]
    return response


def test_a_role_given_asks_for_mfa_at_the_next_request(client, tenant):
    person = UserFactory()
    client.force_login(person)
    assert _kept(client).status_code == 200
    Membership.objects.create(user=person, tenant=tenant, role=Role.HOST)
    response = client.get(WHOAMI)
    assert response.status_code == 302
    assert response.url == MFA_SETUP


def test_a_removed_totp_device_is_asked_again_at_the_next_request(client, tenant):
    member = staff_member(tenant, Role.CASE_MANAGER)
    client.force_login(member)
    assert _kept(client).status_code == 200
    Authenticator.objects.filter(user=member).delete()
    assert client.get(WHOAMI).url == MFA_SETUP


def test_an_address_confirmed_lets_the_person_book_at_once(client, tenant):
    person = UserFactory(verified=False)
    complete_profile(person)
    session = SessionFactory(tenant=tenant)
    path = reverse("permanences:detail", kwargs={"tenant_slug": tenant.slug, "pk": session.pk})
    client.force_login(person)
    _kept(client, path)
    refused = client.post(path, {"action": "book"})
    assert refused.status_code == 200
    assert "le lien vous a été envoyé" in refused.text  # confirm your address first
    address = EmailAddress.objects.get(user=person)
    address.verified = True
    address.save()
    assert client.post(path, {"action": "book"}).status_code == 302
    assert Booking.objects.filter(session=session, person=person).exists()


def test_flags_kept_for_one_person_are_not_read_for_another(client, tenant):
    """Logging in as someone else in the same browser: the kept flags name their user."""
    intern = UserFactory()
    member = staff_member(tenant, Role.ADMIN, mfa=False)
    client.force_login(intern)
    _kept(client)
    client.force_login(member)
    assert client.get(WHOAMI).url == MFA_SETUP


def test_saving_a_user_loaded_before_a_change_keeps_the_change(client, tenant):
    """A request that loaded the user, then gave them a role, then saved the user (a name
    change) must not put the older access_version back."""
    person = UserFactory()
    client.force_login(person)
    _kept(client)
    loaded = type(person).objects.get(pk=person.pk)
    Membership.objects.create(user=person, tenant=tenant, role=Role.CASE_MANAGER)
    loaded.first_name = "Camille"
    loaded.save()
    assert client.get(WHOAMI).url == MFA_SETUP
    loaded.refresh_from_db()
    assert loaded.first_name == "Camille"


def _may_book(client):
    """Whether the person lands on their permanences; the request must not read the profile
    when the session's flags still hold."""
    with CaptureQueriesContext(connection) as captured:
        landing = client.get(AFTER_LOGIN).url
    read_profile = any("accounts_profile" in q["sql"] for q in captured.captured_queries)
    return landing == HOME, read_profile


def test_a_profile_change_counts_at_the_next_request_from_either_side(client):
    person = UserFactory()
    profile = complete_profile(person)
    client.force_login(person)
    assert _may_book(client) == (True, True)  # read once
    assert _may_book(client) == (True, False)  # then kept
    profile.phone = ""
    profile.save()
    assert _may_book(client) == (False, True)
    profile.phone = "+33612345678"
    profile.save()
    assert _may_book(client)[0]
    profile.departements_considered.clear()
    assert not _may_book(client)[0]
    departement = Departement.objects.get(insee_code="91")
    departement.profile_set.add(profile)  # from the other side of the relation
    assert _may_book(client)[0]
    departement.profile_set.remove(profile)
    assert not _may_book(client)[0]


def test_new_terms_of_use_are_asked_at_the_next_request(client, settings):
    person = UserFactory()
    complete_profile(person)
    client.force_login(person)
    assert _may_book(client) == (True, True)
    settings.TERMS_VERSION = "2099-01"  # a deployment with a new text
    assert _may_book(client) == (False, True)
