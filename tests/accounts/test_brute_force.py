import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, intern):
    login = reverse("account_login")
    for _ in range(3):
        response = client.post(login, {"login": intern.email, "password": "wrong-password"})
    response = client.post(login, {"login": intern.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failures_on_one_account_do_not_lock_another(client, intern):
    from tests.accounts.factories import UserFactory

    other = UserFactory()
    login = reverse("account_login")
    for _ in range(3):
        client.post(login, {"login": intern.email, "password": "wrong-password"})
    response = client.post(login, {"login": other.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
