"""Redis (cache and broker) stopped while people log in, book, cancel, are invited and import:
every request works, and once Redis is back every e-mail arrives exactly once and the import
is committed exactly once."""

import json
import time

import pytest
from django.urls import reverse

from tests.faults import report

pytestmark = pytest.mark.faults


def url(stack, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": stack.data["tenant"]["slug"], **kwargs})


def session_url(stack, which, name="permanences:detail"):
    return url(stack, name, pk=stack.data["sessions"][which])


def health(stack):
    return json.loads(stack.browser().get("/sante/").body)


def act_during_the_outage(stack):
    """What people do while Redis is down; {action: status}, and the slowest answer (s)."""
    data, job = stack.data, stack.data["import"]
    lea, hugo, ines = stack.browser(), stack.browser(), stack.browser()
    leaver = stack.browser(data["leaver"]["session_key"])
    admin = stack.browser(data["admin"]["session_key"])
    case_manager = stack.browser(data["case_manager"]["session_key"])
    actions = {
        "login lea": lambda: lea.login(data["people"]["lea"], data["password"]),
        "login hugo": lambda: hugo.login(data["people"]["hugo"], data["password"]),
        "book lea": lambda: lea.post(session_url(stack, "open"), {"slot": ""}),
        "book hugo (waiting list)": lambda: hugo.post(session_url(stack, "open"), {"slot": ""}),
        "cancel (promotes)": lambda: leaver.post(
            session_url(stack, "full", "permanences:cancel"), {"confirm": "1"}
        ),
        "invite": lambda: admin.post(
            url(stack, "tenant_admin:invite"), {"email": "nouvelle@example.org", "role": "host"}
        ),
        "password reset": lambda: ines.post(
            reverse("account_reset_password"), {"email": data["people"]["ines"]}
        ),
        "confirm large import": lambda: case_manager.post(
            url(stack, "caseload:import_confirm", pk=job["id"]),
            {"fingerprint": job["fingerprint"]},
        ),
    }
    answers, slowest = {}, 0.0
    for name, action in actions.items():
        started = time.monotonic()
        answers[name] = action().status
        slowest = max(slowest, time.monotonic() - started)
    detail = case_manager.get(url(stack, "caseload:import_detail", pk=job["id"])).body
    assert "Import en cours" in detail
    return answers, slowest


def expected_messages(stack):
    """The outbox keys of the e-mails the outage's actions must cause, one each."""
    data = stack.data
    return [
        stack.booking_key(data["people"]["lea"], "open", "confirmed"),
        stack.booking_key(data["people"]["hugo"], "open", "waitlisted"),
        stack.booking_key(data["leaver"]["email"], "full", "cancelled"),
        stack.booking_key(data["waiting"], "full", "promoted"),
        stack.value(
            "SELECT 'accounts.invitation:' || id FROM accounts_invitation WHERE email = %s",
            "nouvelle@example.org",
        ),
        stack.value(
            "SELECT key FROM core_outboxmessage WHERE kind = 'core.rendered' "
            "AND payload->'to' ? %s",
            data["people"]["ines"],
        ),
    ]


def wait_for_recovery(stack, expected):
    stack.wait_until(
        lambda: stack.mail_figures(expected)["lost"] == 0,
        "every e-mail once Redis is back",
        timeout=90,
    )
    job = stack.data["import"]["id"]
    stack.wait_until(
        lambda: (
            stack.value("SELECT status FROM caseload_importjob WHERE id = %s", job) == "committed"
        ),
        "the import committed once Redis is back",
        timeout=60,
    )
    # Two more relays and two more sweeps after that: nothing is sent or committed twice.
    relays = stack.succeeded("core.tasks.relay_outbox")
    sweeps = stack.succeeded("caseload.tasks.dispatch_queued_imports")
    stack.wait_until(
        lambda: (
            stack.succeeded("core.tasks.relay_outbox") >= relays + 2
            and stack.succeeded("caseload.tasks.dispatch_queued_imports") >= sweeps + 2
        ),
        "two more relays and sweeps",
    )


def test_redis_stopped_during_bookings(stack):
    stack.start_web()
    stack.start_worker()
    stack.start_beat()

    stack.redis.stop()
    started = time.monotonic()
    answers, slowest = act_during_the_outage(stack)
    assert answers == dict.fromkeys(answers, 302), answers
    assert stack.smtp.messages == []  # nothing could be relayed: the worker has no broker
    during = health(stack)
    assert (during["cache"], during["broker"], during["status"]) == ("down", "down", "down")
    expected = expected_messages(stack)
    outage = time.monotonic() - started

    stack.redis.start()
    wait_for_recovery(stack, expected)
    figures = stack.mail_figures(expected)
    rows = stack.value(
        "SELECT count(*) FROM caseload_dossier WHERE tenant_id = %s", stack.data["tenant"]["id"]
    )
    commits = stack.succeeded("caseload.imports.commit_import_task", "True")
    report.record(
        "Redis stopped during bookings",
        figures,
        requests_ok=f"{list(answers.values()).count(302)}/{len(answers)}",
        slowest_request_s=round(slowest, 2),
        outage_s=round(outage, 1),
        import_rows=f"{rows}/{stack.data['import']['rows']} committed {commits}x",
    )
    assert figures == {**figures, "lost": 0, "duplicated": 0, "unexpected": 0}
    assert (rows, commits) == (stack.data["import"]["rows"], 1)
    assert health(stack)["status"] == "ok"
