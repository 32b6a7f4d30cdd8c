"""axe-core (WCAG 2.1 A and AA rules) on every page type of the staff: the case manager's
caseload, campaigns, call queue, imports and permanences management, the host's pages, the
steering committee's, the tenant admin's (administration, journal, conventions).

The pages are filled as in the demo (its tenants, staff, conventions and permanences) plus a
few dossiers, a campaign and an import with row errors, so axe sees tables, timelines and
forms with content. Some forms are also sent back with their errors, and the pages with
tables are checked again on a 360-px phone, where tables scroll and the page must not.

None may have a serious or critical violation; each test prints the violations of every
page by impact (pytest -s shows them).
"""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts import demo as accounts_demo
from accounts.models import Membership, Role
from caseload import imports
from caseload.models import ImportKind, LinkSuggestion, Stage, SuggestionReason
from conventions import demo as conventions_demo
from conventions.models import Annex, Convention, Meeting, Partner
from permanences import demo as permanences_demo
from permanences.models import Booking, Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.caseload.data_helpers import contact_row, csv_bytes, upload
from tests.caseload.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    DossierFactory,
    FollowUpFactory,
    InteractionFactory,
)
from tests.e2e.axe import axe_results, by_impact, describe
from tests.e2e.sessions import log_in_with_a_session
from tests.permanences.factories import SessionTemplateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"critical", "serious"}


