"""How far the worker is with a job's preview or commit (a job is never doing both at once).

Kept outside the database: the job row only changes when the worker's transaction commits, and
the page wants to show how far it is before that (the cache is Redis, shared with the web
processes, in production; when Redis is down the bar stays at 0)."""

from datetime import timedelta

from django.core.cache import cache

# After this long, a job handed to the worker and not done is taken as lost (its worker died
# and every new delivery failed): the user may start it again.
QUEUE_TIMEOUT = timedelta(hours=1)


def _key(job_id):
    return f"caseload:import-progress:{job_id}"


def record(job_id, rows_done, rows_total=None):
    timeout = int(QUEUE_TIMEOUT.total_seconds())
    cache.set(_key(job_id), rows_done, timeout=timeout)
    if rows_total is not None:
        cache.set(f"{_key(job_id)}:total", rows_total, timeout=timeout)


def forget(job_id):
    """An earlier attempt's figures, before a new one starts."""
    cache.delete_many([_key(job_id), f"{_key(job_id)}:total"])


def read(job):
    """{"rows_done", "rows_total"}: rows_done is 0 until the worker has done its first chunk;
    rows_total is the previewed count for a commit, an estimate (the file's lines) for a
    preview."""
    done = cache.get(_key(job.pk)) or 0
    total = (job.report or {}).get("total_rows") or cache.get(f"{_key(job.pk)}:total") or 0
    return {"rows_done": done, "rows_total": max(total, done)}
