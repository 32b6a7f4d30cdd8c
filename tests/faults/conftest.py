"""The stack a fault scenario breaks: its own PostgreSQL cluster (one per run, a database per
scenario cloned from a migrated template), its own redis-server, a fake SMTP server, the
portal under gunicorn with production settings, and Celery worker and beat when the scenario
needs them. Scenarios wait on states (a page's status, a row's state, a message received),
never on fixed delays."""

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from core.outbox import message_id
from tests.faults import report
from tests.faults.browser import Browser
from tests.faults.servers import (
    ROOT,
    FakeSMTP,
    ManagedProcess,
    TempPostgres,
    TempRedis,
    free_port,
    python,
    wait_until,
)

TEMPLATE = "cap_template"


def _base_env(**overrides):
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "tests.faults.stack_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "SECRET_KEY": "faults-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "CONN_MAX_AGE": "60",  # as in docker-compose.yml: connections outlive a request
        "LOG_LEVEL": "WARNING",
        "OUTBOX_MAX_ATTEMPTS": "3",
        **overrides,
    }


@pytest.fixture(scope="session")
def pg_cluster():
    """One throw-away PostgreSQL for the run, with a migrated template database."""
    cluster = TempPostgres()
    try:
        cluster.execute(f"CREATE DATABASE {TEMPLATE}")
        env = _base_env(DATABASE_URL=cluster.url(TEMPLATE), REDIS_URL="")
        subprocess.run(  # noqa: S603
            [python(), "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        yield cluster
    finally:
        cluster.destroy()


class Stack:
    def __init__(self, cluster, name):
        self.cluster = cluster
        self.folder = Path(tempfile.mkdtemp(prefix=f"cap-faults-{name}-"))
        self.database = f"cap_{name}"
        cluster.execute(f"CREATE DATABASE {self.database} TEMPLATE {TEMPLATE}")
        self.redis = TempRedis(self.folder)
        self.smtp = FakeSMTP()
        self.port = free_port()
        self.processes = {}
        self.env = _base_env(
            DATABASE_URL=cluster.url(self.database),
            REDIS_URL=self.redis.url(),
            EMAIL_URL=self.smtp.url(),
            MEDIA_ROOT=str(self.folder / "media"),
            STATIC_ROOT=str(self.folder / "static"),
        )
        (self.folder / "static").mkdir()
        seeded = subprocess.run(  # noqa: S603
            [python(), "-m", "tests.faults.seed"],
            cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        self.data = json.loads(seeded.stdout.strip().splitlines()[-1])

    # Processes

    def _start(self, name, command, **env):
        process = ManagedProcess(name, command, env={**self.env, **env}, log_folder=self.folder)
        self.processes[name] = process
        return process

    def start_web(self):
        self._start("web", [python(), "-m", "gunicorn", "tests.faults.wsgi:application",
                            "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                            "--threads", "4", "--worker-class", "gthread",
                            "--graceful-timeout", "2", "--log-level", "warning"])  # fmt: skip
        self.wait_until(self._web_answers, "gunicorn to answer", timeout=60)

    def _web_answers(self):
        try:
            return self.browser().get("/sante/").status in (200, 503)
        except OSError:
            return False

    def start_worker(self, name="worker", **env):
        process = self._start(name, [python(), "-m", "tests.faults.celery_main", "worker",
                                     "-P", "solo", "-l", "INFO", "-n", f"{name}@faults",
                                     "--without-gossip", "--without-mingle",
                                     "--without-heartbeat"], **env)  # fmt: skip
        self.wait_until(lambda: " ready." in process.log.read_text(), f"{name} ready", timeout=60)
        return process

    def start_beat(self):
        return self._start("beat", [python(), "-m", "tests.faults.celery_main", "beat",
                                    "-l", "INFO", "-s", str(self.folder / "beat-schedule")])  # fmt: skip

    def close(self):
        for process in self.processes.values():
            process.stop(timeout=5)
        self.redis.stop()
        self.smtp.close()
        self.cluster.ensure_running()
        self.cluster.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        shutil.rmtree(self.folder, ignore_errors=True)

    # Looking at it

    def browser(self, session_key=None):
        return Browser(self.port, session_key=session_key)

    def rows(self, sql, *params):
        with self.cluster.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()

    def value(self, sql, *params):
        return self.rows(sql, *params)[0][0]

    def outbox(self):
        """{key: (status, attempts)} of every recorded message."""
        rows = self.rows("SELECT key, status, attempts FROM core_outboxmessage ORDER BY id")
        return {key: (status, attempts) for key, status, attempts in rows}

    def booking_key(self, email, session, kind):
        booking = self.value(
            "SELECT b.id FROM permanences_booking b JOIN accounts_user u ON u.id = b.person_id "
            "WHERE u.email = %s AND b.session_id = %s ORDER BY b.id DESC LIMIT 1",
            email,
            self.data["sessions"][session],
        )
        return f"permanences.booking:{booking}:{kind}"

    def succeeded(self, task, result=None, *, worker="worker"):
        """How many times `worker` finished `task` (returning `result`, if given): its log."""
        pattern = rf"Task {re.escape(task)}\[[^\]]+\] succeeded in [0-9.]+s: "
        text = self.processes[worker].log.read_text()
        return len(re.findall(pattern + (re.escape(result) if result else ""), text))

    def mail_figures(self, expected_keys):
        return report.mail_figures(
            [message_id(key) for key in expected_keys], self.smtp.message_ids()
        )

    def describe(self):
        tails = "\n".join(process.tail() for process in self.processes.values())
        try:
            state = f"outbox: {self.outbox()}"
        except Exception as error:  # the database may be the part that is down
            state = f"outbox unreadable: {error!r}"
        return f"{state}\nmail received: {len(self.smtp.messages)}\n{tails}"

    def wait_until(self, predicate, what, timeout=30):
        return wait_until(predicate, what, timeout=timeout, describe=self.describe)


@pytest.fixture
def stack(pg_cluster, request):
    name = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    started = time.monotonic()
    built = Stack(pg_cluster, f"{name}_{secrets.token_hex(3)}")
    try:
        yield built
    finally:
        built.close()
        print(f"\n[{request.node.name}: {time.monotonic() - started:.1f} s]")


def pytest_terminal_summary(terminalreporter):
    for line in report.lines():
        terminalreporter.write_line(line)
