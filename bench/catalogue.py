"""The aids catalogue's server time, with the whole atlas imported, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/catalogue.py

DATABASE_URL names the PostgreSQL server (its database part is ignored): the script creates a
throw-away database (cap_bench_aids) on it, migrates it, imports the atlas with
``aids.atlas.import_atlas`` (from aids/data/atlas, or BENCH_ATLAS_DIR), then sends
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

from common import bench_database, measure  # noqa: E402

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
    with bench_database(DB_NAME, "catalogue.py", "migrate, collectstatic, atlas import"):
        from django.test import Client

        from aids.atlas import import_atlas
        from aids.models import AidMeasure, TrainingCapacity

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


if __name__ == "__main__":
    main()
