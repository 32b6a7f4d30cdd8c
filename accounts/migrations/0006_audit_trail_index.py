"""An index for the tenants' audit journal (core.journal): every query of the journal asks
auditlog's entries for a tenant, and often an object, in `additional_data`; a GIN index serves
those containment queries. PostgreSQL only (a developer's SQLite does without), built
concurrently so that writes go on while it is built on a large log."""

from django.db import migrations

INDEX = "auditlog_logentry_additional_data_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} "
            "ON auditlog_logentry USING gin (additional_data jsonb_path_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0005_user_inactivity_warning_sent_at"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
