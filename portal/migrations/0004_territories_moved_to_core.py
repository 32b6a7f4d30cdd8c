# The territories now belong to core (core/migrations/0002): portal lets them go from Django's
# state only, after every model pointing at them points at core's. The tables stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_name_the_site"),
        ("core", "0002_territories_from_portal"),
        ("accounts", "0007_territories_in_core"),
        ("aids", "0003_territories_in_core"),
        ("caseload", "0007_territories_in_core"),
        ("conventions", "0004_territories_in_core"),
        ("evaluation", "0006_territories_in_core"),
        ("permanences", "0004_territories_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Departement"),
                migrations.DeleteModel(name="Region"),
            ],
            database_operations=[],
        ),
    ]
