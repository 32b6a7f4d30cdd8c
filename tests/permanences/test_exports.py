"""A session's registrant list as CSV (French Excel), XLSX and PDF."""

import csv
import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from permanences.models import Attendance, BookingStatus, Topic
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db
HEADERS = [
    "Créneau", "Nom", "Adresse e-mail", "Téléphone", "Statut", "Sujets", "Questions", "Présence",
]  # fmt: skip


@pytest.fixture
def session(tenant):
    session = SessionFactory(tenant=tenant)
    second = UserFactory(first_name="Zoé", last_name="Lefèvre", email="zoe@example.org")
    first = UserFactory(first_name="Élodie", last_name="Durand", email="elodie@example.org")
    ProfileFactory(user=first, phone="+33 6 12 34 56 78")
    BookingFactory(session=session, person=second, slot_index=3, topics=[Topic.TAXES])
    BookingFactory(
        session=session,
        person=first,
        slot_index=0,
        topics=[Topic.AIDS, Topic.MSP],
        questions='=HYPERLINK("http://evil")\nEt les aides ?',
        attendance=Attendance.PRESENT,
    )
    BookingFactory(
        session=session,
        person=UserFactory(first_name="Wanda", last_name="Attente"),
        status=BookingStatus.WAITING,
        slot_index=None,
    )
    return session


def _get(client, user, name, session):
    client.force_login(user)
    url = reverse(
        f"permanences:{name}", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )
    return client.get(url)


def _date(session):
    return f"{timezone.localtime(session.starts_at):%Y-%m-%d}"


def test_csv_is_semicolon_separated_utf8_with_bom_for_french_excel(client, session, host):
    session.hosts.add(host)
    response = _get(client, host, "host_export_csv", session)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"permanence-{_date(session)}-91-inscrits.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    assert [row[1] for row in rows[1:]] == ["Élodie Durand", "Zoé Lefèvre", "Wanda Attente"]
    elodie = rows[1]
    start = timezone.localtime(session.starts_at)
    assert elodie[0].startswith(f"{start:%H:%M} – ")
    assert elodie[2] == "elodie@example.org"
    assert elodie[3] == "'+33 6 12 34 56 78"  # no leading + or = left for a spreadsheet to run
    assert elodie[4] == "Interne"
    assert elodie[5] == "Aides à l'installation, Exercice en MSP ou en centre de santé"
    assert elodie[6].startswith("'=HYPERLINK")
    assert elodie[7] == "Présent(e)"
    assert rows[2][3] == rows[2][4] == ""  # Zoé has no profile
    assert rows[3][0] == "Liste d'attente"


def test_xlsx_is_a_workbook_with_the_same_rows(client, session, case_manager):
    response = _get(client, case_manager, "host_export_xlsx", session)

    assert response.status_code == 200
    assert f"permanence-{_date(session)}-91-inscrits.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    assert [row[1] for row in rows[1:]] == ["Élodie Durand", "Zoé Lefèvre", "Wanda Attente"]
    # Text cells only, never formulas: a question starting with "=" stays text.
    assert rows[1][6] == '=HYPERLINK("http://evil")\nEt les aides ?'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_pdf_reads_back_with_the_registrants_names(client, session, tenant_admin):
    response = _get(client, tenant_admin, "host_export_pdf", session)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"permanence-{_date(session)}-91-inscrits.pdf" in response["Content-Disposition"]
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())  # names may wrap inside their cell
    for name in ("Élodie Durand", "Zoé Lefèvre", "Wanda Attente"):
        assert name in text
    assert "Essonne" in text


def test_exports_are_not_cached(client, session, case_manager):
    response = _get(client, case_manager, "host_export_csv", session)
    assert "no-store" in response["Cache-Control"]


def test_an_empty_session_exports_just_the_headers(client, tenant, case_manager):
    empty = SessionFactory(tenant=tenant)
    response = _get(client, case_manager, "host_export_csv", empty)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [HEADERS]
