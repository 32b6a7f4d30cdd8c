"""A dossier opened before the person signed up (an imported contact) is linked to their
account only by proof: the same e-mail address, verified. An RPPS number, typed into a profile
and public in the RPPS directory, only suggests a match, which a case manager of the dossier's
tenant confirms (audited, the person told by e-mail) or dismisses."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from accounts.demo import rpps_for
from accounts.models import Profile
from caseload.linking import link_dossiers_to, suggest_dossier_links
from caseload.models import (
    Dossier,
    Interaction,
    LinkMethod,
    LinkSuggestion,
    SuggestionReason,
    SuggestionStatus,
)
from core.models import OutboxMessage
from tests.accounts.factories import DEFAULT_PASSWORD, TenantFactory, UserFactory
from tests.caseload.factories import DossierFactory, InteractionFactory

pytestmark = pytest.mark.django_db

VICTIM_NOTE = "Projet d'installation à Étampes, conjoint kinésithérapeute."


def confirm(user, email):
    address = EmailAddress.objects.get(user=user, email=email)
    address.verified = True
    address.save()
    email_confirmed.send(
        sender=EmailAddress, request=RequestFactory().get("/"), email_address=address
    )


def fill_profile(client, *, last_name, rpps, first_name="Camille"):
    return client.post(
        reverse("accounts:profile_edit"),
        {
            "first_name": first_name,
            "last_name": last_name,
            "status": "interne",
            "rpps": rpps,
            "terms": "on",
        },
    )


def suggestion_url(tenant, suggestion):
    return reverse(
        "caseload:link_suggestion",
        kwargs={
            "tenant_slug": tenant.slug,
            "pk": suggestion.dossier_id,
            "suggestion_pk": suggestion.pk,
        },
    )


def test_signing_up_with_the_same_email_links_the_dossier(tenant):
    dossier = DossierFactory(tenant=tenant, email="lea.martin@example.org")
    other = DossierFactory(tenant=tenant, email="quelquun@example.org")
    user = UserFactory(email="Lea.Martin@example.org", verified=False)
    assert Dossier.objects.get(pk=dossier.pk).person is None  # not before verification
    confirm(user, "Lea.Martin@example.org")
    dossier.refresh_from_db()
    other.refresh_from_db()
    assert dossier.person == user
    assert dossier.link_method == LinkMethod.EMAIL
    assert other.person is None
    assert dossier.version == 2
    note = Interaction.objects.get(dossier=dossier)
    assert note.kind == "note" and not note.shareable


def test_the_dossier_owners_data_cannot_be_taken_by_typing_their_rpps(client, tenant, other_tenant):
    """The attack: an account with the victim's last name types the victim's RPPS number (both
    public). Nothing of the victim's dossiers may reach that account, nor be erased by it."""
    rpps = rpps_for(31337)
    victim_here = DossierFactory(
        tenant=tenant, email="victime@example.org", rpps=rpps, last_name="LEFEVRE"
    )
    victim_there = DossierFactory(
        tenant=other_tenant, email="victime.pro@example.org", rpps=rpps, last_name="Lefèvre"
    )
    InteractionFactory(dossier=victim_here, text=VICTIM_NOTE, shareable=True)
    attacker = UserFactory(email="attaquant@example.org", last_name="Lefèvre")
    client.force_login(attacker)

    assert fill_profile(client, last_name="Lefèvre", rpps=rpps).status_code == 302
    data = client.get(reverse("privacy:my_data_json")).content.decode()
    assert "victime" not in data
    assert VICTIM_NOTE not in data
    assert json.loads(data)["dossiers"] == []

    response = client.post(
        reverse("privacy:erase_me"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    for dossier in (victim_here, victim_there):
        dossier.refresh_from_db()
        assert dossier.person is None
        assert dossier.anonymised_at is None
        assert dossier.email.startswith("victime")
    assert Interaction.objects.filter(dossier=victim_here, text=VICTIM_NOTE).exists()


def test_the_same_rpps_in_every_tenant_only_suggests(tenant, other_tenant):
    rpps = rpps_for(31338)
    here = DossierFactory(
        tenant=tenant, email="ancienne@example.org", rpps=rpps, last_name="LEFEVRE"
    )
    there = DossierFactory(
        tenant=other_tenant, email="autre@example.org", rpps=rpps, last_name="Martin"
    )
    user = UserFactory(email="nouvelle@example.org", last_name="Lefèvre")
    Profile.objects.create(user=user, rpps=rpps)
    assert link_dossiers_to(user) == []
    for dossier in (here, there):
        dossier.refresh_from_db()
        assert dossier.person is None
    reasons = dict(LinkSuggestion.objects.filter(person=user).values_list("dossier", "reason"))
    assert reasons == {
        here.pk: SuggestionReason.RPPS_AND_NAME,
        there.pk: SuggestionReason.RPPS,
    }
    # Saving the profile again suggests nothing twice.
    assert suggest_dossier_links(user) == []
    assert LinkSuggestion.objects.filter(person=user).count() == 2


def test_saving_the_rpps_in_the_profile_suggests_and_links_nothing(client, tenant):
    rpps = rpps_for(2718)
    dossier = DossierFactory(tenant=tenant, email="", rpps=rpps, last_name="Roussel")
    user = UserFactory(email="ines@example.org", first_name="Inès", last_name="Roussel")
    client.force_login(user)
    fill_profile(client, first_name="Inès", last_name="Roussel", rpps=rpps)
    dossier.refresh_from_db()
    assert dossier.person is None
    suggestion = LinkSuggestion.objects.get(dossier=dossier)
    assert suggestion.person == user and suggestion.status == SuggestionStatus.PENDING


def test_the_case_manager_confirms_a_suggestion(
    client, tenant, case_manager, mailoutbox, django_capture_on_commit_callbacks
):
    rpps = rpps_for(2719)
    dossier = DossierFactory(
        tenant=tenant, email="ines.perso@example.org", rpps=rpps, last_name="Roussel"
    )
    user = UserFactory(email="ines@example.org", first_name="Inès", last_name="Roussel")
    Profile.objects.create(user=user, rpps=rpps)
    [suggestion] = suggest_dossier_links(user)
    client.force_login(case_manager)

    page = client.get(
        reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk})
    ).content.decode()
    assert "Ce compte est peut-être celui de la personne" in page
    assert "i•••@example.org" in page  # enough to recognise, not the whole address
    assert "ines@example.org" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(suggestion_url(tenant, suggestion), {"decision": "confirm"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.person == user and dossier.link_method == LinkMethod.CONFIRMED
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CONFIRMED
    assert suggestion.decided_by == case_manager
    entry = LogEntry.objects.get(additional_data__event="link")
    assert entry.actor == case_manager
    assert entry.additional_data["decision"] == "confirmed"
    # The account holder and the address the team knew are both told, once each.
    assert sorted(address for m in mailoutbox for address in m.to) == [
        "ines.perso@example.org",
        "ines@example.org",
    ]
    assert OutboxMessage.objects.filter(status="sent").count() == 2
    assert all(tenant.contact_email in m.body for m in mailoutbox)
    # Now the dossier is provably theirs: the person's data includes it.
    client.force_login(user)
    data = client.get(reverse("privacy:my_data_json")).json()
    assert [d["identity"]["email"] for d in data["dossiers"]] == ["ines.perso@example.org"]
    # A second decision is refused.
    client.force_login(case_manager)
    client.post(suggestion_url(tenant, suggestion), {"decision": "dismiss"})
    dossier.refresh_from_db()
    assert dossier.person == user


def test_the_case_manager_dismisses_a_suggestion(client, tenant, case_manager, mailoutbox):
    rpps = rpps_for(2720)
    dossier = DossierFactory(tenant=tenant, rpps=rpps)
    user = UserFactory(email="homonyme@example.org")
    Profile.objects.create(user=user, rpps=rpps)
    [suggestion] = suggest_dossier_links(user)
    client.force_login(case_manager)
    client.post(suggestion_url(tenant, suggestion), {"decision": "dismiss"})
    dossier.refresh_from_db()
    suggestion.refresh_from_db()
    assert dossier.person is None
    assert suggestion.status == SuggestionStatus.DISMISSED
    assert mailoutbox == []
    assert LogEntry.objects.get(additional_data__event="link").additional_data["decision"] == (
        "dismissed"
    )


def test_only_the_dossiers_tenant_decides(client, tenant, other_tenant, host):
    from tests.accounts.factories import staff_member

    rpps = rpps_for(2721)
    dossier = DossierFactory(tenant=tenant, rpps=rpps)
    user = UserFactory()
    Profile.objects.create(user=user, rpps=rpps)
    [suggestion] = suggest_dossier_links(user)
    outsider = staff_member(other_tenant, "case_manager")
    client.force_login(outsider)
    url = reverse(
        "caseload:link_suggestion",
        kwargs={"tenant_slug": other_tenant.slug, "pk": dossier.pk, "suggestion_pk": suggestion.pk},
    )
    assert client.post(url, {"decision": "confirm"}).status_code == 404
    client.force_login(host)
    assert (
        client.post(suggestion_url(tenant, suggestion), {"decision": "confirm"}).status_code == 403
    )
    dossier.refresh_from_db()
    assert dossier.person is None


def test_an_old_rpps_link_is_nobodys_proof_until_reviewed(client, tenant):
    """Links made by the old rule stay, marked unverified: they give the account nothing,
    erasure leaves the dossier alone, and the dossier's page asks for a decision."""

    holder = UserFactory(email="titulaire@example.org")
    dossier = DossierFactory(
        tenant=tenant,
        email="vrai.titulaire@example.org",
        person=holder,
        link_method=LinkMethod.UNVERIFIED_RPPS,
    )
    LinkSuggestion.objects.create(
        tenant=tenant, dossier=dossier, person=holder, reason=SuggestionReason.LEGACY_LINK
    )
    client.force_login(holder)
    assert client.get(reverse("privacy:my_data_json")).json()["dossiers"] == []
    client.post(reverse("privacy:erase_me"), {"password": DEFAULT_PASSWORD, "confirm": "on"})
    dossier.refresh_from_db()
    assert dossier.person is None and dossier.anonymised_at is None
    assert dossier.email == "vrai.titulaire@example.org"
    assert not LinkSuggestion.objects.filter(dossier=dossier).exists()


def test_the_verified_owner_takes_a_dossier_back_from_an_unverified_link(tenant):
    squatter = UserFactory(email="squatter@example.org")
    dossier = DossierFactory(
        tenant=tenant,
        email="proprietaire@example.org",
        person=squatter,
        link_method=LinkMethod.UNVERIFIED_RPPS,
    )
    legacy = LinkSuggestion.objects.create(
        tenant=tenant, dossier=dossier, person=squatter, reason=SuggestionReason.LEGACY_LINK
    )
    owner = UserFactory(email="proprietaire@example.org", verified=False)
    confirm(owner, "proprietaire@example.org")
    dossier.refresh_from_db()
    legacy.refresh_from_db()
    assert dossier.person == owner and dossier.link_method == LinkMethod.EMAIL
    assert legacy.status == SuggestionStatus.DISMISSED


def test_opening_a_dossier_for_a_profile_with_a_known_rpps_asks_first(client, tenant, case_manager):
    from django.utils import timezone

    rpps = rpps_for(2722)
    existing = DossierFactory(tenant=tenant, rpps=rpps, email="ancien@example.org")
    person = UserFactory(email="partage@example.org")
    Profile.objects.create(
        user=person, rpps=rpps, followed_tenant=tenant, share_consent_at=timezone.now()
    )
    client.force_login(case_manager)
    url = reverse(
        "caseload:open_for_profile", kwargs={"tenant_slug": tenant.slug, "user_id": person.pk}
    )
    response = client.post(url)
    assert response.url.endswith(f"/dossiers/{existing.pk}/")
    existing.refresh_from_db()
    assert existing.person is None
    suggestion = LinkSuggestion.objects.get(dossier=existing, person=person)
    # Dismissed: opening again makes the person a dossier of their own, without the number.
    client.post(suggestion_url(tenant, suggestion), {"decision": "dismiss"})
    response = client.post(url)
    own = Dossier.objects.get(tenant=tenant, person=person)
    assert response.url.endswith(f"/dossiers/{own.pk}/")
    assert own.link_method == LinkMethod.OPENED and own.rpps == ""


def test_the_review_command_lists_old_rpps_links(tenant, capsys):
    holder = UserFactory(email="titulaire@example.org")
    dossier = DossierFactory(tenant=tenant, person=holder, link_method=LinkMethod.UNVERIFIED_RPPS)
    LinkSuggestion.objects.create(
        tenant=tenant, dossier=dossier, person=holder, reason=SuggestionReason.LEGACY_LINK
    )
    DossierFactory(tenant=tenant, person=UserFactory())  # a proven link: not listed
    call_command("rpps_links")
    out = capsys.readouterr().out
    assert (
        f"{tenant.slug}\t{dossier.pk}\t{dossier.email}\t{holder.pk}\ttitulaire@example.org" in out
    )
    assert "1 dossier(s) still linked by RPPS alone" in out


def test_the_migration_classifies_existing_links(tenant):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("caseload.migrations.0005_link_method_and_suggestions")
    by_email_user = UserFactory(email="verifiee@example.org")
    by_email = DossierFactory(tenant=tenant, email="verifiee@example.org", person=by_email_user)
    opened = DossierFactory(tenant=tenant, person=UserFactory(), source="self_registration")
    by_rpps_user = UserFactory()
    by_rpps = DossierFactory(tenant=tenant, person=by_rpps_user, source="call_campaign")
    Dossier.objects.update(link_method="")
    migration.classify_existing_links(apps, None)
    assert dict(Dossier.objects.values_list("pk", "link_method")) == {
        by_email.pk: LinkMethod.EMAIL,
        opened.pk: LinkMethod.OPENED,
        by_rpps.pk: LinkMethod.UNVERIFIED_RPPS,
    }
    legacy = LinkSuggestion.objects.get()
    assert (legacy.dossier, legacy.person, legacy.reason) == (by_rpps, by_rpps_user, "legacy")


def test_a_tenant_where_the_person_already_has_a_dossier_is_left_alone(tenant):
    user = UserFactory(email="deja@example.org")
    own = DossierFactory(tenant=tenant, person=user, email="deja-suivie@example.org")
    imported = DossierFactory(tenant=tenant, email="deja@example.org")
    assert link_dossiers_to(user) == []
    imported.refresh_from_db()
    assert imported.person is None
    assert own.person == user


def test_an_unverified_address_links_nothing(tenant):
    DossierFactory(tenant=tenant, email="pas-verifiee@example.org")
    user = UserFactory(email="pas-verifiee@example.org", verified=False)
    assert link_dossiers_to(user) == []


def test_anonymised_dossiers_are_never_linked(tenant):
    from django.utils import timezone

    DossierFactory(
        tenant=TenantFactory(), email="effacee@example.org", anonymised_at=timezone.now()
    )
    user = UserFactory(email="effacee@example.org")
    assert link_dossiers_to(user) == []
