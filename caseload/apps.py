from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseloadConfig(AppConfig):
    verbose_name = _("Suivi des dossiers")
    name = "caseload"

    def ready(self):
        # Signals (link dossiers on sign-up), the audit trail's registrations, outbox handlers,
        # who is known to a tenant (linking), and the tasks that live outside tasks.py (large
        # imports).
        from . import audit, emails, imports, linking, signals  # noqa: F401
