"""The hosts' pages: their home, a session's registrants with attendance and private notes,
marking a session held, and the registrant list as CSV, XLSX or PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership, Role
from accounts.permissions import can_host_permanences, can_manage_permanences, require

from .. import audit, exports, services, session_services
from ..forms_staff import AttendanceFormSet
from ..models import Booking, BookingStatus, Session, SessionStatus
from ..models.bookings import ACTIVE_STATUSES
from ..permissions import can_host_session

UPCOMING_ON_HOME = 20
PAST_ON_HOME = 15


@require(can_host_permanences)
def host_home(request, tenant_slug):
    """The host's home: the sessions they host (all of them for managers), the tenant's hosts
    and its single point of contact."""
    manager = can_manage_permanences(request.user, request.tenant)
    sessions = (
        Session.objects.upcoming()
        .exclude(status=SessionStatus.CANCELLED)
        .with_counts()
        .select_related("departement")
        .order_by("starts_at", "id")
    )
    if not manager:
        sessions = sessions.filter(hosts=request.user)
    # Sessions that took place, held or still to close, with how many people were marked:
    # a host reaches every one of their départements, attendance marked or not.
    taken_place = Session.objects.taken_place()
    if not manager:
        taken_place = taken_place.reachable_by_host(request.user)
    to_record = (
        Session.objects.filter(pk__in=taken_place.values("pk"))
        .with_counts()
        .annotate(
            marked_count=Count(
                "bookings",
                filter=Q(bookings__status=BookingStatus.CONFIRMED, bookings__attendance__gt=""),
            )
        )
        .select_related("departement")
        .order_by("-starts_at", "-id")
    )
    hosts = (
        Membership.objects.filter(role=Role.HOST).select_related("user").order_by("user__last_name")
    )
    return render(
        request,
        "permanences/host_home.html",
        {
            "sessions": sessions[:UPCOMING_ON_HOME],
            "to_record": to_record[:PAST_ON_HOME],
            "hosts": hosts,
            "can_manage": manager,
        },
    )


def _hosted_session(request, pk):
    """The session if the user may host it: another tenant's is a 404, someone else's a 403."""
    session = get_object_or_404(Session.objects.select_related("departement"), pk=pk)
    if not can_host_session(request.user, session):
        raise PermissionDenied
    return session


@require(can_host_permanences)
def host_session(request, tenant_slug, pk):
    """Registrants in slot order with their profile, topics and questions; the waiting list;
    attendance and the team's private notes (never shown to the person)."""
    session = _hosted_session(request, pk)
    confirmed, waiting = exports.registrants(session)
    queryset = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
    formset = AttendanceFormSet(request.POST or None, queryset=queryset, prefix="presence")
    if request.method == "POST":
        if formset.is_valid():
            try:
                session_services.record_attendance(
                    session=session, formset=formset, acting_user=request.user
                )
            except services.BookingError as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("Présences et notes enregistrées."))
                return redirect("permanences:host_session", tenant_slug=tenant_slug, pk=session.pk)
        else:
            messages.error(
                request, _("Les présences n'ont pas été enregistrées : vérifiez le formulaire.")
            )
    forms_by_booking = {form.instance.pk: form for form in formset}
    for booking in confirmed:
        booking.form = forms_by_booking.get(booking.pk)
        if booking.form is not None:
            # Each row's fields name the person: a screen reader lists many "Présence" otherwise.
            name = booking.person.get_full_name() or booking.person.email
            booking.form.fields["attendance"].label = _("Présence de %(name)s") % {"name": name}
            booking.form.fields["staff_notes"].label = _("Notes de l'équipe sur %(name)s") % {
                "name": name
            }
    cancelled = (
        Booking.objects.filter(session=session, status=BookingStatus.CANCELLED)
        .select_related("person")
        .order_by("-cancelled_at")
    )
    now = timezone.now()
    return render(
        request,
        "permanences/staff/host_session.html",
        {
            "session": session,
            "confirmed": confirmed,
            "waiting": waiting,
            "cancelled": cancelled,
            "formset": formset,
            "can_manage": can_manage_permanences(request.user, request.tenant),
            "can_mark_held": session.status == SessionStatus.PUBLISHED and session.starts_at <= now,
            "is_future": session.starts_at > now,
        },
    )


@require(can_host_permanences)
@require_POST
def session_held(request, tenant_slug, pk):
    session = _hosted_session(request, pk)
    try:
        session_services.mark_session_held(session=session, acting_user=request.user)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Permanence marquée tenue : le questionnaire de satisfaction part aux "
                "personnes présentes."
            ),
        )
    return redirect("permanences:host_session", tenant_slug=tenant_slug, pk=pk)


def _download(request, session, fmt, content, content_type):
    """The registrant list as an attachment, its download written in the tenant's journal."""
    audit.log(
        session, request.user, audit.REGISTRANTS_EXPORT,
        format=fmt, count=session.bookings.filter(status__in=ACTIVE_STATUSES).count(),
    )  # fmt: skip
    response = HttpResponse(content, content_type=content_type)
    name = exports.filename(session, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # personal data
    return response


@require(can_host_permanences)
def export_csv(request, tenant_slug, pk):
    session = _hosted_session(request, pk)
    return _download(request, session, "csv", exports.as_csv(session), "text/csv; charset=utf-8")


@require(can_host_permanences)
def export_xlsx(request, tenant_slug, pk):
    session = _hosted_session(request, pk)
    return _download(
        request,
        session,
        "xlsx",
        exports.as_xlsx(session),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require(can_host_permanences)
def export_pdf(request, tenant_slug, pk):
    session = _hosted_session(request, pk)
    return _download(request, session, "pdf", exports.as_pdf(session), "application/pdf")
