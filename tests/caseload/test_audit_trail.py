"""The caseload's reads and downloads in the tenant's audit trail: a case manager shown a
person's shared profile (dossier page, call queue), an import's errors downloaded, a person
downloading their own data; and erasure leaves the trail without the person's identity."""

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from caseload import imports
from caseload.models import ImportKind
from privacy import rgpd
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.caseload.data_helpers import _media_root, contact_row, csv_bytes, upload  # noqa: F401
from tests.caseload.factories import CampaignFactory, CampaignTargetFactory, DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tenant):
    user = UserFactory(email="ines@example.org", first_name="Inès", last_name="Roussel")
    ProfileFactory(user=user, followed_tenant=tenant, share_consent_at=timezone.now())
    return user


def _reads():
    return LogEntry.objects.filter(additional_data__event="profile_read")


def test_a_dossier_page_showing_a_shared_profile_is_a_profile_read(
    client, tenant, case_manager, person
):
    dossier = DossierFactory(tenant=tenant, person=person)
    client.force_login(case_manager)
    client.get(reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk}))
    entry = _reads().get()
    assert entry.actor == case_manager
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "event": "profile_read",
        "person": person.pk,
        "via": "dossier",
        "dossier": dossier.pk,
    }
    assert "Inès" not in entry.object_repr and "ines@" not in json.dumps(entry.additional_data)


def test_a_dossier_without_a_shared_profile_reads_no_profile(client, tenant, case_manager):
    unshared = UserFactory()
    ProfileFactory(user=unshared)  # follows nobody
    dossier = DossierFactory(tenant=tenant, person=unshared)
    client.force_login(case_manager)
    client.get(reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk}))
    assert not _reads().exists()


def test_the_call_queue_showing_a_shared_profile_is_a_profile_read(
    client, tenant, case_manager, person
):
    campaign = CampaignFactory(tenant=tenant)
    CampaignTargetFactory(campaign=campaign, dossier=DossierFactory(tenant=tenant, person=person))
    client.force_login(case_manager)
    url = reverse("caseload:call_queue", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    assert client.get(url).status_code == 200
    assert _reads().get().additional_data["via"] == "call_queue"


def test_downloading_an_imports_errors_is_audited(client, tenant, case_manager):
    job = imports.start_import(
        tenant=tenant,
        kind=ImportKind.CONTACTS,
        uploaded_file=upload("contacts.csv", csv_bytes([contact_row(1, **{"E-mail": "x"})])),
        user=case_manager,
    )
    client.force_login(case_manager)
    url = reverse("caseload:import_errors", kwargs={"tenant_slug": tenant.slug, "pk": job.pk})
    b"".join(client.get(url).streaming_content)
    entry = LogEntry.objects.get(additional_data__event="import_errors_download")
    assert entry.additional_data == {
        "tenant": tenant.pk,
        "event": "import_errors_download",
        "job": job.pk,
    }


def test_a_persons_own_download_is_theirs_in_no_tenants_journal(client, person):
    client.force_login(person)
    client.get(reverse("privacy:my_data_json"))
    entry = LogEntry.objects.get(additional_data__event="personal_data_download")
    assert entry.actor == person
    assert entry.additional_data["tenant"] is None


def test_erasure_leaves_the_trail_without_the_persons_identity(
    client, tenant, tenant_admin, case_manager, person
):
    dossier = DossierFactory(tenant=tenant, person=person, email=person.email)
    client.force_login(case_manager)
    client.get(reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk}))
    client.force_login(person)
    client.get(reverse("privacy:my_data_json"), REMOTE_ADDR="203.0.113.7")
    download = LogEntry.objects.get(additional_data__event="personal_data_download")
    assert (download.actor_email, download.remote_addr) == (person.email, "203.0.113.7")

    rgpd.erase_person(user=person)

    logged = json.dumps(
        list(
            LogEntry.objects.values(
                "object_repr", "changes", "additional_data", "actor_email", "remote_addr"
            )
        ),
        ensure_ascii=False,
    )
    assert "ines@example.org" not in logged
    assert "Inès" not in logged and "Roussel" not in logged
    assert "203.0.113.7" not in logged
    # The journal still says a profile was read, by whom and when, naming nobody.
    client.force_login(tenant_admin)
    page = client.get(
        reverse("tenant_admin:journal", kwargs={"tenant_slug": tenant.slug}),
        {"kind": "e:profile_read"},
    ).content.decode()
    assert "Profil consulté par l&#x27;équipe" in page or "Profil consulté par l'équipe" in page
    assert "Compte supprimé ou désactivé" in page
    assert "Roussel" not in page and "ines@example.org" not in page
