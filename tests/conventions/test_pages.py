"""The staff pages and forms: what a reader sees, what an admin can change."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conventions.models import (
    BudgetLine,
    BudgetNature,
    Convention,
    ConventionParty,
    Meeting,
    MeetingKind,
    Milestone,
    PartyRole,
)
from tests.conventions.factories import (
    AnnexFactory,
    BudgetLineFactory,
    ConventionFactory,
    MeetingFactory,
    MilestoneFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def _url(name, tenant, **kwargs):
    return reverse(f"conventions:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def _formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_list_shows_status_next_milestone_and_next_meeting(client, tenant, case_manager):
    convention = ConventionFactory(tenant=tenant, title="Convention CDOM")
    MilestoneFactory(
        convention=convention, label="Évaluation à 15 mois", due_date=None, months_after_start=15
    )
    MeetingFactory(
        convention=convention,
        kind=MeetingKind.FOLLOW_UP,
        starts_at=timezone.now() + timedelta(days=12),
    )
    MeetingFactory(convention=convention, starts_at=timezone.now() - timedelta(days=40))
    ConventionFactory(
        tenant=tenant,
        title="Ancienne",
        end_date=date(2020, 1, 1),
        signature_date=date(2018, 1, 1),
        start_date=date(2018, 1, 1),
        duration_months=None,
    )
    client.force_login(case_manager)
    page = client.get(_url("list", tenant)).content.decode()
    due = convention.months_after_start(15)
    assert f"{due:%d/%m/%Y} — Évaluation à 15 mois" in page
    assert "En vigueur" in page and "Échue" in page
    assert "Réunion de suivi" in page


def test_detail_shows_parties_timeline_next_meeting_and_annexes(client, tenant, steering):
    convention = ConventionFactory(tenant=tenant)
    partner = PartnerFactory(tenant=tenant, name="CPAM de l'Essonne")
    ConventionParty.objects.create(
        convention=convention,
        partner=partner,
        role=PartyRole.PARTNER,
        commitments="Désigne des interlocuteurs référents.",
    )
    MilestoneFactory(convention=convention, label="Bilan intermédiaire")
    nxt = MeetingFactory(convention=convention, starts_at=timezone.now() + timedelta(days=3))
    MeetingFactory(convention=convention, starts_at=timezone.now() + timedelta(days=90))
    annex = AnnexFactory(convention=convention, title="Permanences locales")
    BudgetLineFactory(annex=annex, year=2026, amount=120000)
    client.force_login(steering)
    response = client.get(_url("detail", tenant, pk=convention.pk))
    page = response.content.decode()
    assert response.context["next_meeting"] == nxt
    assert "Désigne des interlocuteurs référents." in page
    assert "Bilan intermédiaire" in page
    assert "Prochaine échéance" in page
    assert "Permanences locales" in page
    assert "120\xa0000\xa0€" in page


def test_annex_page_shows_objectives_budget_totals_and_indicators(client, tenant, steering):
    annex = AnnexFactory(
        convention=ConventionFactory(tenant=tenant),
        objectives="Informer et conseiller les médecins.",
        budget_text="120 000 € annuel financé par l'ARS.",
    )
    ars = PartnerFactory(tenant=tenant, name="ARS Île-de-France")
    for year in (2023, 2024):
        BudgetLineFactory(annex=annex, year=year, amount=120000, funder=ars)
        BudgetLineFactory(annex=annex, year=year, amount=90000, nature=BudgetNature.COST)
    annex.indicators.create(
        code="permanences-tenues",
        label="Permanences tenues",
        target=10,
        target_scope="departement",
        source="entered",
    )
    client.force_login(steering)
    response = client.get(_url("annex_detail", tenant, pk=annex.pk))
    page = response.content.decode()
    assert "Informer et conseiller les médecins." in page
    assert [row["funding"] for row in response.context["totals"]] == [120000, 120000]
    assert "120\xa0000\xa0€" in page and "90\xa0000\xa0€" in page
    assert "ARS Île-de-France" in page
    assert "Permanences tenues" in page
    assert "10 par département" in page


def test_an_admin_creates_a_convention_counted_from_an_event(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    response = client.post(
        _url("create", tenant),
        {
            "title": "Convention CDOM 91, 94, 77",
            "kind": "convention",
            "signature_date": "2026-01-15",
            "start_date": "2026-01-15",
            "start_event": "prise de fonction du/de la chargé(e) de mission",
            "start_event_date": "2026-03-02",
            "duration_months": "18",
        },
    )
    assert response.status_code == 302
    convention = Convention.objects.get(tenant=tenant)
    assert convention.ends_on == date(2027, 9, 1)


def test_a_convention_form_error_keeps_what_was_typed(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    response = client.post(
        _url("create", tenant),
        {
            "title": "Avenant sans convention",
            "kind": "amendment",
            "end_date": "2027-01-01",
            "duration_months": "12",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"amends", "duration_months"}
    assert 'value="Avenant sans convention"' in response.content.decode()
    assert not Convention.objects.exists()


def test_an_amendment_can_only_amend_a_convention_of_this_tenant(
    client, tenant, other_tenant, tenant_admin
):
    theirs = ConventionFactory(tenant=other_tenant)
    client.force_login(tenant_admin)
    response = client.post(
        _url("create", tenant),
        {"title": "Avenant 1", "kind": "amendment", "amends": str(theirs.pk)},
    )
    assert response.status_code == 200
    assert "amends" in response.context["form"].errors
    ours = ConventionFactory(tenant=tenant)
    response = client.post(
        _url("create", tenant),
        {"title": "Avenant 1", "kind": "amendment", "amends": str(ours.pk)},
    )
    assert response.status_code == 302
    assert Convention.objects.get(title="Avenant 1").amends == ours


def test_parties_refuse_a_partner_of_another_tenant(client, tenant, other_tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant)
    theirs = PartnerFactory(tenant=other_tenant)
    ours = PartnerFactory(tenant=tenant)
    client.force_login(tenant_admin)
    url = _url("parties", tenant, pk=convention.pk)
    row = {"role": PartyRole.FUNDER, "commitments": "Finance son salaire."}
    response = client.post(url, _formset("parties", [{**row, "partner": theirs.pk}]))
    assert response.status_code == 200
    assert not ConventionParty.objects.exists()
    response = client.post(url, _formset("parties", [{**row, "partner": ours.pk}]))
    assert response.status_code == 302
    party = ConventionParty.objects.get()
    assert (party.partner, party.tenant) == (ours, tenant)


def test_milestones_and_cadences_are_saved_together(client, tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    data = _formset(
        "jalons", [{"label": "Évaluation à 15 mois", "months_after_start": "15"}]
    ) | _formset("rythmes", [{"meeting_kind": MeetingKind.FOLLOW_UP, "every_months": "3"}])
    response = client.post(_url("schedule", tenant, pk=convention.pk), data)
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.months_after_start == 15
    assert milestone.due_on == convention.months_after_start(15)
    assert convention.cadences.get().every_months == 3


def test_a_milestone_needs_a_date_or_a_number_of_months(client, tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant)
    client.force_login(tenant_admin)
    data = _formset("jalons", [{"label": "Sans date"}]) | _formset("rythmes", [])
    response = client.post(_url("schedule", tenant, pk=convention.pk), data)
    assert response.status_code == 200
    assert "Jalon 1" in response.content.decode()
    assert not Milestone.objects.exists()


def test_budget_lines_are_edited_on_one_page(client, tenant, tenant_admin):
    annex = AnnexFactory(convention=ConventionFactory(tenant=tenant))
    kept = BudgetLineFactory(annex=annex, year=2023, amount=50000)
    dropped = BudgetLineFactory(annex=annex, year=2024, amount=1)
    ars = PartnerFactory(tenant=tenant)
    client.force_login(tenant_admin)
    rows = [
        {
            "id": kept.pk,
            "nature": "funding",
            "year": "2023",
            "amount": "50000",
            "funder": ars.pk,
            "pays_for": "Financement annuel",
        },
        {
            "id": dropped.pk,
            "nature": "funding",
            "year": "2024",
            "amount": "1",
            "pays_for": "Erreur",
            "DELETE": "on",
        },
        {"nature": "cost", "year": "2023", "amount": "90000", "pays_for": "1 ETP"},
    ]
    response = client.post(_url("annex_budget", tenant, pk=annex.pk), _formset("lignes", rows, 2))
    assert response.status_code == 302
    assert annex.totals_by_year() == [{"year": 2023, "funding": 50000, "cost": 90000}]
    assert BudgetLine.objects.get(pk=kept.pk).funder == ars
    assert BudgetLine.objects.filter(annex=annex).count() == 2


def test_a_meeting_with_attendees_and_decisions(client, tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant)
    cdom = PartnerFactory(tenant=tenant, name="CDOM de l'Essonne")
    client.force_login(tenant_admin)
    starts = timezone.localtime() + timedelta(days=10)
    data = {
        "kind": MeetingKind.FOLLOW_UP,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "attendees": [cdom.pk],
        "agenda": "Point d'étape",
    } | _formset(
        "decisions",
        [
            {
                "text": "Préparer l'évaluation à 15 mois",
                "owner_partner": cdom.pk,
                "due_date": "2027-05-01",
            }
        ],
    )
    response = client.post(_url("meeting_create", tenant, pk=convention.pk), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.all()) == [cdom]
    decision = meeting.decisions.get()
    assert (decision.owner, decision.tenant) == ("CDOM de l'Essonne", tenant)
    page = client.get(_url("detail", tenant, pk=convention.pk)).content.decode()
    assert _url("meeting_detail", tenant, pk=meeting.pk) in page
