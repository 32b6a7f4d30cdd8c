"""PostgreSQL stopped under a running portal: a French 503 page (never a 500, never a hang),
/sante/ says the database is down, and the portal serves again as soon as it is back, without
a restart."""

import json

import pytest
from django.urls import reverse

from tests.faults import report

pytestmark = pytest.mark.faults


def test_postgresql_stopped_then_started_again(stack):
    stack.start_web()
    visitor = stack.browser()
    person = stack.browser(stack.data["leaver"]["session_key"])
    session_page = reverse(
        "permanences:detail",
        kwargs={"tenant_slug": stack.data["tenant"]["slug"], "pk": stack.data["sessions"]["open"]},
    )
    pages = ["/", "/aides/", session_page]
    assert [visitor.get(page).status for page in pages] == [200, 200, 200]
    assert person.get(reverse("my_bookings:list")).status == 200

    stack.cluster.stop()
    answers = [visitor.get(page) for page in pages] + [person.get(reverse("my_bookings:list"))]
    for page in answers:
        assert page.status == 503, page.body[:500]
        assert page.headers["retry-after"] == "60"
        assert '<html lang="fr">' in page.body
        assert "Service momentanément indisponible" in page.body
    health = visitor.get("/sante/")
    assert health.status == 503
    assert json.loads(health.body)["database"] == "down"
    # A booking posted meanwhile is refused with the same page, and nothing half-done remains.
    assert person.post(session_page, {"slot": ""}).status == 503

    stack.cluster.start()
    again = [visitor.get(page).status for page in pages]
    assert again == [200, 200, 200]
    assert person.get(reverse("my_bookings:list")).status == 200
    assert json.loads(visitor.get("/sante/").body)["database"] == "ok"
    booked = stack.browser(stack.data["leaver"]["session_key"]).post(session_page, {"slot": ""})
    assert booked.status == 302
    report.record(
        "PostgreSQL stopped, then started",
        pages_503_while_down=f"{sum(p.status == 503 for p in answers)}/{len(answers)}",
        pages_ok_after=f"{again.count(200)}/{len(again)}",
        booking_after="recorded",
    )
