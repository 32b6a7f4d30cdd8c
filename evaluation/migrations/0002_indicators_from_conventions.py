"""The indicator definitions that conventions.AnnexIndicator held become evaluation.Indicator
rows (one model, not two): same annex, label and target; the free-text unit becomes a unit when
it names one and is kept in the method otherwise; all are entered by hand until an admin picks
a computation. conventions 0003 then drops AnnexIndicator."""

from django.db import migrations
from django.utils.text import slugify

UNIT_WORDS = [("%", "percentage"), ("€", "euros"), ("euro", "euros"), ("jour", "days")]
UNIT_TEXTS = {"percentage": "%", "euros": "€", "days": "jours", "score": "sur 5"}


def _unit(text):
    lowered = text.lower()
    for word, unit in UNIT_WORDS:
        if word in lowered:
            return unit
    return "count"


def _code(label, taken):
    base = slugify(label)[:50] or "indicateur"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code


def forwards(apps, schema_editor):
    AnnexIndicator = apps.get_model("conventions", "AnnexIndicator")
    Indicator = apps.get_model("evaluation", "Indicator")
    taken = {}
    for old in AnnexIndicator.objects.select_related("annex").order_by("annex_id", "pk"):
        convention_id = old.annex.convention_id
        codes = taken.setdefault(convention_id, set())
        unit = _unit(old.unit)
        method = old.computation
        if old.unit and unit == "count":
            method = f"Unité : {old.unit}.\n{method}".strip()
        Indicator.objects.create(
            tenant_id=old.tenant_id,
            convention_id=convention_id,
            annex_id=old.annex_id,
            code=_code(old.label, codes),
            label=old.label,
            unit=unit,
            target=old.target,
            source="entered",
            computation="",
            method=method,
            position=len(codes),
        )


def backwards(apps, schema_editor):
    AnnexIndicator = apps.get_model("conventions", "AnnexIndicator")
    Indicator = apps.get_model("evaluation", "Indicator")
    for indicator in Indicator.objects.filter(annex__isnull=False).order_by("pk"):
        AnnexIndicator.objects.create(
            tenant_id=indicator.tenant_id,
            annex_id=indicator.annex_id,
            label=indicator.label,
            unit=UNIT_TEXTS.get(indicator.unit, ""),
            target=indicator.target,
            computation=indicator.method,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_indicators"),
        ("conventions", "0002_contacts_conventions_annexes_meetings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
