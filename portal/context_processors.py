from django.conf import settings


def portal(request):
    return {
        "tenant": getattr(request, "tenant", None),
        "state_identity": settings.PORTAL_STATE_IDENTITY,
        "site_title": "Cap Installation",
    }