@pytest.fixture
def site(settings, tmp_path):
    """The demo's tenant with its staff, conventions and permanences, plus caseload objects."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        idf, _pm64 = accounts_demo.seed_tenants()
        conventions_demo.seed_partners(idf)
        conventions_demo.seed_conventions(idf)
        accounts_demo.seed_staff(idf)
        interns = [user for user, _label in accounts_demo.seed_interns(idf)]
        permanences_demo.seed_permanences(idf, interns)
        return _caseload(idf)


def _staff(tenant, role):
    return Membership.objects.filter(tenant=tenant, role=role).first().user


def _caseload(idf):
    case_manager = _staff(idf, Role.CASE_MANAGER)
    dossier = DossierFactory(tenant=idf, assigned_to=case_manager, stage=Stage.CONTACTED)
    InteractionFactory(dossier=dossier, author=case_manager, text="Premier appel, à rappeler.")
    LinkSuggestion.objects.create(
        tenant=idf, dossier=dossier, person=UserFactory(), reason=SuggestionReason.RPPS
    )
    follow_up = FollowUpFactory(dossier=DossierFactory(tenant=idf, assigned_to=case_manager))
    campaign = CampaignFactory(tenant=idf, name="Aller vers 2026")
    campaign.case_managers.set([case_manager])
    for _index in range(3):
        CampaignTargetFactory(campaign=campaign, dossier=DossierFactory(tenant=idf))
    rows = [contact_row(1), contact_row(2, RPPS="123")]  # the second one has an error
    job = imports.start_import(
        tenant=idf, kind=ImportKind.CONTACTS, uploaded_file=upload("c.csv", csv_bytes(rows)),
        user=case_manager,
    )  # fmt: skip
    now = timezone.now()
    hosted = Session.objects.filter(tenant=idf, hosts=_staff(idf, Role.HOST))
    session = hosted.filter(status=SessionStatus.PUBLISHED, starts_at__gt=now)
    session = session.order_by("starts_at").first()
    held = hosted.filter(status=SessionStatus.HELD, bookings__isnull=False)
    held = held.order_by("-starts_at").first()
    convention = Convention.objects.filter(tenant=idf, annexes__isnull=False).first()
    return {
        "tenant": idf,
        "users": {role: _staff(idf, role) for role in Role},
        "dossier": dossier.pk,
        "follow_up": follow_up.pk,
        "campaign": campaign.pk,
        "job": job.pk,
        "session": session.pk,
        "held": held.pk,
        "booking": Booking.objects.filter(tenant=idf, session__starts_at__gt=now).first().pk,
        "template": SessionTemplateFactory(tenant=idf).pk,
        "convention": convention.pk,
        "annex": Annex.objects.filter(convention=convention).first().pk,
        "meeting": Meeting.objects.filter(tenant=idf).first().pk,
        "partner": Partner.objects.filter(tenant=idf).first().pk,
    }


MOBILE = "checked at 360 px too"  # pages with tables: they must scroll inside, not the page
ERRORS = "submitted empty"  # a form shown again with its errors

# Per role: (page type, its path in the tenant, what else to check)
CASE_MANAGER_PAGES = [
    ("caseload home", "suivi/", MOBILE),
    ("dossier", "suivi/dossiers/{dossier}/", MOBILE),
    ("new dossier form", "suivi/dossiers/nouveau/", ERRORS),
    ("dossier form", "suivi/dossiers/{dossier}/modifier/"),
    ("interaction form", "suivi/dossiers/{dossier}/echange/"),
    ("installation form", "suivi/dossiers/{dossier}/installation/", ERRORS),
    ("follow-up form", "suivi/suivis/{follow_up}/"),
    ("campaigns", "suivi/campagnes/", MOBILE),
    ("new campaign", "suivi/campagnes/nouvelle/"),
    ("campaign", "suivi/campagnes/{campaign}/", MOBILE),
    ("campaign targets", "suivi/campagnes/{campaign}/ajouter/"),
    ("call queue", "suivi/campagnes/{campaign}/appels/", MOBILE),
    ("imports", "suivi/imports/", MOBILE),
    ("import preview", "suivi/imports/{job}/", MOBILE),
    ("permanences management", "permanences/gestion/", MOBILE),
    ("new permanence", "permanences/gestion/nouvelle/", ERRORS),
    ("permanence form", "permanences/gestion/{session}/modifier/"),
    ("cancel a permanence", "permanences/gestion/{session}/annuler/"),
    ("book on behalf", "permanences/gestion/{session}/inscrire/"),
    ("cancel a booking", "permanences/gestion/inscriptions/{booking}/annuler/"),
    ("move a booking", "permanences/gestion/inscriptions/{booking}/deplacer/"),
    ("monthly rhythms", "permanences/gestion/rythmes/", MOBILE),
    ("new rhythm", "permanences/gestion/rythmes/nouveau/"),
    ("rhythm form", "permanences/gestion/rythmes/{template}/modifier/"),
]
HOST_PAGES = [
    ("host home", "permanences/animation/", MOBILE),
    ("host session (to come)", "permanences/animation/{session}/", MOBILE),
    ("host session (held, attendance)", "permanences/animation/{held}/", MOBILE),
]
STEERING_PAGES = [
    ("steering home", "pilotage/", MOBILE),
    ("conventions (reader)", "conventions/"),
    ("convention (reader)", "conventions/{convention}/"),
]
ADMIN_PAGES = [
    ("tenant administration", "administration/", MOBILE),
    ("invite a member", "administration/invitations/nouvelle/", ERRORS),
    ("tenant page form", "administration/espace/"),
    ("steps to settle form", "administration/etapes/"),
    ("audit journal", "suivi/journal/", MOBILE),
    ("conventions", "conventions/", MOBILE),
    ("new convention", "conventions/nouvelle/", ERRORS),
    ("convention", "conventions/{convention}/", MOBILE),
    ("convention form", "conventions/{convention}/modifier/"),
    ("convention parties", "conventions/{convention}/parties/"),
    ("convention schedule", "conventions/{convention}/jalons/"),
    ("document upload", "conventions/{convention}/documents/ajouter/"),
    ("new annex", "conventions/{convention}/annexes/ajouter/"),
    ("annex", "conventions/annexes/{annex}/", MOBILE),
    ("annex form", "conventions/annexes/{annex}/modifier/"),
    ("annex budget", "conventions/annexes/{annex}/budget/", MOBILE),
    ("new meeting", "conventions/{convention}/reunions/ajouter/"),
    ("meeting", "conventions/reunions/{meeting}/", MOBILE),
    ("meeting form", "conventions/reunions/{meeting}/modifier/"),
    ("partners", "conventions/partenaires/", MOBILE),
    ("new partner", "conventions/partenaires/ajouter/", ERRORS),
    ("partner import", "conventions/partenaires/importer/"),
    ("partner", "conventions/partenaires/{partner}/", MOBILE),
    ("partner form", "conventions/partenaires/{partner}/modifier/"),
]


PAGES_BY_ROLE = {
    Role.CASE_MANAGER: CASE_MANAGER_PAGES,
    Role.HOST: HOST_PAGES,
    Role.STEERING: STEERING_PAGES,
    Role.ADMIN: ADMIN_PAGES,
}


class Audit:
    """What axe found on each page, by impact; the serious or critical findings; the pages
    wider than a phone."""

    def __init__(self, page, axe_path):
        self.page, self.axe_path = page, axe_path
        self.report, self.blocking, self.too_wide = [], {}, []

    def check(self, label):
        found = axe_results(self.page, self.axe_path)
        self.report.append(f"  {label:<56} {by_impact(found)}")
        serious = [describe(v) for v in found if v["impact"] in BLOCKING]
        if serious:
            self.blocking[label] = serious

    def check_width(self, label):
        if self.page.evaluate("document.documentElement.scrollWidth") > 360:
            self.too_wide.append(label)


def _audit_role(audit, live_server, site, role, pages):
    page = audit.page
    log_in_with_a_session(page, live_server.url, site["users"][role])

    def visit(label, path):
        url = f"{live_server.url}/{site['tenant'].slug}/{path.format(**site)}"
        assert page.goto(url).status == 200, f"{label}: {url} did not answer 200"

    page.set_viewport_size({"width": 1280, "height": 900})
    for label, path, *checks in pages:
        visit(label, path)
        audit.check(f"{role}: {label}")
        if ERRORS in checks:
            _submit_empty(page)
            audit.check(f"{role}: {label}, with errors")
    page.set_viewport_size({"width": 360, "height": 800})
    for label, path, *checks in pages:
        if MOBILE in checks:
            visit(label, path)
            audit.check(f"{role}: {label}, 360 px")
            audit.check_width(f"{role}: {label}")


def _submit_empty(page):
    """Send the page's main form as it is, past the browser's own checks, and wait for the
    page that comes back with the server's errors."""
    page.evaluate("document.querySelectorAll('form').forEach(form => form.noValidate = true)")
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").first.click()
    page.locator(".fr-error-text, .fr-alert--error, #resume-erreurs").first.wait_for()


def test_staff_pages_have_no_serious_wcag_violation(live_server, axe_page, axe_path, site):
    """One test for the four roles: the demo's data is seeded once."""
    audit = Audit(axe_page, axe_path)
    for role, pages in PAGES_BY_ROLE.items():
        _audit_role(audit, live_server, site, role, pages)
    print("\naxe on the staff pages:\n" + "\n".join(audit.report))
    assert audit.blocking == {}
    assert audit.too_wide == [], "wider than a 360-px phone (the page scrolls sideways)"
