"""The intern-facing pages: the sessions of a tenant, booking and cancelling, one's bookings.

The list, a session's page and a département's page are public: anybody may look, one logs in
to book. Every write goes through `services` (which locks the session row); these views only
turn what the person typed into a call and its outcome into a message.
"""

import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_permanences
from core.models import Departement
from core.pages import query_string

from .. import booking_gate, services
from ..forms_public import (
    BookingForm,
    SessionFilter,
    month_bounds,
    month_choices,
    slot_label,
    tenant_departements,
)
from ..models import Booking, BookingStatus, Session, SessionStatus
from ..models.bookings import ACTIVE_STATUSES
from ..services import BookingError
from .me import confirm_release, release

PER_PAGE = 20
CALENDAR_VIEW = "calendrier"
ALTERNATIVES = 6


def _public_sessions(now=None):
    """Published sessions still to come, with their counts, in one query."""
    return (
        Session.objects.published()
        .upcoming(now)
        .select_related("departement")
        .with_counts()
        .order_by("starts_at", "id")
    )


def _annotate_seats(sessions, user=None, now=None):
    """Give each session (annotated by with_counts) what its card shows: seats left, whether
    registration is open, its month, and the person's own booking status on it."""
    now = now or timezone.now()
    sessions = list(sessions)
    statuses = {}
    if user is not None and user.is_authenticated and sessions:
        statuses = dict(
            Booking.objects.filter(
                person=user, status__in=ACTIVE_STATUSES, session__in=[s.pk for s in sessions]
            ).values_list("session_id", "status")
        )
    for session in sessions:
        session.seats_left = max(session.seats - session.confirmed_count, 0)
        session.is_full = session.seats_left == 0
        session.registration_open = session.registration_is_open(now)
        session.opens_later = bool(
            session.registration_opens_at and now < session.registration_opens_at
        )
        session.month_label = date_format(
            timezone.localtime(session.starts_at), "YEAR_MONTH_FORMAT"
        )
        session.my_status = statuses.get(session.pk)
    return sessions


def session_list(request, tenant_slug):
    """The tenant's published sessions to come, as a list or a month calendar."""
    filterset = SessionFilter(request.GET or None, queryset=_public_sessions(), request=request)
    as_calendar = request.GET.get("vue") == CALENDAR_VIEW
    context = {
        "filter": filterset,
        "as_calendar": as_calendar,
        "departements": tenant_departements(request),
        "list_query": query_string(request, vue=None),
        "calendar_query": query_string(request, vue=CALENDAR_VIEW),
        "feed_url": request.build_absolute_uri(
            reverse("permanences:feed", kwargs={"tenant_slug": tenant_slug})
        ),
    }
    if as_calendar:
        context.update(_calendar_context(request, filterset))
    else:
        page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            sessions=_annotate_seats(page.object_list, request.user),
            page_query=query_string(request),
        )
    return render(request, "permanences/public/list.html", context)


