"""MFA is required of every staff role; the admin login goes through the same door."""

import pytest
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, activate_totp, staff_member

pytestmark = pytest.mark.django_db


def current_code(secret):
    counter = next(yield_hotp_counters_from_time())
    return f"{hotp_value(secret, counter):06d}"


@pytest.mark.parametrize("role", list(Role))
def test_staff_without_mfa_is_sent_to_set_it_up(client, tenant, role):
    user = staff_member(tenant, role, mfa=False)
    client.force_login(user)
    for url in [reverse("after_login"), reverse("accounts:profile"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)


def test_intern_is_not_asked_for_mfa(client, intern):
    client.force_login(intern)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_of_staff_with_totp_asks_for_the_code(client, tenant):
    user = staff_member(tenant, Role.CASE_MANAGER, mfa=False)
    secret = activate_totp(user)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not in yet: the staff home still wants a login.
    home = reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})
    assert client.get(home).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(home).status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_superuser_without_mfa_cannot_use_the_admin(client):
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(boss)
    response = client.get("/admin/")
    assert response.url == reverse("mfa_activate_totp")
    activate_totp(boss)
    assert client.get("/admin/").status_code == 200
