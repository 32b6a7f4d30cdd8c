"""The profile's fields as a phone shows them: the right keyboard, what the browser may fill
in, numbers accepted as people copy them, one spelling stored, and errors that say what to do."""

from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Profile
from tests.accounts.factories import ProfileFactory
from tests.accounts.test_profile import _form_data

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    """The attributes of every form control of a page, in order."""

    def __init__(self, markup):
        super().__init__()
        self.controls = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag in {"input", "select", "textarea"}:
            self.controls.append({"tag": tag, **dict(attrs)})

    def by_name(self, name):
        return next(c for c in self.controls if c.get("name") == name)


def controls(client, url):
    return Controls(client.get(url).content.decode())


def typed_controls(page):
    """The controls a person types in or picks from (not checkboxes, radios, hidden, buttons)."""
    return [
        c for c in page.controls if c.get("type") not in {"checkbox", "radio", "hidden", "submit"}
    ]


def test_rpps_field_asks_for_digits_and_does_not_cut_a_spaced_number(client, intern):
    client.force_login(intern)
    rpps = controls(client, reverse("accounts:profile_edit")).by_name("rpps")
    assert rpps["inputmode"] == "numeric"
    assert rpps["autocomplete"] == "off"
    assert "maxlength" not in rpps  # "10 00 …" is 14 characters for 11 digits


def test_an_rpps_typed_with_spaces_and_dots_is_saved_as_its_digits(client, intern):
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(rpps="100 000 000.09"))
    assert response.status_code == 302
    assert Profile.objects.get(user=intern).rpps == "10000000009"


def test_phone_field_is_a_tel_field_and_the_number_is_stored_in_e164(client, intern):
    client.force_login(intern)
    phone = controls(client, reverse("accounts:profile_edit")).by_name("phone")
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")
    response = client.post(reverse("accounts:profile_edit"), _form_data(phone="06.12.34.56.78"))
    assert response.status_code == 302
    assert Profile.objects.get(user=intern).phone == "+33612345678"
    # Shown as people read it, on the profile and back in the form.
    assert "06 12 34 56 78" in client.get(reverse("accounts:profile")).content.decode()
    phone = controls(client, reverse("accounts:profile_edit")).by_name("phone")
    assert phone["value"] == "06 12 34 56 78"


def test_an_overseas_number_is_a_french_number(client, intern):
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(phone="0690 12 34 56"))
    assert response.status_code == 302
    assert Profile.objects.get(user=intern).phone == "+590690123456"


@pytest.mark.parametrize("typed", ["appelez-moi le soir", "06 12 34", "+44 20 7946 0958"])
def test_a_phone_that_is_not_a_french_number_is_refused(client, intern, typed):
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(phone=typed))
    assert response.status_code == 200
    assert "Ce numéro de téléphone n&#x27;est pas valide" in response.content.decode()
    assert not Profile.objects.filter(user=intern, phone__gt="").exists()


def test_every_typed_field_of_the_profile_form_says_what_the_browser_may_fill(client, intern):
    client.force_login(intern)
    page = controls(client, reverse("accounts:profile_edit"))
    missing = [c["name"] for c in typed_controls(page) if not c.get("autocomplete")]
    assert missing == []
    assert page.by_name("first_name")["autocomplete"] == "given-name"
    assert page.by_name("last_name")["autocomplete"] == "family-name"


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        (
            "account_signup",
            {"email": ("email", "email"), "password1": ("password", "new-password")},
        ),
        (
            "account_login",
            {"login": ("email", "email"), "password": ("password", "current-password")},
        ),
    ],
)
def test_sign_up_and_login_fields_have_their_type_and_autocomplete(client, url_name, expected):
    page = controls(client, reverse(url_name))
    assert all(c.get("autocomplete") for c in typed_controls(page))
    for name, (input_type, token) in expected.items():
        control = page.by_name(name)
        assert (control["type"], control["autocomplete"]) == (input_type, token)


def test_a_duplicate_rpps_names_the_address_of_the_tenant_followed(client, intern, tenant):
    ProfileFactory(rpps="12345678903")
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(tenant))
    content = response.content.decode()
    assert "déjà enregistré sur un autre compte" in content
    assert tenant.contact_email in content
    assert "Écrivez-nous" not in content
    # Under the field, and in the summary where its link leads to the field.
    assert '<a href="#id_rpps">Numéro RPPS : Ce numéro RPPS est déjà enregistré' in content


@override_settings(DEFAULT_FROM_EMAIL="Cap Installation <bonjour@cap.example.fr>")
def test_a_duplicate_rpps_without_a_tenant_names_the_portal_address(client, intern):
    ProfileFactory(rpps="12345678903")
    client.force_login(intern)
    content = client.post(reverse("accounts:profile_edit"), _form_data()).content.decode()
    assert "écrivez à bonjour@cap.example.fr" in content
