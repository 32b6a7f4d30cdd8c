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


def test_smtp_failing_then_retried_by_an_admin(stack):
    data = stack.data
    tenant = data["tenant"]["slug"]
    stack.smtp.mode = "fail"
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    lea, hugo = stack.browser(), stack.browser()
    lea.login(data["people"]["lea"], data["password"])
    hugo.login(data["people"]["hugo"], data["password"])
    open_session = reverse(
        "permanences:detail", kwargs={"tenant_slug": tenant, "pk": data["sessions"]["open"]}
    )
    assert lea.post(open_session, {"slot": ""}).status == 302
    assert hugo.post(open_session, {"slot": ""}).status == 302
    keys = [
        stack.booking_key(data["people"]["lea"], "open", "confirmed"),
        stack.booking_key(data["people"]["hugo"], "open", "waitlisted"),
    ]

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
        waits.append(sorted({wait for _, _, wait in state.values()}))
        # Back-off: the next try is 1, then 2 minutes away. Time passes (the test moves the
        # due time rather than waiting), and beat's relay tries again.
        stack.rows(
            "UPDATE core_outboxmessage SET next_attempt_at = now() WHERE key = ANY(%s) RETURNING id",
            keys,
        )
    stack.wait_until(
        lambda: {status for status, _, _ in attempts_of(stack, keys).values()} == {"failed"},
        "the last attempt to mark them failed",
    )
    assert [[round(wait / 60) for wait in step] for step in waits] == [[1], [2]]
    assert stack.smtp.refused == len(keys) * MAX_ATTEMPTS
    assert stack.smtp.messages == []

    admin = stack.browser(data["admin"]["session_key"])
    page = admin.get(reverse("tenant_admin:failed_messages", kwargs={"tenant_slug": tenant}))
    assert page.status == 200
    assert data["people"]["lea"] in page.body and data["people"]["hugo"] in page.body
    assert "451" in page.body  # the server's answer, so the admin knows why

    stack.smtp.mode = "accept"
    ids = [
        str(pk)
        for (pk,) in stack.rows("SELECT id FROM core_outboxmessage WHERE key = ANY(%s)", keys)
    ]
    retry = admin.post(
        reverse("tenant_admin:failed_messages", kwargs={"tenant_slug": tenant}), {"message": ids}
    )
    assert retry.status == 302
    stack.wait_until(
        lambda: {status for status, _, _ in attempts_of(stack, keys).values()} == {"sent"},
        "the admin's retry to send them",
    )
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
