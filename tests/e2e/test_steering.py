"""In Chromium: a steering member opens the dashboard, filters a département (the filter lives
in the URL), then downloads the quarterly report's PDF and workbook from the history; axe finds
no WCAG violation on the dashboard and the history."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from evaluation import reports
from evaluation.periods import Quarter
from permanences.models import Attendance
from tests.accounts.factories import TenantFactory, staff_member
from tests.e2e.axe import violations
from tests.e2e.sessions import log_in_with_a_session
from tests.evaluation.factories import AnnexFactory, ConventionFactory, computed
from tests.evaluation.helpers import at, dep
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def steering_tenant(settings, tmp_path):
    """Île-de-France, Q1 2026 published with its report: 9 people received in the Essonne,
    6 in the Val-de-Marne."""
    settings.MEDIA_ROOT = tmp_path / "media"
    tenant = TenantFactory(slug="idf", name="Île-de-France")
    tenant.departements.set([dep("91"), dep("94")])
    annex = AnnexFactory(
        convention=ConventionFactory(tenant=tenant, title="Protocole ARS / URPS"),
        number=2, title="Permanences locales",
    )  # fmt: skip
    computed("permanences.attendees", annex=annex, is_key=True)
    computed("permanences.held", annex=annex, target=10, target_scope="departement")
    for code, people in (("91", 7), ("91", 2), ("94", 6)):
        session = SessionFactory(tenant=tenant, departement=dep(code), status="held",
                                 starts_at=at(2026, 2, 10), ends_at=at(2026, 2, 10, 17))  # fmt: skip
        for slot in range(people):
            BookingFactory(session=session, slot_index=slot, attendance=Attendance.PRESENT)
    reports.render_final(tenant=tenant, quarter=Quarter(2026, 1))
    return tenant, staff_member(tenant, Role.STEERING, email="copil@example.org")


def test_a_steering_member_filters_and_downloads_the_quarterly_report(
    live_server, page, steering_tenant
):
    tenant, steering = steering_tenant
    base = live_server.url
    log_in_with_a_session(page, base, steering)

    page.goto(f"{base}/idf/pilotage/?periode=2026-Q1")
    page.get_by_role("heading", name="Pilotage", exact=True).wait_for()
    received = page.locator(".cap-indicator", has_text="Médecins reçus (présents)")
    assert received.locator(".cap-indicator__value").inner_text().startswith("15")

    page.get_by_label("Département").select_option(label="94 Val-de-Marne")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**departement=94**")
    assert "periode=2026-Q1" in page.url
    assert received.locator(".cap-indicator__value").inner_text().startswith("6")

    page.get_by_role("link", name="Rapports trimestriels").click()
    page.get_by_role("heading", name="Rapports trimestriels", exact=True).wait_for()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF — T1 2026").click()
    assert pdf.value.suggested_filename == "rapport-idf-2026-Q1.pdf"
    assert pdf.value.path().read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as workbook:
        page.get_by_role("link", name="Tableur (XLSX) — T1 2026").click()
    sheet = load_workbook(io.BytesIO(workbook.value.path().read_bytes()))["Indicateurs"]
    values = {row[2]: row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["permanences-attendees"] == 15


def test_the_dashboard_and_the_history_have_no_wcag_violation(
    live_server,
    browser,
    axe_path,  # noqa: F811 (the fixture imported above)
    steering_tenant,
):
    _tenant, steering = steering_tenant
    context = browser.new_context(locale="fr-FR", bypass_csp=True)  # axe is an injected script
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_a_session(page, live_server.url, steering)
    problems = {}
    for path in ["/idf/pilotage/?periode=2026-Q1", "/idf/pilotage/rapports/"]:
        page.goto(live_server.url + path)
        found = violations(page, axe_path)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}


def test_the_dashboard_fits_a_360_px_phone(live_server, browser, steering_tenant):
    _tenant, steering = steering_tenant
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in_with_a_session(page, live_server.url, steering)
    for path in ["/idf/pilotage/?periode=2026-Q1", "/idf/pilotage/rapports/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways ({width} px)"
    context.close()
