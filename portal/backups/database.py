"""The PostgreSQL side: pg_dump out, and back in through psql in one transaction.

The client tools get the connection from the Django settings of the database (so from
DATABASE_URL) through libpq's environment variables: no password on a command line.
"""

import os
import shutil
import subprocess
import tempfile

from django.db import DatabaseError
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .errors import BackupError

CHUNK = 1024 * 1024

# A database holding any of these outside PostgreSQL's own schemas is not empty.
RELATIONS_SQL = """
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
"""

# Replacing a database: its public schema goes, and comes back as PostgreSQL 15 creates it,
# in the same transaction as the restore. A running portal holds the tables: give up after
# 10 s rather than wait for it.
REPLACE_SQL = """SET lock_timeout = '10s';
DROP SCHEMA IF EXISTS public CASCADE;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
RESET lock_timeout;
"""

_LIBPQ_VARIABLES = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE")


def require_postgresql(connection):
    if connection.vendor != "postgresql":
        raise BackupError(
            f"backups need PostgreSQL, and DATABASE_URL points to {connection.vendor}"
        )


def require_tools(*names):
    """The absolute paths of PostgreSQL's client tools, or a BackupError saying what to
    install."""
    paths = [shutil.which(name) for name in names]
    missing = [name for name, path in zip(names, paths, strict=True) if path is None]
    if missing:
        raise BackupError(
            f"{', '.join(missing)} not found: install PostgreSQL's client tools, of the "
            "server's major version or newer (Debian 12: apt-get install postgresql-client)"
        )
    return paths


def libpq_environment(settings_dict):
    """The process environment with the database's connection as PG* variables."""
    env = {key: value for key, value in os.environ.items() if key not in _LIBPQ_VARIABLES}
    _args, secrets = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env.update(secrets or {})
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def tool_version(path):
    return _run([path, "--version"]).strip()


def dump(connection, path, *, pg_dump):
    """pg_dump in custom format: one consistent snapshot, compressed, restorable by
    pg_restore. Fails rather than waits when a migration holds a table for 2 minutes."""
    _run(
        [pg_dump, "--format=custom", "--no-password", "--lock-wait-timeout=120s", f"--file={path}"],
        env=libpq_environment(connection.settings_dict),
    )


def restore(connection, dump_path, *, pg_restore, psql, replace):
    """Replay the dump into the database in one transaction: it commits only when pg_restore
    has read the whole dump and psql has run every statement, so a failure leaves the
    database as it was. Objects are owned by the role of DATABASE_URL (--no-owner)."""
    env = libpq_environment(connection.settings_dict)
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        producer = subprocess.Popen(  # noqa: S603 (fixed arguments, a path we were given)
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--file=-", dump_path],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        consumer = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        _relay(producer, consumer, prologue="BEGIN;\n" + (REPLACE_SQL if replace else ""))
        if consumer.returncode != 0:
            message = _tail(psql_errors)
            if "lock timeout" in message:
                message += " (the portal is running: stop web, worker and beat first)"
            raise BackupError(f"psql stopped, nothing was restored: {message}")
        if producer.returncode != 0:
            raise BackupError(f"pg_restore failed, nothing was restored: {_tail(restore_errors)}")


def _relay(producer, consumer, *, prologue):
    """Copy pg_restore's script to psql between BEGIN and a COMMIT written only once
    pg_restore has ended well: otherwise psql reaches the end of its input inside the
    transaction, and PostgreSQL rolls it back when psql disconnects."""
    try:
        consumer.stdin.write(prologue.encode())
        shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK)
        if producer.wait() == 0:
            consumer.stdin.write(b"COMMIT;\n")
        consumer.stdin.close()
    except BrokenPipeError:
        pass  # psql stopped on an error; its message is in its standard error
    finally:
        producer.stdout.close()
        producer.wait()
        consumer.wait()


def _tail(stream, limit=2000):
    stream.seek(0)
    return stream.read().decode(errors="replace").strip()[-limit:] or "(no message)"


def _run(command, env=None):
    result = subprocess.run(  # noqa: S603 (fixed arguments, tools found by require_tools)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        name = os.path.basename(command[0])
        raise BackupError(f"{name} failed: {result.stderr.strip() or '(no message)'}")
    return result.stdout


def relation_count(connection):
    """Tables, views and sequences outside PostgreSQL's own schemas (0: an empty database)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(RELATIONS_SQL)
            return cursor.fetchone()[0]
    except DatabaseError as error:
        name = connection.settings_dict["NAME"]
        raise BackupError(f"cannot read the database {name}: {error}".strip()) from error


def server_version(connection):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def migration_state(connection):
    """{app: name of its latest applied migration}."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def unknown_migrations(migrations):
    """The migrations of a backup that this code does not have: a newer portal made it."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known]


def pending_migrations(connection):
    """This code's migrations that the database has not applied yet."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
