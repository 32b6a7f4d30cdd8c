"""System checks of the ground layer's settings (run by `manage.py check`, `migrate`…)."""

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
