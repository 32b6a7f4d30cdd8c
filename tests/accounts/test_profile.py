import pytest
from django.urls import reverse

from accounts.models import Profile, StepCompletion
from core.models import Departement
from tests.accounts.factories import ProfileFactory, SettlementStepFactory

pytestmark = pytest.mark.django_db


def _form_data(tenant=None, **overrides):
    data = {
        "first_name": "Inès",
        "last_name": "Roussel",
        "status": "interne",
        "rpps": "12345678903",
        "specialty": "medecine_generale",
        "faculty": "Université Paris-Est Créteil",
        "subdivision": "Île-de-France",
        "internship_year": "3",
        "maturity": "maturing",
        "departements_considered": [
            d.pk for d in Departement.objects.filter(insee_code__in=["91", "77"])
        ],
        "practice_mode": "liberal",
        "structure": "msp",
        "expected_installation": "2027-11-01",
        "phone": "06 12 34 56 78",
        "terms": "on",
        "share": "on",
    }
    if tenant is not None:
        data["followed_tenant"] = tenant.pk
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_filling_the_profile_records_project_and_dated_consents(client, intern, tenant):
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(tenant))
    assert response.status_code == 302
    profile = Profile.objects.get(user=intern)
    assert profile.rpps == "12345678903"
    assert set(profile.departements_considered.values_list("insee_code", flat=True)) == {"77", "91"}
    assert profile.terms_accepted_at is not None
    assert profile.share_consent_at is not None
    assert profile.contact_consent_at is None
    assert profile.completeness_percent() == 100
    intern.refresh_from_db()
    assert intern.get_full_name() == "Inès Roussel"


def test_withdrawing_a_consent_clears_its_date_and_keeping_it_keeps_the_first_date(
    client, intern, tenant
):
    client.force_login(intern)
    client.post(reverse("accounts:profile_edit"), _form_data(tenant, contact="on"))
    first = Profile.objects.get(user=intern)
    client.post(reverse("accounts:profile_edit"), _form_data(tenant, contact="on", share=None))
    second = Profile.objects.get(user=intern)
    assert second.share_consent_at is None
    assert second.contact_consent_at == first.contact_consent_at


@pytest.mark.parametrize(
    ("rpps", "message"),
    [
        ("12345678904", "clé de contrôle"),
        ("1234567890", "vous en avez saisi 10"),
        ("", "Le numéro RPPS est demandé"),
    ],
)
def test_bad_rpps_is_explained_and_what_was_typed_is_kept(client, intern, rpps, message):
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(rpps=rpps))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Université Paris-Est Créteil" in content  # nothing typed is lost
    assert not Profile.objects.get(user=intern).faculty


def test_rpps_is_optional_for_externes(client, intern):
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data(status="externe", rpps=""))
    assert response.status_code == 302


def test_an_rpps_already_used_by_another_account_is_refused(client, intern):
    ProfileFactory(rpps="12345678903")
    client.force_login(intern)
    response = client.post(reverse("accounts:profile_edit"), _form_data())
    assert response.status_code == 200
    assert "déjà enregistré sur un autre compte" in response.content.decode()


def test_profile_page_shows_what_to_do_next(client, intern):
    client.force_login(intern)
    content = client.get(reverse("accounts:profile")).content.decode()
    assert "Indiquez votre statut" in content
    assert (
        "Choisissez l&#x27;espace régional" in content or "Choisissez l'espace régional" in content
    )


def test_steps_of_the_followed_tenant_can_be_ticked(client, intern, tenant):
    step = SettlementStepFactory(tenant=tenant, title="Inscription au tableau de l'Ordre")
    ProfileFactory(user=intern, followed_tenant=tenant)
    client.force_login(intern)
    content = client.get(reverse("accounts:profile")).content.decode()
    assert "Inscription au tableau de l" in content
    assert tenant.referent_name in content
    client.post(reverse("accounts:toggle_step", args=[step.pk]), {"done": "1"})
    assert StepCompletion.objects.filter(profile__user=intern, step=step).exists()
    client.post(reverse("accounts:toggle_step", args=[step.pk]), {"done": "0"})
    assert not StepCompletion.objects.filter(profile__user=intern, step=step).exists()


def test_a_step_of_another_tenant_cannot_be_ticked(client, intern, tenant, other_tenant):
    foreign = SettlementStepFactory(tenant=other_tenant)
    ProfileFactory(user=intern, followed_tenant=tenant)
    client.force_login(intern)
    response = client.post(reverse("accounts:toggle_step", args=[foreign.pk]), {"done": "1"})
    assert response.status_code == 404
    assert not StepCompletion.objects.exists()


def test_case_manager_sees_only_people_who_shared_their_profile(client, tenant, case_manager):
    shared = ProfileFactory(followed_tenant=tenant, user__last_name="Partage")
    shared.share_consent_at = shared.updated_at
    shared.save()
    ProfileFactory(followed_tenant=tenant, user__last_name="Discret")
    client.force_login(case_manager)
    content = client.get(reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})).content
    assert b"Partage" in content
    assert b"Discret" not in content
