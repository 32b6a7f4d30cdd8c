"""The account's own part of a person's data (accounts, allauth, the audit log's actor, axes):
the provider the privacy app registers itself, since accounts sits below privacy and knows
nothing of it. Its erasure runs last (privacy.rgpd): the features find the person's dossiers
through the verified addresses it deletes."""

import uuid

from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.models import Membership, Profile

from .registry import Provider, iso, label, register

ACCOUNT = "account"


def export(*, user):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    with scopes_disabled():
        profile = (
            Profile.objects.filter(user=user)
            .select_related("followed_tenant")
            .prefetch_related("departements_considered", "step_completions__step__tenant")
            .first()
        )
        memberships = list(Membership.objects.filter(user=user).select_related("tenant"))
        return {
            "account": {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "date_joined": iso(user.date_joined),
                "last_login": iso(user.last_login),
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
        }


def _profile_data(profile):
    return {
        "status": label(profile, "status"),
        "rpps": profile.rpps,
        "specialty": label(profile, "specialty"),
        "faculty": profile.faculty,
        "subdivision": profile.subdivision,
        "internship_year": profile.internship_year,
        "thesis_date": iso(profile.thesis_date),
        "phone": profile.phone,
        "maturity": label(profile, "maturity"),
        "departements_considered": [str(d) for d in profile.departements_considered.all()],
        "practice_mode": label(profile, "practice_mode"),
        "structure": label(profile, "structure"),
        "cesp_signatory": profile.cesp_signatory,
        "expected_installation": iso(profile.expected_installation),
        "followed_tenant": profile.followed_tenant.name if profile.followed_tenant else None,
        "consents": {
            "terms_accepted_at": iso(profile.terms_accepted_at),
            "share_consent_at": iso(profile.share_consent_at),
            "contact_consent_at": iso(profile.contact_consent_at),
        },
        "steps_done": [
            {
                "tenant": completion.step.tenant.name,
                "step": completion.step.title,
                "done_at": iso(completion.done_at),
            }
            for completion in profile.step_completions.all()
        ],
        "updated_at": iso(profile.updated_at),
    }


def blockers(*, user, now):
    with scopes_disabled():
        if Membership.objects.filter(user=user).exists():
            return [
                _(
                    "Vous êtes membre de l'équipe d'un espace : demandez d'abord à un "
                    "administrateur de l'espace de retirer votre rôle."
                )
            ]
    return []


def erase(*, user, now, reason):
    """The profile, the addresses and second factors go; the account stays, deactivated,
    without name, address or password (a booking or a dossier's history still points at it)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    old_email = user.email
    with scopes_disabled():
        Profile.objects.filter(user=user).delete()  # its step completions go with it
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
    user.email = f"efface-{uuid.uuid4().hex}@efface.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session (their auth hash changes)
    user.save()
    _scrub_actor(user)
    _forget_login_attempts(old_email)
    return {}


def _scrub_actor(user):
    """The audit log keeps the acting user's e-mail (`actor_email`) and network address:
    blank them for an erased user (the entries keep the deactivated account's number)."""
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(actor=user).update(
        actor_email=None, remote_addr=None, remote_port=None
    )


def _forget_login_attempts(email):
    """django-axes keeps the e-mail typed at each login attempt."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()


def is_staff_member():
    """Tenant staff are not erased for inactivity: their tenant admins handle them."""
    from django.db.models import Exists, OuterRef

    return Exists(Membership.objects.filter(user=OuterRef("pk")))


PROVIDER = register(
    Provider(
        name=ACCOUNT,
        person_fields=(
            "accounts.Profile.user",
            "accounts.StepCompletion.profile",  # deleted with the profile
            "accounts.Membership.user",  # exported; a member cannot erase their account
            # Object permissions follow the memberships (accounts.permissions): none is left
            # once the person may erase their account.
            "guardian.UserObjectPermission.user",
            "account.EmailAddress.user",
            "mfa.Authenticator.user",
            "auditlog.LogEntry.actor",  # the entries stay, without the actor's address
        ),
        actor_fields=("accounts.Invitation.invited_by", "accounts.Invitation.accepted_by"),
        export=export,
        blockers=blockers,
        erase=erase,
        in_use=lambda *, now: is_staff_member(),
    )
)
