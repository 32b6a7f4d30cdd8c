"""A confirmed booking into the person's own calendar, from the confirmation on the session's
page: the same invitation the confirmation e-mail carries (permanences.ics, same UID and
SEQUENCE, so a later change updates the event instead of adding a second), as a download, and
a link that opens Google Agenda's "new event" form already filled in."""

from datetime import UTC
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.emails import absolute_url

from .. import ics
from ..models import Booking, BookingStatus, Session

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
UTC_STAMP = "%Y%m%dT%H%M%SZ"


def google_calendar_url(booking):
    """Google Agenda's form for a new event with this confirmed booking's times (the
    interview slot's when there is one), place and page."""
    session = booking.session
    start, end = booking.slot_bounds()
    page = absolute_url(
        reverse("permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk})
    )
    params = {
        "action": "TEMPLATE",
        "text": f"{session.title or session.get_kind_display()} — {session.tenant.name}",
        "dates": "/".join(moment.astimezone(UTC).strftime(UTC_STAMP) for moment in (start, end)),
        "details": page,
        "location": ics._location(session, confirmed=True),
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(params)}"


@login_required
@require_safe
def booking_invitation(request, tenant_slug, pk):
    """/<slug>/permanences/<pk>/invitation.ics: the person's confirmed booking on this session."""
    session = get_object_or_404(Session, pk=pk)
    booking = (
        Booking.objects.filter(session=session, person=request.user, status=BookingStatus.CONFIRMED)
        .select_related("session__tenant", "person")
        .first()
    )
    if booking is None:
        raise Http404("Pas d'inscription confirmée à cette permanence")
    response = HttpResponse(
        ics.booking_invitation(booking, ics.REQUEST), content_type="text/calendar; charset=utf-8"
    )
    day = timezone.localtime(session.starts_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="permanence-{day}.ics"'
    return response
