"""The mail server refusing every message: the relay retries with back-off, after the last try
the messages are failed and shown to the tenant's admins, and their "try again" sends each
once the server accepts again."""

import pytest
from django.urls import reverse

from tests.faults import report

pytestmark = pytest.mark.faults

MAX_ATTEMPTS = 3  # OUTBOX_MAX_ATTEMPTS of the stack


def attempts_of(stack, keys):
    rows = stack.rows(
        "SELECT key, status, attempts, "
        "extract(epoch FROM next_attempt_at - now())::int FROM core_outboxmessage "
        "WHERE key = ANY(%s)",
        keys,
    )
    return {key: (status, attempts, wait) for key, status, attempts, wait in rows}


def statuses(stack, keys):
    return {status for status, _, _ in attempts_of(stack, keys).values()}


def book_two(stack):
    """Léa books the last seat, Hugo goes on the waiting list: the keys of their e-mails."""
    data = stack.data
    page = reverse(
        "permanences:detail",
        kwargs={"tenant_slug": data["tenant"]["slug"], "pk": data["sessions"]["open"]},
    )
    for name in ("lea", "hugo"):
        person = stack.browser()
        person.login(data["people"][name], data["password"])
        assert person.post(page, {"slot": ""}).status == 302
    return [
        stack.booking_key(data["people"]["lea"], "open", "confirmed"),
        stack.booking_key(data["people"]["hugo"], "open", "waitlisted"),
    ]


def fail_every_attempt(stack, keys):
    """Let the relay fail each try; the minutes until the next try, after each failure."""
    waits = []
    for attempt in range(1, MAX_ATTEMPTS):
        state = stack.wait_until(
            lambda attempt=attempt: (
                (now := attempts_of(stack, keys))
                and all(
                    status == "pending" and tries == attempt for status, tries, _ in now.values()
                )
                and now
            ),
            f"attempt {attempt} to fail and be put off",
        )
        waits.append(sorted({round(wait / 60) for _, _, wait in state.values()}))
        # Time passes: the test moves the due time rather than waiting, beat's relay tries again.
        stack.rows(
            "UPDATE core_outboxmessage SET next_attempt_at = now() WHERE key = ANY(%s) RETURNING id",
            keys,
        )
    stack.wait_until(lambda: statuses(stack, keys) == {"failed"}, "the last try to fail them")
    return waits


def test_smtp_failing_then_retried_by_an_admin(stack):
    data = stack.data
    failed_page = reverse(
        "tenant_admin:failed_messages", kwargs={"tenant_slug": data["tenant"]["slug"]}
    )
    stack.smtp.mode = "fail"
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    keys = book_two(stack)

    assert fail_every_attempt(stack, keys) == [[1], [2]]  # minutes: the back-off
    assert stack.smtp.refused == len(keys) * MAX_ATTEMPTS
    assert stack.smtp.messages == []
    admin = stack.browser(data["admin"]["session_key"])
    page = admin.get(failed_page)
    assert page.status == 200
    assert data["people"]["lea"] in page.body and data["people"]["hugo"] in page.body
    assert "451" in page.body  # the server's answer, so the admin knows why

    stack.smtp.mode = "accept"
    ids = stack.rows("SELECT id FROM core_outboxmessage WHERE key = ANY(%s)", keys)
    assert admin.post(failed_page, {"message": [str(pk) for (pk,) in ids]}).status == 302
    stack.wait_until(lambda: statuses(stack, keys) == {"sent"}, "the admin's retry to send them")
    figures = stack.mail_figures(keys)
    report.record(
        "SMTP failing, then retried by an admin",
        figures,
        tries_before_failed=MAX_ATTEMPTS,
        backoff_min="1, 2",
        refused_by_smtp=stack.smtp.refused,
        shown_to_admin="yes",
    )
    assert figures == {**figures, "lost": 0, "duplicated": 0, "unexpected": 0}
    assert figures["received"] == len(keys)
