"""Reference data shared by every tenant: the French regions and départements (INSEE codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Departement(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région")
    )
    # Départements sharing a border: where to look when a permanence is full.
    neighbours = models.ManyToManyField("self", blank=True, verbose_name=_("départements voisins"))

    class Meta:
        ordering = ["insee_code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.insee_code})"
