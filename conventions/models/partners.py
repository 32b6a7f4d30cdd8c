"""Partners of a tenant's programme (ARS, URPS, CDOM, CPAM, faculties, unions…) and the people
to reach there."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class PartnerKind(models.TextChoices):
    ARS = "ars", _("Agence régionale de santé (ARS)")
    DD_ARS = "dd_ars", _("Délégation départementale de l'ARS")
    URPS = "urps", _("URPS médecins")
    CDOM = "cdom", _("Conseil départemental de l'Ordre des médecins (CDOM)")
    CROM = "crom", _("Conseil régional de l'Ordre des médecins (CROM)")
    CPAM = "cpam", _("Caisse primaire d'assurance maladie (CPAM)")
    MSA = "msa", _("Mutualité sociale agricole (MSA)")
    UNIVERSITY = "university", _("Université / faculté de médecine")
    DMG = "dmg", _("Département de médecine générale")
    UNION = "union", _("Syndicat d'étudiants, d'internes ou de jeunes médecins")
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", _("Conseil départemental")
    CONSEIL_REGIONAL = "conseil_regional", _("Conseil régional")
    COMMUNE = "commune", _("Commune / intercommunalité")
    OTHER = "other", _("Autre")


class Partner(TenantOwnedModel):
    tenant = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("espace"),
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=PartnerKind.choices)
    departement = models.ForeignKey(
        "core.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("département"),
    )
    website = models.URLField(_("site internet"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="partner_unique_name")
        ]

    def __str__(self):
        return self.name


class PartnerContact(TenantOwnedModel):
    """Someone to reach at a partner (the chargé(e) de mission's counterpart, a referent…)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partenaire")
    )
    name = models.CharField(_("nom"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} ({self.function})" if self.function else self.name

    def save(self, *args, **kwargs):
        if not self.tenant_id:
            self.tenant_id = self.partner.tenant_id
        super().save(*args, **kwargs)
