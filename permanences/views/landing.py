"""/moi/permanences/: where an intern lands after logging in. Their next booking, and the next
permanences of the départements they consider, in every tenant that holds some there, each
with a one-tap "Réserver" that posts to the session's page (its gate, then book_session)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_scopes import scopes_disabled

from accounts.onboarding import missing_for_booking
from accounts.services import get_or_create_profile
from accounts.views.onboarding import project_url

from ..models import Booking, Session
from ..models.bookings import ACTIVE_STATUSES
from .public import _annotate_seats

# A phone screen or two: the list page of each tenant has the rest.
SESSIONS_SHOWN = 8


def _next_booking(user, now):
    return (
        Booking.objects.filter(person=user, status__in=ACTIVE_STATUSES, session__ends_at__gt=now)
        .select_related("session__departement", "session__tenant")
        .order_by("session__starts_at", "pk")
        .first()
    )


def _sessions_in(departements, user, now):
    sessions = (
        Session.objects.published()
        .upcoming(now)
        .filter(departement__in=departements, tenant__is_active=True)
        .select_related("departement", "tenant")
        .with_counts()
        .order_by("starts_at", "id")[:SESSIONS_SHOWN]
    )
    return _annotate_seats(sessions, user, now)


@login_required
@require_safe
def intern_home(request):
    profile = get_or_create_profile(request.user)
    if missing_for_booking(profile):
        # Nothing to book yet (no départements, or terms to accept): the short step first,
        # coming back here. A sign-up's `next` leads here straight after the e-mail is confirmed.
        return redirect(project_url(request.path))
    now = timezone.now()
    departements = list(profile.departements_considered.order_by("insee_code"))
    # The person's own bookings and the sessions of the départements they chose span tenants
    # by nature; the filters on the person and on those départements are the scope here.
    with scopes_disabled():
        next_booking = _next_booking(request.user, now)
        sessions = _sessions_in(departements, request.user, now) if departements else []
    context = {
        "profile": profile,
        "next_booking": next_booking,
        "departements": departements,
        "sessions": sessions,
    }
    return render(request, "permanences/me/landing.html", context)
