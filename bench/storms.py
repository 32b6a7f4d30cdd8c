"""The HTTP part of `make bench`: gunicorn with production settings on loopback, real clients
signing in and booking through the forms (bench/clients.py).

Phases, each with the same logged-in clients: a trivial authenticated page (/moi/qui/, the
yardstick), 50 clients booking across 100 sessions for a fixed time, then storms: 50 and 200
clients holding the session page's form and posting it at the same instant on one session.
"""

import math
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from clients import Client

ROOT = Path(__file__).resolve().parents[1]
# gunicorn set-ups compared; the chosen one is in docs/scaling.md, the Dockerfile and compose.
WORKER_CLASSES = {
    "sync": ["--worker-class", "sync", "--workers", "4"],
    "gthread": ["--worker-class", "gthread", "--workers", "4", "--threads", "4"],
}


def p95(values):
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * 0.95) - 1, 0)] * 1000 if ordered else 0.0


def p50(values):
    return statistics.median(values) * 1000 if values else 0.0


class Gunicorn:
    def __init__(self, env, port, kind):
        self.env, self.port, self.kind = env, port, kind
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "portal.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", *WORKER_CLASSES[self.kind],
             "--log-level", "warning", "--timeout", "120"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )  # fmt: skip
        for _ in range(300):
            try:
                Client(self.port, "10.9.9.9").request("GET", "/")
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def peak_rss_mb(self):
        """The largest worker's peak resident memory (VmHWM), in MB."""
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                                  text=True).stdout.split()  # fmt: skip
        peaks = []
        for pid in children:
            status = Path(f"/proc/{pid}/status")
            if status.exists():
                line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM"))
                peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)


def sign_in(port, emails, password, concurrency=50):
    """One logged-in client per e-mail, signing in `concurrency` at a time; returns
    (clients, login seconds)."""

    def one(index_email):
        index, email = index_email
        client = Client(port, f"10.{index // 250}.{index % 250}.1")
        return client, client.login(email, password)

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, enumerate(emails)))
    return [c for c, _ in results], [s for _, s in results]


def login_cost(port, emails, password):
    """One client signing in alone, once per e-mail: a login's own cost (no queue)."""
    return [Client(port, f"10.200.{n}.1").login(email, password) for n, email in enumerate(emails)]


def trivial(clients, requests_each):
    """Each client GETs /moi/qui/ `requests_each` times, all at once; returns latencies."""
    latencies, errors = _together(clients, lambda c: [c.request("GET", "/moi/qui/")
                                                      for _ in range(requests_each)])  # fmt: skip
    return [s for status, _b, s in latencies], errors


def booking_for(clients, paths, seconds):
    """Clients book across `paths` for `seconds`, each in its own seeded random order (walking
    them in the same order made convoys: a client that caught up with another waited for its
    lock at every session after), POSTing the form with the CSRF token of their first page;
    returns (latencies, errors, wall)."""
    token = {id(c): c.form_token(paths[n % len(paths)]) for n, c in enumerate(clients)}
    deadline = []

    def run(client_index):
        client = clients[client_index]
        order = random.Random(client_index).sample(paths, len(paths))  # noqa: S311
        done, n = [], 0
        while time.perf_counter() < deadline[0] and n < len(order):
            done.append(client.book(order[n], token[id(client)]))
            n += 1
        return done

    barrier = threading.Barrier(len(clients) + 1)
    results = [None] * len(clients)

    def worker(i):
        barrier.wait()
        results[i] = run(i)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    deadline.append(time.perf_counter() + seconds)
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    flat = [r for rs in results for r in rs]
    errors = [status for status, _s in flat if status != 302]
    return [s for _status, s in flat], errors, wall


def storm(clients, path):
    """Every client holds the session page's form, then all POST it at the same instant."""
    tokens = {id(c): c.form_token(path) for c in clients}
    results, errors = _together(clients, lambda c: [c.book(path, tokens[id(c)])])
    return [s for status, s in results], errors + [st for st, _s in results if st != 302]


def _together(clients, action):
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def worker(i):
        barrier.wait()
        results[i] = action(clients[i])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flat = [r for rs in results for r in rs]
    errors = [r[0] for r in flat if r[0] not in (200, 302)]
    return flat, errors
