"""Sign-up shows the terms and the privacy notice; the "check your inbox" page (after sign-up,
or after a login refused for an unconfirmed address) sends the confirmation e-mail again,
through allauth's limit and the outbox, and answers alike for every address."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from tests.accounts.test_rate_limits import limits_on  # noqa: F401  (a fixture)
from tests.accounts.test_signup import PASSWORD, _sign_up

pytestmark = pytest.mark.django_db

VERIFICATION_SENT = reverse("account_email_verification_sent")


def _resend(client, email):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("resend_confirmation"), {"email": email}, follow=True)


def test_sign_up_links_to_the_terms_and_the_privacy_notice(client):
    content = client.get(reverse("account_signup")).content.decode()
    assert 'href="/conditions-utilisation/"' in content
    assert 'href="/confidentialite/"' in content


def test_the_check_your_inbox_page_offers_to_send_the_email_again(client):
    _sign_up(client, "nouvelle@example.org")
    content = client.get(VERIFICATION_SENT).content.decode()
    assert "Renvoyer l'e-mail de confirmation" in content
    assert 'value="nouvelle@example.org"' in content


@pytest.mark.usefixtures("limits_on")
def test_sending_again_is_limited_then_sends_a_new_link_through_the_outbox(client):
    _sign_up(client, "nouvelle@example.org")
    assert len(mail.outbox) == 1
    # Right after sign-up, allauth's limit holds a second e-mail back, and says so.
    response = _resend(client, "nouvelle@example.org")
    assert response.redirect_chain[-1][0] == VERIFICATION_SENT
    assert "il y a moins de 3 minutes" in response.content.decode()
    assert len(mail.outbox) == 1
    cache.clear()  # three minutes later
    response = _resend(client, "Nouvelle@example.org")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["nouvelle@example.org"]
    assert "/compte/confirm-email/" in mail.outbox[1].body
    assert "il y a moins de 3 minutes" not in response.content.decode()


def test_a_login_refused_for_an_unconfirmed_address_offers_the_button(client):
    _sign_up(client, "nouvelle@example.org")
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "nouvelle@example.org", "password": PASSWORD},
        follow=True,
    )
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == VERIFICATION_SENT
    assert "Renvoyer l'e-mail de confirmation" in content
    assert 'value="nouvelle@example.org"' in content


def test_an_address_without_account_or_already_confirmed_gets_the_same_answer_and_no_mail(
    client, intern
):
    unknown = _resend(client, "personne@example.org")
    confirmed = _resend(client, intern.email)
    assert mail.outbox == []
    for response in (unknown, confirmed):
        assert response.redirect_chain[-1][0] == VERIFICATION_SENT
        assert "il y a moins de 3 minutes" not in response.content.decode()
