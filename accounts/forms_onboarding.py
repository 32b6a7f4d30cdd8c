"""The short "Votre projet" step: the profile form's own fields and checks, cut down to what the
case manager needs to prepare a permanence (accounts.onboarding.PROJECT_FIELDS)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import ProfileForm
from .onboarding import PROJECT_FIELDS, TERMS


class ProjectForm(ProfileForm):
    """ProfileForm's fields, labels and validation (status required, RPPS from the internship
    on, the RPPS checksum and uniqueness), keeping only the short step's fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = (*PROJECT_FIELDS, TERMS)
        for name in [name for name in self.fields if name not in keep]:
            del self.fields[name]
        self.order_fields(keep)
        for name in ("specialty", "departements_considered", "phone"):
            self.fields[name].required = True
        self.fields[TERMS].help_text = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("terms"),
            _("Lire les conditions d'utilisation"),
            reverse("privacy"),
            _("Vos données personnelles"),
        )
