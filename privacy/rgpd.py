"""Personal-data rights (RGPD): what the portal holds about a person, erasure, and retention.

- `personal_data(user)`: everything about the person, across tenants, as plain data (the JSON
  download and the readable page show the same thing). Staff notes are left out: only the
  interactions a case manager marked shareable are included, and no booking staff note.
- `erase_person(user=…)`: at the person's request, or by privacy.retention for an account
  unused for 3 years. The account is deactivated and scrubbed, not deleted. A booking
  belongs to its account (Booking.person cascades), and deleting the account would delete the
  bookings, changing the attendance figures of past permanences. So: upcoming bookings are
  cancelled through the booking service (the seat goes to the next person waiting), past ones
  are kept without their free text, the profile is deleted, the account loses its name, its
  e-mail addresses, its password and its second factor, and the dossiers are anonymised.
- `anonymise_dossiers(…)`: identity and free text blanked, the account unlinked,
  `anonymised_at` set; the stage, dates, source, département, installation and follow-up
  dates stay, so every indicator counts the same. The audit log's copies are scrubbed too.
- `anonymise_expired(…)`: the retention rule, run by privacy.tasks: dossiers closed for
  more than the tenant's `retention_years` (3 by default) are anonymised.
- `purge_import_files(…)`: an uploaded file is a copy of people's identities; it is deleted
  IMPORT_KEEP_DAYS after upload, with the row errors of its report (which quote cells).
"""

import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.models import Membership, Profile, Tenant
from caseload.models import (
    PROVEN_LINKS,
    Dossier,
    FollowUp,
    ImportJob,
    InstallationOutcome,
    Interaction,
    LinkSuggestion,
    Stage,
)

ANONYMISED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "rpps": "",
    "faculty": "",
    "diploma_year": None,
    "tags": [],
    "next_action": "",
    "person": None,
    "link_method": "",
    "do_not_call": True,  # never in a call queue again
}
CHUNK = 1000
IMPORT_KEEP_DAYS = 30
# What an import report quotes from the file's cells (the counts stay).
IMPORT_REPORT_DETAILS = ("errors", "notices", "updates", "columns", "ignored_columns",
                         "repeated_columns", "file_error")  # fmt: skip
REASON_REQUEST, REASON_RETENTION = "request", "retention"


class ErasureRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _iso(value):
    return value.isoformat() if value else None


def _label(instance, name):
    value = getattr(instance, name)
    return getattr(instance, f"get_{name}_display")() if value else ""


def _name(user):
    return (user.get_full_name() or user.email) if user else ""


def verified_emails(user):
    from allauth.account.models import EmailAddress

    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def person_dossiers(user):
    """The person's dossiers in every tenant: linked to the account by proof (a verified
    address, a case manager's confirmation, opened from the account), or opened before they
    signed up under one of their verified addresses. Never by an RPPS number: one typed into
    a profile proves nothing, and an old link made on it is not theirs until a case manager
    confirms it. Call with scopes disabled."""
    match = Q(person=user, link_method__in=PROVEN_LINKS)
    for email in verified_emails(user):
        match |= Q(person__isnull=True, email__iexact=email)
    return Dossier.objects.filter(match, anonymised_at__isnull=True)


# Access


