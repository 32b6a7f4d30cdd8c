import re
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide-42"


def _sign_up(client, email="nouvelle@example.org"):
    # The e-mail leaves by the outbox once the request's writes commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


def test_sign_up_sends_a_verification_link_and_does_not_log_in(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="nouvelle@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "nouvelle@example.org" in mail.outbox[0].to
    # Not logged in: the profile asks for a login.
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_following_the_link_verifies_and_logs_in(client):
    _sign_up(client)
    link = re.search(r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)", mail.outbox[0].body).group(
        1
    )
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nouvelle@example.org").verified
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_unverified_account_cannot_log_in(client):
    _sign_up(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nouvelle@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_signing_up_with_a_taken_address_reveals_nothing_and_creates_nobody(client, intern):
    """Against account enumeration: the same answer as a new sign-up, and the owner is told."""
    response = _sign_up(client, email=intern.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=intern.email).count() == 1
    assert [m.to for m in mail.outbox] == [[intern.email]]


def test_intern_lands_on_the_short_step_then_their_permanences_after_login(client, intern):
    from tests.accounts.factories import DEFAULT_PASSWORD, complete_profile

    login = {"login": intern.email, "password": DEFAULT_PASSWORD}
    response = client.post(reverse("account_login"), login, follow=True)
    assert response.redirect_chain[-1][0] == (
        reverse("accounts:project") + "?next=" + quote(reverse("intern_home"), safe="")
    )
    client.logout()
    complete_profile(intern)
    response = client.post(reverse("account_login"), login, follow=True)
    assert response.redirect_chain[-1][0] == reverse("intern_home")


def test_password_reset_by_email_link(client, intern):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": intern.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/compte/password/reset/key/\S+/)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "un-tout-nouveau-mot-de-passe-7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": intern.email, "password": new_password}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_whoami_needs_a_login_and_names_the_user(client, intern):
    assert client.get(reverse("accounts:whoami")).status_code == 302
    client.force_login(intern)
    assert client.get(reverse("accounts:whoami")).json()["email"] == intern.email
