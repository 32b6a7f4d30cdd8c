from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    verbose_name = _("Conventions et partenaires")
    name = "conventions"

    def ready(self):
        # What the app records in the tenants' audit trail, and what it holds about a person
        # (privacy.registry).
        from . import audit, personal_data  # noqa: F401
