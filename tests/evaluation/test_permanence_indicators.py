"""The steering committee's permanence indicators, computed from attendance and answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.indicators import permanence_indicators
from permanences.models import SatisfactionResponse, SessionKind, SessionStatus
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _held_session(tenant, attendances, days_ago=30):
    session = SessionFactory(
        tenant=tenant,
        status=SessionStatus.HELD,
        starts_at=timezone.now() - timedelta(days=days_ago),
        ends_at=timezone.now() - timedelta(days=days_ago) + timedelta(hours=3, minutes=30),
    )
    return [
        BookingFactory(session=session, slot_index=index, attendance=attendance)
        for index, attendance in enumerate(attendances)
    ]


def _answer(booking, overall, *, settle=True, horizon="12m", recommend=True):
    return SatisfactionResponse.objects.create(
        tenant=booking.tenant, booking=booking, overall=overall, usefulness=4,
        would_recommend=recommend, intends_to_settle=settle, horizon=horizon,
    )  # fmt: skip


def test_rates_come_from_attendance_and_answers_of_held_sessions(tenant, other_tenant):
    bookings = _held_session(tenant, ["present", "present", "present", "absent", "excused"])
    _answer(bookings[0], 5)
    _answer(bookings[1], 4, settle=False, horizon="later")
    _answer(bookings[2], 2, recommend=False)
    _held_session(other_tenant, ["absent", "absent"])  # another tenant's figures stay out
    SessionFactory(tenant=tenant)  # a published (not held) session counts for nothing

    indicators = permanence_indicators(tenant)

    assert indicators.held_sessions == 1
    assert (indicators.present, indicators.absent, indicators.excused) == (3, 1, 1)
    assert indicators.attendance_rate == 60
    assert indicators.satisfaction_rate == 67  # 2 of 3 answered 4 or 5
    assert indicators.recommend_rate == 67
    assert indicators.intention_rate == 67
    assert dict(indicators.horizons)["D'ici un an"] == 2


def test_no_data_gives_no_rate_rather_than_zero(tenant):
    indicators = permanence_indicators(tenant)
    assert indicators.attendance_rate is None
    assert indicators.satisfaction_rate is None


def test_the_period_bounds_the_sessions_counted(tenant):
    _held_session(tenant, ["present"], days_ago=200)
    _held_session(tenant, ["absent"], days_ago=10)
    recent = permanence_indicators(tenant, since=timezone.now() - timedelta(days=90))
    assert (recent.present, recent.absent) == (0, 1)


def test_the_steering_home_shows_the_rates(client, tenant, steering):
    bookings = _held_session(tenant, ["present", "absent"])
    _answer(bookings[0], 5)
    client.force_login(steering)
    content = client.get(reverse("evaluation:home", kwargs={"tenant_slug": tenant.slug})).content
    text = content.decode()
    assert "Taux de présence" in text
    assert "50 %" in text
    assert "100 %" in text


def test_faculty_sessions_stay_out_and_an_empty_held_permanence_counts(tenant):
    """The issue's scenario: two held permanences (3 attendees, 0 attendees) and one held
    faculty information session with 5 registrants are 2 permanences and 3 registrants."""
    _held_session(tenant, ["present", "present", "present"])
    _held_session(tenant, [])
    information = SessionFactory(
        tenant=tenant,
        kind=SessionKind.INFORMATION,
        status=SessionStatus.HELD,
        capacity=40,
        slot_minutes=None,
        starts_at=timezone.now() - timedelta(days=20),
        ends_at=timezone.now() - timedelta(days=20) + timedelta(hours=1),
    )
    for _ in range(5):
        BookingFactory(session=information, slot_index=None, attendance="present")

    indicators = permanence_indicators(tenant)

    assert indicators.held_sessions == 2
    assert indicators.registrants == 3
    assert indicators.present == 3
