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


def kill_the_relay_while_sending(stack):
    """Léa books; the worker relaying her confirmation is killed while the mail server has not
    yet taken it. The key of her message."""
    data = stack.data
    worker = stack.start_worker("worker1")
    lea = stack.browser()
    lea.login(data["people"]["lea"], data["password"])
    page = reverse(
        "permanences:detail",
        kwargs={"tenant_slug": data["tenant"]["slug"], "pk": data["sessions"]["open"]},
    )
    assert lea.post(page, {"slot": ""}).status == 302
    key = stack.booking_key(data["people"]["lea"], "open", "confirmed")
    stack.wait_until(lambda: stack.smtp.holding == 1, "the relay to be sending")
    worker.kill()
    stack.smtp.mode = "accept"
    stack.wait_until(
        lambda: unlocked(stack, "core_outboxmessage", "key = %s", key), "its row to be released"
    )
    assert stack.outbox()[key] == ("pending", 0)  # the attempt died with its transaction
    return key


def kill_the_import_after_its_first_chunk(stack, worker, flag):
    """The case manager confirms the large import; `worker` is killed after writing its first
    chunk (not committed)."""
    data, job = stack.data, stack.data["import"]
    case_manager = stack.browser(data["case_manager"]["session_key"])
    confirm = reverse(
        "caseload:import_confirm", kwargs={"tenant_slug": data["tenant"]["slug"], "pk": job["id"]}
    )
    assert case_manager.post(confirm, {"fingerprint": job["fingerprint"]}).status == 302
    stack.wait_until(flag.exists, "the worker to be in the middle of the import")
    worker.kill()
    stack.wait_until(
        lambda: unlocked(stack, "caseload_importjob", "id = %s", job["id"]),
        "the import's row to be released",
    )


def test_a_worker_killed_in_the_middle_of_a_task(stack, tmp_path):
    data, job = stack.data, stack.data["import"]
    stack.smtp.mode = "hold"
    stack.start_web()
    key = kill_the_relay_while_sending(stack)
    flag = tmp_path / "import-paused"
    second = stack.start_worker("worker2", FAULTS_PAUSE_IMPORT_FLAG=str(flag))
    stack.wait_until(lambda: stack.outbox()[key][0] == "sent", "the next worker to send it")

    kill_the_import_after_its_first_chunk(stack, second, flag)
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
