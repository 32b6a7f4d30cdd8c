"""Middleware of the ground layer: what every response and every request gets, whatever the
app. It reads the request's user through Django only and imports no app of the project."""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control

from .client_ip import client_ip


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, with the client address the limits use: auditlog's own
    takes the leftmost X-Forwarded-For entry, which any client can write."""

    @staticmethod
    def _get_remote_addr(request):
        if getattr(settings, "AUDITLOG_DISABLE_REMOTE_ADDR", False):
            return None
        return client_ip(request)


NUL = "\x00"


class RejectNulBytesMiddleware:
    """A NUL byte in the address or the query string answers 400 (the French 400 page) before
    any view reads it: PostgreSQL refuses it in text, so a view looking it up answered 500, and
    no link of the portal carries one. This is the one place that turns it away. (A posted
    form is left to its fields, which say so in French and keep what was typed.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if NUL in request.path or "%00" in query or NUL in query:
            raise BadRequest("NUL byte in the address")
        return self.get_response(request)


class NoStoreForPersonalResponsesMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in person and on every download
    (an export), so that no browser or proxy keeps a copy of a page with personal data once
    the person has gone (a shared computer in a France Services office, a corporate proxy).
    A page a view declared `public` (the same for everyone, such as a tenant's logo) keeps its
    caching, unless it is a download."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_authenticated = _is_authenticated(request)
        response = self.get_response(request)
        if _is_download(response) or (
            (was_authenticated or _is_authenticated(request)) and not _declared_public(response)
        ):
            _no_store(response)
        return response


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _is_download(response):
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def _directives(response):
    return set(response.get("Cache-Control", "").lower().replace(" ", "").split(","))


def _declared_public(response):
    return "public" in _directives(response)


def _no_store(response):
    """`private, no-store`, in place of what the view said unless it said no-store itself
    (never_cache's longer header stays as it is)."""
    if "no-store" in _directives(response):
        return
    if response.has_header("Cache-Control"):
        del response["Cache-Control"]
    patch_cache_control(response, private=True, no_store=True)
