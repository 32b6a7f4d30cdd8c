"""What the backup tests compare: a database's fingerprint (every table's row count and the md5
of its rows, sequences, indexes, constraints, extensions) and a folder's files with their
SHA-256, plus a populated portal to back up and the commands run as an operator runs them."""

import hashlib
import io
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from PIL import Image
from psycopg import sql

from accounts.models import Tenant
from aids import demo as aids_demo
from aids.models import SurveyResponse, SurveyStatus
from caseload.models import ImportJob
from conventions.models import Convention
from core.models import OutboxMessage
from tests.aids.factories import AidMeasureFactory, TrainingCapacityFactory, departement
from tests.conventions.factories import make_document

ROOT = Path(__file__).resolve().parents[2]


def _connection_parameters(name):
    settings_dict = connection.settings_dict
    parameters = {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "dbname": name,
    }
    return {key: str(value) for key, value in parameters.items() if value}


def connect(name):
    return psycopg.connect(**_connection_parameters(name), autocommit=True)


def database_url(name):
    """DATABASE_URL for another database of the test server."""
    settings_dict = connection.settings_dict
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}@{settings_dict['HOST'] or 'localhost'}{port}/{name}"


def manage(*arguments, database, media_root):
    """`manage.py …` in its own process with the production settings, as `make backup` and
    `make restore` run it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media_root),
    }
    env.setdefault("SECRET_KEY", "insecure-key-for-tests-and-tooling-only")
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def fingerprint(name):
    """Everything a restore must give back, read from the database `name`."""
    rows = {}
    with connect(name) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.Identifier(table))
            rows[table] = tuple(conn.execute(query).fetchone())
        return {
            "rows": rows,
            # The next id of every table: a restored portal must not reuse one.
            "sequences": conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
                " ORDER BY 1"
            ).fetchall(),
            # A partial index's predicate is written back differently after a reload (the
            # casts of an IN list move), meaning the same: its text is left out.
            "indexes": conn.execute(
                "SELECT regexp_replace(indexdef, ' WHERE .*$', ' WHERE ...') FROM pg_indexes"
                " WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall(),
            "constraints": conn.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
            ).fetchall(),
            "extensions": conn.execute(
                "SELECT extname, extversion FROM pg_extension ORDER BY 1"
            ).fetchall(),
        }


def file_checksums(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def _seed_aids_from_factories():
    """A few rows stand in for the whole atlas, which would only make the round trip slower."""
    AidMeasureFactory()
    TrainingCapacityFactory()
    SurveyResponse.objects.create(
        departement=departement("23"), year=2022, status=SurveyStatus.NO_ANSWER
    )


def populate_portal(monkeypatch):
    """The demo data of every app, and a file of each kind MEDIA_ROOT holds."""
    monkeypatch.setattr(aids_demo, "seed_aids", _seed_aids_from_factories)
    call_command("seed_demo", "--force", "--quiet-logins", stdout=StringIO())
    idf = Tenant.objects.get(slug="idf")
    idf.logo.save("logo.png", ContentFile(png_bytes()))
    make_document(Convention.objects.filter(tenant=idf).first())
    ImportJob.objects.create(
        tenant=idf,
        kind="contacts",
        file=ContentFile(b"Nom;Prenom\nMartin;Claire\n", name="contacts.csv"),
        original_name="contacts.csv",
    )
    # A message still to send: the outbox lives in the database, so a restore brings it back.
    OutboxMessage.objects.create(key="backup-test:pending", kind="test", tenant_id=idf.pk)
