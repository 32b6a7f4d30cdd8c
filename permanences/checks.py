"""System checks of what the permanences app asks of its settings."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def client_side_binding_check(app_configs, **kwargs):
    return binding_errors(settings.DATABASES["default"])


def binding_errors(database):
    """The booking's lock and read go to PostgreSQL as one query of three statements
    (permanences.locking), which a prepared statement cannot hold: with psycopg's
    server-side binding every booking would fail."""
    postgresql = database["ENGINE"] == "django.db.backends.postgresql"
    if postgresql and database.get("OPTIONS", {}).get("server_side_binding"):
        return [
            Error(
                "The default database uses server-side binding: bookings would fail.",
                hint="Remove server_side_binding from the database options (DATABASE_URL).",
                id="permanences.E001",
            )
        ]
    return []
