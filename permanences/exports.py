"""A session's registrant list as CSV (French Excel), XLSX (openpyxl) and PDF (WeasyPrint),
for hosts and staff."""

import csv
import io

from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from core.spreadsheets import XML_ILLEGAL, neutralise

from .models import Booking, BookingStatus


def profile_of(user):
    """The person's profile, or None: an account need not have filled one in."""
    try:
        return user.profile
    except ObjectDoesNotExist:
        return None


def registrants(session):
    """(confirmed in slot order, waiting in arrival order), with person and profile loaded."""
    bookings = Booking.objects.filter(session=session).select_related(
        "person", "person__profile", "booked_by"
    )
    confirmed = list(
        bookings.filter(status=BookingStatus.CONFIRMED).order_by("slot_index", "created_at", "id")
    )
    waiting = list(bookings.filter(status=BookingStatus.WAITING).order_by("created_at", "id"))
    for booking in confirmed + waiting:
        booking.session = session  # slot times read it: no query per row
        booking.profile = profile_of(booking.person)
    return confirmed, waiting


def slot_text(booking):
    if booking.status == BookingStatus.WAITING:
        return _("Liste d'attente")
    start, end = booking.slot_bounds()
    start_label = time_format(timezone.localtime(start), "TIME_FORMAT")
    end_label = time_format(timezone.localtime(end), "TIME_FORMAT")
    return f"{start_label} – {end_label}"


def headers():
    return [
        _("Créneau"),
        _("Nom"),
        _("Adresse e-mail"),
        _("Téléphone"),
        _("Statut"),
        _("Sujets"),
        _("Questions"),
        _("Présence"),
    ]


def rows(session, bookings=None):
    """One row per confirmed registrant (slot order), then the waiting list."""
    if bookings is None:
        confirmed, waiting = registrants(session)
        bookings = confirmed + waiting
    result = []
    for booking in bookings:
        person, profile = booking.person, booking.profile
        result.append(
            [
                slot_text(booking),
                person.get_full_name() or person.email,
                person.email,
                profile.phone if profile else "",
                profile.get_status_display() if profile else "",
                ", ".join(str(label) for label in booking.topic_labels()),
                booking.questions,
                booking.get_attendance_display() if booking.attendance else "",
            ]
        )
    return result


def filename(session, extension):
    local = timezone.localtime(session.starts_at)
    return f"permanence-{local:%Y-%m-%d}-{session.departement.insee_code}-inscrits.{extension}"


def as_csv(session):
    """Semicolon-separated UTF-8 with a byte order mark: what French Excel opens correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows(session):
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def as_xlsx(session):
    """A workbook with one sheet, the header row in bold, values as text (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Inscrits")
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows(session), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=XML_ILLEGAL.sub("", str(value)))
            cell.data_type = "s"  # a value starting with "=" stays text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_pdf(session):
    """The list as an A4 landscape PDF (WeasyPrint, DejaVu fonts, no remote resource)."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    confirmed, waiting = registrants(session)
    html = render_to_string(
        "permanences/staff/export_pdf.html",
        {
            "session": session,
            "headers": headers(),
            "rows": rows(session, confirmed + waiting),
            "confirmed_count": len(confirmed),
            "waiting_count": len(waiting),
            "generated_at": timezone.now(),
        },
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"no remote resource in exports: {url}")
