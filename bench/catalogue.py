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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    admin_sql,
    database_urls,
    load_average,
    measure,
    production_environment,
    recreate_database,
)

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


def main():
    admin_url, bench_url = database_urls(DB_NAME, "catalogue.py")
    print(f"== Preparing {DB_NAME} (migrate, collectstatic, atlas import); {load_average()}")
    recreate_database(admin_url, DB_NAME)
    production_environment(bench_url, "/tmp/cap-bench-static")
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
            median, p95, queries, size = measure(client, path, REQUESTS)
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
