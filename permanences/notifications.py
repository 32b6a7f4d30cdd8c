"""What each permanence e-mail says and whether it still applies: the tasks decide when to send.

E-mails are plain text, rendered in French (`translation.override("fr")`: a per-user language is
not stored yet) from `templates/permanences/email/<template>_subject.txt` and `_body.txt`.
"""

import re
from datetime import timedelta
from email.mime.text import MIMEText

from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import absolute_url

from . import ics
from .models import Attendance, BookingStatus, SessionMode, SessionStatus

MY_BOOKINGS_PATH = "/moi/inscriptions/"

# Kinds queued by permanences.services, the reminder sweep and the questionnaire.
SIMPLE_KINDS = {
    "confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "session_cancelled",
    "questionnaire",
}
SESSION_CHANGED = re.compile(r"^session_changed_(?P<revision>\d+)$")
REMINDER = re.compile(r"^reminder_(?P<days>\d+)d$")

HOST_DIGEST = "host_digest"

SURVEY_SALT = "permanences.survey"
SURVEY_VALID_FOR = timedelta(days=60)


def reminder_kind(days):
    return f"reminder_{days}d"


def parse_kind(kind):
    """The template name and its parameter: ("reminder", 7), ("session_changed", 3)…"""
    if kind in SIMPLE_KINDS:
        return kind, None
    if match := SESSION_CHANGED.match(kind):
        return "session_changed", int(match["revision"])
    if match := REMINDER.match(kind):
        return "reminder", int(match["days"])
    raise ValueError(f"unknown booking notification kind {kind!r}")


def my_bookings_url():
    # Built by hand: the "my_bookings" pages may land after these e-mails.
    return absolute_url(MY_BOOKINGS_PATH)


def still_applies(booking, kind, now=None):
    """False when what the e-mail would say is no longer true (the booking or session changed
    since the task was queued, or the session has started): such a notification is dropped."""
    now = now or timezone.now()
    session = booking.session
    template, parameter = parse_kind(kind)
    if not booking.person.is_active:
        # A deactivated account (erased at the person's request: its address is scrubbed)
        # receives nothing, not even the cancellation its erasure caused.
        return False
    upcoming = session.status == SessionStatus.PUBLISHED and now < session.starts_at
    if template in ("confirmed", "promoted", "reminder"):
        return booking.status == BookingStatus.CONFIRMED and upcoming
    if template == "waitlisted":
        return booking.status == BookingStatus.WAITING and upcoming
    if template == "cancelled":
        return booking.status == BookingStatus.CANCELLED
    if template == "session_cancelled":
        return (
            booking.status == BookingStatus.CANCELLED and session.status == SessionStatus.CANCELLED
        )
    if template == "session_changed":
        # A later change queues its own e-mail with the newest details: send only the latest.
        return booking.is_active and upcoming and session.revision == parameter
    if template == "questionnaire":
        return session.status == SessionStatus.HELD and booking.attendance == Attendance.PRESENT
    return False


def ics_method(booking, kind):
    """REQUEST to add or update the event, CANCEL to remove it, None when there is no event."""
    template, _ = parse_kind(kind)
    if template in ("confirmed", "promoted"):
        return ics.REQUEST
    if template == "session_changed" and booking.status == BookingStatus.CONFIRMED:
        return ics.REQUEST
    if template == "cancelled":
        return ics.CANCEL
    # Only people who held a place have an event to remove; the waiting list never had one.
    if template == "session_cancelled" and booking.confirmed_at is not None:
        return ics.CANCEL
    return None


# Questionnaire links --------------------------------------------------------------------------


def survey_token(booking):
    """A signed, timestamped token naming the booking (valid SURVEY_VALID_FOR)."""
    return signing.dumps({"b": booking.pk}, salt=SURVEY_SALT)


def read_survey_token(token):
    """The booking id in the token; raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_VALID_FOR)
    if not isinstance(data, dict) or not isinstance(data.get("b"), int):
        raise signing.BadSignature("malformed questionnaire token")
    return data["b"]


def survey_url(booking):
    path = reverse(
        "permanences:survey",
        kwargs={"tenant_slug": booking.session.tenant.slug, "token": survey_token(booking)},
    )
    return absolute_url(path)


# Rendering -----------------------------------------------------------------------------------


def _render(template, context):
    with translation.override("fr"):
        subject = render_to_string(f"permanences/email/{template}_subject.txt", context)
        body = render_to_string(f"permanences/email/{template}_body.txt", context)
    # A subject is one line, whatever the template's whitespace.
    return " ".join(subject.split()), body


def _ics_attachment(booking, method, held_slot=None):
    invitation = ics.booking_invitation(booking, method, held_slot)
    part = MIMEText(invitation.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part


def booking_context(booking, kind, held_slot=None):
    """What the e-mail templates read; `held_slot` is the slot a cancelled booking held."""
    session = booking.session
    template, parameter = parse_kind(kind)
    start, end = booking.slot_bounds(held_slot)
    confirmed = booking.status == BookingStatus.CONFIRMED
    return {
        "booking": booking,
        "session": session,
        "tenant": session.tenant,
        "person": booking.person,
        "start": start,
        "end": end,
        "has_slot": booking.slot_index is not None
        or (held_slot is not None and held_slot < session.slot_count),
        "confirmed": confirmed,
        "in_person": session.mode != SessionMode.VIDEO and bool(session.place),
        "by_video": session.mode != SessionMode.IN_PERSON,
        # The video link goes to people holding a place, never to the waiting list.
        "video_link": session.video_link if confirmed else "",
        "position": booking.waiting_position(),
        "days": parameter if template == "reminder" else None,
        "my_bookings_url": my_bookings_url(),
        "cutoff_hours": session.tenant.booking_cutoff_hours,
        "survey_url": survey_url(booking) if template == "questionnaire" else "",
        "survey_valid_days": SURVEY_VALID_FOR.days,
    }


def booking_message(booking, kind, held_slot=None):
    """The e-mail for `kind` about `booking`, with its ICS invitation when it has one;
    `held_slot` is the interview slot a cancelled booking held (its own is cleared)."""
    template, _ = parse_kind(kind)
    subject, body = _render(template, booking_context(booking, kind, held_slot))
    tenant = booking.session.tenant
    message = EmailMessage(
        subject, body, to=[booking.person.email], reply_to=[tenant.contact_email]
    )
    method = ics_method(booking, kind)
    if method:
        message.attach(_ics_attachment(booking, method, held_slot))
    return message


def host_digest_message(session, host, bookings, waiting_count):
    """The list of tomorrow's registrants for one host, with their slots, topics and questions."""
    rows = []
    for booking in bookings:
        start, end = booking.slot_bounds()
        rows.append(
            {
                "booking": booking,
                "start": start,
                "end": end,
                "topics": [str(label) for label in booking.topic_labels()],
            }
        )
    context = {
        "session": session,
        "tenant": session.tenant,
        "host": host,
        "rows": rows,
        "waiting_count": waiting_count,
        "host_url": absolute_url(
            reverse("permanences:host_home", kwargs={"tenant_slug": session.tenant.slug})
        ),
    }
    subject, body = _render("host_digest", context)
    return EmailMessage(subject, body, to=[host.email], reply_to=[session.tenant.contact_email])
