"""`make bench`: the national-scale benchmark, one results file (bench/results/latest.json and
latest.md), every timing beside a baseline measured in the same run.

    .venv/bin/python bench/run.py [--quick]

Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_PG, BENCH_REDIS). It builds a throw-away
database (cap_bench), generates the load (`generate_load_data --scale national`; region with
--quick), then:
  1. gunicorn with production settings, each worker class of bench/storms.py in turn: 50
     clients sign in through the login form (Argon2id), GET a trivial page, book across 100
     sessions for a while, and storm one session together; the fastest class is then run in
     full: 200 sign-ins, the trivial page, 50 clients over 100 sessions for 20 s, storms of 50
     and 200 clients on one session each, confirmed and waiting counted per session;
  2. in-process (bench/inprocess.py): the steering dashboard in the largest and smallest
     tenant, one quarterly PDF and every tenant's, the case manager's first and last page of
     100,000 dossiers, the import of 100,000 contacts and the same rows by COPY, 10,000
     reminders swept and relayed twice at once.
The clients share the machine's cores with gunicorn and PostgreSQL: figures are for comparing
runs on one machine kind, not absolute.
"""

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
import storms  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUICK = "--quick" in sys.argv
PORT = int(os.environ.get("BENCH_PORT", "8123"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "cap_bench"
PASSWORD = "charge-nationale-2026"  # noqa: S105 (portal.loadgen.people.PASSWORD)
SIZES = {
    "scale": "region" if QUICK else "national",
    "compare_seconds": 4 if QUICK else 8,
    "booking_seconds": 8 if QUICK else 20,
    "trivial_requests": 10 if QUICK else 20,
    "logins": 220,  # 200 for the storms, 20 more signing in alone
    "dossiers": 10_000 if QUICK else 100_000,
    "imports": 10_000 if QUICK else 100_000,
    "reminders": 1_000 if QUICK else 10_000,
    "requests": 10 if QUICK else 20,
}
ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}},
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15"),
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "STATIC_ROOT": "/tmp/cap-bench-static",
    "MEDIA_ROOT": "/tmp/cap-bench-media",
    "EMAIL_URL": "memorymail://",
    "TRUSTED_PROXIES": "1",
    "LOG_LEVEL": "WARNING",
}


def step(title):
    print(f"== {title}", flush=True)
    return time.perf_counter()


def run(*args, env=None, capture=False):
    out = subprocess.run([sys.executable, *args], cwd=ROOT, env=env or ENV, check=False,
                         capture_output=capture, text=True)  # fmt: skip
    if out.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{(out.stderr or '')[-4000:]}")
    return out.stdout if capture else None


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


def prepare(figures):
    started = step(
        f"{DB_NAME}: migrate, collectstatic, generate_load_data --scale {SIZES['scale']}"
    )
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    run("manage.py", "migrate", "--noinput", "-v0")
    run("manage.py", "collectstatic", "--noinput", "-v0")
    generated = time.perf_counter()
    print(run("manage.py", "generate_load_data", "--scale", SIZES["scale"], capture=True), end="")
    figures["load_data_s"] = round(time.perf_counter() - generated, 1)
    figures["prepare_s"] = round(time.perf_counter() - started, 1)
    slug, ids = run("bench/seed.py", "504", capture=True).split()
    ids = ids.split(",")
    return slug, {"compare": ids[:200], "storms": ids[200:204], "many": ids[204:304]}


