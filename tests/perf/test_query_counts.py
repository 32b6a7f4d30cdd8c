"""Query discipline: each main page runs the same number of SQL queries with a handful of rows
and with hundreds (no query per row: N+1). Every page is asked once to warm what is cached per
process (content types, the session), measured with SMALL rows, grown to LARGE rows in bulk,
and measured again.

LARGE is 300 rather than 1,000 to keep the suite fast: a query per row shows just as well, and
bulk_create keeps the growth to a few statements.
"""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from aids.models import AidMeasure
from caseload.models import (
    CampaignTarget,
    Dossier,
    FollowUp,
    ImportJob,
    ImportStatus,
    Interaction,
    Stage,
    StageChange,
)
from conventions.models import Convention
from core import audit
from permanences.models import Booking, BookingStatus, Session
from tests.aids.factories import AidMeasureFactory
from tests.caseload.factories import CampaignFactory, DossierFactory, departement
from tests.conventions.factories import ConventionFactory
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SMALL, LARGE = 10, 300
STAGES = list(Stage)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def assert_same_queries(client, url, grow):
    """The page's query count with SMALL rows equals its count with LARGE rows."""
    grow(SMALL)
    client.get(url)
    few = queries(client, url)
    grow(LARGE - SMALL)
    many = queries(client, url)
    assert len(many) == len(few), "\n".join(many)


def people(count, prefix):
    start = User.objects.count()
    return User.objects.bulk_create(
        User(email=f"{prefix}{start + index}@example.org", first_name="Prénom", last_name="Nom")
        for index in range(count)
    )


def dossiers(tenant, count, **fields):
    built = DossierFactory.build_batch(count, tenant=tenant, **fields)
    for index, dossier in enumerate(built):
        dossier.stage = STAGES[index % len(STAGES)]
        dossier.target_departement = departement()
        dossier.tags = ["cesp"] if index % 2 else []
        dossier.next_action_on = timezone.localdate() - timedelta(days=index % 3)
    return Dossier.objects.bulk_create(built)


def sessions(tenant, count, *, days=10, **fields):
    now = timezone.now()
    built = [SessionFactory.build(tenant=tenant, **fields) for _ in range(count)]
    for index, session in enumerate(built):
        session.starts_at = (now + timedelta(days=days + index % 60, hours=index % 5)).replace(
            minute=0, second=0, microsecond=0
        )
        session.ends_at = session.starts_at + timedelta(hours=3, minutes=30)
    return Session.objects.bulk_create(built)


def bookings(session_list, persons, *, status=BookingStatus.CONFIRMED):
    now = timezone.now()
    return Booking.objects.bulk_create(
        Booking(
            tenant=session.tenant,
            session=session,
            person=person,
            status=status,
            slot_index=None,
            confirmed_at=now if status == BookingStatus.CONFIRMED else None,
        )
        for session, person in zip(session_list, persons, strict=True)
    )


# The case manager's pages


def test_caseload_home_and_dossier_list(client, tenant, case_manager):
    client.force_login(case_manager)
    url = reverse("caseload:home", kwargs={"tenant_slug": tenant.slug}) + "?assigned_to="

    def grow(count):
        rows = dossiers(tenant, count, assigned_to=case_manager)
        FollowUp.objects.bulk_create(
            FollowUp(
                tenant=tenant,
                dossier=dossier,
                months_after=1,
                due_on=timezone.localdate() - timedelta(days=1),
            )
            for dossier in rows[::3]
        )

    assert_same_queries(client, url, grow)


def test_caseload_home_last_page(client, tenant, case_manager):
    client.force_login(case_manager)
    home = reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})
    grow = lambda count: dossiers(tenant, count, assigned_to=case_manager)  # noqa: E731
    grow(SMALL + 30)
    last_url = home + client.get(home).context["page"].last_url
    assert_same_queries(client, last_url, grow)


def test_call_queue(client, tenant, case_manager):
    client.force_login(case_manager)
    campaign = CampaignFactory(tenant=tenant)
    campaign.case_managers.add(case_manager)
    url = reverse("caseload:call_queue", kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk})

    def grow(count):
        CampaignTarget.objects.bulk_create(
            CampaignTarget(tenant=tenant, campaign=campaign, dossier=dossier)
            for dossier in dossiers(tenant, count)
        )

    assert_same_queries(client, url, grow)


def test_dossier_and_its_timeline(client, tenant, case_manager):
    client.force_login(case_manager)
    person = people(1, "suivi")[0]
    dossier = DossierFactory(tenant=tenant, assigned_to=case_manager, person=person)
    url = reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk})

    def grow(count):
        now = timezone.now()
        Interaction.objects.bulk_create(
            Interaction(
                tenant=tenant,
                dossier=dossier,
                author=case_manager,
                kind="call",
                occurred_at=now - timedelta(hours=index),
                text="Appel",
            )
            for index in range(count)
        )
        StageChange.objects.bulk_create(
            StageChange(
                tenant=tenant, dossier=dossier, changed_by=case_manager, to_stage="contacted"
            )
            for _ in range(count)
        )
        bookings(sessions(tenant, count), [person] * count)

    assert_same_queries(client, url, grow)


