"""Throw-away servers for the fault tests, each on a free port, started and stopped by the test:
a PostgreSQL cluster (Debian's binaries), a redis-server, the portal (gunicorn), Celery worker
and beat, and a fake SMTP server whose answers the test chooses.

Never the machine's own PostgreSQL (5432) or Redis (6379): other people use them.
"""

import contextlib
import email
import glob
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, what, *, timeout=30.0, describe=None):
    """Poll `predicate` until it returns something true (returned); AssertionError after
    `timeout` seconds, with `describe()` (logs, state) in the message."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = describe() if describe else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{detail}")
        time.sleep(0.1)


def postgres_bin_dir():
    """Debian's server binaries (initdb, pg_ctl), newest version first; None if absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version, reverse=True)
    return Path(found[0]).parent if found else None


def _version(path):
    return int(Path(path).parents[1].name) if Path(path).parents[1].name.isdigit() else 0


def missing_binaries():
    """What the fault tests need and this machine lacks (empty when all is there)."""
    missing = []
    if postgres_bin_dir() is None:
        missing.append("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


class TempPostgres:
    """A PostgreSQL cluster in a temporary folder (as the postgres user when run as root,
    since initdb refuses root), trust authentication, fsync off: data is thrown away."""

    def __init__(self):
        self.bin = postgres_bin_dir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="cap-faults-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()

    def _run(self, tool, *args):
        command = [str(self.bin / tool), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-o", options, "start")

    def stop(self):
        """Stop as an operator would (fast: open transactions are rolled back)."""
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def ensure_running(self):
        """Start it again if a scenario that stopped it failed before restarting it."""
        try:
            self._run("pg_ctl", "-D", self.data, "status")
        except subprocess.CalledProcessError:
            self.start()

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def execute(self, sql, database="postgres"):
        with self.connect(database) as connection:
            connection.execute(sql)

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class ManagedProcess:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, name, command, *, env, log_folder):
        self.name = name
        self.log = Path(log_folder) / f"{name}.log"
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own commands)
                command,
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        """SIGKILL to the whole group: no cleanup, no acknowledgement, as in a crash."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout=10):
        if not self.alive():
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, number):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)

    def tail(self, lines=40):
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return ""
        return f"--- {self.name} (last {lines} lines) ---\n" + "\n".join(text[-lines:])


class TempRedis:
    """A redis-server without persistence: stopping it loses whatever it held, as a crash
    of a Redis without an append-only file would."""

    def __init__(self, log_folder):
        self.port = free_port()
        self.log_folder = log_folder
        self.server = None
        self.start()

    def start(self):
        command = [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no"]  # fmt: skip
        self.server = ManagedProcess("redis", command, env=os.environ, log_folder=self.log_folder)
        wait_until(self.answers, "redis-server to answer", timeout=10)

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        self.server.stop()

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"


class FakeSMTP:
    """An SMTP server in a thread whose behaviour the test sets: "accept" keeps each message,
    "fail" answers 451 to DATA (a temporary failure, what an overloaded relay says), "hold"
    stops answering at DATA until the mode changes (a worker can be killed meanwhile, and then
    nothing was delivered)."""

    def __init__(self):
        self.mode = "accept"
        self.messages = []  # email.message.Message, in the order received
        self.refused = 0
        self.holding = 0
        self.lock = threading.Lock()
        handler = _handler_for(self)
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def message_ids(self):
        with self.lock:
            return [message["Message-ID"] for message in self.messages]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _handler_for(smtp):
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line):
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self):
            self.reply("220 fake-smtp ESMTP")
            for raw in self.rfile:
                verb = raw.decode(errors="replace").strip().split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250 fake-smtp")
                elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                    self.reply("250 OK")
                elif verb == "DATA":
                    if not self.data():
                        return
                elif verb == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")

        def data(self):
            """False when the connection is to be dropped."""
            if smtp.mode == "hold":
                with smtp.lock:
                    smtp.holding += 1
                while smtp.mode == "hold":
                    time.sleep(0.05)
                return False  # by then the client is gone (killed): nothing was delivered
            if smtp.mode == "fail":
                with smtp.lock:
                    smtp.refused += 1
                self.reply("451 4.3.0 Temporary failure, try again later")
                return True
            self.reply("354 End data with <CR><LF>.<CR><LF>")
            lines = []
            for raw in self.rfile:
                if raw in (b".\r\n", b".\n"):
                    break
                lines.append(raw[1:] if raw.startswith(b"..") else raw)
            with smtp.lock:
                smtp.messages.append(email.message_from_bytes(b"".join(lines)))
            self.reply("250 OK queued")
            return True

    return Handler


def python():
    return sys.executable