def http_phases(figures, slug, sessions):
    path = lambda pk: f"/{slug}/permanences/{pk}/"  # noqa: E731
    everyone = [f"interne{n}@charge.example.org" for n in range(1, SIZES["logins"] + 1)]
    emails = everyone[:200]
    compared = {}
    for n, kind in enumerate(storms.WORKER_CLASSES):
        step(f"gunicorn {kind} ({' '.join(storms.WORKER_CLASSES[kind])}): 50 clients")
        with storms.Gunicorn(ENV, PORT, kind):
            clients, _logins = storms.sign_in(PORT, emails[:50], PASSWORD)
            storms.trivial(clients, 3)  # warm-up: connections, templates
            trivial, _e = storms.trivial(clients, SIZES["trivial_requests"] // 2)
            paths = [path(pk) for pk in sessions["compare"][n * 100 : n * 100 + 99]]
            booking, _e, _wall = storms.booking_for(clients, paths, SIZES["compare_seconds"])
            storm, _e = storms.storm(clients, path(sessions["compare"][n * 100 + 99]))
        compared[kind] = {"trivial_p95_ms": round(storms.p95(trivial), 1),
                          "booking_p95_ms": round(storms.p95(booking), 1),
                          "storm50_p95_ms": round(storms.p95(storm), 1)}  # fmt: skip
        print(f"   {compared[kind]}", flush=True)
    chosen = min(
        compared, key=lambda k: compared[k]["storm50_p95_ms"] + compared[k]["booking_p95_ms"]
    )
    figures["gunicorn_compared"] = compared
    figures["gunicorn_chosen"] = f"{chosen} ({' '.join(storms.WORKER_CLASSES[chosen])})"
    step(f"gunicorn {chosen}, in full: {len(emails)} sign-ins, trivial page, bookings, storms")
    with storms.Gunicorn(ENV, PORT, chosen) as server:
        alone = storms.login_cost(PORT, everyone[200:], PASSWORD)
        clients, logins = storms.sign_in(PORT, emails, PASSWORD)
        base = clients[:50]
        storms.trivial(base, 3)
        trivial, trivial_errors = storms.trivial(base, SIZES["trivial_requests"])
        many = [path(pk) for pk in sessions["many"]]
        booking, booking_errors, wall = storms.booking_for(base, many, SIZES["booking_seconds"])
        storm50, errors50 = storms.storm(base, path(sessions["storms"][0]))
        storm200, errors200 = storms.storm(clients[:200], path(sessions["storms"][1]))
        figures["web_worker_peak_rss_mb"] = round(server.peak_rss_mb(), 1)
    figures.update(
        login_p50_ms=round(storms.p50(alone), 1), login_p95_ms=round(storms.p95(alone), 1),
        login_storm_p50_ms=round(storms.p50(logins), 1), logins=len(logins), trivial_p95_ms=round(storms.p95(trivial), 1),
        trivial_p50_ms=round(storms.p50(trivial), 1), booking_p95_ms=round(storms.p95(booking), 1),
        booking_p50_ms=round(storms.p50(booking), 1), booking_requests=len(booking),
        booking_rps=round(len(booking) / wall, 1),
        storm50_p95_ms=round(storms.p95(storm50), 1), storm200_p95_ms=round(storms.p95(storm200), 1),
        http_errors=len(trivial_errors + booking_errors + errors50 + errors200),
    )  # fmt: skip
    figures["booking_p95_ratio"] = round(figures["booking_p95_ms"] / figures["trivial_p95_ms"], 2)
    counted = json.loads(run("bench/count.py", ",".join(sessions["storms"][:2] + sessions["many"]),
                             capture=True))  # fmt: skip
    per = {int(k): v for k, v in counted["sessions"].items()}
    figures["storm50_confirmed_waiting"] = per.get(int(sessions["storms"][0]), [0, 0])
    figures["storm200_confirmed_waiting"] = per.get(int(sessions["storms"][1]), [0, 0])
    figures["many_sessions_confirmed_waiting"] = [
        per.get(int(pk), [0, 0]) for pk in sessions["many"]
    ]
    figures["overbookings"] = counted["overbooked"]


def in_process(figures):
    step(f"dashboard, reports, case manager's pages ({SIZES['dossiers']:,} dossiers)")
    env = {**ENV, "BENCH_REQUESTS": str(SIZES["requests"]), "BENCH_DOSSIERS": str(SIZES["dossiers"]),
           "REDIS_URL": ""}  # fmt: skip
    figures.update(json.loads(run("bench/inprocess.py", "pages", env=env, capture=True)))
    step(
        f"import of {SIZES['imports']:,} contacts (preview and commit), then the same rows by COPY"
    )
    import imports

    csv_path = imports.write_csv(SIZES["imports"], 0)
    out = json.loads(run("bench/imports.py", "--run", str(csv_path), env=env,
                         capture=True).strip().splitlines()[-1])  # fmt: skip
    figures.update(import_rows=out["rows"], import_preview_s=round(out["preview"], 1),
                   import_commit_s=round(out["commit"], 1),
                   import_100k_s=round(out["preview"] + out["commit"], 1),
                   import_peak_rss_mb=round(out["peak_mb"], 1))  # fmt: skip
    copied = json.loads(run("bench/inprocess.py", "copy", str(csv_path), env=env, capture=True))
    figures["import_100k_copy_s"] = round(copied["seconds"], 1)
    csv_path.unlink()
    step(f"{SIZES['reminders']:,} reminders: two sweeps at once, two relays at once")
    # With the broker (and no worker): the sweeps record, the two relays below send.
    sent = json.loads(run("bench/inprocess.py", "reminders", str(SIZES["reminders"]),
                          env={**env, "REDIS_URL": ENV["REDIS_URL"]}, capture=True))  # fmt: skip
    figures.update(reminders=sent, reminders_10k_sent_once=sent["sent_once"],
                   reminders_peak_rss_mb=sent["peak_rss_mb"])  # fmt: skip
    figures["worker_peak_rss_mb"] = max(figures["import_peak_rss_mb"], sent["peak_rss_mb"])


def main():
    started = time.perf_counter()
    figures = {"mode": "quick" if QUICK else "full", "sizes": SIZES}
    try:
        slug, sessions = prepare(figures)
        http_phases(figures, slug, sessions)
        in_process(figures)
    finally:
        if not os.environ.get("BENCH_KEEP_DATABASE"):
            psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        subprocess.run(["redis-cli", "-n", ENV["REDIS_URL"].rsplit("/", 1)[1], "flushdb"],
                       capture_output=True)  # fmt: skip
    figures["total_s"] = round(time.perf_counter() - started, 1)
    results.write(figures, quick=QUICK)


if __name__ == "__main__":
    main()
