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


def test_redis_stopped_during_bookings(stack):
    data = stack.data
    stack.start_web()
    stack.start_worker()
    stack.start_beat()

    stack.redis.stop()
    outage_started = time.monotonic()
    slowest, answers = 0.0, {}

    def timed(name, call):
        nonlocal slowest
        started = time.monotonic()
        page = call()
        slowest = max(slowest, time.monotonic() - started)
        answers[name] = page.status
        return page

    lea, hugo, ines = stack.browser(), stack.browser(), stack.browser()
    timed("login lea", lambda: lea.login(data["people"]["lea"], data["password"]))
    timed("login hugo", lambda: hugo.login(data["people"]["hugo"], data["password"]))
    timed("book lea", lambda: lea.post(session_url(stack, "open"), {"slot": ""}))
    timed("book hugo (waiting list)", lambda: hugo.post(session_url(stack, "open"), {"slot": ""}))
    leaver = stack.browser(data["leaver"]["session_key"])
    timed(
        "cancel (promotes)", lambda: leaver.post(session_url(stack, "full", "permanences:cancel"))
    )
    admin = stack.browser(data["admin"]["session_key"])
    timed(
        "invite",
        lambda: admin.post(
            url(stack, "tenant_admin:invite"), {"email": "nouvelle@example.org", "role": "host"}
        ),
    )
    timed(
        "password reset",
        lambda: ines.post(reverse("account_reset_password"), {"email": data["people"]["ines"]}),
    )
    case_manager = stack.browser(data["case_manager"]["session_key"])
    job = data["import"]
    timed(
        "confirm large import",
        lambda: case_manager.post(
            url(stack, "caseload:import_confirm", pk=job["id"]),
            {"fingerprint": job["fingerprint"]},
        ),
    )
    detail = case_manager.get(url(stack, "caseload:import_detail", pk=job["id"])).body
    assert answers == dict.fromkeys(answers, 302), answers
    assert "Import en cours" in detail
    assert stack.smtp.messages == []  # nothing could be relayed: the worker has no broker
    during = health(stack)
    assert (during["cache"], during["broker"], during["status"]) == ("down", "down", "down")

    expected = [
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
    outage = time.monotonic() - outage_started

    stack.redis.start()
    stack.wait_until(
        lambda: stack.mail_figures(expected)["lost"] == 0,
        "every e-mail once Redis is back",
        timeout=90,
    )
    stack.wait_until(
        lambda: (
            stack.value("SELECT status FROM caseload_importjob WHERE id = %s", job["id"])
            == "committed"
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
    figures = stack.mail_figures(expected)
    dossiers = stack.value(
        "SELECT count(*) FROM caseload_dossier WHERE tenant_id = %s", data["tenant"]["id"]
    )
    commits = stack.succeeded("caseload.imports.commit_import_task", "True")
    report.record(
        "Redis stopped during bookings",
        figures,
        requests_ok=f"{list(answers.values()).count(302)}/{len(answers)}",
        slowest_request_s=round(slowest, 2),
        outage_s=round(outage, 1),
        import_rows=f"{dossiers}/{job['rows']} committed {commits}x",
    )
    assert figures == {**figures, "lost": 0, "duplicated": 0, "unexpected": 0}
    assert (dossiers, commits) == (job["rows"], 1)
    assert health(stack)["status"] == "ok"
