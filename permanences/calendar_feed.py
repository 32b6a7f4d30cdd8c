"""The tenant's public iCal feed (RFC 5545) of published sessions to come.

Anyone may subscribe (a partner's calendar, an intern's phone): it carries what the public list
shows and nothing else — no video link, no registrant. Each session keeps one UID for its
whole life, and its SEQUENCE follows `Session.revision`, so a moved session updates in place.
(The per-booking invitations sent by e-mail are `permanences/ics.py`.)
"""

from datetime import UTC

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Session, SessionMode

PRODID = "-//Cap Installation//Permanences//FR"


def session_uid(session):
    return f"session-{session.pk}@cap-installation"


def session_location(session):
    if session.mode == SessionMode.VIDEO or not session.place:
        return _("Visioconférence")
    return session.place


def build_feed(sessions, *, name, url_for):
    """An iCalendar of `sessions`; `url_for(session)` gives the absolute URL of its page."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now().astimezone(UTC)
    for session in sessions:
        url = url_for(session)
        event = Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(UTC))
        event.add("dtend", session.ends_at.astimezone(UTC))
        event.add("sequence", session.revision)
        event.add(
            "summary",
            f"{session.title or session.get_kind_display()} — {session.departement.name}",
        )
        event.add("location", session_location(session))
        event.add(
            "description",
            _("%(mode)s. Inscription : %(url)s") % {"mode": session.get_mode_display(), "url": url},
        )
        event.add("url", url)
        event.add("status", "CONFIRMED")
        feed.add_component(event)
    return feed


def session_feed(request, tenant_slug):
    """/<slug>/permanences/calendrier.ics, optionally ?departement=<INSEE code>."""
    sessions = Session.objects.published().upcoming().select_related("departement")
    code = request.GET.get("departement")
    if code:
        sessions = sessions.filter(departement__insee_code=code)

    def url_for(session):
        return request.build_absolute_uri(
            reverse("permanences:detail", kwargs={"tenant_slug": tenant_slug, "pk": session.pk})
        )

    feed = build_feed(
        sessions,
        name=_("Permanences d'aide à l'installation — %(tenant)s")
        % {"tenant": request.tenant.name},
        url_for=url_for,
    )
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="permanences-{tenant_slug}.ics"'
    return response