def _calendar_context(request, filterset):
    """A month grid: the chosen month, else that of the next matching session; a week per
    row, Monday first."""
    months = [value for value, _label in month_choices()]
    chosen = None
    if filterset.is_bound:
        filterset.is_valid()  # cleans the form: a valid month counts even beside a bad filter
        chosen = filterset.form.cleaned_data.get("mois")
    sessions = filterset.qs
    current = chosen
    if not current:
        first = sessions.values_list("starts_at", flat=True).first()
        next_month = timezone.localtime(first).strftime("%Y-%m") if first else None
        current = next_month if next_month in months else months[0]
    if not chosen:
        start, end = month_bounds(current)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    sessions = _annotate_seats(sessions, request.user)
    by_day = {}
    for session in sessions:
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    year, month = (int(part) for part in current.split("-"))
    weeks = [
        [
            {"day": day, "in_month": day.month == month, "sessions": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    index = months.index(current)
    return {
        "weeks": weeks,
        "month_label": date_format(date(year, month, 1), "YEAR_MONTH_FORMAT"),
        "calendar_sessions": sessions,
        "previous_query": query_string(request, mois=months[index - 1]) if index > 0 else None,
        "next_query": (
            query_string(request, mois=months[index + 1]) if index + 1 < len(months) else None
        ),
    }


def _hide_drafts(request, session):
    """Unpublished dates do not leak: a draft is a 404 for everyone but the organisers."""
    if session.status == SessionStatus.DRAFT and not can_manage_permanences(
        request.user, request.tenant
    ):
        raise Http404("Permanence non publiée")


def _active_booking(user, session):
    if not user.is_authenticated:
        return None
    return Booking.objects.filter(session=session, person=user, status__in=ACTIVE_STATUSES).first()


def _free_slots(session):
    taken = set(
        Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).values_list(
            "slot_index", flat=True
        )
    )
    return [slot for slot in session.slots() if slot[0] not in taken]


def _refusal(session, now):
    """Why nobody can book this session right now (the service's own words), or None."""
    try:
        services.check_session_open(session, by_staff=False, now=now)
    except BookingError as error:
        return error
    return None


def _alternatives(session, now):
    """Sessions with seats left in the same département first, then in the neighbouring ones."""
    departement_ids = [
        session.departement_id,
        *session.departement.neighbours.values_list("pk", flat=True),
    ]
    candidates = _annotate_seats(
        _public_sessions(now)
        .filter(departement_id__in=departement_ids)
        .exclude(pk=session.pk)[:60],
        now=now,
    )
    open_ones = [s for s in candidates if not s.is_full and s.registration_open]
    open_ones.sort(key=lambda s: (s.departement_id != session.departement_id, s.starts_at))
    return open_ones[:ALTERNATIVES]


def _booked_message(booking):
    if booking.status == BookingStatus.WAITING:
        return _(
            "La permanence est complète : vous êtes sur la liste d'attente, en position "
            "%(position)d. Vous serez prévenu(e) par e-mail si une place se libère."
        ) % {"position": booking.waiting_position()}
    day = date_format(timezone.localtime(booking.session.starts_at), "LONG_DATE_FORMAT")
    if booking.slot_index is not None:
        start, end = booking.slot_bounds()
        return _("Votre inscription est confirmée : entretien le %(day)s, %(slot)s.") % {
            "day": day,
            "slot": slot_label(start, end).lower(),
        }
    return _("Votre inscription est confirmée pour le %(day)s.") % {"day": day}


def _book(request, pk):
    """The hot path of a booking POST: validate what was typed and hand the session's id over
    to the service, which checks the person may book, then locks and reads the session; the
    page (and its counts) is read only if it has to be shown again. Returns (a response to
    send, or None), the form and the service's refusal."""
    form = BookingForm(request.POST)  # any slot number: the service checks it under its lock
    if not form.is_valid():
        return None, form, None
    try:
        booking = services.book_session(
            session_id=pk,
            person=request.user,
            slot_index=form.cleaned_slot(),
            topics=form.cleaned_data["topics"],
            questions=form.cleaned_data["questions"],
        )
    except Session.DoesNotExist as error:  # not one of this tenant's sessions
        raise Http404("Permanence inconnue") from error
    except BookingError as error:
        if error.code == "profile_incomplete":
            return booking_gate.redirect_to_project(request, pk), None, None
        if error.code != "duplicate":
            return None, form, error
        # A double submit: the first request booked, this one shows the booking.
        messages.warning(request, error.message)
        return redirect(request.path), form, None
    messages.success(request, _booked_message(booking))
    return redirect(request.path), form, None


def session_detail(request, tenant_slug, pk):
    """A session's page; a logged-in person books it here (POST), or sees their booking."""
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    booking_error = None
    form = None
    if request.method == "POST":
        response, form, booking_error = _book(request, pk)
        if response is not None:
            return response
    sessions = Session.objects.select_related("departement", "tenant")
    session = get_object_or_404(sessions.with_counts(), pk=pk)
    _hide_drafts(request, session)
    now = timezone.now()
    booking = _active_booking(request.user, session)
    seats_left = max(session.seats - session.confirmed_count, 0)
    full = seats_left == 0
    if form is not None:
        # Shown again after an error: same data, with the slots that are free now.
        form = BookingForm(
            request.POST, session=session, free_slots=_free_slots(session), waiting_list=full
        )
        form.is_valid()
    refusal = _refusal(session, now)
    if form is None and booking is None and refusal is None and request.user.is_authenticated:
        form = BookingForm(
            session=session,
            free_slots=_free_slots(session),
            waiting_list=full,
            initial=booking_gate.pop_choice(request, session),
        )
    if booking is not None:
        booking.session = session
        booking.position = booking.waiting_position()
        booking.too_late_to_cancel = booking.status == BookingStatus.CONFIRMED and (
            services.cutoff_passed(booking, now)
        )
    show_alternatives = session.status != SessionStatus.DRAFT and (full or refusal is not None)
    context = {
        "session": session,
        "seats_left": seats_left,
        "full": full,
        "booking": booking,
        "show_video_link": bool(
            booking and booking.status == BookingStatus.CONFIRMED and session.video_link
        ),
        "form": form,
        "booking_error": booking_error,
        "refusal": refusal,
        "alternatives": _alternatives(session, now) if show_alternatives else [],
        "show_alternatives": show_alternatives,
    }
    return render(request, "permanences/public/detail.html", context)


@login_required
def cancel_my_booking(request, tenant_slug, pk):
    """Cancel the person's own active booking on this session (or leave its waiting list),
    once confirmed on a page of its own."""
    session = get_object_or_404(Session.objects.select_related("departement"), pk=pk)
    booking = _active_booking(request.user, session)
    back = reverse("permanences:detail", kwargs={"tenant_slug": tenant_slug, "pk": session.pk})
    if booking is None:
        messages.info(request, _("Vous n'avez pas d'inscription en cours à cette permanence."))
        return redirect(back)
    if request.method != "POST" or "confirm" not in request.POST:
        booking.session = session
        return confirm_release(request, booking, back)
    release(request, booking)
    return redirect(back)


def departement_sessions(request, tenant_slug, insee_code):
    """A département's sessions to come: a public page a partner's site can link to."""
    departement = get_object_or_404(Departement, insee_code=insee_code)
    sessions = _annotate_seats(
        _public_sessions().filter(departement=departement)[:50], request.user
    )
    if not sessions and not request.tenant.departements.filter(pk=departement.pk).exists():
        raise Http404("Département non couvert par cet espace")
    context = {
        "departement": departement,
        "sessions": sessions,
        "feed_url": request.build_absolute_uri(
            reverse("permanences:feed", kwargs={"tenant_slug": tenant_slug})
            + f"?departement={departement.insee_code}"
        ),
    }
    return render(request, "permanences/public/departement.html", context)
