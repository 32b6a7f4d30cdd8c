"""A dossier opened before the person signed up (an imported contact) is linked to their
account when they verify the same e-mail address, or save the same RPPS number."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.test import RequestFactory

from accounts.demo import rpps_for
from accounts.models import Profile
from caseload.models import Dossier, Interaction
from caseload.services import link_dossiers_to
from tests.accounts.factories import TenantFactory, UserFactory
from tests.caseload.factories import DossierFactory

pytestmark = pytest.mark.django_db


def confirm(user, email):
    address = EmailAddress.objects.get(user=user, email=email)
    address.verified = True
    address.save()
    email_confirmed.send(
        sender=EmailAddress, request=RequestFactory().get("/"), email_address=address
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
    assert other.person is None
    assert dossier.version == 2
    note = Interaction.objects.get(dossier=dossier)
    assert note.kind == "note" and not note.shareable


def test_the_same_rpps_links_the_dossier_in_every_tenant(tenant, other_tenant):
    rpps = rpps_for(31337)
    here = DossierFactory(
        tenant=tenant, email="ancienne@example.org", rpps=rpps, last_name="LEFEVRE"
    )
    there = DossierFactory(
        tenant=other_tenant, email="autre@example.org", rpps=rpps, last_name="Lefèvre"
    )
    user = UserFactory(email="nouvelle@example.org", last_name="Lefèvre")
    assert link_dossiers_to(user) == []
    Profile.objects.create(user=user, rpps=rpps)
    assert set(link_dossiers_to(user)) == {here, there}
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.person == user and there.person == user


def test_typing_someone_elses_rpps_links_nothing(tenant):
    """An RPPS number is typed, not proven: without the same name, no dossier changes hands."""
    rpps = rpps_for(4242)
    victim = DossierFactory(tenant=tenant, email="", rpps=rpps, last_name="Durand")
    intruder = UserFactory(email="intrus@example.org", last_name="Martin")
    Profile.objects.create(user=intruder, rpps=rpps)
    assert link_dossiers_to(intruder) == []
    victim.refresh_from_db()
    assert victim.person is None


def test_saving_the_rpps_in_the_profile_links_the_dossier(client, tenant):
    from django.urls import reverse

    rpps = rpps_for(2718)
    dossier = DossierFactory(tenant=tenant, email="", rpps=rpps, last_name="Roussel")
    user = UserFactory(email="ines@example.org", first_name="Inès", last_name="Roussel")
    client.force_login(user)
    client.post(
        reverse("accounts:profile_edit"),
        {
            "first_name": "Inès",
            "last_name": "Roussel",
            "status": "interne",
            "rpps": rpps,
            "terms": "on",
        },
    )
    dossier.refresh_from_db()
    assert dossier.person == user


def test_a_tenant_where_the_person_already_has_a_dossier_is_left_alone(tenant):
    user = UserFactory(email="deja@example.org")
    own = DossierFactory(tenant=tenant, person=user, email="deja-suivie@example.org")
    imported = DossierFactory(tenant=tenant, email="deja@example.org")
    assert link_dossiers_to(user) == []
    imported.refresh_from_db()
    assert imported.person is None
    assert own.person == user


def test_two_matching_dossiers_in_one_tenant_link_only_one(tenant):
    rpps = rpps_for(27182)
    DossierFactory(tenant=tenant, email="double@example.org")
    DossierFactory(tenant=tenant, email="double.pro@example.org", rpps=rpps)
    user = UserFactory(email="double@example.org")
    Profile.objects.create(user=user, rpps=rpps)
    assert len(link_dossiers_to(user)) == 1
    assert Dossier.objects.filter(person=user).count() == 1


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
