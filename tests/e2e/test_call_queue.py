"""A case manager works three people from the call queue in Chromium (one reached, one to call
back, one qualified project) and records the qualified one's installation."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from caseload.models import (
    CampaignTarget,
    FollowUp,
    InstallationOutcome,
    Interaction,
    Stage,
    TargetStatus,
)
from tests.accounts.factories import TenantFactory, staff_member
from tests.caseload.factories import CampaignFactory, CampaignTargetFactory, DossierFactory
from tests.e2e.sessions import log_in_with_a_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_manager_works_the_call_queue_and_records_an_installation(live_server, page):
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    case_manager = staff_member(tenant, Role.CASE_MANAGER, email="claire@example.org")
    campaign = CampaignFactory(tenant=tenant, name="Aller vers 2026")
    people = [
        DossierFactory(tenant=tenant, first_name=first, last_name=last, assigned_to=case_manager)
        for first, last in [("Alice", "Martin"), ("Bruno", "Petit"), ("Chloé", "Garnier")]
    ]
    for dossier in people:
        CampaignTargetFactory(campaign=campaign, dossier=dossier)
    alice, bruno, chloe = people
    base = live_server.url
    log_in_with_a_session(page, base, case_manager)

    # From the campaign to the queue.
    page.goto(f"{base}/idf/suivi/campagnes/{campaign.pk}/")
    page.get_by_role("link", name=re.compile(r"^Appeler \(3 personnes")).click()
    page.get_by_role("heading", name="Appeler Alice Martin").wait_for()

    # 1. Alice is reached.
    page.get_by_label("Compte rendu").fill("Remplaçante à Melun, réfléchit à une installation.")
    page.get_by_role("button", name="Joint(e)", exact=True).click()
    page.get_by_text("Appel enregistré pour Alice Martin.").wait_for()

    # 2. Bruno asks to be called back on Thursday.
    page.get_by_role("heading", name="Appeler Bruno Petit").wait_for()
    call_back = timezone.localtime() + timedelta(days=2)
    page.get_by_label("Rappeler le").fill(call_back.strftime("%Y-%m-%dT10:30"))
    page.get_by_role("button", name="À rappeler à cette date").click()
    page.get_by_text("Appel enregistré pour Bruno Petit.").wait_for()

    # 3. Chloé has a project: qualified.
    page.get_by_role("heading", name="Appeler Chloé Garnier").wait_for()
    page.get_by_label("Compte rendu").fill("Projet en MSP à Étampes pour l'automne.")
    page.get_by_role("button", name="Projet qualifié").click()
    page.get_by_text("Appel enregistré pour Chloé Garnier.").wait_for()

    # Alice comes back at the end of the queue (reached, not concluded); Bruno does not.
    page.get_by_role("heading", name="Appeler Alice Martin").wait_for()
    expect(page.get_by_text("1 tentative d'appel dans cette campagne")).to_be_visible()
    expect(page.get_by_text("1 personne dans la file")).to_be_visible()

    targets = {t.dossier_id: t for t in CampaignTarget.objects.filter(campaign=campaign)}
    assert targets[alice.pk].status == TargetStatus.REACHED
    assert targets[bruno.pk].status == TargetStatus.CALL_BACK
    assert timezone.localtime(targets[bruno.pk].call_back_at).strftime("%d %H:%M") == (
        call_back.strftime("%d 10:30")
    )
    assert targets[chloe.pk].status == TargetStatus.QUALIFIED
    assert all(t.attempts == 1 for t in targets.values())
    assert Interaction.objects.filter(campaign=campaign, author=case_manager).count() == 3

    # The campaign's progress.
    page.get_by_role("button", name="Quitter la file d'appels").click()
    page.get_by_text("Vous avez quitté la file d'appels.").wait_for()
    row = page.get_by_role("row").filter(has_text="Projets qualifiés")
    assert row.get_by_role("cell").inner_text().strip() == "1"

    # Chloé's installation, from her dossier.
    page.goto(f"{base}/idf/suivi/dossiers/{chloe.pk}/")
    expect(page.get_by_text("Projet en MSP à Étampes pour l'automne.")).to_be_visible()
    page.get_by_role("link", name="Enregistrer l'installation").click()
    page.get_by_label("Date d'installation").fill("2026-09-01")
    page.get_by_label("Commune").fill("Étampes")
    page.get_by_label("Département").select_option(label="91 — Essonne")
    page.get_by_label("Mode d'exercice").select_option(label="Libéral")
    page.get_by_label("Structure").select_option(label="Maison de santé pluriprofessionnelle (MSP)")
    page.get_by_label("Zonage").select_option(label="Zone d'intervention prioritaire (ZIP)")
    page.get_by_label("Contrat de début d'exercice (CDE)").check()
    page.get_by_label("Aides des collectivités locales").check()
    page.get_by_role("button", name="Enregistrer l'installation").click()
    page.get_by_text(
        "Installation enregistrée : les points de suivi des 12 mois sont programmés."
    ).wait_for()
    table = page.get_by_role("table", name="Points de suivi après l'installation")
    for label, due in [
        ("M+1", "1 octobre 2026"),
        ("M+3", "1 décembre 2026"),
        ("M+6", "1 mars 2027"),
        ("M+12", "1 septembre 2027"),
    ]:
        assert table.get_by_role("row").filter(has_text=label).filter(has_text=due).count() == 1

    chloe.refresh_from_db()
    assert chloe.stage == Stage.INSTALLED
    assert InstallationOutcome.objects.get(dossier=chloe).aids_obtained == ["cde", "local"]
    assert FollowUp.objects.filter(dossier=chloe).count() == 4
