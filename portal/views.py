from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.logos import SNIFF_BYTES, sniff_content_type
from accounts.models import SettlementStep, Tenant
from accounts.permissions import (
    can_administer_tenant,
    can_host_permanences,
    can_manage_caseload,
    can_view_steering,
)
from portal.health import report as health_report


def home(request):
    tenants = Tenant.objects.filter(is_active=True).select_related("region")
    return render(request, "portal/home.html", {"tenants": tenants})


def tenant_home(request, tenant_slug):
    """A tenant's public page: what it offers, its steps to settle, its single point of contact."""
    tenant = request.tenant
    user = request.user
    context = {
        "steps": SettlementStep.objects.all(),
        "departements": tenant.departements.all(),
        "staff_links": {
            "admin": can_administer_tenant(user, tenant),
            "caseload": can_manage_caseload(user, tenant),
            "host": can_host_permanences(user, tenant),
            "steering": can_view_steering(user, tenant),
        },
    }
    return render(request, "portal/tenant_home.html", context)


# A versioned logo URL (`Tenant.logo_url`) names one file for good: browsers keep it a year.
LOGO_MAX_AGE = 365 * 24 * 60 * 60


@require_safe
def tenant_logo(request, tenant_slug):
    """A tenant's logo, read from the default storage: production serves no MEDIA_URL.

    Public like the tenant's page (an inactive or unknown tenant is a 404 in TenantMiddleware).
    The Content-Type comes from the file's first bytes and only for the accepted formats
    (accounts.logos), so nothing else stored under the name is ever served.
    """
    tenant = request.tenant
    if not tenant.logo:
        raise Http404
    etag = quote_etag(tenant.logo_version)
    # A browser holding this very file gets a 304 without the storage being read.
    response = get_conditional_response(request, etag=etag)
    if response is not None and response.status_code != 304:
        return response  # a failed If-Match: 412, nothing to cache
    if response is None:
        try:
            logo = tenant.logo.open("rb")
        except OSError:  # the row names a file the storage no longer has
            raise Http404 from None
        content_type = sniff_content_type(logo.read(SNIFF_BYTES))
        if content_type is None:
            logo.close()
            raise Http404
        logo.seek(0)
        response = FileResponse(logo, content_type=content_type)
    response["ETag"] = etag
    if request.GET.get("v") == tenant.logo_version:
        patch_cache_control(response, public=True, max_age=LOGO_MAX_AGE, immutable=True)
    else:
        # Unversioned (or stale) link: cacheable, but checked against the ETag at each use.
        patch_cache_control(response, public=True, no_cache=True)
    return response


STATIC_PAGES = {
    "accessibility": "portal/accessibility.html",
    "legal": "portal/legal.html",
    "privacy": "portal/privacy.html",
}


def static_page(request, page):
    return render(request, STATIC_PAGES[page])


@never_cache
def health(request):
    """For docker compose and the monitoring: database, cache, broker and worker, each "ok" or
    "down" (portal.health); 503 when one is down. Public: it names no host and no error."""
    state = health_report()
    return JsonResponse(state, status=200 if state["status"] == "ok" else 503)


# Every limit that answers 429 counts requests over one minute (settings.ACCOUNT_RATE_LIMITS;
# tests/accounts/test_rate_limits.py holds them to it), so the page can say how long to wait.
TOO_MANY_REQUESTS_RETRY_AFTER = 60


def too_many_requests(request):
    """allauth's rate limits answer with this page (it looks up `portal.urls.handler429`)."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(TOO_MANY_REQUESTS_RETRY_AFTER)
    return response
