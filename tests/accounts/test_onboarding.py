"""The terms of use, versioned, and the short "Votre projet" step before a first booking."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from accounts.onboarding import TERMS, missing_for_booking, ready_to_book
from tests.accounts.factories import UserFactory, complete_profile

pytestmark = pytest.mark.django_db

PROJECT = reverse("accounts:project")
VALID_RPPS = "12345678903"


def _project_data(**changes):
    data = {
        "status": "interne",
        "specialty": "medecine_generale",
        "departements_considered": ["91"],
        "rpps": VALID_RPPS,
        "phone": "06 12 34 56 78",
        "terms": "on",
    }
    data.update(changes)
    return data


def _departement_ids(codes):
    from core.models import Departement

    return [
        str(pk)
        for pk in Departement.objects.filter(insee_code__in=codes).values_list("pk", flat=True)
    ]


def test_the_terms_page_is_public_and_names_its_version(client, settings):
    settings.TERMS_VERSION = "2027-03"
    response = client.get(reverse("terms"))
    assert response.status_code == 200
    assert "Conditions d'utilisation" in response.text
    assert "Version 2027-03" in response.text


def test_a_new_version_of_the_terms_asks_again(intern, settings):
    profile = complete_profile(intern)
    assert ready_to_book(intern)
    settings.TERMS_VERSION = "2099-01"
    assert missing_for_booking(profile) == [TERMS]
    assert not ready_to_book(intern)


def test_an_empty_profile_misses_every_field_of_the_step(intern):
    profile = Profile.objects.create(user=intern)
    assert missing_for_booking(profile) == [
        "status",
        "specialty",
        "departements_considered",
        "rpps",
        "phone",
        TERMS,
    ]


def test_an_externe_books_without_rpps(intern):
    profile = complete_profile(intern, status="externe", rpps="")
    assert missing_for_booking(profile) == []


@pytest.mark.parametrize(
    ("change", "may_book"),
    [
        ({}, True),
        ({"status": "externe", "rpps": ""}, True),
        ({"status": ""}, False),
        ({"specialty": ""}, False),
        ({"rpps": ""}, False),
        ({"phone": ""}, False),
        ({"terms_accepted_at": None}, False),
        ({"terms_version": "2000-01"}, False),
        ({"departements_considered": []}, False),
    ],
    ids=lambda value: ",".join(value) if isinstance(value, dict) else None,
)
def test_the_booking_query_and_the_step_agree_on_who_may_book(intern, change, may_book):
    """The booking service reads readiness in SQL (ready_profiles), the step lists what is
    missing in Python (missing_for_booking): one rule, so both give the same answer."""
    profile = complete_profile(intern, status="interne", rpps=VALID_RPPS)
    change = dict(change)
    if "departements_considered" in change:
        profile.departements_considered.set(change.pop("departements_considered"))
    Profile.objects.filter(pk=profile.pk).update(**change)
    profile = Profile.objects.get(pk=profile.pk)
    assert ready_to_book(intern) is may_book
    assert (missing_for_booking(profile) == []) is may_book


def test_the_step_records_the_fields_and_the_terms_version_then_goes_next(client, intern, settings):
    settings.TERMS_VERSION = "2027-03"
    client.force_login(intern)
    next_url = "/idf/permanences/12/"
    data = _project_data(departements_considered=_departement_ids(["91", "77"]), next=next_url)
    response = client.post(PROJECT, data)
    assert response.status_code == 302
    assert response["Location"] == next_url
    profile = Profile.objects.get(user=intern)
    assert (profile.status, profile.specialty, profile.rpps) == (
        "interne",
        "medecine_generale",
        VALID_RPPS,
    )
    assert profile.phone == "+33612345678"  # stored in E.164
    assert profile.terms_version == "2027-03"
    assert profile.terms_accepted_at is not None
    assert set(profile.departements_considered.values_list("insee_code", flat=True)) == {
        "77",
        "91",
    }
    assert ready_to_book(intern)


def test_the_step_reuses_the_profile_checks_and_keeps_what_was_typed(client, intern):
    client.force_login(intern)
    data = _project_data(
        departements_considered=_departement_ids(["91"]), rpps="12345678904", terms=""
    )
    response = client.post(PROJECT, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"rpps", "terms"}
    assert "La clé de contrôle" in str(form.errors["rpps"])
    assert 'value="06 12 34 56 78"' in response.text
    assert not ready_to_book(intern)


def test_the_step_asks_only_what_the_case_manager_needs(client, intern):
    client.force_login(intern)
    response = client.get(PROJECT)
    assert list(response.context["form"].fields) == [
        "status",
        "specialty",
        "departements_considered",
        "rpps",
        "phone",
        "terms",
    ]
    # The box links to the text it accepts and to the privacy notice.
    assert reverse("terms") in response.text
    assert reverse("privacy") in response.text


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.org/", "//evil.example.org/x", "javascript:alert(1)"]
)
def test_the_step_never_leaves_the_site(client, intern, next_url):
    client.force_login(intern)
    data = _project_data(departements_considered=_departement_ids(["91"]), next=next_url)
    response = client.post(f"{PROJECT}?next={next_url}", data)
    assert response.status_code == 302
    assert response["Location"] == reverse("intern_home")


def test_a_newer_version_unticks_the_box_and_says_why(client, intern, settings):
    complete_profile(intern)
    settings.TERMS_VERSION = "2099-01"
    client.force_login(intern)
    response = client.get(PROJECT)
    assert response.context["form"]["terms"].initial is False
    assert "Les conditions d'utilisation ont changé" in response.text
    response = client.post(
        PROJECT,
        _project_data(departements_considered=_departement_ids(["91"]), status="externe", rpps=""),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=intern)
    assert profile.terms_version == "2099-01"
    assert timezone.now() - profile.terms_accepted_at < timedelta(minutes=1)


def test_the_step_needs_login(client):
    response = client.get(PROJECT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_after_login_a_new_intern_goes_to_the_step_then_the_landing(client, intern):
    client.force_login(intern)
    response = client.get(reverse("after_login"))
    assert response["Location"] == f"{PROJECT}?next=%2Fmoi%2Fpermanences%2F"


def test_after_login_a_ready_intern_lands_on_their_permanences(client):
    user = UserFactory()
    complete_profile(user)
    client.force_login(user)
    response = client.get(reverse("after_login"))
    assert response["Location"] == reverse("intern_home")
