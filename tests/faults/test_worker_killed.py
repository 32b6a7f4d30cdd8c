"""A worker killed (SIGKILL) in the middle of a task: the relay while the mail server has the
message half-way, then an import's commit after its first chunk. Tasks are acknowledged late,
so the broker hands the task to the next worker; it is done exactly once."""

import pytest
import redis
from django.urls import reverse

from tests.faults import report

pytestmark = pytest.mark.faults


def unlocked(stack, table, where, *params):
    """The row is not locked by a transaction (the killed worker's was rolled back)."""
    return stack.rows(f"SELECT 1 FROM {table} WHERE {where} FOR UPDATE SKIP LOCKED", *params)  # noqa: S608


def test_a_worker_killed_in_the_middle_of_a_task(stack, tmp_path):
    data = stack.data
    tenant = data["tenant"]["slug"]
    stack.smtp.mode = "hold"
    stack.start_web()
    first = stack.start_worker("worker1")

    # 1. The relay, killed while the mail server has not yet taken the message.
    lea = stack.browser()
    lea.login(data["people"]["lea"], data["password"])
    page = reverse(
        "permanences:detail", kwargs={"tenant_slug": tenant, "pk": data["sessions"]["open"]}
    )
    assert lea.post(page, {"slot": ""}).status == 302
    key = stack.booking_key(data["people"]["lea"], "open", "confirmed")
    stack.wait_until(lambda: stack.smtp.holding == 1, "the relay to be sending")
    first.kill()
    stack.smtp.mode = "accept"
    stack.wait_until(
        lambda: unlocked(stack, "core_outboxmessage", "key = %s", key), "its row to be released"
    )
    assert stack.outbox()[key] == ("pending", 0)  # the attempt died with its transaction

    flag = tmp_path / "import-paused"
    second = stack.start_worker("worker2", FAULTS_PAUSE_IMPORT_FLAG=str(flag))
    stack.wait_until(lambda: stack.outbox()[key][0] == "sent", "the next worker to send it")

    # 2. An import's commit, killed after its first chunk was written (not committed).
    job = data["import"]
    case_manager = stack.browser(data["case_manager"]["session_key"])
    confirm = reverse("caseload:import_confirm", kwargs={"tenant_slug": tenant, "pk": job["id"]})
    assert case_manager.post(confirm, {"fingerprint": job["fingerprint"]}).status == 302
    stack.wait_until(flag.exists, "the worker to be in the middle of the import")
    second.kill()
    stack.wait_until(
        lambda: unlocked(stack, "caseload_importjob", "id = %s", job["id"]),
        "the import's row to be released",
    )
    dossiers = "SELECT count(*) FROM caseload_dossier WHERE tenant_id = %s"
    assert stack.value(dossiers, data["tenant"]["id"]) == 0  # the chunk was rolled back

    stack.start_worker("worker3")
    stack.wait_until(
        lambda: (
            stack.value("SELECT status FROM caseload_importjob WHERE id = %s", job["id"])
            == "committed"
        ),
        "the next worker to commit the import",
    )
    broker = redis.Redis(port=stack.redis.port)
    stack.wait_until(
        lambda: broker.hlen("unacked") == 0 and broker.llen("celery") == 0,
        "no task left in the broker",
    )
    rows = stack.value(dossiers, data["tenant"]["id"])
    task = "caseload.imports.commit_import_task"
    commits = [stack.succeeded(task, "True", worker=name) for name in ("worker2", "worker3")]
    figures = stack.mail_figures([key])
    report.record(
        "Worker killed mid-relay, then mid-import",
        figures,
        import_rows=f"{rows}/{job['rows']}",
        import_commits=f"{sum(commits)} (by the worker after the killed one)",
    )
    assert figures == {**figures, "received": 1, "lost": 0, "duplicated": 0, "unexpected": 0}
    assert (rows, commits) == (job["rows"], [0, 1])
