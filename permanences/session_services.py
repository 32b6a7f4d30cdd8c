"""Writes of the permanences app on sessions, monthly templates, attendance, questionnaires
and invitations to sign up: what the team, the hosts and the people who came do beside
booking.

Booking, cancelling, promoting and moving stay in `services` (the booking invariant); the
writes here that touch who holds a place (changing a session's seats, slots or times) take
the same session row lock first (`services.lock_session`). Each one is written in the tenant's
audit trail in its own transaction (permanences.audit).
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_permanences
from core import outbox
from core.models import OutboxMessage

from . import audit, services
from .emails import SIGNUP_INVITATION, already_recorded, notify_many
from .models import Attendance, Booking, BookingStatus, SatisfactionResponse, SessionStatus
from .services import BookingError, check_session_open, lock_session

# An address gets at most one invitation to sign up from a tenant in this time.
SIGNUP_INVITATION_WINDOW = timedelta(days=7)
# What registrants must hear about when staff change it on a published session.
NOTIFIED_FIELDS = ["starts_at", "ends_at", "mode", "place", "video_link"]


def create_session(*, form, tenant, acting_user):
    """A new session from staff's valid SessionForm, as a draft (published later)."""
    session = form.save(commit=False)
    session.tenant = tenant
    session.status = SessionStatus.DRAFT
    with transaction.atomic():
        session.save()
        form.save_m2m()
        audit.log(session, acting_user, audit.SESSION_CREATED)
    return session


def _check_change_fits(locked, session):
    """Refuse (BookingError) a change that would leave a confirmed person without a seat or
    a slot; `locked` is the session as it is now, `session` as staff changed it."""
    if locked.status == SessionStatus.CANCELLED:
        raise BookingError("cancelled", _("Cette permanence a été annulée entre-temps."))
    confirmed = list(
        locked.bookings.filter(status=BookingStatus.CONFIRMED).values_list("slot_index", flat=True)
    )
    if len(confirmed) > session.seats:
        raise BookingError(
            "too_few_seats",
            _(
                "%(count)d personnes ont déjà une place confirmée : annulez ou déplacez "
                "des inscriptions avant de réduire le nombre de places."
            )
            % {"count": len(confirmed)},
        )
    if session.has_slots and any(
        index is not None and index >= session.slot_count for index in confirmed
    ):
        raise BookingError(
            "slots_taken",
            _(
                "Des personnes occupent des créneaux qui disparaîtraient avec ces horaires : "
                "déplacez-les d'abord."
            ),
        )


def save_session_changes(*, form, acting_user):
    """Save staff's valid SessionForm with the session locked: refuse a change that would leave
    a confirmed person without a seat or slot, promote people waiting when seats open up, and
    tell registrants when the date, time, place or link of a published session changed.
    Returns the names of the notified fields that changed."""
    session = form.instance
    with transaction.atomic():
        locked = services.lock_session(session.pk)
        _check_change_fits(locked, session)
        changed = [
            name for name in NOTIFIED_FIELDS if getattr(locked, name) != getattr(session, name)
        ]
        more_seats = session.seats > locked.seats
        # Keep what was written since the form was read (status, revision) as it is now.
        session.status, session.revision = locked.status, locked.revision
        form.save()
        notified = session.status == SessionStatus.PUBLISHED and bool(changed)
        if notified:
            services.session_changed(session=session, acting_user=acting_user)  # fills too
        elif more_seats:
            services.fill_from_waiting_list(services.lock_session(session.pk))
        if form.has_changed():
            audit.log(
                session, acting_user, audit.SESSION_CHANGED,
                fields=form.changed_data, notified=notified,
            )  # fmt: skip
    return changed


def publish_session(*, session, acting_user, now=None):
    """Open a draft session to bookings; BookingError if it is no longer a draft or past."""
    now = now or timezone.now()
    with transaction.atomic():
        session = services.lock_session(session.pk)
        if session.status != SessionStatus.DRAFT:
            raise BookingError(
                "not_draft", _("Seule une permanence en brouillon peut être publiée.")
            )
        if session.starts_at <= now:
            raise BookingError(
                "past", _("Cette permanence a déjà eu lieu : elle ne peut être publiée.")
            )
        session.status = SessionStatus.PUBLISHED
        session.save(update_fields=["status"])
        audit.log(session, acting_user, audit.SESSION_PUBLISHED)
    return session


