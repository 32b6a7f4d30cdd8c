"""Quarterly reports: rendered once per tenant and quarter from the published figures, stored
privately, listed in the history, announced to the steering members once; drafts on demand."""

import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership, Role
from core.models import OutboxMessage
from core.outbox import relay
from evaluation import reports
from evaluation.models import IndicatorValue, Report
from evaluation.periods import Quarter
from permanences.models import Attendance, SatisfactionResponse
from tests.accounts.factories import staff_member
from tests.evaluation.factories import AnnexFactory, ConventionFactory, IndicatorFactory, computed
from tests.evaluation.helpers import at, dep
from tests.evaluation.pdf_helpers import pdf_text
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

Q1 = Quarter(2026, 1)


def _url(name, tenant, **kwargs):
    return reverse(f"evaluation:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def quarter_data(tenant):
    """Q1 2026: 15 people received, 12 in the Essonne (two permanences; the 7 of the first
    answered, 6 satisfied) and 3 in the Val-de-Marne (a small cell). Diagnoses entered: 4."""
    tenant.departements.set([dep("91"), dep("94")])
    annex = AnnexFactory(
        convention=ConventionFactory(tenant=tenant, title="Protocole ARS / URPS 2023-2027"),
        number=2, title="Permanences locales d'aide à l'installation",
    )  # fmt: skip
    computed("permanences.attendees", annex=annex, is_key=True)
    computed("permanences.satisfaction_rate", annex=annex, target=96, is_key=True)
    diagnoses = IndicatorFactory(annex=annex, label="Diagnostics territoriaux réalisés")
    for code, day, people in (("91", (1, 13), 7), ("91", (2, 10), 5), ("94", (3, 10), 3)):
        session = SessionFactory(tenant=tenant, departement=dep(code), status="held",
                                 starts_at=at(2026, *day), ends_at=at(2026, *day, 17))  # fmt: skip
        for slot in range(people):
            booking = BookingFactory(
                session=session, slot_index=slot, attendance=Attendance.PRESENT
            )
            if day == (1, 13):
                SatisfactionResponse.objects.create(
                    tenant=tenant, booking=booking, overall=5 if slot < 4 else 2 if slot > 5 else 4,
                    usefulness=4, would_recommend=True, intends_to_settle=True, horizon="12m",
                )  # fmt: skip
    from evaluation import services

    services.enter_value(indicator=diagnoses, quarter=Q1, value=4, acting_user=None,
                         comment="Restitutions à Étampes et Melun.")  # fmt: skip
    return annex


def test_the_pdf_holds_the_tenant_the_quarter_and_the_published_values(
    tenant, quarter_data, tmp_path
):
    report, rendered = reports.render_final(tenant=tenant, quarter=Q1)
    assert rendered and report.is_ready
    text = pdf_text(report.file.read(), tmp_path)
    assert tenant.name in text and "Rapport trimestriel" in text and "T1 2026" in text
    attendees = IndicatorValue.objects.get(
        indicator__computation="permanences.attendees", period_start=Q1.start, departement=None
    )
    assert attendees.value == 15 and attendees.frozen_at is not None
    assert "Médecins reçus (présents)" in text and "15" in text
    satisfaction = IndicatorValue.objects.get(
        indicator__computation="permanences.satisfaction_rate", period_start=Q1.start,
        departement=None,
    )  # fmt: skip
    assert (satisfaction.numerator, satisfaction.denominator) == (Decimal(6), Decimal(7))
    squeezed = text.replace(" ", "")  # pdftotext lays "6 / 7" out as "6/7"
    assert "86%" in squeezed and "6/7" in squeezed and "96%" in squeezed
    assert "Restitutions à Étampes et Melun." in text
    # 3 people received in the Val-de-Marne: hidden in the breakdown (its name may wrap).
    assert "91 Essonne 12" in text and "Marne < 5" in text


def test_a_report_is_rendered_and_announced_once(tenant, quarter_data, steering):
    staff_member(tenant, Role.STEERING, email="copil2@example.org")
    first, rendered = reports.render_final(tenant=tenant, quarter=Q1)
    again, rendered_again = reports.render_final(tenant=tenant, quarter=Q1)
    assert (rendered, rendered_again) == (True, False)
    assert again.pk == first.pk and Report.objects.count() == 1
    assert OutboxMessage.objects.filter(kind=reports.REPORT_READY).count() == 2
    relay()
    to = sorted(m.to[0] for m in mail.outbox if "Rapport trimestriel" in m.subject)
    assert to == ["copil2@example.org", "copil@example.org"]
    assert _url("reports", tenant) in mail.outbox[0].body
    forced, rendered_forced = reports.render_final(tenant=tenant, quarter=Q1, force=True)
    assert rendered_forced and forced.pk == first.pk
    assert OutboxMessage.objects.filter(kind=reports.REPORT_READY).count() == 2


def test_a_member_who_left_the_committee_is_not_told(tenant, quarter_data, steering):
    reports.render_final(tenant=tenant, quarter=Q1)
    Membership.objects.filter(user=steering).delete()
    relay()
    assert not [m for m in mail.outbox if "Rapport trimestriel" in m.subject]


def test_the_history_serves_the_pdf_and_the_workbook(client, tenant, quarter_data, steering):
    report, _rendered = reports.render_final(tenant=tenant, quarter=Q1)
    client.force_login(steering)
    page = client.get(_url("reports", tenant)).content.decode()
    assert "T1 2026" in page and _url("report_pdf", tenant, pk=report.pk) in page
    response = client.get(_url("report_pdf", tenant, pk=report.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-idf-2026-Q1.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(
        io.BytesIO(client.get(_url("report_xlsx", tenant, pk=report.pk)).content)
    )
    assert workbook.sheetnames == ["Indicateurs", "Détail", "Budget"]
    values = {
        row[3]: row[7] for row in workbook["Indicateurs"].iter_rows(min_row=2, values_only=True)
    }
    assert values["Médecins reçus (présents)"] == 15


@pytest.mark.parametrize(
    ("who", "status"),
    [("steering", 200), ("tenant_admin", 200), ("host", 403), ("intern", 403),
     ("case_manager", 403)],
)  # fmt: skip
def test_who_downloads_a_report(client, request, tenant, quarter_data, who, status):
    report, _rendered = reports.render_final(tenant=tenant, quarter=Q1)
    client.force_login(request.getfixturevalue(who))
    for name in ("report_pdf", "report_xlsx"):
        assert client.get(_url(name, tenant, pk=report.pk)).status_code == status
    assert client.get(_url("reports", tenant)).status_code == status


def test_another_tenants_report_is_404_for_a_steering_member(
    client, tenant, other_tenant, steering, quarter_data
):
    theirs, _rendered = reports.render_final(tenant=other_tenant, quarter=Q1)
    client.force_login(steering)
    for name in ("report_pdf", "report_xlsx", "report_state"):
        assert client.get(_url(name, tenant, pk=theirs.pk)).status_code == 404
        assert client.get(_url(name, other_tenant, pk=theirs.pk)).status_code == 404
    assert client.get(_url("reports", other_tenant)).status_code == 404


def test_a_draft_is_rendered_by_the_worker_while_the_page_shows_its_progress(
    client, tenant, steering, quarter_data, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    with django_capture_on_commit_callbacks() as queued:  # the worker has not run yet
        response = client.post(_url("report_draft", tenant), follow=True)
    draft = Report.objects.get(is_draft=True)
    state_url = _url("report_state", tenant, pk=draft.pk)
    page = response.content.decode()
    assert (
        f'data-progress-state-url="{state_url}"' in page and '<progress id="draft-progress"' in page
    )
    state = json.loads(client.get(state_url).content)
    assert state == {"status": "pending", "pending": True, "done": 0, "total": 3}
    for callback in queued:  # now the worker renders it
        callback()
    assert json.loads(client.get(state_url).content)["pending"] is False
    page = client.get(_url("reports", tenant)).content.decode()
    assert _url("report_pdf", tenant, pk=draft.pk) in page
    assert not OutboxMessage.objects.filter(kind=reports.REPORT_READY).exists()  # never sent


def test_the_command_renders_missing_reports(tenant, other_tenant, quarter_data):
    out = io.StringIO()
    call_command("quarterly_reports", "--quarter", "2026-Q1", "--tenant", "idf", stdout=out)
    assert out.getvalue() == "2026-Q1 idf: rendered\n"
    out = io.StringIO()
    call_command("quarterly_reports", "--quarter", "2026-Q1", stdout=out)
    assert out.getvalue() == "2026-Q1 idf: already there\n2026-Q1 pm64: rendered\n"
    out = io.StringIO()
    call_command(
        "quarterly_reports", "--quarter", "2026-Q1", "--tenant", "idf", "--force", stdout=out
    )
    assert out.getvalue() == "2026-Q1 idf: rendered\n"
    with pytest.raises(CommandError, match="Unknown quarter"):
        call_command("quarterly_reports", "--quarter", "2026-Q7")
    with pytest.raises(CommandError, match="not over yet"):
        call_command("quarterly_reports", "--quarter", Quarter.current().code)
