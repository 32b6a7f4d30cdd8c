"""French by default, English when the person chooses it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_french_by_default(client):
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="fr"' in content
    assert "Créer un compte" in content


def test_the_language_switch_turns_the_pages_into_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="en"' in content
    assert "Create an account" in content
    assert "Créer un compte" not in content


def test_form_errors_follow_the_chosen_language(client, intern):
    client.force_login(intern)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("accounts:profile_edit"),
        {"first_name": "A", "last_name": "B", "status": "interne", "rpps": "12A", "terms": "on"},
    )
    assert "An RPPS number contains only digits." in response.content.decode()
