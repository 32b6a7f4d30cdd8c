"""bench/results/latest.json and latest.md: the figures of one `make bench` run, with the
machine it ran on and the issue's goals beside them (--quick runs write quick.json/quick.md,
so that a development run never replaces the committed full one)."""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
# key: (goal as text, test); a goal the run misses is marked in the table.
GOALS = {
    "overbookings": ("= 0", lambda v: v == 0),
    "booking_p95_ratio": ("≤ 2.0", lambda v: v <= 2.0),
    "storm50_p95_ms": ("< 500", lambda v: v < 500),
    "storm200_p95_ms": ("< 2,000", lambda v: v < 2000),
    "caseload_last_page_ratio": ("≤ 1.2", lambda v: v <= 1.2),
    "dashboard_national_p95_ms": ("< 300", lambda v: v < 300),
    "pdf_one_s": ("< 3", lambda v: v < 3),
    "import_100k_s": ("< 60", lambda v: v < 60),
    "reminders_10k_sent_once": ("true", lambda v: v is True),
}
TABLE = [
    ("overbookings", "sessions with more confirmed than places (whole database)"),
    ("booking_p95_ms", "booking POST p95, 50 clients over 100 sessions"),
    ("trivial_p95_ms", "trivial authenticated page p95, same 50 clients"),
    ("booking_p95_ratio", "booking p95 / trivial p95"),
    ("booking_rps", "booking POSTs per second"),
    ("storm50_p95_ms", "50 clients posting at once on one session, p95"),
    ("storm200_p95_ms", "200 clients posting at once on one session, p95"),
    ("login_p50_ms", "login form POST p50, one client alone (Argon2id, OWASP parameters)"),
    ("login_storm_p50_ms", "login form POST p50, 200 clients signing in 50 at a time"),
    ("caseload_last_page_ratio", "case manager: last page p95 / first page p95"),
    ("dashboard_national_p95_ms", "steering dashboard p95, largest tenant (slowest view)"),
    ("dashboard_queries_small", "dashboard queries, smallest tenant"),
    ("dashboard_queries_national", "dashboard queries, largest tenant"),
    ("pdf_one_s", "one quarterly report PDF (warm)"),
    ("pdf_all_tenants_s", "every tenant's report rendered, stored, announced"),
    ("import_100k_s", "import of 100,000 contacts: preview + commit"),
    ("import_100k_copy_s", "the same rows by COPY"),
    ("reminders_10k_sent_once", "10,000 reminders: two sweeps and two relays, each sent once"),
    ("worker_peak_rss_mb", "worker jobs' peak RSS (import commit, reminders)"),
    ("web_worker_peak_rss_mb", "largest gunicorn worker's peak RSS"),
]


def machine():
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))  # fmt: skip
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_average_at_end": round(os.getloadavg()[0], 1),
        "python": platform.python_version(),
        "postgresql": subprocess.run(
            ["psql", "--version"], capture_output=True, text=True
        ).stdout.strip(),  # fmt: skip
    }


def commit():
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                         cwd=RESULTS.parent.parent)  # fmt: skip
    return out.stdout.strip()


def write(figures, *, quick=False):
    figures = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        **figures,
    }
    RESULTS.mkdir(exist_ok=True)
    name = "quick" if quick else "latest"
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(figures))
    print(markdown(figures))


def _verdict(key, value):
    if key not in GOALS or value is None:
        return ""
    goal, test = GOALS[key]
    return f"{goal} {'✔' if test(value) else '✘ missed'}"


def markdown(f):
    m = f["machine"]
    lines = [
        f"# make bench, {f['mode']} run",
        "",
        f"{f['date']}, commit {f['commit']}, {m['cores']} cores, {m['memory_gb']} GB, "
        f"{m['postgresql']}, load average {m['load_average_at_end']} at the end (the machine "
        f"is shared: figures compare runs, they are not absolute). Load: "
        f"`generate_load_data --scale {f['sizes']['scale']}` in {f.get('load_data_s')} s; "
        f"whole run {f.get('total_s')} s. gunicorn: {f.get('gunicorn_chosen')}.",
        "",
        "| key | value | goal | what |",
        "|---|---|---|---|",
    ]
    for key, what in TABLE:
        lines.append(f"| `{key}` | {f.get(key)} | {_verdict(key, f.get(key))} | {what} |")
    lines += ["", "## gunicorn worker classes (50 clients each, same run)", "",
              "| class | trivial p95 ms | booking p95 ms | storm of 50 p95 ms |", "|---|---|---|---|"]  # fmt: skip
    for kind, row in f.get("gunicorn_compared", {}).items():
        lines.append(f"| {kind} | {row['trivial_p95_ms']} | {row['booking_p95_ms']} | "
                     f"{row['storm50_p95_ms']} |")  # fmt: skip
    many = f.get("many_sessions_confirmed_waiting", [])
    lines += [
        "",
        "## Confirmed and waiting per session",
        "",
        f"- storm of 50: {f.get('storm50_confirmed_waiting')} (confirmed, waiting)",
        f"- storm of 200: {f.get('storm200_confirmed_waiting')}",
        f"- 100 sessions: {sum(c for c, _w in many)} confirmed, {sum(w for _c, w in many)} "
        f"waiting, at most {max((c for c, _w in many), default=0)} confirmed on one session",
        "",
        "## Dashboard pages (largest tenant, and queries in the smallest)",
        "",
        "| page | median ms | p95 ms | queries | smallest tenant |",
        "|---|---|---|---|---|",
    ]
    for row in f.get("dashboard_pages", []):
        lines.append(f"| {row['page']} | {row['median_ms']} | {row['p95_ms']} | "
                     f"{row['queries']} | {row['queries_smallest']} |")  # fmt: skip
    lines += ["", "The whole set of figures is in the JSON file beside this one.", ""]
    return "\n".join(lines)
