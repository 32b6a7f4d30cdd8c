"""Writes of the permanences app: booking, cancelling, promoting, moving, cancelling sessions.

Every write that touches who holds a place locks the session row first (SELECT … FOR UPDATE,
with a short lock timeout on PostgreSQL), then counts and writes inside the same transaction:
however many requests arrive together, they take turns on that row, so an interview session
never confirms more than its seats (at most 7). The messages these writes cause are recorded
in the outbox in the same transaction (permanences.emails), and leave after the commit.
What staff do to other people's bookings and to sessions is written in the tenant's audit trail
in the same transaction (permanences.audit).
"""

import contextlib
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.middleware import access_at_request
from accounts.onboarding import ready_to_book
from accounts.permissions import can_manage_permanences

from . import audit, locking
from .emails import notify
from .models import Booking, BookingStatus, SessionStatus
from .models.bookings import ACTIVE_STATUSES


class BookingError(Exception):
    """A booking action refused for a reason the person must read (already translated)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    created: bool = True


def lock_session(session_id):
    """Lock the session row for the rest of the transaction and return it fresh (a session the
    tenant does not hold raises Session.DoesNotExist)."""
    return _locked(session_id)[0]


def _locked(session_id, *, read_bookings=False):
    """permanences.locking.lock, a lock not granted in time told kindly."""
    try:
        return locking.lock(session_id, read_bookings=read_bookings)
    except DatabaseError as error:  # lock_timeout: the session is hammered; say so kindly
        raise BookingError(
            "busy",
            _("Beaucoup de personnes s'inscrivent en ce moment : réessayez dans un instant."),
        ) from error


def _email_verified(user):
    # Read with the request's access flags (accounts.middleware.request_access), else here.
    known = access_at_request(user)
    if known is not None:
        return known.email_verified
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def check_session_open(session, *, by_staff, now):
    """Raise the BookingError a person would get for this session now (pages show it early)."""
    if session.status == SessionStatus.CANCELLED:
        raise BookingError("cancelled", _("Cette permanence a été annulée."))
    if session.starts_at <= now:
        raise BookingError("past", _("Cette permanence a déjà eu lieu."))
    if session.status != SessionStatus.PUBLISHED:
        raise BookingError(
            "not_published", _("Cette permanence n'est pas ouverte aux inscriptions.")
        )
    if not by_staff and not session.registration_is_open(now):
        if session.registration_opens_at and now < session.registration_opens_at:
            raise BookingError("not_open_yet", _("Les inscriptions ne sont pas encore ouvertes."))
        raise BookingError("closed", _("Les inscriptions à cette permanence sont closes."))


def _confirmed(session):
    return Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)


def _free_slot(session, taken, wanted=None):
    """The wanted slot if it is free, else the earliest free one (None without slots)."""
    if not session.has_slots:
        return None
    if wanted is not None:
        if wanted not in range(session.slot_count):
            raise BookingError("bad_slot", _("Ce créneau n'existe pas pour cette permanence."))
        if wanted in taken:
            raise BookingError(
                "slot_taken",
                _("Ce créneau vient d'être pris : choisissez-en un autre."),
            )
        return wanted
    return next(index for index in range(session.slot_count) if index not in taken)


def book_session(*, session_id, person, acting_user=None, slot_index=None, topics=(), questions=""):
    """Confirm the person on a free slot, or put them on the waiting list when it is full (staff
    booking someone else: in the audit trail). A person booking themselves must have completed
    the short step (`profile_incomplete`, accounts.onboarding). One transaction: lock, count,
    inserts; no savepoint inside. The booking carries the locked session; a session the
    tenant does not hold raises Session.DoesNotExist."""
    acting_user = acting_user or person
    with _duplicate_refused(), transaction.atomic():
        booking = _book_locked(session_id, person, acting_user, slot_index, topics, questions)
        if booking.booked_by_id is not None:
            audit.log_booking(booking, acting_user, audit.BOOKED_ON_BEHALF, status=booking.status)
    return booking


def _book(session, person, acting_user, slot_index=None, topics=(), questions=""):
    """Book inside a caller's transaction (a move), under a savepoint of its own."""
    with _duplicate_refused(), transaction.atomic():
        return _book_locked(session.pk, person, acting_user, slot_index, topics, questions)


