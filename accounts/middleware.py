"""What every request needs to know about its person and its tenant.

Before, a booking POST paid one round trip each for the membership (is this person staff?),
the TOTP device, the tenant of the URL, the verified e-mail address and the profile (may this
person book?). `request_access` reads them once per request and only when asked. The person's
four flags are kept in their session beside `User.access_version`, which every change to a
membership, a TOTP device, an e-mail address or the profile bumps in its own transaction
(accounts.signals), and beside the version of the terms in force: the user row, read by every
authenticated request anyway, says whether the kept flags still hold, so a new role, a removed
TOTP device, an address just confirmed or a profile emptied count at the next request, without
a query on the others. The tenant of the URL is read on each request (one indexed row).
"""

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db.models import Exists
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .tenancy import TENANT_URL_KWARG

# Paths a staff member without MFA may still reach: setting MFA up, logging out, assets.
MFA_SETUP_ALLOWED_PREFIXES = (
    "/compte/2fa/",
    "/compte/reauthenticate/",
    "/compte/logout/",
    "/static/",
    "/media/",
    "/i18n/",
)
# Set on the request's user: their RequestAccess as the request began (accounts.onboarding and
# permanences.services read it rather than asking the database again).
ACCESS_ATTRIBUTE = "access_at_request"
# In the person's session:
# [user id, User.access_version, settings.TERMS_VERSION, [member, totp, verified, may book]].
SESSION_FLAGS_KEY = "_access_flags"


@dataclass(frozen=True)
class RequestAccess:
    tenant: object  # the active Tenant the URL names, or None
    staff_member: bool  # any tenant role, or Django staff: MFA is required of them
    has_totp: bool
    email_verified: bool
    may_book: bool  # the short step done and the terms in force accepted (accounts.onboarding)


def access_at_request(user):
    """The user's RequestAccess if this request read it, else None (outside a request)."""
    return getattr(user, ACCESS_ATTRIBUTE, None)


def url_tenant_slug(request):
    """The tenant slug of the URL, or None (also for an unknown URL); resolved once."""
    if not hasattr(request, "_tenant_slug"):
        request._tenant_slug = None
        with contextlib.suppress(Resolver404):
            request._tenant_slug = resolve(request.path_info).kwargs.get(TENANT_URL_KWARG)
    return request._tenant_slug


def request_access(request):
    """The request's tenant and its person's access flags, read once (one query)."""
    cached = getattr(request, "_access", None)
    if cached is None:
        cached = request._access = _read_access(request)
        if request.user.is_authenticated:
            setattr(request.user, ACCESS_ATTRIBUTE, cached)
    return cached


def _flags(user):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .models import Membership
    from .onboarding import ready_profiles

    return {
        "access_member": Exists(Membership.objects.filter(user_id=user.pk)),
        "access_totp": Exists(
            Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP)
        ),
        "access_verified": Exists(EmailAddress.objects.filter(user_id=user.pk, verified=True)),
        "access_ready": Exists(ready_profiles().filter(user_id=user.pk)),
    }


def _read_access(request):
    from .models import Tenant, User

    user = request.user
    slug = url_tenant_slug(request)
    tenants = Tenant.objects.filter(slug=slug, is_active=True) if slug is not None else None
    if not user.is_authenticated:
        tenant = tenants.first() if tenants is not None else None
        return RequestAccess(tenant, False, has_totp=False, email_verified=False, may_book=False)
    flags = _kept_flags(request)
    with scopes_disabled():
        if flags is not None:
            tenant = tenants.first() if tenants is not None else None
        else:  # one query: the tenant with the flags, or the flags from the user's row
            asked = _flags(user)
            row = tenants.annotate(**asked).first() if tenants is not None else None
            tenant = row
            if row is None:  # no tenant in the URL, or an unknown one
                row = User.objects.filter(pk=user.pk).values(**asked).first()
            else:
                row = vars(row)
            flags = [row[name] for name in asked]
            _keep_flags(request, flags)
    member, totp, verified, ready = flags
    staff = bool(user.is_staff or user.is_superuser or member)
    return RequestAccess(tenant, staff, totp, verified, ready)


def _kept_flags(request):
    """The flags kept in the session, if they were read for this user at its current
    access_version under the terms in force; else None."""
    session = getattr(request, "session", None)
    kept = session.get(SESSION_FLAGS_KEY) if session is not None else None
    if kept and len(kept) == 4 and kept[:3] == _kept_for(request.user):
        return kept[3]
    return None


def _kept_for(user):
    return [user.pk, user.access_version, settings.TERMS_VERSION]


def _keep_flags(request, flags):
    if getattr(request, "session", None) is not None:
        request.session[SESSION_FLAGS_KEY] = [
            *_kept_for(request.user),
            [bool(flag) for flag in flags],
        ]


class StaffMFARequiredMiddleware:
    """Staff (any tenant role, or Django staff) must turn on TOTP before doing anything else.

    allauth offers MFA but cannot force it; this does, for every page including the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path_info.startswith(MFA_SETUP_ALLOWED_PREFIXES):
            access = request_access(request)
            if access.staff_member and not access.has_totp:
                messages.warning(
                    request,
                    _(
                        "Votre rôle donne accès à des données personnelles : activez la double "
                        "authentification (application TOTP) pour continuer."
                    ),
                )
                return redirect(f"{reverse('mfa_activate_totp')}")
        return self.get_response(request)
