"""Call campaigns: created from the dossier filters, people added later, and the progress
figures (reached, qualified, projects, installations)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseload import services
from caseload.models import Campaign, CampaignTarget, Outcome, Stage, TargetStatus
from caseload.selectors import campaign_progress, queue_size
from tests.caseload.factories import CampaignFactory, CampaignTargetFactory, DossierFactory

pytestmark = pytest.mark.django_db


def test_a_campaign_targets_the_filtered_dossiers_except_do_not_call_and_closed(
    client, tenant, case_manager, other_tenant
):
    wanted = DossierFactory.create_batch(3, tenant=tenant, diploma_year=2015, tags=["CESP"])
    DossierFactory(tenant=tenant, tags=["CESP"], do_not_call=True)
    DossierFactory(tenant=tenant, tags=["CESP"], stage=Stage.CLOSED, closed_reason="other")
    DossierFactory(tenant=tenant, tags=[])
    DossierFactory(tenant=other_tenant, tags=["CESP"])
    client.force_login(case_manager)
    create = reverse("caseload:campaign_create", kwargs={"tenant_slug": tenant.slug})
    preview = client.get(create, {"tag": "CESP", "assigned_to": ""})
    assert preview.context["matching"] == 3
    response = client.post(
        f"{create}?tag=CESP&assigned_to=",
        {"name": "Aller vers CESP", "case_managers": [case_manager.pk]},
    )
    campaign = Campaign.objects.get(name="Aller vers CESP")
    assert response.url == reverse(
        "caseload:campaign", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk}
    )
    assert {t.dossier for t in campaign.targets.all()} == set(wanted)
    assert list(campaign.case_managers.all()) == [case_manager]


def test_adding_people_skips_those_already_in_the_campaign(client, tenant, case_manager):
    campaign = CampaignFactory(tenant=tenant)
    already = DossierFactory(tenant=tenant, faculty="UPEC")
    CampaignTargetFactory(campaign=campaign, dossier=already)
    new = DossierFactory(tenant=tenant, faculty="UPEC")
    assert services.add_targets(campaign=campaign, dossiers=[already.pk, new.pk]) == 1
    assert services.add_targets(campaign=campaign, dossiers=[already.pk, new.pk]) == 0
    client.force_login(case_manager)
    url = reverse("caseload:campaign_add", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    DossierFactory(tenant=tenant)
    assert client.get(url, {"assigned_to": ""}).context["matching"] == 1
    client.post(f"{url}?assigned_to=")
    assert campaign.targets.count() == 3


def test_progress_counts_reached_qualified_projects_and_installations(tenant, case_manager):
    campaign = CampaignFactory(tenant=tenant)

    def person(**dossier):
        return CampaignTargetFactory(
            campaign=campaign, dossier=DossierFactory(tenant=tenant, **dossier)
        )

    untouched = person()
    for outcome in (
        Outcome.NOT_REACHED,
        Outcome.REACHED,
        Outcome.QUALIFIED,
        Outcome.NOT_INTERESTED,
    ):
        target = person()
        services.log_interaction(
            dossier=target.dossier, target=target, kind="call", author=case_manager, outcome=outcome
        )
    # Reached once, then asked to be called back: still reached.
    later = person()
    services.log_interaction(
        dossier=later.dossier,
        target=later,
        kind="call",
        author=case_manager,
        outcome=Outcome.REACHED,
    )
    services.log_interaction(
        dossier=later.dossier,
        target=later,
        kind="call",
        author=case_manager,
        outcome=Outcome.CALL_BACK,
        call_back_at=timezone.now() + timedelta(days=1),
    )
    person(stage=Stage.DEFINED)
    person(stage=Stage.UNDER_WAY)
    person(stage=Stage.INSTALLED)
    person(stage=Stage.FOLLOWED)
    now = timezone.now()
    progress = campaign_progress(campaign, user=case_manager, now=now)
    # In the queue: the untouched, the one not reached, the one reached and the four projects;
    # not the qualified, the not interested, nor the call-back set for tomorrow.
    assert progress["in_queue"] == queue_size(campaign, user=case_manager, now=now) == 7
    del progress["in_queue"]
    assert progress == {
        "total": 10,
        "attempted": 5,
        "reached": 4,
        "qualified": 1,
        "call_backs": 1,
        "not_interested": 1,
        "do_not_call": 0,
        "projects": 4,
        "installations": 2,
    }
    assert untouched.status == TargetStatus.PENDING


def test_the_progress_page(client, tenant, case_manager):
    campaign = CampaignFactory(tenant=tenant, name="Aller vers 2026")
    CampaignTargetFactory(campaign=campaign, status=TargetStatus.QUALIFIED, attempts=1)
    client.force_login(case_manager)
    page = client.get(
        reverse("caseload:campaign", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    ).content.decode()
    assert "Aller vers 2026" in page and "Projets qualifiés" in page
    assert (
        client.get(reverse("caseload:campaign_list", kwargs={"tenant_slug": tenant.slug}))
        .context["campaigns"][0]
        .qualified_count
        == 1
    )


def test_a_finished_campaign_closes_its_queue(client, tenant, case_manager):
    campaign = CampaignFactory(tenant=tenant)
    CampaignTargetFactory(campaign=campaign)
    client.force_login(case_manager)
    client.post(
        reverse("caseload:campaign_toggle", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    )
    campaign.refresh_from_db()
    assert campaign.is_active is False
    response = client.get(
        reverse("caseload:call_queue", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})
    )
    assert response.status_code == 302
    assert not CampaignTarget.objects.filter(claimed_by__isnull=False).exists()


def test_an_outcome_logged_on_the_dossier_updates_running_campaigns(tenant, case_manager):
    target = CampaignTargetFactory(campaign=CampaignFactory(tenant=tenant))
    finished = CampaignTargetFactory(
        campaign=CampaignFactory(tenant=tenant, is_active=False), dossier=target.dossier
    )
    services.log_interaction(
        dossier=target.dossier, kind="meeting", author=case_manager, outcome=Outcome.NOT_INTERESTED
    )
    target.refresh_from_db()
    finished.refresh_from_db()
    assert target.status == TargetStatus.NOT_INTERESTED
    assert target.attempts == 0  # a meeting is not a call attempt
    assert finished.status == TargetStatus.PENDING
