"""Glue between django-axes and allauth's e-mail login."""

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render
from django.utils.translation import ngettext


def axes_username(request, credentials):
    """The e-mail tried, whether allauth passes it as `email` or the form posted `login`."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    if not value and request is not None:
        value = request.POST.get("login", "")
    return value.strip().lower()


def _duration(delta):
    minutes = round(delta.total_seconds() / 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d heure", "%(count)d heures", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Axes' lockout (AXES_LOCKOUT_CALLABLE): a French page saying how long the wait is and
    how to unlock at once. Every attempt during the lockout starts the wait again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the wait is always the whole period."""
    cool_off = get_cool_off(request)
    response = render(
        request,
        "account/lockout.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "wait": _duration(cool_off),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
