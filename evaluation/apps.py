from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    verbose_name = _("Évaluation")
    name = "evaluation"

    def ready(self):
        # The outbox handlers (e-mails) and every computation of the registry.
        from . import computations, emails  # noqa: F401
