from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    verbose_name = _("Permanences")
    name = "permanences"

    def ready(self):
        # What the app records in the tenants' audit trail, its outbox handlers, what it
        # holds about a person (privacy.registry), and its system checks.
        from . import audit, checks, emails, personal_data  # noqa: F401
