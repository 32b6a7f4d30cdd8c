"""The demo caseload: a campaign of a few hundred contacts at every stage, installations with
some touchpoints late, and the demo interns who shared their profile linked to their dossier."""

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Profile
from caseload.demo import CONTACTS, DEMO_CAMPAIGN, seed_caseload
from caseload.models import Campaign, Dossier, FollowUp, InstallationOutcome, Stage, StageChange
from caseload.selectors import call_queue

pytestmark = pytest.mark.django_db


def test_seed_caseload_is_varied_and_idempotent():
    idf, _pm64 = accounts_demo.seed_tenants()
    accounts_demo.seed_staff(idf)
    accounts_demo.seed_interns(idf)
    shared = Profile.objects.filter(followed_tenant=idf, share_consent_at__isnull=False).count()

    created = seed_caseload(idf)
    assert created == CONTACTS + shared
    campaign = Campaign.objects.get(tenant=idf, name=DEMO_CAMPAIGN)
    assert campaign.targets.count() == CONTACTS
    stages = set(Dossier.objects.filter(tenant=idf).values_list("stage", flat=True))
    assert stages == set(Stage.values)
    today = timezone.localdate()
    assert FollowUp.objects.filter(tenant=idf).overdue(today).exists()
    assert FollowUp.objects.filter(tenant=idf, done_at__isnull=False).exists()
    assert InstallationOutcome.objects.filter(tenant=idf).count() >= 5
    linked = Dossier.objects.filter(tenant=idf, person__isnull=False)
    assert linked.count() == shared
    assert all(d.person.email == d.email for d in linked)
    # Every dossier has a history, and the call queue starts with a due call-back.
    assert not Dossier.objects.filter(tenant=idf, stage_changes__isnull=True).exists()
    head = call_queue(campaign, user=None, now=timezone.now()).first()
    assert head.status == "call_back"
    assert Dossier.objects.filter(tenant=idf, do_not_call=True).exists()
    assert (
        not Dossier.objects.filter(tenant=idf)
        .exclude(email__endswith="example.org")
        .exclude(person__isnull=False)
        .exists()
    )

    before = (Dossier.objects.count(), StageChange.objects.count(), FollowUp.objects.count())
    assert seed_caseload(idf) == 0
    assert (
        Dossier.objects.count(),
        StageChange.objects.count(),
        FollowUp.objects.count(),
    ) == before
