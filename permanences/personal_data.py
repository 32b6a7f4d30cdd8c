"""What the permanences hold about a person, for the privacy app (privacy.registry): their
bookings and questionnaire answers.

A booking belongs to its account (Booking.person cascades), and deleting the account would
delete the bookings, changing the attendance figures of past permanences. So on erasure the
upcoming bookings are cancelled through the booking service (the seat goes to the next person
waiting) and the past ones are kept without their free text. A confirmed place past the
tenant's cut-off blocks the online erasure, and an upcoming booking (perhaps made by a team on
the person's behalf) keeps an account from being erased for inactivity.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from privacy.registry import (
    REASON_REQUEST,
    ErasureRefused,
    Provider,
    iso,
    label,
    register,
)

from .models import Booking, SatisfactionResponse
from .models.bookings import ACTIVE_STATUSES, BookingStatus


def _upcoming(user, now):
    return Booking.objects.filter(
        person=user, status__in=ACTIVE_STATUSES, session__starts_at__gt=now
    ).select_related("session__tenant", "tenant")


def export(*, user):
    with scopes_disabled():
        bookings = (
            Booking.objects.filter(person=user)
            .select_related("session__tenant", "session__departement")
            .order_by("session__starts_at", "pk")
        )
        answers = (
            SatisfactionResponse.objects.filter(booking__person=user)
            .select_related("booking__session__tenant")
            .order_by("answered_at")
        )
        return {
            "bookings": [_booking_data(booking) for booking in bookings],
            "survey_answers": [_answer_data(answer) for answer in answers],
        }


def _booking_data(booking):
    session = booking.session
    slot = None
    if booking.slot_index is not None:
        start, end = booking.slot_bounds()
        slot = {"start": iso(start), "end": iso(end)}
    return {
        "tenant": session.tenant.name,
        "session": session.title or session.get_kind_display(),
        "starts_at": iso(session.starts_at),
        "ends_at": iso(session.ends_at),
        "mode": session.get_mode_display(),
        "place": session.place,
        "departement": str(session.departement),
        "status": booking.get_status_display(),
        "slot": slot,
        "topics": [str(topic) for topic in booking.topic_labels()],
        "questions": booking.questions,
        "created_at": iso(booking.created_at),
        "cancelled_at": iso(booking.cancelled_at),
        "cancel_reason": booking.cancel_reason,
        "attendance": label(booking, "attendance"),
    }


def _answer_data(answer):
    session = answer.booking.session
    return {
        "tenant": session.tenant.name,
        "session": session.title or session.get_kind_display(),
        "session_date": iso(session.starts_at),
        "overall": answer.overall,
        "usefulness": answer.usefulness,
        "would_recommend": answer.would_recommend,
        "intends_to_settle": answer.intends_to_settle,
        "horizon": answer.get_horizon_display(),
        "comment": answer.comment,
        "answered_at": iso(answer.answered_at),
    }


def blockers(*, user, now):
    from .services import cutoff_passed

    reasons = []
    with scopes_disabled():
        for booking in _upcoming(user, now):
            if booking.status == BookingStatus.CONFIRMED and cutoff_passed(booking, now):
                reasons.append(
                    _(
                        "Vous avez une place confirmée à la permanence du %(date)s, qui commence "
                        "bientôt : écrivez à l'équipe de l'espace pour l'annuler, puis revenez."
                    )
                    % {"date": timezone.localtime(booking.session.starts_at).strftime("%d/%m/%Y")}
                )
    return reasons


def erase(*, user, now, reason):
    from .services import BookingError, cancel_booking

    cancel_reason = (
        _("Compte supprimé à la demande de la personne.")
        if reason == REASON_REQUEST
        else _("Compte supprimé après une longue période sans connexion.")
    )
    cancelled = 0
    with scopes_disabled():
        for booking in _upcoming(user, now):
            try:
                cancel_booking(booking=booking, acting_user=user, reason=cancel_reason)
            except BookingError as error:
                raise ErasureRefused(error.message) from error
            cancelled += 1
        # Past bookings stay for the attendance figures, without anything the person wrote.
        Booking.objects.filter(person=user).update(questions="", staff_notes="")
        SatisfactionResponse.objects.filter(booking__person=user).update(comment="")
    return {"cancelled_bookings": cancelled}


def has_upcoming_booking(*, now):
    """An upcoming booking keeps an account in use (a team may have booked on its behalf)."""
    return Exists(
        Booking.objects.filter(
            person=OuterRef("pk"), status__in=ACTIVE_STATUSES, session__starts_at__gt=now
        )
    )


register(
    Provider(
        name="permanences",
        person_fields=("permanences.Booking.person",),
        actor_fields=(
            "permanences.Booking.booked_by",
            "permanences.Booking.cancelled_by",
            "permanences.Session.hosts",
        ),
        export=export,
        template="permanences/personal_data.html",
        blockers=blockers,
        erase=erase,
        in_use=has_upcoming_booking,
    )
)
