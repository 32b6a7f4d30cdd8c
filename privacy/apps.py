from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        # The account's own provider (the apps register theirs in their personal_data.py),
        # the outbox handler of the inactivity warning, and the retention tasks.
        from . import account_data, emails, tasks  # noqa: F401