def personal_data(user):
    """Everything the portal holds about `user`, as JSON-ready data (labels, ISO dates)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from permanences.models import Booking, SatisfactionResponse

    with scopes_disabled():  # a person's data spans tenants by nature
        profile = (
            Profile.objects.filter(user=user)
            .select_related("followed_tenant")
            .prefetch_related("departements_considered", "step_completions__step__tenant")
            .first()
        )
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
        dossiers = (
            person_dossiers(user)
            .select_related("tenant", "target_departement", "assigned_to")
            .prefetch_related("follow_ups")
            .order_by("tenant__name", "pk")
        )
        installations = {
            outcome.dossier_id: outcome
            for outcome in InstallationOutcome.objects.filter(
                dossier__in=dossiers.values("pk")
            ).select_related("departement")
        }
        shared = {}
        for interaction in (
            Interaction.objects.filter(dossier__in=dossiers.values("pk"), shareable=True)
            .select_related("author")
            .order_by("occurred_at", "pk")
        ):
            shared.setdefault(interaction.dossier_id, []).append(interaction)
        memberships = list(Membership.objects.filter(user=user).select_related("tenant"))
        data = {
            "generated_at": _iso(timezone.now()),
            "account": {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
                "email_addresses": [
                    {"email": a.email, "verified": a.verified, "primary": a.primary}
                    for a in EmailAddress.objects.filter(user=user).order_by("pk")
                ],
                "two_factor_methods": sorted(
                    {str(a.get_type_display()) for a in Authenticator.objects.filter(user=user)}
                ),
            },
            "profile": _profile_data(profile) if profile else None,
            "memberships": [
                {
                    "tenant": m.tenant.name,
                    "role": m.get_role_display(),
                    "organisation": m.organisation,
                }
                for m in memberships
            ],
            "bookings": [_booking_data(booking) for booking in bookings],
            "survey_answers": [_answer_data(answer) for answer in answers],
            "dossiers": [
                _dossier_data(d, installations.get(d.pk), shared.get(d.pk, [])) for d in dossiers
            ],
        }
    return data


def _profile_data(profile):
    return {
        "status": _label(profile, "status"),
        "rpps": profile.rpps,
        "specialty": _label(profile, "specialty"),
        "faculty": profile.faculty,
        "subdivision": profile.subdivision,
        "internship_year": profile.internship_year,
        "thesis_date": _iso(profile.thesis_date),
        "phone": profile.phone,
        "maturity": _label(profile, "maturity"),
        "departements_considered": [str(d) for d in profile.departements_considered.all()],
        "practice_mode": _label(profile, "practice_mode"),
        "structure": _label(profile, "structure"),
        "cesp_signatory": profile.cesp_signatory,
        "expected_installation": _iso(profile.expected_installation),
        "followed_tenant": profile.followed_tenant.name if profile.followed_tenant else None,
        "consents": {
            "terms_accepted_at": _iso(profile.terms_accepted_at),
            "share_consent_at": _iso(profile.share_consent_at),
            "contact_consent_at": _iso(profile.contact_consent_at),
        },
        "steps_done": [
            {
                "tenant": completion.step.tenant.name,
                "step": completion.step.title,
                "done_at": _iso(completion.done_at),
            }
            for completion in profile.step_completions.all()
        ],
        "updated_at": _iso(profile.updated_at),
    }


def _booking_data(booking):
    session = booking.session
    slot = None
    if booking.slot_index is not None:
        start, end = booking.slot_bounds()
        slot = {"start": _iso(start), "end": _iso(end)}
    return {
        "tenant": session.tenant.name,
        "session": session.title or session.get_kind_display(),
        "starts_at": _iso(session.starts_at),
        "ends_at": _iso(session.ends_at),
        "mode": session.get_mode_display(),
        "place": session.place,
        "departement": str(session.departement),
        "status": booking.get_status_display(),
        "slot": slot,
        "topics": [str(label) for label in booking.topic_labels()],
        "questions": booking.questions,
        "created_at": _iso(booking.created_at),
        "cancelled_at": _iso(booking.cancelled_at),
        "cancel_reason": booking.cancel_reason,
        "attendance": _label(booking, "attendance"),
    }


def _answer_data(answer):
    session = answer.booking.session
    return {
        "tenant": session.tenant.name,
        "session": session.title or session.get_kind_display(),
        "session_date": _iso(session.starts_at),
        "overall": answer.overall,
        "usefulness": answer.usefulness,
        "would_recommend": answer.would_recommend,
        "intends_to_settle": answer.intends_to_settle,
        "horizon": answer.get_horizon_display(),
        "comment": answer.comment,
        "answered_at": _iso(answer.answered_at),
    }


def _dossier_data(dossier, installation, interactions):
    return {
        "tenant": dossier.tenant.name,
        "identity": {
            "first_name": dossier.first_name,
            "last_name": dossier.last_name,
            "email": dossier.email,
            "phone": dossier.phone,
            "rpps": dossier.rpps,
            "specialty": _label(dossier, "specialty"),
            "diploma_year": dossier.diploma_year,
            "faculty": dossier.faculty,
        },
        "stage": dossier.get_stage_display(),
        "closed_reason": _label(dossier, "closed_reason"),
        "closed_at": _iso(dossier.closed_at),
        "source": _label(dossier, "source"),
        "target_departement": str(dossier.target_departement or "") or None,
        "target_commune": dossier.target_commune,
        "practice_mode": _label(dossier, "practice_mode"),
        "zone_type": _label(dossier, "zone_type"),
        "do_not_call": dossier.do_not_call,
        "case_manager": _name(dossier.assigned_to),
        "created_at": _iso(dossier.created_at),
        "installation": {
            "installed_on": _iso(installation.installed_on),
            "commune": installation.commune,
            "departement": str(installation.departement),
            "practice_mode": _label(installation, "practice_mode"),
            "structure": _label(installation, "structure"),
            "zone_type": _label(installation, "zone_type"),
            "aids_obtained": [str(label) for label in installation.aid_labels()],
        }
        if installation
        else None,
        "follow_ups": [
            {
                "months_after": follow_up.months_after,
                "due_on": _iso(follow_up.due_on),
                "topics": [str(label) for label in follow_up.topic_labels()],
                "done_at": _iso(follow_up.done_at),
            }
            for follow_up in dossier.follow_ups.all()
        ],
        # Only what the team marked as visible by the person: staff notes stay internal.
        "shared_interactions": [
            {
                "kind": interaction.get_kind_display(),
                "occurred_at": _iso(interaction.occurred_at),
                "author": _name(interaction.author),
                "outcome": _label(interaction, "outcome"),
                "text": interaction.text,
            }
            for interaction in interactions
        ],
    }


# Anonymisation


def anonymise_dossiers(dossier_ids, *, reason, actor=None, now=None):
    """Anonymise these dossiers (any tenant); returns how many were anonymised.

    Querysets update() (no model save), so that auditlog does not copy the identity being
    erased into a new entry; one "anonymised" entry per dossier is written instead, and the
    older entries lose their copies of the identity and free text.
    """
    from caseload.audit import log_anonymised, scrub_entries

    now = now or timezone.now()
    done = 0
    ids = list(dossier_ids)
    with transaction.atomic(), scopes_disabled():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            dossiers = Dossier.objects.filter(pk__in=chunk, anonymised_at__isnull=True)
            pairs = list(dossiers.values_list("pk", "tenant_id"))
            if not pairs:
                continue
            kept = [pk for pk, _tenant in pairs]
            Dossier.objects.filter(pk__in=kept).update(
                **ANONYMISED_FIELDS,
                anonymised_at=now,
                updated_at=now,
                version=F("version") + 1,
            )
            Interaction.objects.filter(dossier_id__in=kept).update(text="")
            InstallationOutcome.objects.filter(dossier_id__in=kept).update(notes="")
            FollowUp.objects.filter(dossier_id__in=kept).update(notes="")
            LinkSuggestion.objects.filter(dossier_id__in=kept).delete()
            scrub_entries(kept)
            log_anonymised(pairs, reason=reason, actor=actor)
            done += len(pairs)
    return done


def expired_dossiers(tenant, now=None):
    """The tenant's closed dossiers past its retention period, not yet anonymised."""
    now = now or timezone.now()
    cutoff = now - relativedelta(years=tenant.retention_years)
    return (
        Dossier.objects.filter(tenant=tenant, stage=Stage.CLOSED, anonymised_at__isnull=True)
        .annotate(closed_on=Coalesce("closed_at", "updated_at"))
        .filter(closed_on__lt=cutoff)
    )


