"""The aids catalogue's server time, with the whole atlas imported, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/catalogue.py

DATABASE_URL names the PostgreSQL server (its database part is ignored): the script creates a
throw-away database (cap_bench_aids) on it, migrates it, imports the atlas with
``aids.atlas.import_atlas`` (from ../shared/data/atlas, or BENCH_ATLAS_DIR), then sends
BENCH_REQUESTS (default 50) anonymous requests per page through django.test.Client with
production settings (DEBUG off, manifest static files, persistent connection, every
middleware), and prints for each page the median and p95 server time and its number of SQL
queries. It drops the database at the end. The goal: the catalogue page under 100 ms, with a
number of queries that does not depend on the number of aids.
"""

import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "cap_bench_aids"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
GOAL_MS = 100
PAGES = [
    ("catalogue /aides/", "/aides/"),
    ("search « logement internes »", "/aides/?q=logement+internes"),
    ("Ardèche + stage aid", "/aides/?departement=07&categorie=stage_financial_aid"),
    ("département page (07)", "/aides/departement/07/"),
    ("region page (84)", "/aides/region/84/"),
]


def database_urls():
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python "
            "bench/catalogue.py"
        )
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    bench = urlunsplit((parts.scheme, parts.netloc, f"/{DB_NAME}", parts.query, ""))
    return admin, bench


def admin_sql(admin_url, sql):
    import psycopg

    conninfo = admin_url.replace("postgres://", "postgresql://", 1).replace(
        "pgsql://", "postgresql://", 1
    )
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(sql)


def production_environment(bench_url):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": bench_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "STATIC_ROOT": "/tmp/cap-bench-static",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
    )
    # Tasks and cache stay in-process: the catalogue uses neither.
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))


def measure(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm-up: templates, connection
        client.get(path)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings), p95, len(queries.captured_queries), len(response.content)


def main():
    admin_url, bench_url = database_urls()
    print(
        f"== Preparing {DB_NAME} (migrate, collectstatic, atlas import); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a busy machine inflates the figures)"
    )
    admin_sql(admin_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(admin_url, f"CREATE DATABASE {DB_NAME}")
    production_environment(bench_url)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        from aids.atlas import import_atlas
        from aids.models import AidMeasure, TrainingCapacity

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        import_atlas(os.environ.get("BENCH_ATLAS_DIR") or None)
        print(
            f"   {AidMeasure.objects.count()} aids, "
            f"{TrainingCapacity.objects.count()} training capacities imported"
        )
        client = Client()
        print(
            f"== Server time over {REQUESTS} requests per page (django.test.Client, "
            "production settings, PostgreSQL)"
        )
        catalogue = None
        for name, path in PAGES:
            median, p95, queries, size = measure(client, path)
            catalogue = catalogue or (median, p95, queries)
            print(
                f"{name:<32} median {median:>6.1f} ms  p95 {p95:>6.1f} ms  "
                f"{queries:>2} queries  {size // 1024:>4} KiB"
            )
        median, p95, queries = catalogue
        verdict = "OK" if p95 < GOAL_MS else "OVER"
        print(
            f"catalogue page: p95 {p95:.1f} ms against a goal of {GOAL_MS} ms ({verdict}), "
            f"{queries} queries"
        )
        connections.close_all()
    finally:
        admin_sql(admin_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