@contextlib.contextmanager
def _duplicate_refused():
    try:
        yield
    except IntegrityError as error:  # the constraints back the checks up
        raise BookingError(
            "duplicate", _("Vous êtes déjà inscrit(e) à cette permanence.")
        ) from error


def _book_locked(session_id, person, acting_user, slot_index, topics, questions):
    """Lock the session, count its places and its waiting list, insert the booking and its
    message."""
    on_behalf = acting_user != person
    if not on_behalf and not _email_verified(person):
        raise BookingError(
            "unverified",
            _(
                "Confirmez d'abord votre adresse e-mail : le lien vous a été envoyé à l'inscription."
            ),
        )
    # Staff booking someone who phoned fill in what they know; a person booking themselves
    # completes the short step first (permanences.booking_gate). Read before the lock, told
    # after it: another tenant's session is a 404 and a closed one says so, whoever asks.
    ready = on_behalf or ready_to_book(person)
    now = timezone.now()
    # The lock and, once granted, the active bookings: places taken, the length of the
    # waiting list and whether this person already holds one.
    session, rows = _locked(session_id, read_bookings=True)
    if on_behalf and not can_manage_permanences(acting_user, session.tenant):
        raise BookingError("forbidden", _("Vous ne pouvez inscrire que vous-même."))
    check_session_open(session, by_staff=on_behalf, now=now)
    if not ready:
        raise BookingError(
            "profile_incomplete",
            _(
                "Complétez d'abord « Votre projet » et acceptez les conditions d'utilisation "
                "en vigueur : votre chargé(e) de mission prépare l'entretien avec."
            ),
        )
    taken, waiting = [], 0
    for person_id, status, slot in rows:
        if person_id == person.pk:
            raise BookingError("duplicate", _("Vous êtes déjà inscrit(e) à cette permanence."))
        if status == BookingStatus.CONFIRMED:
            taken.append(slot)
        else:
            waiting += 1
    booking = Booking(
        tenant_id=session.tenant_id,
        session=session,
        person=person,
        topics=list(topics),
        questions=questions,
        booked_by=acting_user if on_behalf else None,
    )
    if len(taken) < session.seats:
        booking.status = BookingStatus.CONFIRMED
        booking.slot_index = _free_slot(session, set(taken), slot_index)
        booking.confirmed_at = now
    else:
        booking.status = BookingStatus.WAITING
    booking.save()
    if booking.status == BookingStatus.WAITING:
        booking.known_waiting_position = waiting + 1  # counted under the lock: no second read
    notify(booking, "confirmed" if booking.status == BookingStatus.CONFIRMED else "waitlisted")
    return booking


def fill_from_waiting_list(session, *, freed_slot=None, now=None):
    """Promote the first people waiting while seats are free. The session must be locked."""
    now = now or timezone.now()
    if session.status != SessionStatus.PUBLISHED or session.starts_at <= now:
        return []
    promoted = []
    taken = set(_confirmed(session).values_list("slot_index", flat=True))
    count = _confirmed(session).count()
    waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING).order_by(
        "created_at", "id"
    )
    for booking in waiting[: max(session.seats - count, 0)]:
        wanted = freed_slot if freed_slot is not None and freed_slot not in taken else None
        booking.slot_index = _free_slot(session, taken, wanted)
        taken.add(booking.slot_index)
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now
        booking.sequence += 1
        booking.save(update_fields=["status", "slot_index", "confirmed_at", "sequence"])
        notify(booking, "promoted")
        promoted.append(booking)
        freed_slot = None
    return promoted


def cutoff_passed(booking, now=None):
    """Past the tenant's cut-off, an intern can no longer cancel a confirmed place online."""
    now = now or timezone.now()
    hours = booking.session.tenant.booking_cutoff_hours
    return now >= booking.session.starts_at - timedelta(hours=hours)


def cancel_booking(*, booking, acting_user, reason=""):
    """Cancel a booking (or leave the waiting list) and promote the next person in line.
    Staff cancelling someone else's is written in the tenant's audit trail (not the reason:
    free text)."""
    with transaction.atomic():
        booking, by_staff = _cancel(booking, acting_user, reason)
        if by_staff and acting_user != booking.person:
            audit.log_booking(booking, acting_user, audit.BOOKING_CANCELLED)
    return booking