def anonymise_expired(now=None):
    """The retention rule for every active tenant; returns {tenant slug: count}."""
    now = now or timezone.now()
    counts = {}
    with scopes_disabled():
        tenants = list(Tenant.objects.filter(is_active=True))
    for tenant in tenants:
        with scopes_disabled():
            ids = list(expired_dossiers(tenant, now).values_list("pk", flat=True))
        if ids:
            counts[tenant.slug] = anonymise_dossiers(ids, reason=REASON_RETENTION, now=now)
    return counts


def purge_import_files(now=None):
    """Delete the files of imports older than IMPORT_KEEP_DAYS and the row details of their
    report; returns how many jobs were purged."""
    now = now or timezone.now()
    purged = 0
    with scopes_disabled():
        jobs = ImportJob.objects.filter(created_at__lt=now - timedelta(days=IMPORT_KEEP_DAYS))
        for job in jobs.exclude(file="").iterator():
            job.file.delete(save=False)
            report = {k: v for k, v in job.report.items() if k not in IMPORT_REPORT_DETAILS}
            job.report = {**report, "purged_at": now.isoformat()}
            job.save(update_fields=["file", "report"])
            purged += 1
    return purged


# Erasure


def erasure_blockers(user, now=None):
    """Why the account cannot be erased online yet ([] when it can)."""
    from permanences.models import Booking
    from permanences.models.bookings import ACTIVE_STATUSES, BookingStatus
    from permanences.services import cutoff_passed

    now = now or timezone.now()
    reasons = []
    with scopes_disabled():
        if Membership.objects.filter(user=user).exists():
            reasons.append(
                _(
                    "Vous êtes membre de l'équipe d'un espace : demandez d'abord à un "
                    "administrateur de l'espace de retirer votre rôle."
                )
            )
        upcoming = Booking.objects.filter(
            person=user,
            status__in=ACTIVE_STATUSES,
            session__starts_at__gt=now,
        ).select_related("session__tenant")
        for booking in upcoming:
            if booking.status == BookingStatus.CONFIRMED and cutoff_passed(booking, now):
                reasons.append(
                    _(
                        "Vous avez une place confirmée à la permanence du %(date)s, qui commence "
                        "bientôt : écrivez à l'équipe de l'espace pour l'annuler, puis revenez."
                    )
                    % {"date": timezone.localtime(booking.session.starts_at).strftime("%d/%m/%Y")}
                )
    return reasons


