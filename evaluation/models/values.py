"""Values by quarter: what the dashboards and reports read. The running quarter's rows are
recomputed every night; at the quarter's close they are frozen (published) and never written
again: a later correction of the data shows on the next quarter's value, with a note."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class IndicatorValue(TenantOwnedModel):
    """An indicator's value for a quarter, over the whole tenant (no département) or one
    département, with what it is made of."""

    indicator = models.ForeignKey(
        "evaluation.Indicator", on_delete=models.PROTECT, related_name="values"
    )
    period_start = models.DateField(_("trimestre"))
    departement = models.ForeignKey(
        "core.Departement", on_delete=models.PROTECT, null=True, blank=True
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    # How many people the figure is computed from (None when it counts no people): the
    # small-cell rule hides it below the tenant's threshold.
    people = models.PositiveIntegerField(null=True)
    breakdown = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    # {"quarter": "2026-Q2", "published": "12", "now": "13"}: the previous quarter's published
    # value no longer matches the data.
    correction = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                condition=Q(departement__isnull=True),
                name="indicator_value_once_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "departement"],
                condition=Q(departement__isnull=False),
                name="indicator_value_once_per_quarter_and_departement",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "departement", "period_start"])]

    def __str__(self):
        return f"{self.indicator_id} {self.period_start} {self.departement_id}: {self.value}"


class PublishedQuarter(TenantOwnedModel):
    """A quarter closed for a tenant: its values are frozen from `published_at` on."""

    period_start = models.DateField(_("trimestre"))
    published_at = models.DateTimeField(_("publié le"))

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "period_start"], name="published_quarter_once"
            )
        ]

    def __str__(self):
        return f"{self.tenant_id} {self.period_start}"
