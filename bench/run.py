"""`make bench`: figures for the booking path, under load, against PostgreSQL and gunicorn.

It builds a throw-away PostgreSQL database (cap_bench), starts gunicorn with production
settings (DEBUG off, Redis as the broker: tasks are queued, not run), and fires requests from
50 concurrent clients (threads with keep-alive connections) at:
  1. a trivial authenticated page (/moi/qui/), the yardstick;
  2. booking one session (every client at the same session: 7 confirmed, the rest waiting);
  3. booking across 100 sessions.
It prints requests per second, p50 and p95 latency, and the confirmed count per session
(which must be 7), then drops the database. The client shares the machine's two cores with
gunicorn and PostgreSQL: figures are for comparing, not absolute.
"""

import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8123"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "cap_bench"
CSRF = "benchbenchbenchbenchbenchbench12"  # a 32-character CSRF secret, cookie and header

ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}},
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14"),
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "STATIC_ROOT": "/tmp/cap-bench-static",
    "EMAIL_URL": "consolemail://",
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
}


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


def prepare():
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("seed.py")), str(REQUESTS * 2 + CLIENTS)],
        cwd=ROOT, env=ENV, capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"bench/seed.py failed:\n{out.stderr}")
    return out.stdout.strip().splitlines()


def start_gunicorn():
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            "--bind", f"127.0.0.1:{PORT}",
            "--workers", "3",
            "--threads", "4",
            "--worker-class", "gthread",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=ENV, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/sante/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def run_load(requests_for_client):
    """requests_for_client(i) → list of (method, path, body, cookie); returns latencies, errors."""
    latencies, errors, lock = [], [], threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        plan = requests_for_client(index)
        barrier.wait()
        for method, path, body, session_key in plan:
            headers = {
                "Cookie": f"sessionid={session_key}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            }
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status not in (200, 302):
                    errors.append(response.status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def summary(name, latencies, errors, wall):
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{name:<34} {len(latencies):>6} req {len(latencies) / wall:>8.1f} req/s "
        f"p50 {statistics.median(ordered) * 1000:>7.1f} ms  p95 {p95 * 1000:>7.1f} ms  "
        f"errors {len(errors)}"
    )
    return p95


def main():
    print(
        f"== Preparing {DB_NAME} and the bench data ({CLIENTS} clients, {REQUESTS} requests a phase)"
    )
    lines = prepare()
    tenant_slug, session_ids, keys = lines[0], lines[1].split(","), lines[2].split(",")
    one_session, hundred = session_ids[0], session_ids[1:101]
    process = start_gunicorn()
    try:
        per_client = REQUESTS // CLIENTS

        def trivial(i):
            return [("GET", "/moi/qui/", None, keys[i])] * per_client

        def book_one(i):
            people = keys[CLIENTS + i * per_client : CLIENTS + (i + 1) * per_client]
            path = f"/{tenant_slug}/permanences/{one_session}/"
            return [("POST", path, "action=book", key) for key in people]

        offset = CLIENTS + REQUESTS

        def book_hundred(i):
            people = keys[offset + i * per_client : offset + (i + 1) * per_client]
            return [
                ("POST", f"/{tenant_slug}/permanences/{hundred[(i * per_client + n) % 100]}/",
                 "action=book", key)
                for n, key in enumerate(people)
            ]  # fmt: skip

        print("== Results (gunicorn 3 workers × 4 threads, production settings, PostgreSQL)")
        run_load(trivial)  # warm-up: connections, templates, caches
        base = summary("trivial authenticated page", *run_load(trivial))
        one = summary("booking, 1 session", *run_load(book_one))
        many = summary("booking, 100 sessions", *run_load(book_hundred))
        counts = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("count.py"))],
            cwd=ROOT, env=ENV, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        print(f"confirmed per session: {counts}")
        print(
            f"booking p95 / trivial p95: 1 session {one / base:.1f}×, "
            f"100 sessions {many / base:.1f}× (goal: within 2×)"
        )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        subprocess.run(["redis-cli", "-n", ENV["REDIS_URL"].rsplit("/", 1)[1], "flushdb"],
                       capture_output=True)  # fmt: skip


if __name__ == "__main__":
    main()
