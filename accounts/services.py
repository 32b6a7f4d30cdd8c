"""Writes of the accounts app: keyword-only, transactional, each one a business action."""

from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from .models import Invitation, Membership, Profile, StepCompletion


class InvitationError(Exception):
    """An invitation that cannot be accepted; the message is for the person."""


def invite_member(*, tenant, email, role, organisation="", invited_by):
    """Create an invitation and record its e-mail in the outbox, in one transaction."""
    from .emails import queue_invitation

    with transaction.atomic():
        invitation = Invitation.objects.create(
            tenant=tenant,
            email=email.strip().lower(),
            role=role,
            organisation=organisation,
            invited_by=invited_by,
        )
        queue_invitation(invitation)
    return invitation


@transaction.atomic
def accept_invitation(*, token, user):
    """Turn a pending invitation into a membership for the logged-in user it was sent to."""
    from django.utils.translation import gettext as _

    with scopes_disabled():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("tenant")
            .filter(token=token)
            .first()
        )
    if invitation is None:
        raise InvitationError(_("Cette invitation n'existe pas."))
    if invitation.accepted_at is not None:
        raise InvitationError(_("Cette invitation a déjà été utilisée."))
    if invitation.is_expired:
        raise InvitationError(
            _(
                "Cette invitation a expiré : demandez à l'administrateur de l'espace de la renouveler."
            )
        )
    if invitation.email != user.email.lower():
        raise InvitationError(
            _(
                "Cette invitation a été envoyée à une autre adresse e-mail que celle de votre compte."
            )
        )
    with scope(tenant=invitation.tenant):
        membership, _created = Membership.objects.get_or_create(
            tenant=invitation.tenant,
            user=user,
            role=invitation.role,
            defaults={"organisation": invitation.organisation},
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def remove_membership(*, membership):
    membership.delete()


def get_or_create_profile(user):
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def record_consents(*, profile, terms, share, contact):
    """Keep the date each consent was first given; withdrawing one clears it. The terms of use
    record the version accepted: accepting a new version dates the acceptance anew."""
    from django.conf import settings

    from .onboarding import has_current_terms

    now = timezone.now()
    if terms and not has_current_terms(profile):
        profile.terms_accepted_at, profile.terms_version = now, settings.TERMS_VERSION
    elif not terms:
        profile.terms_accepted_at, profile.terms_version = None, ""
    for field, given in (("share_consent_at", share), ("contact_consent_at", contact)):
        current = getattr(profile, field)
        if given and current is None:
            setattr(profile, field, now)
        elif not given:
            setattr(profile, field, None)
    profile.save(
        update_fields=[
            "terms_accepted_at",
            "terms_version",
            "share_consent_at",
            "contact_consent_at",
        ]
    )


@transaction.atomic
def save_project(*, profile, status, specialty, departements, rpps, phone):
    """Record the short "Votre projet" step and the acceptance of the terms in force; a new
    RPPS links the dossiers the tenants opened under it (as the full profile form does)."""
    from caseload.linking import link_dossiers_to

    previous_rpps = Profile.objects.filter(pk=profile.pk).values_list("rpps", flat=True).first()
    profile.status, profile.specialty, profile.rpps, profile.phone = status, specialty, rpps, phone
    profile.save(update_fields=["status", "specialty", "rpps", "phone", "updated_at"])
    profile.departements_considered.set(departements)
    if rpps != previous_rpps:
        link_dossiers_to(profile.user)
    record_consents(
        profile=profile,
        terms=True,
        share=profile.share_consent_at is not None,
        contact=profile.contact_consent_at is not None,
    )
    return profile


def set_step_done(*, profile, step, done):
    """Tick or untick one of the tenant's steps to settle for this person."""
    with scope(tenant=step.tenant):
        if done:
            StepCompletion.objects.get_or_create(profile=profile, step=step)
        else:
            StepCompletion.objects.filter(profile=profile, step=step).delete()


@transaction.atomic
def clear_login_lockouts(*, user):
    """Unlock every (e-mail, address) pair django-axes locked for this account, for all its
    e-mail addresses: a successful password reset proves the owner (accounts.signals)."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt

    emails = {user.email.strip().lower()} | {
        address.strip().lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    # accounts.auth.axes_username records the e-mail stripped and lower-cased.
    AccessAttempt.objects.filter(username__in=emails - {""}).delete()
