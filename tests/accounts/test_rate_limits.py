"""Rate limits and lockouts count the client, not the reverse proxy, and cost the attacker,
not the account's owner (portal/settings.py, core.client_ip, accounts.adapter).

The test settings turn allauth's limits off; each test here turns the production ones on, with
a cache of its own so that no count leaks from one test to the next."""

import re
import uuid

import pytest
from allauth.account import app_settings as account_settings
from allauth.core.internal.ratelimit import parse_rates
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from portal import settings as production
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"
HOSPITAL_NAT = "192.0.2.50"


@pytest.fixture
def limits_on(settings):
    """The production limits, the proxy networks of a typical deployment, a fresh cache."""
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    settings.TRUSTED_PROXIES = "10.0.0.0/8"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"rate-limits-{uuid.uuid4()}",
        }
    }
    return settings


def log_in(client, email, password, *, via_proxy_for=None, peer=PROXY):
    """A login POST arriving from `peer`; through the proxy, it names the client it serves."""
    headers = {"REMOTE_ADDR": peer}
    if via_proxy_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = via_proxy_for
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def test_behind_one_proxy_the_attacker_is_locked_out_and_the_owner_is_not(limits_on, intern):
    attacker, owner = Client(), Client()
    for _ in range(5):
        response = log_in(attacker, intern.email, "wrong-password", via_proxy_for=ATTACKER)
    assert response.status_code == 429
    # Locked: even the right password from the attacker's address is refused.
    assert (
        log_in(attacker, intern.email, DEFAULT_PASSWORD, via_proxy_for=ATTACKER).status_code == 429
    )
    response = log_in(owner, intern.email, DEFAULT_PASSWORD, via_proxy_for=OWNER)
    assert response.status_code == 302
    assert response.url == reverse("after_login")


