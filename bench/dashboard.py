"""The steering dashboard and the quarterly reports with national-scale data, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard.py

DATABASE_URL names the PostgreSQL server (its database part is ignored): the script creates a
throw-away database (cap_bench_dashboard), migrates it and fills 18 tenants sharing 100,000
dossiers (stages, calls, installations with their follow-up), 5,000 sessions and 30,000
bookings with answers (bench/national.py; the first tenant a large region, the last a small
programme). It then publishes four past quarters and recomputes the running one for every
tenant (the nightly and quarterly tasks' work), times the dashboard through django.test.Client
as a steering member with production settings (median, p95 and SQL queries, in the largest and
the smallest tenant: the queries must not grow with the data; goal < 300 ms), the export, the
rendering of one quarterly PDF (goal < 3 s) and of every tenant's report for a quarter. It drops
the database at the end (unless BENCH_KEEP_DATABASE is set).
"""

import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_database, measure  # noqa: E402

DB_NAME = "cap_bench_dashboard"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
PAST_QUARTERS = 4
GOAL_MS, PDF_GOAL_S = 300, 3


def publish_all(tenants):
    """The nightly and quarterly tasks' work for every tenant; returns seconds."""
    from django_scopes import scope

    from evaluation import snapshots
    from evaluation.periods import Quarter

    running = Quarter.current()
    started = time.perf_counter()
    for tenant, _steering in tenants:
        with scope(tenant=tenant):
            for n in range(PAST_QUARTERS, 0, -1):
                snapshots.publish_quarter(tenant=tenant, quarter=running.minus(n))
            snapshots.refresh_quarter(tenant=tenant, quarter=running)
    return time.perf_counter() - started


def pages(tenant):
    from evaluation.periods import Quarter

    last = Quarter.current().previous()
    code = tenant.departements.order_by("insee_code").first().insee_code
    base = f"/{tenant.slug}/pilotage/"
    return [
        ("dashboard, running quarter", base),
        ("dashboard, last quarter", f"{base}?periode={last.code}"),
        ("dashboard, a year, one département", f"{base}?periode={last.year}&departement={code}"),
        ("export XLSX, last quarter", f"{base}export.xlsx?periode={last.code}"),
    ]


def time_reports(tenants):
    """(one PDF's seconds cold and warm, its bytes, every tenant's report in seconds). The
    first rendering also imports WeasyPrint and loads the fonts, as a worker does once."""
    from django_scopes import scope

    from evaluation import reports
    from evaluation.periods import Quarter

    quarter = Quarter.current().previous()
    big = tenants[0][0]
    timings = []
    with scope(tenant=big):
        for _attempt in range(2):
            started = time.perf_counter()
            pdf = reports.render_report_pdf(big, quarter)
            timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    for tenant, _steering in tenants:
        with scope(tenant=tenant):
            reports.render_final(tenant=tenant, quarter=quarter, force=True)
    return timings, len(pdf), time.perf_counter() - started


def main():
    media = os.environ.setdefault("MEDIA_ROOT", "/tmp/cap-bench-media")  # the report PDFs
    os.environ.setdefault("EMAIL_URL", "dummymail://")  # the reports announce themselves
    try:
        run()
    finally:
        shutil.rmtree(media, ignore_errors=True)


def run():
    with bench_database(DB_NAME, "dashboard.py", "migrate, collectstatic"):
        import national
        from django.db import connection
        from django.test import Client
        from django_scopes import scopes_disabled

        started = time.perf_counter()
        with scopes_disabled():
            tenants = national.populate()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"   {len(tenants)} tenants, {national.DOSSIERS:,} dossiers, {national.SESSIONS:,} "
            f"sessions, {national.BOOKINGS:,} bookings written in {time.perf_counter() - started:.0f} s"
        )
        seconds = publish_all(tenants)
        print(
            f"   {PAST_QUARTERS} quarters published and the running one computed for every "
            f"tenant in {seconds:.0f} s ({seconds / len(tenants):.1f} s per tenant)"
        )
        (big, big_user), (small, small_user) = tenants[0], tenants[-1]
        print(
            f"== Server time over {REQUESTS} requests per page (django.test.Client, production settings)"
        )
        print(
            f"{'page':<38} {'median':>9} {'p95':>9} {'queries':>8}   smallest tenant: {'queries':>8}"
        )
        worst, grown = 0, []
        for (name, path), (_n, small_path) in zip(pages(big), pages(small), strict=True):
            client, small_client = Client(), Client()
            client.force_login(big_user)
            small_client.force_login(small_user)
            median, p95, queries, _size = measure(client, path, REQUESTS)
            _m, _p, small_queries, _s = measure(small_client, small_path, 3)
            worst = max(worst, p95)
            if queries != small_queries:
                grown.append(name)
            print(
                f"{name:<38} {median:>6.0f} ms {p95:>6.0f} ms {queries:>8}   {'':>17}{small_queries:>8}"
            )
        verdict = "OK" if worst < GOAL_MS else "OVER"
        print(
            f"slowest page p95 {worst:.0f} ms against a goal of {GOAL_MS} ms ({verdict}); "
            + (
                f"queries differ on: {', '.join(grown)}"
                if grown
                else "same queries in both tenants"
            )
        )
        (cold, warm), size, every = time_reports(tenants)
        print(
            f"== Quarterly report of the largest tenant ({size // 1024} KB): {warm:.2f} s to "
            f"render the PDF ({'OK' if warm < PDF_GOAL_S else 'OVER'} against {PDF_GOAL_S} s; "
            f"{cold:.2f} s the first time, with WeasyPrint's import and fonts); every tenant's "
            f"report for the quarter rendered, stored and announced in {every:.1f} s "
            f"({every / len(tenants):.2f} s each)"
        )


if __name__ == "__main__":
    main()
