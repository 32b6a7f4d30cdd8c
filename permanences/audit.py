"""The permanences' part of the tenants' audit trail (core.audit): what staff do to sessions and
to other people's bookings, attendance, registrant lists exported, invitations to sign up.
Each entry names the session, and the booking and person when there is one: ids and codes only
(a cancellation's reason, the team's notes are free text and stay out). Imported by
PermanencesConfig.ready(); the services and views call the `log_*` helpers inside the
transaction of the write they report."""

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import audit

from .forms_staff import SessionForm, session_label
from .models import Attendance, BookingStatus, Session

CATEGORY = "permanences"
CREATE, UPDATE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE
BOOKED_ON_BEHALF = "booked_on_behalf"
BOOKING_MOVED = "booking_moved"
BOOKING_CANCELLED = "booking_cancelled_by_staff"
SESSION_CREATED = "session_created"
SESSION_CHANGED = "session_changed"
SESSION_PUBLISHED = "session_published"
SESSION_CANCELLED = "session_cancelled"
SESSION_HELD = "session_held"
ATTENDANCE = "attendance_recorded"
REGISTRANTS_EXPORT = "registrants_export"
SIGNUP_INVITATION = "signup_invitation"

audit.category(CATEGORY, _("Permanences"))


def _session_names(ids, tenant_id):
    sessions = Session._base_manager.filter(pk__in=ids, tenant_id=tenant_id)
    return {
        session.pk: session_label(session) for session in sessions.select_related("departement")
    }


audit.reference(
    "session",
    label=_("Permanence"),
    url=lambda slug, pk: reverse(
        "permanences:host_session", kwargs={"tenant_slug": slug, "pk": pk}
    ),
    names=_session_names,
)
audit.reference("booking", label=_("Inscription"))


def _status(data):
    return [dict(BookingStatus.choices).get(data.get("status"), "")]


def _attendance(value):
    return dict(Attendance.choices).get(value) or _("non renseignée")


def _describe_attendance(data):
    lines = []
    if "attendance" in data:
        old, new = data["attendance"]
        lines.append(
            _("Présence : %(old)s → %(new)s") % {"old": _attendance(old), "new": _attendance(new)}
        )
    if data.get("notes_changed"):
        lines.append(_("Notes de l'équipe modifiées"))
    return lines


def _describe_move(data):
    return [
        _("Depuis la permanence n° %(pk)s") % {"pk": data.get("from_session")},
        *_status(data),
    ]


def _field_label(name):
    field = SessionForm.base_fields.get(name)
    return str(field.label) if field is not None and field.label else name


def _describe_change(data):
    lines = [", ".join(_field_label(name) for name in data.get("fields", []))]
    if data.get("notified"):
        lines.append(_("Les personnes inscrites sont prévenues."))
    return lines


for key, label, action, describe in [
    (BOOKED_ON_BEHALF, _("Inscription faite par l'équipe"), CREATE, _status),
    (BOOKING_MOVED, _("Inscription déplacée par l'équipe"), UPDATE, _describe_move),
    (BOOKING_CANCELLED, _("Inscription annulée par l'équipe"), UPDATE, None),
    (SESSION_CREATED, _("Permanence créée"), CREATE, None),
    (SESSION_CHANGED, _("Permanence modifiée"), UPDATE, _describe_change),
    (SESSION_PUBLISHED, _("Permanence publiée"), UPDATE, None),
    (SESSION_CANCELLED, _("Permanence annulée"), UPDATE, lambda data: [
        _("%(count)s inscription(s) annulée(s)") % {"count": data.get("count", 0)}
    ]),
    (SESSION_HELD, _("Permanence marquée tenue"), UPDATE, None),
    (ATTENDANCE, _("Présence ou notes enregistrées"), UPDATE, _describe_attendance),
    (REGISTRANTS_EXPORT, _("Liste des inscrits téléchargée"), LogEntry.Action.ACCESS,
     lambda data: [_("%(format)s, %(count)s personne(s)") % {
         "format": str(data.get("format", "")).upper(), "count": data.get("count", 0)}]),
    (SIGNUP_INVITATION, _("Invitation à créer un compte demandée"), CREATE, None),
]:  # fmt: skip
    audit.event(key, label=label, category=CATEGORY, action=action, describe=describe)


def log(session, actor, event, obj=None, **details):
    """An entry of the session's tenant naming the session (and `obj` when given)."""
    return audit.log_event(
        session.tenant_id, actor, event, obj if obj is not None else session,
        session=session.pk, **details,
    )  # fmt: skip


def log_booking(booking, actor, event, *, session=None, **details):
    """An entry about someone's booking: the session, the booking, the person."""
    return log(
        session or booking.session, actor, event, booking,
        booking=booking.pk, person=booking.person_id, **details,
    )  # fmt: skip


def log_attendance(session, forms, actor):
    """One entry per registrant whose attendance or notes changed (the notes' text stays out)."""
    for form in forms:
        if not form.has_changed():
            continue
        details = {}
        if "attendance" in form.changed_data:
            details["attendance"] = [form.initial.get("attendance") or "", form.instance.attendance]
        if "staff_notes" in form.changed_data:
            details["notes_changed"] = True
        log_booking(form.instance, actor, ATTENDANCE, session=session, **details)