def erase_person(*, user, now=None, reason=REASON_REQUEST):
    """Erase a person at their request (see the module docstring); returns a summary.

    `reason` is REASON_RETENTION when the account is erased for inactivity
    (privacy.retention): the audit log and the cancelled bookings say so.
    Raises ErasureRefused when `erasure_blockers` finds a reason. One transaction: a failure
    leaves the account as it was.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from caseload.audit import scrub_actor
    from permanences.models import Booking, SatisfactionResponse
    from permanences.models.bookings import ACTIVE_STATUSES
    from permanences.services import BookingError, cancel_booking

    now = now or timezone.now()
    blockers = erasure_blockers(user, now)
    if blockers:
        raise ErasureRefused(blockers[0])
    old_email = user.email
    cancel_reason = (
        _("Compte supprimé à la demande de la personne.")
        if reason == REASON_REQUEST
        else _("Compte supprimé après une longue période sans connexion.")
    )
    with transaction.atomic(), scopes_disabled():
        cancelled = 0
        for booking in Booking.objects.filter(
            person=user, status__in=ACTIVE_STATUSES, session__starts_at__gt=now
        ).select_related("session__tenant", "tenant"):
            try:
                cancel_booking(booking=booking, acting_user=user, reason=cancel_reason)
            except BookingError as error:
                raise ErasureRefused(error.message) from error
            cancelled += 1
        # Past bookings stay for the attendance figures, without anything the person wrote.
        Booking.objects.filter(person=user).update(questions="", staff_notes="")
        SatisfactionResponse.objects.filter(booking__person=user).update(comment="")
        dossier_ids = list(person_dossiers(user).values_list("pk", flat=True))
        anonymised = anonymise_dossiers(dossier_ids, reason=reason, now=now)
        # Dossiers linked without proof are someone's, perhaps not theirs: unlinked, untouched.
        Dossier.objects.filter(person=user).update(person=None, link_method="")
        LinkSuggestion.objects.filter(person=user).delete()
        Profile.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = f"efface-{uuid.uuid4().hex}@efface.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()  # also ends every session (their auth hash changes)
        user.save()
        scrub_actor(user)
        _forget_login_attempts(old_email)
    return {"cancelled_bookings": cancelled, "anonymised_dossiers": anonymised}


def _forget_login_attempts(email):
    """django-axes keeps the e-mail typed at each login attempt."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