def test_imports_list_and_detail(client, tenant, case_manager):
    client.force_login(case_manager)
    url = reverse("caseload:import_list", kwargs={"tenant_slug": tenant.slug})
    job = ImportJob.objects.create(
        tenant=tenant, uploaded_by=case_manager, status=ImportStatus.PREVIEWED, report={}
    )
    detail = reverse("caseload:import_detail", kwargs={"tenant_slug": tenant.slug, "pk": job.pk})

    def grow_jobs(count):
        ImportJob.objects.bulk_create(
            ImportJob(tenant=tenant, uploaded_by=case_manager, status=ImportStatus.COMMITTED)
            for _ in range(count)
        )

    def grow_report(count):
        report = job.report
        updated = dossiers(tenant, count)
        report.setdefault("updates", []).extend(
            {"row": index + 2, "dossier": dossier.pk} for index, dossier in enumerate(updated)
        )
        report.setdefault("errors", []).extend(
            [index + 2, ["Adresse e-mail invalide."]] for index in range(count)
        )
        report.update(valid_rows=len(report["updates"]), error_rows=len(report["errors"]))
        job.save(update_fields=["report"])

    assert_same_queries(client, url, grow_jobs)
    assert_same_queries(client, detail, grow_report)


def test_tenant_journal(client, tenant, tenant_admin, case_manager):
    client.force_login(tenant_admin)
    # Only the entries grown below: the members' creation would vary the page's kinds of lines.
    LogEntry.objects.all().delete()
    url = reverse("tenant_admin:journal", kwargs={"tenant_slug": tenant.slug})

    def grow(count):
        for dossier in dossiers(tenant, count):
            audit.log_event(
                tenant.pk, case_manager, "link", dossier, dossier=dossier.pk, decision="confirmed"
            )

    assert_same_queries(client, url, grow)


# Permanences


def test_public_session_list(client, tenant, intern):
    client.force_login(intern)
    url = reverse("permanences:list", kwargs={"tenant_slug": tenant.slug})

    def grow(count):
        created = sessions(tenant, count)
        bookings(created, people(count, "inscrit"))

    assert_same_queries(client, url, grow)


def test_public_session_page(client, tenant, intern):
    client.force_login(intern)
    session = SessionFactory(tenant=tenant)
    BookingFactory(session=session, person=intern, status=BookingStatus.WAITING, slot_index=None)
    url = reverse("permanences:detail", kwargs={"tenant_slug": tenant.slug, "pk": session.pk})

    def grow(count):
        waiting = people(count, "attente")
        bookings([session] * count, waiting, status=BookingStatus.WAITING)
        sessions(tenant, count)

    assert_same_queries(client, url, grow)


def test_my_bookings(client, intern, tenant, other_tenant):
    client.force_login(intern)
    url = reverse("my_bookings:list")

    def grow(count):
        for index, status in enumerate([BookingStatus.CONFIRMED, BookingStatus.WAITING]):
            owner = [tenant, other_tenant][index]
            created = sessions(owner, count // 2 or 1, days=-5 if index else 5)
            others = people(len(created), f"devant{index}-")
            if status == BookingStatus.WAITING:
                bookings(created, others, status=status)
            bookings(created, [intern] * len(created), status=status)

    assert_same_queries(client, url, grow)


def test_staff_session_list(client, tenant, case_manager, host):
    client.force_login(case_manager)
    url = reverse("permanences:staff_session_list", kwargs={"tenant_slug": tenant.slug})

    def grow(count):
        created = sessions(tenant, count)
        for session in created[:5]:
            session.hosts.add(host)
        bookings(created, people(count, "staff"))

    assert_same_queries(client, url, grow)


def test_host_home_and_session(client, tenant, host):
    client.force_login(host)
    session = SessionFactory(tenant=tenant)
    session.hosts.add(host)
    home = reverse("permanences:host_home", kwargs={"tenant_slug": tenant.slug})
    page = reverse(
        "permanences:host_session", kwargs={"tenant_slug": tenant.slug, "pk": session.pk}
    )

    def grow_home(count):
        created = sessions(tenant, count) + sessions(tenant, count, days=-70)
        for hosted in created:
            hosted.hosts.add(host)

    def grow_session(count):
        bookings([session] * count, people(count, "hote"), status=BookingStatus.WAITING)
        bookings([session] * count, people(count, "annule"), status=BookingStatus.CANCELLED)

    assert_same_queries(client, home, grow_home)
    assert_same_queries(client, page, grow_session)


# Steering, conventions, aids


def test_evaluation_dashboard(client, tenant, steering, case_manager):
    client.force_login(steering)
    url = reverse("evaluation:home", kwargs={"tenant_slug": tenant.slug})

    def grow(count):
        dossiers(tenant, count, assigned_to=case_manager)
        created = sessions(tenant, count, days=-20)
        bookings(created, people(count, "pilotage"))
        ConventionFactory.create_batch(2, tenant=tenant)

    assert_same_queries(client, url, grow)


def test_conventions_list(client, tenant, tenant_admin):
    client.force_login(tenant_admin)
    url = reverse("conventions:list", kwargs={"tenant_slug": tenant.slug})

    def grow(count):
        Convention.objects.bulk_create(ConventionFactory.build_batch(count, tenant=tenant))

    assert_same_queries(client, url, grow)


def test_aids_catalogue(client):
    url = reverse("aids:catalogue")

    def grow(count):
        AidMeasure.objects.bulk_create(
            AidMeasureFactory.build_batch(count, title="Aide à l'installation")
        )

    assert_same_queries(client, url, grow)
