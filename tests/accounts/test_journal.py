"""The tenant's audit journal (who may open it: tests/accounts/test_access.py): only the
tenant's entries are in it, its filters (kind, author, dates, object) work, and its lines say
in French what happened, from what the apps registered."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core import audit
from permanences import audit as permanences_audit
from tests.accounts.factories import MembershipFactory, UserFactory, staff_member
from tests.caseload.factories import DossierFactory
from tests.conventions.factories import ConventionFactory
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def journal_url(tenant):
    return reverse("tenant_admin:journal", kwargs={"tenant_slug": tenant.slug})


@pytest.fixture
def quiet_log(tenant, other_tenant, tenant_admin, case_manager, host, other_admin):
    """The cast is set up (tenants and memberships are entries too): start from an empty log."""
    LogEntry.objects.all().delete()


def _booked(session, actor, person=None):
    booking = BookingFactory(session=session, slot_index=None, person=person or UserFactory())
    return permanences_audit.log_booking(
        booking, actor, permanences_audit.BOOKED_ON_BEHALF, status=booking.status
    )


def test_each_tenant_reads_its_own_entries_only(
    client, tenant, other_tenant, tenant_admin, other_admin, case_manager, quiet_log
):
    ours = SessionFactory(tenant=tenant, title="Permanence d'ici")
    theirs = SessionFactory(tenant=other_tenant, title="Permanence d'ailleurs")
    their_manager = staff_member(other_tenant, Role.CASE_MANAGER, first_name="Basile")
    LogEntry.objects.all().delete()  # Basile's membership is an entry of the other tenant
    _booked(ours, case_manager)
    _booked(theirs, their_manager)

    client.force_login(tenant_admin)
    page = client.get(journal_url(tenant))
    assert [line.actor for line in page.context["lines"]] == [case_manager.get_full_name()]
    assert "Basile" not in page.content.decode()
    client.force_login(other_admin)
    page = client.get(journal_url(other_tenant), {"kind": "c:permanences"})
    assert [line.actor for line in page.context["lines"]] == [their_manager.get_full_name()]


def test_a_line_says_what_happened_in_french_with_links(
    client, tenant, tenant_admin, case_manager, quiet_log
):
    session = SessionFactory(tenant=tenant)
    person = UserFactory(first_name="Inès", last_name="Roussel")
    _booked(session, case_manager, person)
    client.force_login(tenant_admin)
    page = client.get(journal_url(tenant))
    [line] = page.context["lines"]
    assert line.what == "Inscription faite par l'équipe"
    assert line.category == "Permanences"
    assert line.details == ["Confirmée"]
    objects = {obj.ref: obj for obj in line.objects}
    assert objects["session"].url == reverse(
        "permanences:host_session", kwargs={"tenant_slug": tenant.slug, "pk": session.pk}
    )
    assert objects["person"].text == "Inès Roussel"  # the name looked up when shown
    text = page.content.decode()
    assert f"?ref=person&amp;ref_id={person.pk}" in text  # a person is filtered on, not opened


def test_tracked_changes_show_field_labels_and_values(client, tenant, tenant_admin):
    convention = ConventionFactory(tenant=tenant, title="Protocole 2023")
    convention.title = "Protocole 2023-2027"
    convention.save()
    client.force_login(tenant_admin)
    lines = client.get(journal_url(tenant), {"kind": "m:conventions"}).context["lines"]
    assert [line.what for line in lines] == ["Convention modifiée", "Convention créée"]
    assert lines[0].details == ["intitulé : Protocole 2023 → Protocole 2023-2027"]


@pytest.fixture
def mixed(tenant, case_manager, tenant_admin, quiet_log):
    """A booking on behalf (permanences), a dossier created (caseload), a member added (team)."""
    session = SessionFactory(tenant=tenant)
    _booked(session, case_manager)
    dossier = DossierFactory(tenant=tenant)
    MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.HOST)
    return {"session": session, "dossier": dossier}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("", {"Inscription faite par l'équipe", "Dossier créé", "Rôle attribué"}),
        ("c:permanences", {"Inscription faite par l'équipe"}),
        ("e:booked_on_behalf", {"Inscription faite par l'équipe"}),
        ("m:caseload", {"Dossier créé"}),
        ("c:team", {"Rôle attribué"}),
    ],
)
def test_the_kind_filter(client, tenant, tenant_admin, mixed, kind, expected):
    client.force_login(tenant_admin)
    lines = client.get(journal_url(tenant), {"kind": kind}).context["lines"]
    assert {line.what for line in lines} == expected


def test_the_author_and_object_filters(client, tenant, tenant_admin, case_manager, mixed):
    client.force_login(tenant_admin)
    by_author = client.get(journal_url(tenant), {"actor": case_manager.pk}).context["lines"]
    assert [line.what for line in by_author] == ["Inscription faite par l'équipe"]
    on_dossier = client.get(
        journal_url(tenant), {"ref": "dossier", "ref_id": mixed["dossier"].pk}
    ).context["lines"]
    assert [line.what for line in on_dossier] == ["Dossier créé"]


def test_the_date_filter_takes_whole_days(client, tenant, tenant_admin, case_manager, quiet_log):
    session = SessionFactory(tenant=tenant)
    old = _booked(session, case_manager)
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=10))
    _booked(session, case_manager)
    today = timezone.localdate()
    client.force_login(tenant_admin)

    def count(**params):
        return len(client.get(journal_url(tenant), params).context["lines"])

    assert count(since=today.isoformat(), until=today.isoformat()) == 1
    assert count(until=(today - timedelta(days=10)).isoformat()) == 1
    assert count(since=(today - timedelta(days=11)).isoformat()) == 2


def test_bad_filters_get_a_french_message_and_keep_what_was_typed(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    response = client.get(
        journal_url(tenant), {"since": "2026-03-10", "until": "2026-03-01", "ref": "dossier"}
    )
    form = response.context["form"]
    assert form.errors["until"] == ["La fin de la période doit suivre son début."]
    assert form.errors["ref_id"] == ["Indiquez le numéro de l'objet."]
    assert 'value="2026-03-10"' in response.content.decode()


def test_the_author_list_is_the_tenants_team(client, tenant, other_tenant, tenant_admin, host):
    stranger = staff_member(other_tenant, Role.ADMIN)
    client.force_login(tenant_admin)
    actors = client.get(journal_url(tenant)).context["form"].fields["actor"].queryset
    assert set(actors) == {tenant_admin, host}
    assert stranger not in actors


def test_fifty_lines_a_page_in_a_fixed_number_of_queries(client, tenant, tenant_admin, quiet_log):
    session = SessionFactory(tenant=tenant)
    managers = [staff_member(tenant, Role.CASE_MANAGER) for _ in range(3)]
    LogEntry.objects.all().delete()
    for index in range(5):
        _booked(session, managers[index % 3])
    client.force_login(tenant_admin)
    client.get(journal_url(tenant))  # warm the caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(journal_url(tenant))
    for index in range(50):
        _booked(session, managers[index % 3])
    with CaptureQueriesContext(connection) as many:
        page = client.get(journal_url(tenant))
    assert len(many) == len(few)
    assert len(page.context["lines"]) == 50
    assert page.context["page"].has_next


def test_an_unregistered_event_is_refused(tenant, tenant_admin):
    with pytest.raises(LookupError):
        audit.log_event(tenant.pk, tenant_admin, "no_such_event")


def test_the_admin_home_links_to_the_journal(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    page = client.get(reverse("tenant_admin:home", kwargs={"tenant_slug": tenant.slug}))
    assert journal_url(tenant) in page.content.decode()
