"""Contact imports at scale: 7,000 rows (annex 1's backlog) and 100,000 rows, on PostgreSQL.

    .venv/bin/python bench/imports.py            (BENCH_PG, BENCH_IMPORT_SIZES to change them)

It builds a throw-away database (cap_bench_imports), writes the CSV files in /tmp (UTF-8 with
a BOM, semicolons, the French headers), and for each size runs, in a fresh process, the code
path of the pages: `start_import` (store the file, preview: every row validated, nothing
saved) then `commit_import` (re-validated and written in chunks inside one transaction, as
the confirm button does), into a tenant that already holds the previous run's dossiers. It
prints seconds and rows per second of each step, and the process's peak memory (RSS), then
drops the database.
"""

import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "cap_bench_imports"
SIZES = [int(size) for size in os.environ.get("BENCH_IMPORT_SIZES", "7000,100000").split(",")]
HEADERS = ["Nom", "Prénom", "E-mail", "Téléphone", "RPPS", "Spécialité", "Année de diplôme",
           "Faculté", "Département"]  # fmt: skip
DEPARTEMENTS = ["75", "77", "78", "91", "92", "93", "94", "95"]
ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}},
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": "",
    "DEBUG": "false",
    "SECRET_KEY": "bench-imports-not-secret",
    "MEDIA_ROOT": "/tmp/cap-bench-imports-media",
    "LOG_LEVEL": "WARNING",
}


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


def write_csv(size, offset):
    """`size` valid contacts, numbered from `offset` (so that runs never collide)."""
    sys.path.insert(0, str(ROOT))
    from accounts.rpps import luhn_is_valid

    path = Path(f"/tmp/cap-bench-contacts-{size}.csv")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        for n in range(offset, offset + size):
            base = f"10{n:08d}"
            rpps = next(base + str(key) for key in range(10) if luhn_is_valid(base + str(key)))
            writer.writerow([
                f"Nom{n}", f"Prénom{n}", f"contact{n}@example.org",
                f"06 {n // 1_000_000 % 100:02d} {n // 10_000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d}",
                rpps, "Médecine générale", str(2010 + n % 15), "Université Paris Cité",
                DEPARTEMENTS[n % len(DEPARTEMENTS)],
            ])  # fmt: skip
    return path


def run_one(path):
    """In its own process: preview then commit one file; prints a JSON line of figures."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scopes_disabled

    from accounts.models import Tenant, User
    from caseload import imports
    from caseload.models import Dossier, ImportKind

    with scopes_disabled():
        tenant, _ = Tenant.objects.get_or_create(
            slug="bench", defaults={"name": "Bench", "contact_email": "b@example.org"}
        )
        user, _ = User.objects.get_or_create(email="bench@example.org")
        existing = Dossier.objects.filter(tenant=tenant).count()
    content = Path(path).read_bytes()
    # Measure the preview itself, here (the portal hands files over 1 MB to the worker).
    imports.jobs.INLINE_PREVIEW_BYTES = len(content)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    job = imports.start_import(
        tenant=tenant,
        kind=ImportKind.CONTACTS,
        uploaded_file=SimpleUploadedFile(Path(path).name, content),
        user=user,
    )
    previewed = time.perf_counter()
    assert job.report.get("valid_rows") == job.report.get("total_rows"), job.report
    imports.commit_import(job=job, user=user, fingerprint=job.report["fingerprint"])
    committed = time.perf_counter()
    with scopes_disabled():
        created = Dossier.objects.filter(tenant=tenant).count() - existing
    print(
        json.dumps(
            {
                "rows": job.report["total_rows"],
                "created": created,
                "existing": existing,
                "preview": previewed - started,
                "commit": committed - previewed,
                "baseline_mb": baseline / 1024,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main():
    print(f"== Preparing {DB_NAME} (migrations)")
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT, env=ENV, check=True,
        )  # fmt: skip
        print(
            f"{'rows':>8} {'already in tenant':>18} {'preview s':>10} {'rows/s':>9} "
            f"{'commit s':>9} {'rows/s':>9} {'total s':>8} {'peak RSS':>10}"
        )
        offset = 0
        for size in SIZES:
            path = write_csv(size, offset)
            offset += size
            out = subprocess.run(
                [sys.executable, __file__, "--run", str(path)],
                cwd=ROOT, env=ENV, capture_output=True, text=True,
            )  # fmt: skip
            if out.returncode:
                raise SystemExit(f"import of {size} rows failed:\n{out.stderr[-3000:]}")
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            assert figures["created"] == size, figures
            total = figures["preview"] + figures["commit"]
            print(
                f"{figures['rows']:>8} {figures['existing']:>18} {figures['preview']:>10.2f} "
                f"{size / figures['preview']:>9.0f} {figures['commit']:>9.2f} "
                f"{size / figures['commit']:>9.0f} {total:>8.2f} "
                f"{figures['peak_mb']:>7.0f} MB"
            )
        print(
            "preview: read, decode, validate every row, check duplicates (nothing saved); "
            "commit: the same again in one transaction, writing dossiers and their first "
            "stage in chunks of 2,000. Peak RSS is the whole Python process (Django included)."
        )
    finally:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(ENV["MEDIA_ROOT"], ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        run_one(sys.argv[2])
    else:
        main()
