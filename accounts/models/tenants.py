import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel, TenantQuerySet, tenant_scoped_manager

# Top-level URL segments a tenant slug may not take.
RESERVED_SLUGS = {
    "admin",
    "compte",
    "moi",
    "static",
    "media",
    "i18n",
    "espaces",
    "invitation",
    "apres-connexion",
    "accessibilite",
    "mentions-legales",
    "confidentialite",
    "sante",
    "aides",
}


def default_reminder_days():
    return [7, 1]


def default_follow_up_months():
    return [1, 3, 6, 12]


class Tenant(models.Model):
    """An *espace*: one programme run by partners over a territory (a region, a département)."""

    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$")],
        help_text=_(
            "Lettres minuscules, chiffres et tirets : il préfixe les adresses de l'espace."
        ),
    )
    name = models.CharField(_("nom"), max_length=150)
    tagline = models.CharField(_("accroche"), max_length=255, blank=True)
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("région")
    )
    departements = models.ManyToManyField(
        "core.Departement", blank=True, verbose_name=_("départements couverts")
    )
    contact_email = models.EmailField(_("e-mail de contact de l'espace"))
    logo = models.ImageField(_("logo"), upload_to="tenants/logos/", blank=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        default="#000091",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur au format #RRVVBB."))],
    )
    # The single point of contact (interlocuteur unique) the seeds ask for.
    referent_name = models.CharField(_("nom de l'interlocuteur unique"), max_length=150, blank=True)
    referent_role = models.CharField(_("fonction"), max_length=150, blank=True)
    referent_email = models.EmailField(_("e-mail de l'interlocuteur"), blank=True)
    referent_phone = models.CharField(_("téléphone de l'interlocuteur"), max_length=20, blank=True)
    # Permanences: how late an intern may cancel alone, and when reminders go out.
    booking_cutoff_hours = models.PositiveSmallIntegerField(
        _("délai d'annulation en ligne (heures avant la permanence)"), default=24
    )
    reminder_days = models.JSONField(
        _("rappels (jours avant la permanence)"), default=default_reminder_days
    )
    # Caseload: the touchpoints after installation, in months (annex 3), and how long a closed
    # dossier is kept before it is anonymised (RGPD).
    follow_up_months = models.JSONField(
        _("points de suivi après l'installation (mois)"), default=default_follow_up_months
    )
    retention_years = models.PositiveSmallIntegerField(
        _("conservation des dossiers clos (années)"), default=3
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        permissions = [
            ("administer_tenant", _("Administrer l'espace")),
            ("manage_caseload", _("Suivre les dossiers")),
            ("manage_permanences", _("Organiser les permanences")),
            ("host_permanences", _("Animer les permanences")),
            ("view_steering", _("Consulter le pilotage")),
        ]

    def __str__(self):
        return self.name

    def covered_departements(self):
        """The départements the tenant covers, or every département when none is set yet."""
        from core.models import Departement

        covered = self.departements.all()
        return covered if covered.exists() else Departement.objects.all()

    @property
    def logo_version(self):
        """A token of the stored logo's name: a new upload gets a new name, so a new token."""
        return hashlib.sha256(self.logo.name.encode()).hexdigest()[:16] if self.logo else ""

    @property
    def logo_url(self):
        """The logo through the portal's own view (production serves no MEDIA_URL), versioned so
        that browsers may keep it for a year and still fetch a new upload at once; "" without
        a logo."""
        if not self.logo:
            return ""
        url = reverse("tenant_logo", kwargs={"tenant_slug": self.slug})
        return f"{url}?v={self.logo_version}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Cet identifiant est réservé.")})


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrateur de l'espace")
    CASE_MANAGER = "case_manager", _("Chargé(e) de mission")
    HOST = "host", _("Hôte de permanence")
    STEERING = "steering", _("Comité de pilotage")


class Membership(TenantOwnedModel):
    """A staff member's role in a tenant; accounts.permissions turns it into guardian grants."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("espace")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("utilisateur"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organisation = models.CharField(
        _("organisme"), max_length=150, blank=True, help_text=_("ARS, CPAM 91, CDOM 94, URPS…")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.tenant})"


def _default_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(TenantQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TenantOwnedModel):
    """A tenant admin's invitation, by e-mail, to join the tenant with a role."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("espace")
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organisation = models.CharField(_("organisme"), max_length=150, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = tenant_scoped_manager(InvitationQuerySet)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.tenant} ({self.get_role_display()})"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()
