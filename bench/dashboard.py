"""The steering dashboard's pages and the quarterly reports' timing, for `make bench`
(bench/inprocess.py runs them on the national load that `generate_load_data` writes: the
largest and the smallest tenant, the queries must not grow with the data)."""

import time


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
