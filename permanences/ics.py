"""RFC 5545 invitations for a booking, sent as e-mail attachments (iTIP over iMIP, RFC 6047).

One booking is one calendar event: its UID never changes, and every change (promotion, move,
cancellation) is sent with a higher SEQUENCE, so the person's calendar updates or removes the
event it already has instead of adding a second one.
"""

from datetime import UTC

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import BookingStatus, SessionMode

PRODID = "-//Cap Installation//Permanences//FR"
UID_DOMAIN = "cap-installation.fr"

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def booking_uid(booking):
    return f"booking-{booking.uid}@{UID_DOMAIN}"


def _location(session, *, confirmed):
    """The place, and the video link for confirmed registrants only."""
    parts = []
    if session.mode != SessionMode.VIDEO and session.place:
        parts.append(session.place)
    if session.mode != SessionMode.IN_PERSON:
        parts.append(
            session.video_link if confirmed and session.video_link else _("Visioconférence")
        )
    return " — ".join(parts)


def _description(booking, *, confirmed):
    session = booking.session
    lines = [session.get_kind_display()]
    if confirmed and session.video_link and session.mode != SessionMode.IN_PERSON:
        lines.append(_("Lien de visioconférence : %(link)s") % {"link": session.video_link})
    topics = booking.topic_labels()
    if topics:
        lines.append(
            _("Sujets à aborder : %(topics)s")
            % {"topics": ", ".join(str(topic) for topic in topics)}
        )
    return "\n".join(lines)


def booking_invitation(booking, method, held_slot=None):
    """The booking as an iCalendar object (bytes) with METHOD `REQUEST` or `CANCEL`.

    A CANCEL keeps the booking's UID and carries its current (bumped) SEQUENCE with
    STATUS:CANCELLED, which is what calendar clients need to remove the event; its times are
    those of the interview slot the booking held (`held_slot`), as in the invitation.
    """
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unsupported iTIP method {method!r}")
    session = booking.session
    tenant = session.tenant
    confirmed = method == REQUEST and booking.status == BookingStatus.CONFIRMED
    start, end = booking.slot_bounds(held_slot)

    with translation.override("fr"):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", method)

        event = Event()
        event.add("uid", booking_uid(booking))
        event.add("sequence", booking.sequence)
        event.add("dtstamp", timezone.now().astimezone(UTC))
        event.add("dtstart", start.astimezone(UTC))
        event.add("dtend", end.astimezone(UTC))
        event.add(
            "summary",
            _("%(kind)s — %(tenant)s")
            % {"kind": session.title or session.get_kind_display(), "tenant": tenant.name},
        )
        location = _location(session, confirmed=confirmed)
        if location:
            event.add("location", location)
        event.add("description", _description(booking, confirmed=confirmed))

        organizer = vCalAddress(f"mailto:{tenant.contact_email}")
        organizer.params["cn"] = vText(tenant.name)
        event.add("organizer", organizer)

        attendee = vCalAddress(f"mailto:{booking.person.email}")
        name = booking.person.get_full_name()
        if name:
            attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED" if method == REQUEST else "DECLINED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)

        event.add("status", "CONFIRMED" if method == REQUEST else "CANCELLED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
