from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from .models import Membership, Profile, User

# Sent by accounts.services.save_profile inside its transaction, with `profile`, `user` and
# `changed_fields` (the form's changed field names): the feature apps react to a profile
# without accounts knowing them (caseload.signals: an RPPS number suggests dossier links).
profile_saved = Signal()


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    from .permissions import sync_tenant_permissions

    sync_tenant_permissions(instance.user, instance.tenant)
    access_changed(instance.user_id)


@receiver(post_save, sender=EmailAddress)
@receiver(post_delete, sender=EmailAddress)
@receiver(post_save, sender=Authenticator)
@receiver(post_delete, sender=Authenticator)
def address_or_device_changed(sender, instance, **kwargs):
    access_changed(instance.user_id)


def access_changed(*user_ids):
    """What accounts.middleware keeps in the persons' sessions (staff role, TOTP device,
    verified address, may book) must be read again: bump their access_version, in the
    transaction of the change."""
    User.objects.filter(pk__in=user_ids).update(access_version=F("access_version") + 1)


@receiver(post_save, sender=Profile)
@receiver(post_delete, sender=Profile)
def profile_changed(sender, instance, **kwargs):
    """Whether the person may book is read again (accounts.onboarding)."""
    access_changed(instance.user_id)


@receiver(m2m_changed, sender=Profile.departements_considered.through)
def departements_considered_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        access_changed(instance.user_id)
    elif pk_set:  # from a département's side: the profiles named
        access_changed(*Profile.objects.filter(pk__in=pk_set).values_list("user_id", flat=True))


@receiver(user_logged_in)
def keep_account_on_login(sender, request, user, **kwargs):
    """Logging in is what keeps an account: a pending inactivity warning no longer applies
    (privacy.retention). No query unless there was a warning."""
    if getattr(user, "inactivity_warning_sent_at", None) is not None:
        user.inactivity_warning_sent_at = None
        user.save(update_fields=["inactivity_warning_sent_at"])


@receiver(password_reset)
def unlock_after_password_reset(sender, request, user, **kwargs):
    """The reset link reached the account's mailbox: the owner is back, so the brute-force
    lockouts on the account end, whichever address they were on."""
    from .services import clear_login_lockouts

    clear_login_lockouts(user=user)
