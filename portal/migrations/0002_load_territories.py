"""Load France's 18 regions, 101 départements and their land neighbours.

The data lives in ``portal.territories_data``. Running the migration again (or on a database
that already holds some of these rows) updates names and regions in place: rows are matched
on their INSEE code. The reverse operation deletes the départements and regions it loads.
"""

from django.db import migrations


def load_territories(apps, schema_editor):
    from portal.territories_data import DEPARTEMENTS, NEIGHBOURS, REGIONS, check_neighbours

    problems = check_neighbours()
    if problems:
        raise ValueError(
            "portal.territories_data.NEIGHBOURS is inconsistent: " + "; ".join(problems)
        )

    Region = apps.get_model("portal", "Region")
    Departement = apps.get_model("portal", "Departement")
    db = schema_editor.connection.alias

    regions = {}
    for code, name in REGIONS:
        regions[code], _created = Region.objects.using(db).update_or_create(
            insee_code=code, defaults={"name": name}
        )

    departements = {}
    for code, name, region_code in DEPARTEMENTS:
        departements[code], _created = Departement.objects.using(db).update_or_create(
            insee_code=code, defaults={"name": name, "region": regions[region_code]}
        )

    # NEIGHBOURS is symmetric, so each link is set from both ends: correct whether or not
    # the historical model treats the self-relation as symmetrical.
    for code, departement in departements.items():
        departement.neighbours.set([departements[other] for other in NEIGHBOURS.get(code, ())])


def unload_territories(apps, schema_editor):
    from portal.territories_data import DEPARTEMENTS, REGIONS

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