def _mark_cancelled(booking, *, now, acting_user, reason):
    """Cancel one booking row (its seat or slot freed, the calendar invitation's sequence
    bumped so that the cancellation replaces it); the caller tells the people concerned."""
    booking.status = BookingStatus.CANCELLED
    booking.slot_index = None
    booking.cancelled_at = now
    booking.cancelled_by = acting_user
    booking.cancel_reason = reason
    booking.sequence += 1
    booking.save(
        update_fields=[
            "status", "slot_index", "cancelled_at", "cancelled_by", "cancel_reason", "sequence",
        ]
    )  # fmt: skip


def _cancel(booking, acting_user, reason):
    by_staff = can_manage_permanences(acting_user, booking.tenant)
    if not by_staff and acting_user != booking.person:
        raise BookingError("forbidden", _("Cette inscription n'est pas la vôtre."))
    if by_staff and acting_user != booking.person and not reason.strip():
        raise BookingError("reason_required", _("Indiquez le motif de l'annulation."))
    now = timezone.now()
    with transaction.atomic():
        session = lock_session(booking.session_id)
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
        booking.session = session
        if not booking.is_active:
            raise BookingError("already_cancelled", _("Cette inscription est déjà annulée."))
        if (
            booking.status == BookingStatus.CONFIRMED
            and not by_staff
            and cutoff_passed(booking, now)
        ):
            raise BookingError(
                "too_late",
                _(
                    "La permanence commence dans moins de %(hours)d heures : pour annuler, "
                    "écrivez à l'équipe de l'espace."
                )
                % {"hours": session.tenant.booking_cutoff_hours},
            )
        was_confirmed = booking.status == BookingStatus.CONFIRMED
        freed_slot = booking.slot_index
        _mark_cancelled(booking, now=now, acting_user=acting_user, reason=reason)
        if was_confirmed:
            notify(booking, "cancelled", held_slot=freed_slot)
            fill_from_waiting_list(session, freed_slot=freed_slot, now=now)
    return booking, by_staff


def move_booking(*, booking, to_session, acting_user, reason=""):
    """Staff move someone to another session of the tenant, in one transaction."""
    if not can_manage_permanences(acting_user, booking.tenant):
        raise BookingError(
            "forbidden", _("Seule l'équipe de l'espace peut déplacer une inscription.")
        )
    with transaction.atomic():
        # Lock both sessions in id order so that two opposite moves cannot deadlock.
        for session_id in sorted({booking.session_id, to_session.pk}):
            lock_session(session_id)
        new = _book(
            to_session, booking.person, acting_user, None, booking.topics, booking.questions
        )
        _cancel(
            booking,
            acting_user,
            reason
            or _("Déplacée vers la permanence du %(date)s.")
            % {"date": date_format(timezone.localtime(to_session.starts_at), "SHORT_DATE_FORMAT")},
        )
        audit.log_booking(
            new, acting_user, audit.BOOKING_MOVED,
            status=new.status, from_session=booking.session_id, from_booking=booking.pk,
        )  # fmt: skip
    return new


def cancel_session(*, session, acting_user, reason):
    """Cancel a whole session: every registrant and the waiting list are told."""
    if not reason.strip():
        raise BookingError("reason_required", _("Indiquez le motif de l'annulation."))
    now = timezone.now()
    with transaction.atomic():
        session = lock_session(session.pk)
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.revision += 1
        session.save(update_fields=["status", "cancel_reason", "revision"])
        count = 0
        for booking in Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES):
            count += 1
            held_slot = booking.slot_index
            _mark_cancelled(booking, now=now, acting_user=acting_user, reason=reason)
            notify(booking, "session_cancelled", held_slot=held_slot)
        audit.log(session, acting_user, audit.SESSION_CANCELLED, count=count)
    return session


def session_changed(*, session, acting_user):
    """After staff moved a session (time, place, link): update every registrant's calendar."""
    with transaction.atomic():
        session = lock_session(session.pk)
        session.revision += 1
        session.save(update_fields=["revision"])
        for booking in Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES):
            booking.sequence += 1
            booking.save(update_fields=["sequence"])
            notify(booking, f"session_changed_{session.revision}")
        fill_from_waiting_list(session)
    return session
