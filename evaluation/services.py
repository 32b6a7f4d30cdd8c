"""Every write of the evaluation: definitions, values entered by hand, settings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import snapshots
from .models import EnteredValue, EvaluationSettings, SourceKind


@transaction.atomic
def save_indicator(*, form):
    """Save a validated indicator definition form; returns the indicator."""
    return form.save()


@transaction.atomic
def save_settings(*, tenant, small_cell_threshold):
    settings, _created = EvaluationSettings.objects.update_or_create(
        tenant=tenant, defaults={"small_cell_threshold": small_cell_threshold}
    )
    return settings


def enter_value(*, indicator, quarter, value, acting_user, departement=None, comment=""):
    """Record a value typed by staff for a quarter not published yet, and show it at once; the
    earlier entries stay as its history. Raises ValidationError for a computed indicator or a
    published quarter."""
    if indicator.source != SourceKind.ENTERED:
        raise ValidationError(_("Cet indicateur est calculé par le portail : il ne se saisit pas."))
    with transaction.atomic():
        if snapshots.is_published(indicator.tenant, quarter):
            raise ValidationError(
                _(
                    "Le %(quarter)s est publié : ses chiffres ne changent plus. Saisissez la "
                    "valeur sur le trimestre en cours, avec un commentaire qui explique la "
                    "correction."
                )
                % {"quarter": quarter.label}
            )
        entry = EnteredValue.objects.create(
            tenant_id=indicator.tenant_id,
            indicator=indicator,
            period_start=quarter.start,
            departement=departement,
            value=value,
            comment=comment,
            entered_by=acting_user,
        )
        snapshots.write_entered_value(entry)
    return entry


@transaction.atomic
def save_grid(*, formset, acting_user):
    """Save a convention's evaluation grid (a validated formset); the items changed are signed
    by the user who changed them."""
    items = formset.save(commit=False)
    for item in items:
        item.updated_by = acting_user
        item.save()
    for item in formset.deleted_objects:
        item.delete()
    return items
