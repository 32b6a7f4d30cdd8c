from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et espaces")

    def ready(self):
        from auditlog.registry import auditlog

        from . import emails, signals  # noqa: F401  (outbox handlers, receivers)
        from .models import Invitation, Membership, Tenant

        auditlog.register(Tenant)
        auditlog.register(Membership)
        auditlog.register(Invitation, exclude_fields=["token"])
