"""Indexes for a tenant of 100,000 dossiers: the list's order, and on PostgreSQL trigram
indexes for the search (names and e-mail matched anywhere, case-insensitively, as the filter's
icontains does; the RPPS by its first digits). SQLite, the development database, scans."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

SEARCH_INDEX = "dossier_search_trgm"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON caseload_dossier USING gin (
    UPPER(first_name::text) gin_trgm_ops,
    UPPER(last_name::text) gin_trgm_ops,
    UPPER(email::text) gin_trgm_ops,
    (rpps::text) gin_trgm_ops
);
"""
DROP = f"DROP INDEX IF EXISTS {SEARCH_INDEX};"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("caseload", "0002_outcome_do_not_call_followed_label")]

    operations = [
        migrations.RemoveIndex(model_name="dossier", name="caseload_do_tenant__08ce71_idx"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["tenant", "last_name", "first_name", "id"], name="dossier_list_order"
            ),
        ),
        TrigramExtension(),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
