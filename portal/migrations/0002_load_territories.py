"""Load France's 18 regions, 101 départements and their land neighbours.

The data lives in ``core.territories_data`` (it lived in portal when this migration was written). Running the migration again (or on a database
that already holds some of these rows) updates names and regions in place: rows are matched
on their INSEE code. The reverse operation deletes the départements and regions it loads.
"""

from django.db import migrations


def load_territories(apps, schema_editor):
    from core.territories import load

    load(
        apps.get_model("portal", "Region"),
        apps.get_model("portal", "Departement"),
        using=schema_editor.connection.alias,
    )


def unload_territories(apps, schema_editor):
    from core.territories_data import DEPARTEMENTS, REGIONS

    Region = apps.get_model("portal", "Region")
    Departement = apps.get_model("portal", "Departement")
    db = schema_editor.connection.alias

    # Neighbour links go with the départements; départements before regions (PROTECT).
    Departement.objects.using(db).filter(
        insee_code__in=[code for code, *_ in DEPARTEMENTS]
    ).delete()
    Region.objects.using(db).filter(insee_code__in=[code for code, _name in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_territories, unload_territories),
    ]
