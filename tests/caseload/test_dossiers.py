"""Dossiers: creation, the edit form's optimistic concurrency, stage and case manager changes
with their history, the admin's bulk transfer, and the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.demo import rpps_for
from caseload import services
from caseload.models import (
    AssignmentChange,
    ClosedReason,
    Dossier,
    Interaction,
    Stage,
    StageChange,
)
from permanences.models import BookingStatus
from tests.caseload.factories import DossierFactory, InteractionFactory
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

RPPS = rpps_for(424242)
STALE = "a été modifié par quelqu&#x27;un d&#x27;autre entre-temps"


def url(name, tenant, **kwargs):
    return reverse(f"caseload:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def edit_data(dossier, **changes):
    data = {
        "version": dossier.version,
        "first_name": dossier.first_name,
        "last_name": dossier.last_name,
        "email": dossier.email,
        "phone": dossier.phone,
        "rpps": dossier.rpps,
        "specialty": dossier.specialty,
        "source": dossier.source,
        "tags": ", ".join(dossier.tags),
        "diploma_year": dossier.diploma_year or "",
        "faculty": dossier.faculty,
        "target_departement": dossier.target_departement_id or "",
        "target_commune": dossier.target_commune,
        "practice_mode": dossier.practice_mode,
        "zone_type": dossier.zone_type,
        "next_action": dossier.next_action,
        "next_action_on": dossier.next_action_on or "",
    }
    if dossier.do_not_call:
        data["do_not_call"] = "on"
    data.update(changes)
    return data


# Optimistic concurrency


def test_the_second_of_two_concurrent_saves_is_refused_and_overwrites_nothing(
    tenant, case_manager, other_case_manager
):
    dossier = DossierFactory(tenant=tenant, phone="01 00 00 00 00")
    read_by_first = Dossier.objects.get(pk=dossier.pk)
    read_by_second = Dossier.objects.get(pk=dossier.pk)
    services.update_dossier(
        dossier=read_by_first,
        version=read_by_first.version,
        changes={"phone": "06 11 11 11 11"},
        acting_user=case_manager,
    )
    with pytest.raises(services.DossierError) as error:
        services.update_dossier(
            dossier=read_by_second,
            version=read_by_second.version,
            changes={"phone": "07 22 22 22 22", "faculty": "Sorbonne"},
            acting_user=other_case_manager,
        )
    assert error.value.code == "stale"
    dossier.refresh_from_db()
    assert (dossier.phone, dossier.faculty, dossier.version) == ("06 11 11 11 11", "", 2)


def test_two_editors_through_the_form(client, tenant, case_manager, other_case_manager):
    dossier = DossierFactory(tenant=tenant, target_commune="")
    edit = url("dossier_edit", tenant, pk=dossier.pk)
    # Both open the form (same version), the first saves.
    client.force_login(case_manager)
    assert client.post(edit, edit_data(dossier, target_commune="Melun")).status_code == 302
    # The second's save, from the page they had open, is refused with the reason, and what
    # they typed is still in the form.
    client.force_login(other_case_manager)
    response = client.post(edit, edit_data(dossier, target_commune="Provins", faculty="UPEC"))
    assert response.status_code == 200
    page = response.content.decode()
    assert STALE in page
    assert 'value="Provins"' in page
    dossier.refresh_from_db()
    assert (dossier.target_commune, dossier.faculty) == ("Melun", "")
    # After reloading (the new version), their change goes through.
    assert client.post(edit, edit_data(dossier, faculty="UPEC")).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.target_commune, dossier.faculty) == ("Melun", "UPEC")


def test_a_stage_change_made_meanwhile_also_makes_the_form_stale(client, tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    opened = edit_data(dossier, phone="06 99 99 99 99")
    services.change_stage(dossier=dossier, to_stage=Stage.CONTACTED, acting_user=case_manager)
    client.force_login(case_manager)
    response = client.post(url("dossier_edit", tenant, pk=dossier.pk), opened)
    assert STALE in response.content.decode()


def test_the_form_refuses_a_bad_rpps_and_a_duplicate_email(client, tenant, case_manager):
    DossierFactory(tenant=tenant, email="deja@example.org")
    dossier = DossierFactory(tenant=tenant)
    client.force_login(case_manager)
    response = client.post(
        url("dossier_edit", tenant, pk=dossier.pk),
        edit_data(dossier, rpps="10000000000", email="DEJA@example.org"),
    )
    page = response.content.decode()
    assert "La clé de contrôle" in page
    assert "Un autre dossier de l&#x27;espace a déjà cette adresse." in page
    dossier.refresh_from_db()
    assert dossier.email != "deja@example.org"


def test_creating_a_dossier_records_its_first_stage_and_case_manager(client, tenant, case_manager):
    client.force_login(case_manager)
    response = client.post(
        url("dossier_create", tenant),
        {
            "first_name": "Jeanne",
            "last_name": "Moulin",
            "email": "Jeanne.Moulin@Example.org",
            "rpps": " ".join([RPPS[:2], RPPS[2:5], RPPS[5:8], RPPS[8:]]),
            "stage": Stage.TO_CONTACT,
            "assigned_to": case_manager.pk,
            "source": "faculty_event",
            "tags": "CESP, thèse 2026, cesp",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(last_name="Moulin")
    assert (dossier.email, dossier.rpps, dossier.tags) == (
        "jeanne.moulin@example.org",
        RPPS,
        ["CESP", "thèse 2026"],
    )
    assert dossier.stage_changes.get().to_stage == Stage.TO_CONTACT
    assert dossier.assignments.get().to_user == case_manager


# Stage and case manager


def test_closing_requires_a_reason(client, tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    with pytest.raises(services.DossierError):
        services.change_stage(dossier=dossier, to_stage=Stage.CLOSED, acting_user=case_manager)
    client.force_login(case_manager)
    response = client.post(
        url("dossier_stage", tenant, pk=dossier.pk),
        {"stage": "closed", "reason": "", "version": dossier.version},
        follow=True,
    )
    assert "Indiquez pourquoi le dossier est clos." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.stage == Stage.TO_CONTACT
    client.post(
        url("dossier_stage", tenant, pk=dossier.pk),
        {"stage": "closed", "reason": ClosedReason.LOST_CONTACT, "version": dossier.version},
    )
    dossier.refresh_from_db()
    assert (dossier.stage, dossier.closed_reason) == (Stage.CLOSED, ClosedReason.LOST_CONTACT)
    assert dossier.closed_at is not None
    change = dossier.stage_changes.first()
    assert (change.from_stage, change.to_stage, change.reason, change.changed_by) == (
        Stage.TO_CONTACT,
        Stage.CLOSED,
        ClosedReason.LOST_CONTACT,
        case_manager,
    )
    # Reopening clears the reason.
    services.change_stage(dossier=dossier, to_stage=Stage.CONTACTED, acting_user=case_manager)
    dossier.refresh_from_db()
    assert (dossier.closed_reason, dossier.closed_at) == ("", None)


def test_installed_needs_the_installation_form(tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    with pytest.raises(services.DossierError) as error:
        services.change_stage(dossier=dossier, to_stage=Stage.INSTALLED, acting_user=case_manager)
    assert error.value.code == "installation_required"


def test_handovers_are_kept_in_the_history(
    tenant, tenant_admin, case_manager, other_case_manager, host
):
    dossier = DossierFactory(tenant=tenant)
    services.assign_dossier(dossier=dossier, to_user=case_manager, acting_user=tenant_admin)
    services.assign_dossier(dossier=dossier, to_user=other_case_manager, acting_user=tenant_admin)
    services.assign_dossier(dossier=dossier, to_user=other_case_manager, acting_user=tenant_admin)
    history = list(dossier.assignments.values_list("from_user", "to_user"))
    assert history == [(case_manager.pk, other_case_manager.pk), (None, case_manager.pk)]
    with pytest.raises(services.DossierError):
        services.assign_dossier(dossier=dossier, to_user=host, acting_user=tenant_admin)
    dossier.refresh_from_db()
    assert dossier.assigned_to == other_case_manager


def test_the_admin_transfers_dossiers_in_bulk(
    client, tenant, tenant_admin, case_manager, other_case_manager
):
    mine = DossierFactory.create_batch(3, tenant=tenant, assigned_to=case_manager)
    untouched = DossierFactory(tenant=tenant, assigned_to=case_manager)
    client.force_login(tenant_admin)
    response = client.post(
        url("transfer", tenant),
        {
            "dossiers": [d.pk for d in mine],
            "to_user": other_case_manager.pk,
            "next": "/idf/suivi/?assigned_to=1",
        },
        follow=True,
    )
    assert "3 dossiers transférés à" in response.content.decode()
    assert Dossier.objects.filter(assigned_to=other_case_manager).count() == 3
    assert (
        AssignmentChange.objects.filter(to_user=other_case_manager, from_user=case_manager).count()
        == 3
    )
    untouched.refresh_from_db()
    assert untouched.assigned_to == case_manager
    assert all(d.version == 2 for d in Dossier.objects.filter(assigned_to=other_case_manager))


def test_a_case_manager_cannot_transfer_in_bulk(client, tenant, case_manager, other_case_manager):
    dossier = DossierFactory(tenant=tenant, assigned_to=other_case_manager)
    client.force_login(case_manager)
    response = client.post(
        url("transfer", tenant), {"dossiers": [dossier.pk], "to_user": case_manager.pk}
    )
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.assigned_to == other_case_manager


# The dossier page


def test_the_timeline_mixes_everything_newest_first(client, tenant, case_manager, intern):
    now = timezone.now()
    dossier = DossierFactory(tenant=tenant, person=intern)
    StageChange.objects.create(tenant=tenant, dossier=dossier, to_stage=Stage.TO_CONTACT)
    StageChange.objects.filter(dossier=dossier).update(changed_at=now - timedelta(days=30))
    InteractionFactory(dossier=dossier, occurred_at=now - timedelta(days=20), text="Premier appel.")
    # A permanence is placed at its date (the person went 10 days ago).
    BookingFactory(
        session=SessionFactory(tenant=tenant, starts_at=now - timedelta(days=10)),
        person=intern,
        attendance="present",
    )
    InteractionFactory(
        dossier=dossier, occurred_at=now - timedelta(days=1), text="Appel de suivi.", shareable=True
    )
    # Another tenant's booking of the same person is not shown.
    from tests.accounts.factories import TenantFactory

    BookingFactory(
        session=SessionFactory(tenant=TenantFactory(slug="ailleurs")),
        person=intern,
        status=BookingStatus.WAITING,
        slot_index=None,
    )

    client.force_login(case_manager)
    page = client.get(url("dossier", tenant, pk=dossier.pk)).content.decode()
    history = page[page.index('id="historique"') :]
    positions = [
        history.index("Appel de suivi."),
        history.index("Permanence — inscription confirmée"),
        history.index("Premier appel."),
        history.index("Étape : À contacter"),
    ]
    assert positions == sorted(positions)
    assert "Présent(e)" in history
    assert "en liste d&#x27;attente" not in history
    assert "Note interne" in history and "Visible par la personne" in history


def test_logging_an_interaction_from_the_dossier(client, tenant, case_manager):
    dossier = DossierFactory(tenant=tenant)
    client.force_login(case_manager)
    when = timezone.localtime() + timedelta(days=3)
    response = client.post(
        url("interaction_create", tenant, pk=dossier.pk),
        {
            "kind": "call",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "outcome": "call_back",
            "call_back_at": when.strftime("%Y-%m-%dT%H:%M"),
            "text": "Rappeler après sa garde.",
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get(dossier=dossier)
    assert (interaction.author, interaction.outcome, interaction.shareable) == (
        case_manager,
        "call_back",
        False,
    )
    dossier.refresh_from_db()
    assert dossier.next_action_on == when.date()


def test_opening_a_dossier_for_a_shared_profile(client, tenant, case_manager, intern):
    from accounts.models import Profile

    Profile.objects.create(
        user=intern, followed_tenant=tenant, share_consent_at=timezone.now(), status="interne"
    )
    client.force_login(case_manager)
    home = client.get(url("home", tenant)).content.decode()
    assert "Profils partagés sans dossier" in home
    response = client.post(url("open_for_profile", tenant, user_id=intern.pk))
    dossier = Dossier.objects.get(person=intern)
    assert response.url == url("dossier", tenant, pk=dossier.pk)
    assert (dossier.email, dossier.assigned_to, dossier.source) == (
        intern.email,
        case_manager,
        "self_registration",
    )
    # Twice: the same dossier.
    client.post(url("open_for_profile", tenant, user_id=intern.pk))
    assert Dossier.objects.filter(person=intern).count() == 1
    page = client.get(url("dossier", tenant, pk=dossier.pk)).content.decode()
    assert "Profil partagé par la personne" in page
