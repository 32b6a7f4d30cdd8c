"""System checks of the ground layer's settings (run by `manage.py check`, `migrate`…)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .client_ip import parse_trusted_proxies


@register()
def trusted_proxies_check(app_configs, **kwargs):
    """A TRUSTED_PROXIES the client address function cannot read stops the deployment, rather
    than every request failing later."""
    try:
        parse_trusted_proxies(getattr(settings, "TRUSTED_PROXIES", ""))
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="A proxy count such as 1, or networks such as 172.16.0.0/12,fd00::/8.",
                id="core.E001",
            )
        ]
    return []


@register(deploy=True)
def site_url_check(app_configs, **kwargs):
    """Production mails, calendar invitations and PDFs link to SITE_URL: a local address there
    sends every recipient to their own machine."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in {"", "localhost", "127.0.0.1", "::1"} or host.endswith(".localhost"):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}: the links in e-mails would lead nowhere.",
                hint="Set SITE_URL to the portal's public address, e.g. https://cap-installation.example.fr.",
                id="core.E002",
            )
        ]
    return []
