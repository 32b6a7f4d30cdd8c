from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import is_staff_member

# Paths a staff member without MFA may still reach: setting MFA up, logging out, assets.
MFA_SETUP_ALLOWED_PREFIXES = (
    "/compte/2fa/",
    "/compte/reauthenticate/",
    "/compte/logout/",
    "/static/",
    "/media/",
    "/i18n/",
)


class StaffMFARequiredMiddleware:
    """Staff (any tenant role, or Django staff) must turn on TOTP before doing anything else.

    allauth offers MFA but cannot force it; this does, for every page including the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(MFA_SETUP_ALLOWED_PREFIXES)
            and is_staff_member(user)
            and not has_totp(user)
        ):
            messages.warning(
                request,
                _(
                    "Votre rôle donne accès à des données personnelles : activez la double "
                    "authentification (application TOTP) pour continuer."
                ),
            )
            return redirect(f"{reverse('mfa_activate_totp')}")
        return self.get_response(request)


def has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
