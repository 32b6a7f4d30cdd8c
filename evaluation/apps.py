from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    verbose_name = _("Évaluation")
    name = "evaluation"

    def ready(self):
        # The outbox handlers (e-mails), every computation of the registry, and what the app
        # records in the tenants' audit trail, and what it holds about a person (privacy.registry).
        from . import audit, computations, emails, personal_data  # noqa: F401
