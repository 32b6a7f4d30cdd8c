"""What the in-process benchmarks share: a throw-away PostgreSQL database, production
settings, and the timing of a page through django.test.Client (server time only: no network,
no browser)."""

import contextlib
import math
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def database_urls(db_name, script):
    """(admin URL, bench URL) from DATABASE_URL, which names the server: its database part
    is ignored."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python "
            f"bench/{script}"
        )
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    bench = urlunsplit((parts.scheme, parts.netloc, f"/{db_name}", parts.query, ""))
    return admin, bench


def admin_sql(admin_url, sql):
    import psycopg

    conninfo = admin_url.replace("postgres://", "postgresql://", 1).replace(
        "pgsql://", "postgresql://", 1
    )
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(sql)


def recreate_database(admin_url, db_name):
    admin_sql(admin_url, f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
    admin_sql(admin_url, f"CREATE DATABASE {db_name}")


def production_environment(bench_url, static_root):
    """DEBUG off, manifest static files, a persistent connection, every middleware; tasks
    and cache stay in-process (no REDIS_URL)."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": bench_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "STATIC_ROOT": static_root,
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def bench_database(db_name, script, preparing):
    """A throw-away database on DATABASE_URL's server, migrated and with the static files
    collected, Django set up with production settings; dropped on the way out (kept when
    BENCH_KEEP_DATABASE is set, to EXPLAIN the queries afterwards)."""
    admin_url, bench_url = database_urls(db_name, script)
    print(f"== Preparing {db_name} ({preparing}); {load_average()}")
    recreate_database(admin_url, db_name)
    production_environment(bench_url, "/tmp/cap-bench-static")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        yield
        connections.close_all()
    finally:
        if os.environ.get("BENCH_KEEP_DATABASE"):
            print(f"   {db_name} kept (BENCH_KEEP_DATABASE): drop it when done")
        else:
            admin_sql(admin_url, f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")


def load_average():
    return (
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(a busy machine inflates the figures)"
    )


def measure(client, path, requests):
    """(median ms, p95 ms, SQL queries, response bytes) of `requests` GETs after a warm-up;
    any answer but 200 stops the benchmark."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: templates, connection
        client.get(path)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    timings.sort()
    p95 = timings[math.ceil(len(timings) * 0.95) - 1]  # nearest rank
    return statistics.median(timings), p95, len(queries.captured_queries), len(response.content)
