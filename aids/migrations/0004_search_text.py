# The folded search column (aids.models.AidMeasure.search_text), filled for the rows already
# there with the same rule as AidMeasure.fill_search_text (historical models have no methods).

from django.db import migrations, models

from core.text import fold


def fill_search_text(apps, schema_editor):
    AidMeasure = apps.get_model("aids", "AidMeasure")
    rows = list(AidMeasure.objects.select_related("departement", "region"))
    for row in rows:
        parts = [
            row.title, row.details, row.amount, row.area_label,
            row.departement.name if row.departement_id else "",
            row.region.name if row.region_id else "",
        ]  # fmt: skip
        row.search_text = fold(" ".join(part for part in parts if part))
    AidMeasure.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("aids", "0003_territories_in_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="aidmeasure",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
