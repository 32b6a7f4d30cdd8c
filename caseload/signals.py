"""Signal receivers of the caseload app (wired in CaseloadConfig.ready)."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from accounts.signals import profile_saved


@receiver(email_confirmed)
def link_dossiers_on_email_confirmed(sender, request, email_address, **kwargs):
    """A person who verifies an address finds the dossiers opened for them before they signed
    up (imported contacts) linked to their account."""
    from .linking import link_dossiers_to

    link_dossiers_to(email_address.user)


@receiver(profile_saved)
def link_dossiers_on_rpps_changed(sender, user, changed_fields, **kwargs):
    """An RPPS number typed into a profile proves nothing: it only records suggestions for the
    tenants' case managers (caseload.linking), in the profile's transaction."""
    if "rpps" in changed_fields:
        from .linking import link_dossiers_to

        link_dossiers_to(user)
