"""A tenant with one of everything, for the fuzz walk: each URL's path parameters are filled
with the id of a real object, so that the request reaches the view's code, not a 404."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, Role
from caseload import imports
from caseload.models import ImportKind, LinkSuggestion, SuggestionReason
from core.models import Departement
from permanences.models import SessionStatus
from permanences.notifications import survey_token
from tests.accounts.factories import (
    MembershipFactory,
    ProfileFactory,
    SettlementStepFactory,
    UserFactory,
    activate_totp,
    staff_member,
)
from tests.aids.factories import AidMeasureFactory
from tests.caseload.data_helpers import contact_row, csv_bytes
from tests.caseload.factories import (
    CampaignTargetFactory,
    DossierFactory,
    FollowUpFactory,
    InteractionFactory,
)
from tests.conventions.factories import (
    AnnexFactory,
    BudgetLineFactory,
    ConventionFactory,
    MeetingFactory,
    MilestoneFactory,
    PartnerFactory,
    make_document,
)
from tests.permanences.factories import BookingFactory, SessionFactory, SessionTemplateFactory

# Who walks the URLs: nobody, a person with an account, each tenant role, a platform superuser.
ROLES = ("anonymous", "intern", "admin", "case_manager", "host", "steering", "superuser")

# The path segment before an id → the object of the world it names. A new URL under one of
# these segments is walked as it is; a new segment makes the walk fail until it is added here.
SEGMENT_OBJECTS = {
    "dossiers": "dossier",
    "rattachements": "suggestion",
    "suivis": "follow_up",
    "profils": "intern",
    "campagnes": "campaign",
    "appels": "target",
    "imports": "import_job",
    "inscriptions": "booking",
    "permanences": "session",
    "animation": "session",
    "gestion": "session",
    "rythmes": "template",
    "conventions": "convention",
    "documents": "document",
    "annexes": "annex",
    "reunions": "meeting",
    "partenaires": "partner",
    "invitations": "invitation",
    "membres": "membership",
    "etapes": "step",
    "aide": "aid",
    "indicateurs": "indicator",
    "rapports": "report",
}


@dataclass
class World:
    tenant: object
    users: dict
    objects: dict = field(default_factory=dict)


def _people(tenant):
    users = {
        "admin": staff_member(tenant, Role.ADMIN, email="fuzz-admin@example.org"),
        "case_manager": staff_member(tenant, Role.CASE_MANAGER, email="fuzz-cm@example.org"),
        "host": staff_member(tenant, Role.HOST, email="fuzz-host@example.org"),
        "steering": staff_member(tenant, Role.STEERING, email="fuzz-copil@example.org"),
        "intern": UserFactory(email="fuzz-interne@example.org"),
        "superuser": UserFactory(email="fuzz-root@example.org", is_staff=True, is_superuser=True),
    }
    activate_totp(users["superuser"])
    ProfileFactory(
        user=users["intern"],
        followed_tenant=tenant,
        share_consent_at=timezone.now(),
        rpps="10000000007",
    )
    return users


def _permanences(tenant, users):
    session = SessionFactory(tenant=tenant)
    session.hosts.add(users["host"], users["case_manager"])
    booking = BookingFactory(session=session, person=users["intern"], slot_index=0)
    past = SessionFactory(
        tenant=tenant,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=3),
        status=SessionStatus.PUBLISHED,
    )
    held = BookingFactory(session=past, person=users["intern"], slot_index=0)
    return {
        "session": session,
        "booking": booking,
        "template": SessionTemplateFactory(tenant=tenant),
        "survey_token": survey_token(held),
    }


def _caseload(tenant, users):
    dossier = DossierFactory(tenant=tenant, assigned_to=users["case_manager"])
    InteractionFactory(dossier=dossier, tenant=tenant, author=users["case_manager"])
    target = CampaignTargetFactory(campaign__tenant=tenant, tenant=tenant, dossier=dossier)
    target.campaign.case_managers.add(users["case_manager"])
    upload = SimpleUploadedFile("contacts.csv", csv_bytes([contact_row(1), contact_row(2)]))
    job = imports.start_import(
        tenant=tenant, kind=ImportKind.CONTACTS, uploaded_file=upload, user=users["admin"]
    )
    suggestion = LinkSuggestion.objects.create(
        tenant=tenant, dossier=dossier, person=users["intern"], reason=SuggestionReason.RPPS
    )
    return {
        "dossier": dossier,
        "suggestion": suggestion,
        "follow_up": FollowUpFactory(tenant=tenant, dossier__tenant=tenant),
        "campaign": target.campaign,
        "target": target,
        "import_job": job,
    }


def _conventions(tenant):
    convention = ConventionFactory(tenant=tenant)
    annex = AnnexFactory(convention=convention)
    partner = PartnerFactory(tenant=tenant)
    BudgetLineFactory(annex=annex, funder=partner)
    MilestoneFactory(convention=convention)
    return {
        "convention": convention,
        "document": make_document(convention),
        "annex": annex,
        "meeting": MeetingFactory(convention=convention, annex=annex),
        "partner": partner,
    }


def _evaluation(tenant, objects):
    from django.core.files.base import ContentFile

    from caseload.follow_up_survey import survey_token as follow_up_survey_token
    from evaluation.models import Report, ReportStatus
    from tests.evaluation.factories import IndicatorFactory

    report = Report.objects.create(
        tenant=tenant, period_start=timezone.localdate().replace(month=1, day=1),
        status=ReportStatus.READY,
    )  # fmt: skip
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 fuzz"), save=True)
    return {
        "indicator": IndicatorFactory(annex=objects["annex"]),
        "report": report,
        "follow_up_survey_token": follow_up_survey_token(objects["dossier"]),
    }


def build_world(tenant):
    # /sante/ answers 503 without a worker's recent heartbeat (rightly): give it one, so that
    # only a 500 of our own fails the walk.
    from core.tasks import record_heartbeat

    record_heartbeat()
    tenant.departements.add(*Departement.objects.filter(insee_code__in=["91", "75"]))
    users = _people(tenant)
    world = World(tenant=tenant, users=users)
    world.objects.update(
        intern=users["intern"],
        invitation=Invitation.objects.create(
            tenant=tenant, email="invitee@example.org", role=Role.HOST, invited_by=users["admin"]
        ),
        membership=MembershipFactory(tenant=tenant, role=Role.HOST),
        step=SettlementStepFactory(tenant=tenant),
        aid=AidMeasureFactory(),
        group=Group.objects.create(name="fuzz"),
        **_permanences(tenant, users),
        **_caseload(tenant, users),
        **_conventions(tenant),
    )
    world.objects.update(_evaluation(tenant, world.objects))
    return world


def client_for(world, role):
    """A test client logged in as `role` (none for anonymous) that raises a view's exception
    instead of rendering the 500 page, so that the walk can say what broke."""
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


class UnknownPathParameter(LookupError):
    pass


def _admin_object_id(route):
    """admin/<app>/<model>/<path:object_id>/…: the id of some row of that model."""
    parts = route.split("/")
    model = apps.get_model(parts[1], parts[2])
    row = model._base_manager.order_by("pk").first()
    return str(row.pk) if row else "1"


def path_value(world, route, name, converter=None):
    """The value of path parameter `name`, given the route up to it (e.g. "suivi/dossiers/")."""
    segment = route.rstrip("/").rsplit("/", 1)[-1]
    fixed = {
        "tenant_slug": world.tenant.slug,
        "kind": ImportKind.CONTACTS,
        "fmt": "csv",
        "insee_code": "11" if segment == "region" else "91",
        "app_label": "caseload",
        "url": "inconnu/",
        "key": "inconnu",
        "uidb36": "1",
        "object_pk": str(world.tenant.pk),
        "group_id": str(world.objects["group"].pk),
        "id": str(world.users["intern"].pk),
        "code": "91",
        "semester": "2026-S1",
        "content_type_id": str(ContentType.objects.get_for_model(world.objects["dossier"]).pk),
    }
    if name in fixed:
        return str(fixed[name])
    if name == "token":
        if segment == "invitation":
            return str(world.objects["invitation"].token)
        if route.split("/")[1:2] == ["suivi"]:
            return world.objects["follow_up_survey_token"]
        return world.objects["survey_token"]
    if name == "object_id":
        if route.startswith("admin/r/"):
            return str(world.objects["dossier"].pk)
        return _admin_object_id(route)
    if name == "user_id" and route.startswith("admin/"):
        return str(world.users["admin"].pk)
    if segment in SEGMENT_OBJECTS:
        return str(world.objects[SEGMENT_OBJECTS[segment]].pk)
    raise UnknownPathParameter(
        f"{route}<{name}>: say in tests/fuzz/world.py which object '{segment}' names"
    )
