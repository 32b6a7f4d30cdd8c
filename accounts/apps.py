from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et espaces")

    def ready(self):
        # Signals, the outbox handlers, and what the app records in the tenants' audit trail.
        from . import audit, emails, signals  # noqa: F401
