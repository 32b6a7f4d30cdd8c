"""The central registration desk: the team books someone who phoned (found among the people
the tenant knows, or invited to sign up), cancels with a reason, moves to another session."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import log_profile_read
from accounts.permissions import can_manage_permanences, require, tenant_sees_profile

from .. import services, session_services
from ..exports import profile_of
from ..forms_on_behalf import PersonLookupForm, SignupInvitationForm, StaffBookingForm
from ..forms_staff import CancelBookingForm, MoveBookingForm, session_label
from ..models import Booking, BookingStatus, Session
from ..services import BookingError


def _to_session(session):
    return redirect("permanences:host_session", tenant_slug=session.tenant.slug, pk=session.pk)


def _person_name(user):
    return user.get_full_name() or user.email


def _lookup_page(request, session, lookup):
    """Step 1: whom to book; an address the tenant does not know gets the offer to invite it."""
    invite = None
    if lookup.is_bound and lookup.unknown_person:
        invite = SignupInvitationForm(initial={"email": lookup.data.get("email", "")})
    return render(
        request,
        "permanences/staff/book_on_behalf.html",
        {"lookup": lookup, "invite": invite, "session": session},
    )


def _booking_page(request, session, form):
    """Step 2: who the person is, their profile if they share it with the tenant (staff reading
    it is written in the journal), and the booking form."""
    profile = profile_of(form.person)
    if tenant_sees_profile(profile, request.tenant):
        log_profile_read(
            tenant=request.tenant, actor=request.user, profile=profile, via="booking",
            session=session.pk,
        )  # fmt: skip
    else:
        profile = None
    return render(
        request,
        "permanences/staff/book_on_behalf.html",
        {"form": form, "person": form.person, "profile": profile, "session": session},
    )


@require(can_manage_permanences)
def book_on_behalf(request, tenant_slug, pk):
    """Book someone who phoned: find them among the people the tenant knows (step 1, "lookup"),
    then book them (step 2). Nobody else can be found, and an unknown address and an account
    the tenant does not know look the same (accounts.relations)."""
    session = get_object_or_404(Session.objects.select_related("departement"), pk=pk)
    if request.method != "POST":
        return _lookup_page(request, session, PersonLookupForm(tenant=request.tenant))
    if request.POST.get("step") == "lookup":
        lookup = PersonLookupForm(request.POST, tenant=request.tenant)
        if not lookup.is_valid():
            return _lookup_page(request, session, lookup)
        form = StaffBookingForm(initial={"email": lookup.cleaned_data["email"]}, session=session)
        form.person = lookup.person
        return _booking_page(request, session, form)
    form = StaffBookingForm(request.POST, session=session)
    if not form.is_valid():
        if form.person is None:  # not (or no longer) someone the tenant knows: step 1 again
            lookup = PersonLookupForm(request.POST, tenant=request.tenant)
            lookup.is_valid()
            return _lookup_page(request, session, lookup)
        return _booking_page(request, session, form)
    try:
        booking = services.book_session(
            session_id=session.pk,
            person=form.person,
            acting_user=request.user,
            slot_index=form.cleaned_data.get("slot_index"),
            topics=form.cleaned_data["topics"],
            questions=form.cleaned_data["questions"],
        )
    except BookingError as error:
        form.add_error(None, error.message)
        return _booking_page(request, session, form)
    name = _person_name(form.person)
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(request, _("%(name)s est inscrit(e).") % {"name": name})
    else:
        messages.warning(
            request,
            _("La permanence est complète : %(name)s est en liste d'attente (n° %(position)d).")
            % {"name": name, "position": booking.waiting_position()},
        )
    return _to_session(session)


@require(can_manage_permanences)
@require_POST
def invite_to_sign_up(request, tenant_slug, pk):
    """Invite an address the tenant does not know to sign up (or sign in) and book itself.
    The answer is the same whether or not the address has an account."""
    session = get_object_or_404(Session.objects.select_related("departement"), pk=pk)
    form = SignupInvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Saisissez une adresse e-mail valide."))
        return redirect("permanences:staff_book", tenant_slug=tenant_slug, pk=session.pk)
    try:
        session_services.invite_to_sign_up(
            session=session, email=form.cleaned_data["email"], acting_user=request.user
        )
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Invitation envoyée à %(email)s : la personne y trouve comment créer son compte "
                "(ou se connecter) et réserver sa place. Une même adresse ne reçoit qu'une "
                "invitation de l'espace par semaine."
            )
            % {"email": form.cleaned_data["email"]},
        )
    return _to_session(session)


def _active_booking(pk):
    return get_object_or_404(
        Booking.objects.select_related("session__departement", "person").filter(
            status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
        ),
        pk=pk,
    )


@require(can_manage_permanences)
def booking_cancel(request, tenant_slug, pk):
    booking = _active_booking(pk)
    form = CancelBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(
                booking=booking, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("L'inscription de %(name)s est annulée.")
                % {"name": _person_name(booking.person)},
            )
            return _to_session(booking.session)
    return render(
        request,
        "permanences/staff/booking_cancel.html",
        {"form": form, "booking": booking, "session": booking.session},
    )


@require(can_manage_permanences)
def booking_move(request, tenant_slug, pk):
    booking = _active_booking(pk)
    form = MoveBookingForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid():
        to_session = form.cleaned_data["to_session"]
        try:
            new = services.move_booking(
                booking=booking,
                to_session=to_session,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            values = {"name": _person_name(booking.person), "session": session_label(to_session)}
            if new.status == BookingStatus.CONFIRMED:
                messages.success(request, _("%(name)s est déplacé(e) vers : %(session)s.") % values)
            else:
                messages.warning(
                    request,
                    _(
                        "%(name)s est déplacé(e) vers : %(session)s, en liste d'attente car la "
                        "permanence est complète."
                    )
                    % values,
                )
            return _to_session(to_session)
    return render(
        request,
        "permanences/staff/booking_move.html",
        {"form": form, "booking": booking, "session": booking.session},
    )
