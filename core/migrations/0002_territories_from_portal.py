# The territories (Region, Departement) move from portal to core, the ground every app stands
# on: core takes them over in Django's state only; the tables stay as they are (renamed in
# 0003, once portal has let them go in its 0004).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("portal", "0003_name_the_site"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("insee_code", models.CharField(max_length=2, unique=True, verbose_name="code INSEE")),
                        ("name", models.CharField(max_length=80, unique=True, verbose_name="nom")),
                    ],
                    options={
                        "verbose_name": "région",
                        "verbose_name_plural": "régions",
                        "ordering": ["name"],
                        "db_table": "portal_region",
                    },
                ),
                migrations.CreateModel(
                    name="Departement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("insee_code", models.CharField(max_length=3, unique=True, verbose_name="code INSEE")),
                        ("name", models.CharField(max_length=80, verbose_name="nom")),
                        ("neighbours", models.ManyToManyField(blank=True, to="core.departement", verbose_name="départements voisins")),
                        ("region", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="departements", to="core.region", verbose_name="région")),
                    ],
                    options={
                        "verbose_name": "département",
                        "verbose_name_plural": "départements",
                        "ordering": ["insee_code"],
                        "db_table": "portal_departement",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