def save_template(*, form, tenant):
    """Create or update a monthly template from staff's valid SessionTemplateForm."""
    with transaction.atomic():
        template = form.save(commit=False)
        template.tenant = tenant
        template.save()
    return template


def delete_template(*, template):
    """Delete a monthly template; the sessions it generated stay (their link is cleared)."""
    with transaction.atomic():
        template.delete()


def record_attendance(*, session, formset, acting_user, now=None):
    """Save the hosts' valid AttendanceFormSet (attendance and private notes), each change in
    the audit trail. Notes may be written ahead, but whether someone came is only known once
    the session has started: BookingError (nothing saved) for an attendance marked before."""
    now = now or timezone.now()
    if session.starts_at > now and any(
        form.cleaned_data.get("attendance") for form in formset.forms if form.has_changed()
    ):
        raise BookingError(
            "not_started",
            _(
                "La permanence n'a pas encore commencé : les présences ne pourront être notées "
                "qu'à partir du %(start)s. Rien n'a été enregistré."
            )
            % {"start": date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")},
        )
    with transaction.atomic():
        formset.save()
        audit.log_attendance(session, formset.forms, acting_user)


def record_satisfaction(*, form, booking):
    """Save a questionnaire answer from a valid SatisfactionForm. Returns False when the
    booking already had one (a double submission: the first one won)."""
    form.instance.tenant_id = booking.tenant_id
    form.instance.booking = booking
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        return False
    return True


def has_answered(booking):
    return SatisfactionResponse.objects.filter(booking=booking).exists()


def mark_session_held(*, session, acting_user, now=None):
    """A published session that has started is marked held; the people marked present get the
    satisfaction questionnaire. Returns how many questionnaires were recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(session.pk)
        if session.status != SessionStatus.PUBLISHED or session.starts_at > now:
            raise BookingError(
                "not_started",
                _("Seule une permanence publiée et commencée peut être marquée tenue."),
            )
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
        audit.log(session, acting_user, audit.SESSION_HELD)
        return send_questionnaires(session=session)


def send_questionnaires(*, session):
    """Record the questionnaire for every person marked present at a held session who has not
    had it yet. Only "present" counts: asking someone who missed the session to rate it would
    skew the satisfaction rate. Returns how many were recorded."""
    if session.status != SessionStatus.HELD:
        return 0
    due = (
        Booking.objects.filter(session=session, attendance=Attendance.PRESENT)
        .exclude(already_recorded("questionnaire"))
        .values_list("pk", "tenant_id")
    )
    return notify_many((pk, tenant_id, "questionnaire") for pk, tenant_id in due)


def _invitation_key(tenant_id, email, window):
    digest = hashlib.sha256(f"{tenant_id}:{email}".encode()).hexdigest()[:32]
    return f"{SIGNUP_INVITATION}:{tenant_id}:{digest}:{window}"


def invite_to_sign_up(*, session, email, acting_user, now=None):
    """Invite an address to create an account (or sign in) and book this session itself.

    Staff use it for someone the tenant does not know: it does the same whether or not the
    address has an account, so that they learn nothing about it, and the message says what to
    do in either case. One e-mail per address and tenant per SIGNUP_INVITATION_WINDOW: the
    outbox key names the address and the window, and a message of the previous window still
    inside it counts too. Every request is written in the journal (without the address)."""
    if not can_manage_permanences(acting_user, session.tenant):
        raise BookingError("forbidden", _("Seule l'équipe de l'espace peut inviter une personne."))
    now = now or timezone.now()
    check_session_open(session, by_staff=True, now=now)
    email = email.strip().lower()
    window = int(now.timestamp() // SIGNUP_INVITATION_WINDOW.total_seconds())
    with transaction.atomic():
        recent = OutboxMessage.objects.filter(
            key=_invitation_key(session.tenant_id, email, window - 1),
            created_at__gt=now - SIGNUP_INVITATION_WINDOW,
        ).exists()
        if not recent:
            outbox.enqueue(
                key=_invitation_key(session.tenant_id, email, window),
                kind=SIGNUP_INVITATION,
                payload={"email": email, "session": session.pk},
                tenant_id=session.tenant_id,
            )
        audit.log(session, acting_user, audit.SIGNUP_INVITATION)
