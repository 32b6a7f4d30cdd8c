"""The objects a URL's path parameters name, made on demand for one tenant.

`OBJECTS` maps a name (used by the table's rows, `params={"pk": "dossier"}`) to a `Kind`: how
to make one in a tenant and which value goes into the URL (its id by default). `World` makes
each object once per test and per tenant: the tenant under test, and another tenant whose
objects the isolation test asks for through the first tenant's URLs.

A new kind of object is one line in `OBJECTS`, with a factory from the app's tests.
"""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Invitation, Profile, Role
from caseload import imports
from caseload.follow_up_survey import survey_token as follow_up_survey_token
from caseload.models import ImportKind, LinkSuggestion, SuggestionReason
from core.models import Departement
from evaluation.models import Report, ReportStatus
from permanences.models import Attendance, SessionStatus
from permanences.notifications import survey_token
from tests.accounts.factories import MembershipFactory, SettlementStepFactory, UserFactory
from tests.aids.factories import AidMeasureFactory
from tests.caseload.data_helpers import contact_row, csv_bytes, upload
from tests.caseload.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    DossierFactory,
    FollowUpFactory,
)
from tests.conventions.factories import (
    AnnexFactory,
    ConventionFactory,
    MeetingFactory,
    PartnerFactory,
    make_document,
)
from tests.evaluation.factories import IndicatorFactory
from tests.permanences.factories import BookingFactory, SessionFactory, SessionTemplateFactory


@dataclass(frozen=True)
class Kind:
    make: object  # (world) → the object, in world.tenant
    url_value: object = lambda obj: obj.pk  # noqa: E731  (what the URL carries)
    owned: bool = True  # another tenant's (or person's) one must be a 404


def _shared_profile(w):
    """A person who follows the tenant and shares their profile with it."""
    person = UserFactory()
    Profile.objects.create(user=person, followed_tenant=w.tenant, share_consent_at=timezone.now())
    return person


def _suggestion(w):
    return LinkSuggestion.objects.create(
        tenant=w.tenant,
        dossier=w.get("dossier"),
        person=UserFactory(),
        reason=SuggestionReason.RPPS,
    )


def _import_job(w):
    return imports.start_import(
        tenant=w.tenant,
        kind=ImportKind.CONTACTS,
        uploaded_file=upload("contacts.csv", csv_bytes([contact_row(1)])),
        user=UserFactory(),
    )


def _hosted_session(w):
    session = SessionFactory(tenant=w.tenant)
    session.hosts.add(w.host)
    return session


def _held_booking(w):
    """A booking of a held session, marked present: its questionnaire link is valid."""
    session = SessionFactory(
        tenant=w.tenant,
        status=SessionStatus.HELD,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=3),
    )
    return BookingFactory(session=session, slot_index=0, attendance=Attendance.PRESENT)


def _covered_departement(w):
    """A département the tenant covers (its own: 91, the other tenant's: 64)."""
    departement = Departement.objects.get(insee_code=w.departement_code)
    w.tenant.departements.add(departement)
    return departement


def _ready_report(w):
    """A quarterly report of the tenant, rendered and stored."""
    from django.core.files.base import ContentFile

    report = Report.objects.create(
        tenant=w.tenant, period_start=timezone.localdate().replace(month=1, day=1),
        status=ReportStatus.READY,
    )  # fmt: skip
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return report


def _step(w):
    """A step to settle of the tenant, which the person follows."""
    Profile.objects.update_or_create(user=w.person, defaults={"followed_tenant": w.tenant})
    return SettlementStepFactory(tenant=w.tenant)


OBJECTS = {
    # accounts
    "invitation": Kind(
        lambda w: Invitation.objects.create(tenant=w.tenant, email="x@example.org", role=Role.HOST)
    ),
    # The token is the secret: it names an invitation of any tenant, by design.
    "invitation_token": Kind(lambda w: w.get("invitation"), lambda i: i.token, owned=False),
    "membership": Kind(lambda w: MembershipFactory(tenant=w.tenant, role=Role.HOST)),
    "step": Kind(_step),
    # caseload
    "dossier": Kind(lambda w: DossierFactory(tenant=w.tenant)),
    "suggestion": Kind(_suggestion),
    "follow_up": Kind(lambda w: FollowUpFactory(dossier=DossierFactory(tenant=w.tenant))),
    "shared_profile": Kind(_shared_profile),
    "campaign": Kind(lambda w: CampaignFactory(tenant=w.tenant)),
    "target": Kind(
        lambda w: CampaignTargetFactory(campaign=w.get("campaign"), dossier=w.get("dossier"))
    ),
    "import_job": Kind(_import_job),
    # permanences
    "session": Kind(_hosted_session),
    "draft_session": Kind(lambda w: SessionFactory(tenant=w.tenant, status=SessionStatus.DRAFT)),
    "booking": Kind(lambda w: BookingFactory(session=w.get("session"), slot_index=0)),
    "my_booking": Kind(
        lambda w: BookingFactory(session=w.get("session"), person=w.person, slot_index=1)
    ),
    "template": Kind(lambda w: SessionTemplateFactory(tenant=w.tenant)),
    "survey_token": Kind(_held_booking, url_value=survey_token),
    "departement": Kind(_covered_departement, url_value=lambda d: d.insee_code),
    # conventions
    "convention": Kind(lambda w: ConventionFactory(tenant=w.tenant)),
    "document": Kind(lambda w: make_document(w.get("convention"))),
    "annex": Kind(lambda w: AnnexFactory(convention=w.get("convention"))),
    "meeting": Kind(lambda w: MeetingFactory(convention=w.get("convention"))),
    "partner": Kind(lambda w: PartnerFactory(tenant=w.tenant)),
    # evaluation
    "indicator": Kind(lambda w: IndicatorFactory(annex=w.get("annex"))),
    "report": Kind(_ready_report),
    "follow_up_survey_token": Kind(
        lambda w: DossierFactory(tenant=w.tenant), url_value=follow_up_survey_token
    ),
    # aids (national, not owned by a tenant)
    "aid": Kind(lambda w: AidMeasureFactory(), owned=False),
}


class World(SimpleNamespace):
    """One tenant's objects for one test, each made the first time a row asks for it.

    `person` is the intern of the cast in the tenant under test (their booking, their steps),
    someone else in the other tenant; `host` hosts the tenant's session; `departement_code`
    is the département the tenant covers."""

    def __init__(self, *, tenant, person, host, departement_code):
        super().__init__(
            tenant=tenant, person=person, host=host, departement_code=departement_code, made={}
        )

    def get(self, name):
        if name not in self.made:
            self.made[name] = OBJECTS[name].make(self)
        return self.made[name]

    def url_value(self, name):
        return OBJECTS[name].url_value(self.get(name))
