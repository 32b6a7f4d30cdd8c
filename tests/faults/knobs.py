"""Test-only knobs of the portal processes the fault tests start, applied once Django is set
up: small files go to the worker, the sweeps run every second, and a worker may be told to
stop in the middle of an import (so that the test can kill it there)."""

import os
import time
from datetime import timedelta
from pathlib import Path

# Beat's schedule in the fault tests: production's tasks, every second.
FAST_BEAT = {
    "core-relay-outbox": {"task": "core.tasks.relay_outbox", "schedule": 1.0},
    "core-worker-heartbeat": {"task": "core.tasks.heartbeat", "schedule": 1.0},
    "caseload-dispatch-queued-imports": {
        "task": "caseload.tasks.dispatch_queued_imports",
        "schedule": 1.0,
    },
}


def apply():
    from caseload import imports, tasks

    imports.jobs.INLINE_COMMIT_ROWS = 2  # files of more than 2 rows are committed by the worker
    imports.validation.CHUNK_SIZE = 2  # so that a 6-row file is written in 3 chunks
    tasks.RESEND_QUEUED_IMPORT_AFTER = timedelta(0)
    pause_flag = os.environ.get("FAULTS_PAUSE_IMPORT_FLAG")
    if pause_flag:
        _pause_imports_after_first_chunk(imports, Path(pause_flag))


def _pause_imports_after_first_chunk(imports, flag):
    """The worker writes the first chunk of an import (uncommitted), says so through `flag`
    and waits there, in the middle of the commit, until the test kills it."""
    record = imports.commit._record_progress

    def record_then_wait(job_id, rows_done):
        record(job_id, rows_done)
        flag.write_text(f"{job_id} {rows_done}")
        time.sleep(120)

    imports.commit._record_progress = record_then_wait
