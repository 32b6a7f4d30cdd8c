from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseloadConfig(AppConfig):
    verbose_name = _("Suivi des dossiers")
    name = "caseload"

    def ready(self):
        # Signals (link dossiers on sign-up), the audit trail's registrations, outbox handlers,
        # who is known to a tenant (linking), the tasks that live outside tasks.py (large
        # imports), and what it holds about a person (privacy.registry).
        from . import audit, emails, imports, linking, personal_data, signals  # noqa: F401