def test_behind_one_proxy_one_client_is_throttled_and_the_other_is_not(limits_on):
    limits_on.ACCOUNT_RATE_LIMITS = {**production.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    busy, other = Client(), Client()
    for _ in range(3):
        assert log_in(busy, "a@example.org", "x", via_proxy_for=ATTACKER).status_code == 200
    assert log_in(busy, "a@example.org", "x", via_proxy_for=ATTACKER).status_code == 429
    assert log_in(other, "b@example.org", "x", via_proxy_for=OWNER).status_code == 200


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(limits_on, intern):
    limits_on.ACCOUNT_RATE_LIMITS = {**production.ACCOUNT_RATE_LIMITS, "login": "6/m/ip"}
    attacker = Client()
    # A new made-up client address on every try, sent straight to the portal.
    for n in range(5):
        response = log_in(
            attacker, intern.email, "wrong-password", peer=ATTACKER, via_proxy_for=f"192.0.2.{n}"
        )
    assert response.status_code == 429  # locked out: the five tries counted as one client
    response = log_in(attacker, intern.email, DEFAULT_PASSWORD, peer=ATTACKER, via_proxy_for=OWNER)
    assert response.status_code == 429
    response = log_in(attacker, "other@example.org", "x", peer=ATTACKER, via_proxy_for="192.0.2.99")
    assert response.status_code == 429  # and the seventh login of that peer is throttled
    assert "Trop de demandes" in response.content.decode()


def test_allauth_counts_failures_per_account_and_address_too(limits_on, intern):
    # With axes out of the way, allauth's own per-key failure limit is what stops guessing:
    # it must stop the attacker's address without closing the owner's.
    limits_on.AXES_FAILURE_LIMIT = 100
    attacker, owner = Client(), Client()
    for _ in range(10):
        log_in(attacker, intern.email, "wrong-password", via_proxy_for=ATTACKER)
    response = log_in(attacker, intern.email, DEFAULT_PASSWORD, via_proxy_for=ATTACKER)
    assert response.status_code == 200
    assert "Trop de tentatives de connexion ont échoué" in response.content.decode()
    assert log_in(owner, intern.email, DEFAULT_PASSWORD, via_proxy_for=OWNER).status_code == 302


def test_fifty_interns_behind_one_hospital_address_sign_in_within_a_minute(limits_on):
    """The morning a session opens: 50 interns behind one NAT address sign in within a minute,
    each mistyping once and one in five twice more (120 logins, 70 of them failed)."""
    limits_on.TRUSTED_PROXIES = ""
    interns = UserFactory.create_batch(50)
    signed_in = 0
    for index, intern in enumerate(interns):
        client = Client()
        for _ in range(3 if index % 5 == 0 else 1):
            response = log_in(client, intern.email, "typo-password", peer=HOSPITAL_NAT)
            assert response.status_code == 200, f"intern {index} refused: {response.status_code}"
            assert "Trop de" not in response.content.decode()
        response = log_in(client, intern.email, DEFAULT_PASSWORD, peer=HOSPITAL_NAT)
        signed_in += response.status_code == 302
    assert signed_in == 50


def test_ipv6_addresses_of_one_slash_64_share_a_lock(limits_on, intern):
    limits_on.TRUSTED_PROXIES = ""
    attacker, owner = Client(), Client()
    for n in range(5):
        response = log_in(attacker, intern.email, "wrong-password", peer=f"2001:db8:1:2::{n + 1}")
    assert response.status_code == 429
    assert (
        log_in(attacker, intern.email, DEFAULT_PASSWORD, peer="2001:db8:1:2::99").status_code == 429
    )
    assert log_in(owner, intern.email, DEFAULT_PASSWORD, peer="2001:db8:1:3::1").status_code == 302


def reset_password(client, email, new_password):
    """The whole e-mail round trip: ask for the link, follow it, choose a new password."""
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail leaves by the outbox
        client.post(reverse("account_reset_password"), {"email": email})
    [message] = mail.outbox
    [link] = re.findall(r"https?://\S+/password/reset/key/\S+/", message.body)
    set_password_url = client.get(link).url  # allauth moves the key into the session
    response = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302, response.content.decode()


def test_a_password_reset_unlocks_the_account_at_once(limits_on, intern):
    owner = Client()
    for _ in range(5):
        log_in(owner, intern.email, "forgotten-password", via_proxy_for=OWNER)
    assert log_in(owner, intern.email, DEFAULT_PASSWORD, via_proxy_for=OWNER).status_code == 429
    reset_password(owner, intern.email, "a-brand-new-passphrase")
    response = log_in(owner, intern.email, "a-brand-new-passphrase", via_proxy_for=OWNER)
    assert response.status_code == 302


def test_the_lockout_page_is_a_french_dsfr_page_with_what_to_do(limits_on, intern):
    client = Client()
    for _ in range(5):
        response = log_in(client, intern.email, "wrong-password", via_proxy_for=ATTACKER)
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert 'class="fr-header"' in page  # the portal's base template
    assert "Trop de tentatives de connexion" in page
    assert "pendant 1 heure" in page
    assert reverse("account_reset_password") in page


def test_the_too_many_requests_page_is_a_french_dsfr_page_with_what_to_do(limits_on):
    limits_on.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    client = Client()
    log_in(client, "a@example.org", "x", via_proxy_for=ATTACKER)
    response = log_in(client, "a@example.org", "x", via_proxy_for=ATTACKER)
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert 'class="fr-header"' in page
    assert "Trop de demandes" in page
    assert "Patientez une minute" in page


def test_every_limit_that_answers_429_counts_over_one_minute(settings):
    """The 429 page tells people to wait one minute: no limit behind it may count longer.
    (Failed logins and e-mail confirmations never answer 429: a form error, a mail not sent.)"""
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    longer = {
        action: rates
        for action, rates in account_settings.RATE_LIMITS.items()
        if action not in {"login_failed", "confirm_email"}
        and any(rate.duration > 60 for rate in parse_rates(rates))
    }
    assert longer == {}
