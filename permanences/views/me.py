"""The person's own bookings (/moi/inscriptions/, across tenants), and releasing a place or
leaving a waiting list, confirmed first on a page of its own (also from a session's page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from core.pages import confirm_page

from .. import services
from ..models import Booking, BookingStatus
from ..services import BookingError


def confirm_release(request, booking, cancel_url):
    """Releasing a place is not undone by a second tap: the person confirms first."""
    session = booking.session
    values = {
        "date": date_format(timezone.localtime(session.starts_at), "LONG_DATE_FORMAT"),
        "departement": session.departement.name,
    }
    if booking.status == BookingStatus.CONFIRMED:
        title = _("Libérer ma place")
        question = _("Libérer votre place à la permanence du %(date)s (%(departement)s) ?") % values
        consequences = [
            _("Votre place est proposée à la personne suivante de la liste d'attente."),
            _("Pour revenir, il faudra vous inscrire à nouveau, s'il reste de la place."),
        ]
    else:
        title = _("Quitter la liste d'attente")
        question = (
            _("Quitter la liste d'attente de la permanence du %(date)s (%(departement)s) ?")
            % values
        )
        consequences = [_("Vous perdez votre rang sur la liste d'attente.")]
    return confirm_page(
        request, title=title, question=question, confirm_label=title,
        cancel_url=cancel_url, consequences=consequences,
    )  # fmt: skip


def release(request, booking):
    was_waiting = booking.status == BookingStatus.WAITING
    try:
        services.cancel_booking(booking=booking, acting_user=request.user)
    except BookingError as error:
        messages.error(request, error.message)
        return
    if was_waiting:
        messages.success(request, _("Vous avez quitté la liste d'attente."))
    else:
        messages.success(
            request,
            _("Votre place est libérée : elle est proposée à la personne suivante. Merci !"),
        )


def _with_waiting_ahead(bookings):
    """Each booking with how many wait before it on its session (Booking.waiting_position, in
    the same query for the whole list rather than one query per booking)."""
    earlier = (
        Booking._base_manager.filter(
            session_id=OuterRef("session_id"), status=BookingStatus.WAITING
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("session_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return bookings.annotate(waiting_ahead=Coalesce(Subquery(earlier), 0))


@login_required
def my_bookings(request):
    """The person's bookings across tenants: those to come first, then the others."""
    now = timezone.now()
    # A person's own bookings span tenants by nature; the filter on person is the scope here.
    with scopes_disabled():
        bookings = list(
            _with_waiting_ahead(Booking.objects.filter(person=request.user)).select_related(
                "session__departement", "session__tenant", "tenant"
            )
        )
        for booking in bookings:
            waiting = booking.status == BookingStatus.WAITING
            booking.position = booking.waiting_ahead + 1 if waiting else None
            booking.too_late_to_cancel = booking.status == BookingStatus.CONFIRMED and (
                services.cutoff_passed(booking, now)
            )
    upcoming = sorted(
        (b for b in bookings if b.is_active and b.session.ends_at > now),
        key=lambda b: (b.session.starts_at, b.pk),
    )
    upcoming_ids = {b.pk for b in upcoming}
    others = sorted(
        (b for b in bookings if b.pk not in upcoming_ids),
        key=lambda b: (b.session.starts_at, b.pk),
        reverse=True,
    )
    return render(request, "permanences/me/list.html", {"upcoming": upcoming, "others": others})


@login_required
def cancel_from_my_bookings(request, pk):
    """Cancel one of the person's bookings ("Libérer ma place"), once confirmed."""
    with scopes_disabled():
        booking = get_object_or_404(
            Booking.objects.select_related("session__departement", "tenant"),
            pk=pk,
            person=request.user,
        )
    if request.method != "POST" or "confirm" not in request.POST:
        return confirm_release(request, booking, reverse("my_bookings:list"))
    with scope(tenant=booking.tenant):
        release(request, booking)
    return redirect("my_bookings:list")
