from email.utils import parseaddr

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import PlausibleDatesMixin
from core.models import Departement, Region
from core.widgets import DateInput

from .choices import Status
from .fields import DepartementsField, FrenchPhoneField, RppsField
from .logos import ACCEPT as LOGO_ACCEPT
from .logos import CONTENT_TYPES as LOGO_CONTENT_TYPES
from .models import Profile, Role, SettlementStep, Tenant
from .onboarding import has_current_terms

# What the browser may fill in for each typed field (WCAG 1.3.5): the person's own data by its
# token, the rest "off" so that no unrelated suggestion covers the field on a phone. The RPPS
# and phone fields set theirs (accounts.fields); checkboxes take none.
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "status": "off",
    "specialty": "off",
    "faculty": "off",
    "subdivision": "off",
    "internship_year": "off",
    "thesis_date": "off",
    "maturity": "off",
    "practice_mode": "off",
    "structure": "off",
    "expected_installation": "off",
    "followed_tenant": "off",
}


class ProfileForm(PlausibleDatesMixin, forms.ModelForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    terms = forms.BooleanField(
        label=_("J'accepte les conditions d'utilisation du portail."), required=True
    )
    share = forms.BooleanField(
        label=_(
            "J'accepte que l'équipe de l'espace qui m'accompagne voie mon profil et mon projet."
        ),
        required=False,
    )
    contact = forms.BooleanField(
        label=_("J'accepte d'être contacté(e) par un(e) chargé(e) de mission."), required=False
    )

    class Meta:
        model = Profile
        fields = [
            "status",
            "rpps",
            "specialty",
            "faculty",
            "subdivision",
            "internship_year",
            "thesis_date",
            "maturity",
            "departements_considered",
            "practice_mode",
            "structure",
            "cesp_signatory",
            "expected_installation",
            "phone",
            "followed_tenant",
        ]
        widgets = {
            "thesis_date": DateInput(),
            "expected_installation": DateInput(),
        }
        field_classes = {
            "departements_considered": DepartementsField,
            "rpps": RppsField,
            "phone": FrenchPhoneField,
        }

    field_order = [
        "first_name", "last_name", "status", "phone",
        "rpps", "specialty", "faculty", "subdivision", "internship_year", "thesis_date",
        "maturity", "departements_considered", "practice_mode", "structure", "cesp_signatory",
        "expected_installation", "followed_tenant",
        "terms", "share", "contact",
    ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        profile = self.instance
        self.fields["terms"].initial = has_current_terms(profile)
        self.fields["share"].initial = profile.share_consent_at is not None
        self.fields["contact"].initial = profile.contact_consent_at is not None
        self.fields["status"].required = True
        departements = self.fields["departements_considered"]
        departements.queryset = Departement.objects.select_related("region")
        if tenant_id := profile.followed_tenant_id:
            # The regions of the tenant the person follows come first, open.
            departements.first_regions = frozenset(
                Region.objects.filter(
                    Q(tenant=tenant_id) | Q(departements__tenant=tenant_id)
                ).values_list("pk", flat=True)
            )
        self.fields["followed_tenant"].queryset = Tenant.objects.filter(is_active=True)
        self.fields["internship_year"].widget.attrs.update({"min": 1, "max": 6})
        for name, token in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs.setdefault("autocomplete", token)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if (
            status
            and status != Status.EXTERNE
            and not cleaned.get("rpps")
            and "rpps" not in self.errors
        ):
            self.add_error(
                "rpps",
                _(
                    "Le numéro RPPS est demandé à partir de l'internat (il est facultatif pour les externes)."
                ),
            )
        self._refuse_an_rpps_of_another_account(cleaned)
        year = cleaned.get("internship_year")
        if year is not None and not 1 <= year <= 6:
            self.add_error("internship_year", _("L'année d'internat va de 1 à 6."))
        return cleaned

    def _refuse_an_rpps_of_another_account(self, cleaned):
        """Checked here rather than by the unique constraint, so that the message can name
        the address to write to (the constraint then has nothing left to check)."""
        rpps = cleaned.get("rpps")
        if not rpps or not Profile.objects.filter(rpps=rpps).exclude(pk=self.instance.pk).exists():
            return
        tenant = cleaned.get("followed_tenant") or self.instance.followed_tenant
        self.add_error(
            "rpps",
            forms.ValidationError(
                _(
                    "Ce numéro RPPS est déjà enregistré sur un autre compte. S'il s'agit bien du "
                    "vôtre, écrivez à %(address)s en indiquant ce numéro : l'équipe vérifiera "
                    "et corrigera le compte."
                ),
                code="rpps_taken",
                params={"address": contact_address(tenant)},
            ),
        )


def contact_address(tenant=None):
    """Where a person writes about their account: the tenant's contact address, else the
    portal's (CONTACT_EMAIL, else the address DEFAULT_FROM_EMAIL sends from)."""
    if tenant is not None and tenant.contact_email:
        return tenant.contact_email
    return getattr(settings, "CONTACT_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    organisation = forms.CharField(
        label=_("Organisme"),
        max_length=150,
        required=False,
        help_text=_("Par exemple : ARS, CPAM 91, CDOM 94, URPS médecins."),
    )


class _CurrentLogo:
    """The current logo as the file input shows it, linked to the portal's logo view."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]


class LogoInput(forms.ClearableFileInput):
    """Its "current file" link goes through `Tenant.logo_url`: production serves no MEDIA_URL."""

    def format_value(self, value):
        value = super().format_value(value)
        tenant = getattr(value, "instance", None)
        if value and isinstance(tenant, Tenant):
            return _CurrentLogo(value.name, tenant.logo_url)
        return value


class TenantForm(forms.ModelForm):
    class Meta:
        model = Tenant
        fields = [
            "name",
            "tagline",
            "contact_email",
            "colour",
            "logo",
            "referent_name",
            "referent_role",
            "referent_email",
            "referent_phone",
        ]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "logo": LogoInput(attrs={"accept": LOGO_ACCEPT}),
        }
        help_texts = {"logo": _("Une image PNG, JPEG, GIF ou WebP.")}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # A new upload: the ImageField has opened it with Pillow and kept the image it read
        # (SVG never gets here: Pillow cannot read it). Other formats browsers may not show.
        image = getattr(logo, "image", None)
        if image is not None and image.format not in LOGO_CONTENT_TYPES:
            raise forms.ValidationError(
                _("Le logo doit être une image PNG, JPEG, GIF ou WebP."), code="logo_format"
            )
        return logo


def https_formfield(field, **kwargs):
    """A link typed without a scheme ("ameli.fr") is taken as https, as Django 6 will do."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


SettlementStepFormSet = forms.modelformset_factory(
    SettlementStep,
    formfield_callback=https_formfield,
    fields=["title", "description", "url", "position"],
    extra=2,
    can_delete=True,
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)
