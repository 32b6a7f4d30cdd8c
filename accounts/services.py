"""Writes of the accounts app: keyword-only, transactional, each one a business action."""

from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from core import audit

from .models import Invitation, Membership, Profile, StepCompletion, Tenant


class InvitationError(Exception):
    """An invitation that cannot be accepted; the message is for the person."""


def invite_member(*, tenant, email, role, organisation="", invited_by):
    """Invite `email` to `role` in the tenant and record the e-mail in the outbox, in one
    transaction. An invitation to the same address and role still pending is sent again
    instead (same link, validity renewed, an entry in the audit trail): the invitee never
    holds two links. The invitation returned says which in `resent`."""
    from .audit import INVITATION_RESENT
    from .emails import queue_invitation

    email = email.strip().lower()
    with transaction.atomic():
        # One invitation at a time per tenant: two clicks on "Inviter" make one invitation.
        Tenant.objects.select_for_update().filter(pk=tenant.pk).first()
        with scope(tenant=tenant):
            pending = Invitation.objects.pending().filter(email=email, role=role).first()
        if pending is None:
            invitation = Invitation.objects.create(
                tenant=tenant,
                email=email,
                role=role,
                organisation=organisation,
                invited_by=invited_by,
            )
            queue_invitation(invitation)
            invitation.resent = False
            return invitation
        pending.expires_at = Invitation._meta.get_field("expires_at").get_default()
        # Through update(): the audit entry is the explicit event below, not a field change.
        Invitation.objects.filter(pk=pending.pk).update(expires_at=pending.expires_at)
        audit.log_event(tenant.pk, invited_by, INVITATION_RESENT, pending, email=email, role=role)
        queue_invitation(pending, resent_at=timezone.now())
        pending.resent = True
        return pending


@transaction.atomic
def resend_email_confirmation(*, request, email):
    """Send the e-mail that confirms `email` again, if an account waits for it; allauth's own
    sending, so its limit applies (one e-mail per address every 3 minutes) and the mail leaves
    by the outbox (accounts.adapter). Returns False when the limit held it back.

    Every address takes the same path (a confirmed one or one no account has is sent nothing
    but counts against the limit), so the answer tells nobody which addresses have an account.
    """
    from allauth.account.internal.flows.email_verification import (
        send_verification_email_to_address,
    )
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    address = EmailAddress.objects.filter(email__iexact=email, verified=False).first()
    if address is None:
        address = EmailAddress(user=None, email=email)
    return send_verification_email_to_address(
        request, address, signup=False, skip_enumeration_mails=True
    )


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


def cancel_invitation(*, invitation):
    """Cancel a pending invitation: its link no longer works."""
    with transaction.atomic():
        invitation.delete()


def remove_membership(*, membership):
    membership.delete()


def save_tenant_page(*, form):
    """Save the tenant admin's edit of the tenant's page (a bound, valid TenantForm)."""
    with transaction.atomic():
        return form.save()


def save_steps(*, formset, tenant):
    """Save the tenant's settlement steps (a bound, valid SettlementStepFormSet): the new and
    changed ones belong to the tenant, the ones marked for deletion go."""
    with transaction.atomic():
        for step in formset.save(commit=False):
            step.tenant = tenant
            step.save()
        for step in formset.deleted_objects:
            step.delete()


def save_profile(*, form, user):
    """Save the person's profile (a bound, valid ProfileForm) with their name and consents.
    Apps listening to `profile_saved` act in the same transaction (caseload: an RPPS number
    typed in suggests dossier links)."""
    from .signals import profile_saved

    with transaction.atomic():
        profile = form.save()
        user.first_name = form.cleaned_data["first_name"]
        user.last_name = form.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        profile_saved.send(
            sender=Profile, profile=profile, user=user, changed_fields=set(form.changed_data)
        )
        record_consents(
            profile=profile,
            terms=form.cleaned_data["terms"],
            share=form.cleaned_data["share"],
            contact=form.cleaned_data["contact"],
        )
    return profile


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
    RPPS is announced by `profile_saved`, as the full profile form does (the caseload suggests
    the dossiers the tenants opened under it)."""
    from .signals import profile_saved

    previous_rpps = Profile.objects.filter(pk=profile.pk).values_list("rpps", flat=True).first()
    profile.status, profile.specialty, profile.rpps, profile.phone = status, specialty, rpps, phone
    profile.save(update_fields=["status", "specialty", "rpps", "phone", "updated_at"])
    profile.departements_considered.set(departements)
    changed = {"rpps"} if rpps != previous_rpps else set()
    profile_saved.send(sender=Profile, profile=profile, user=profile.user, changed_fields=changed)
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
