"""Monthly templates generate the year's draft sessions: the right dates, at Paris time, once."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from permanences.generation import generate_sessions, occurrence
from permanences.models import Session, SessionStatus
from tests.permanences.factories import SessionFactory, SessionTemplateFactory

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
BEFORE_2027 = datetime(2026, 11, 15, 12, 0, tzinfo=PARIS)

SECOND_TUESDAYS_2027 = [
    date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13),
    date(2027, 5, 11), date(2027, 6, 8), date(2027, 7, 13), date(2027, 8, 10),
    date(2027, 9, 14), date(2027, 10, 12), date(2027, 11, 9), date(2027, 12, 14),
]  # fmt: skip
LAST_FRIDAYS_2027 = [
    date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30),
    date(2027, 5, 28), date(2027, 6, 25), date(2027, 7, 30), date(2027, 8, 27),
    date(2027, 9, 24), date(2027, 10, 29), date(2027, 11, 26), date(2027, 12, 31),
]  # fmt: skip


# The date rule (no database)


def test_second_tuesday_of_each_month_of_2027():
    assert [occurrence(2027, month, 2, 1) for month in range(1, 13)] == SECOND_TUESDAYS_2027


def test_last_friday_of_each_month_of_2027():
    assert [occurrence(2027, month, 5, 4) for month in range(1, 13)] == LAST_FRIDAYS_2027


@pytest.mark.parametrize(
    ("year", "month", "week", "weekday", "expected"),
    [
        (2027, 2, 1, 0, date(2027, 2, 1)),  # the month starts on that very weekday
        (2027, 2, 4, 0, date(2027, 2, 22)),  # February 2027 has exactly 4 Mondays
        (2027, 2, 5, 0, date(2027, 2, 22)),  # …so its last Monday is its 4th
        (2027, 3, 5, 2, date(2027, 3, 31)),  # the last day of the month itself
        (2028, 2, 5, 1, date(2028, 2, 29)),  # a leap day
    ],
)
def test_edge_dates(year, month, week, weekday, expected):
    assert occurrence(year, month, week, weekday) == expected


# Generating sessions


@pytest.mark.django_db
def test_generates_the_12_drafts_of_2027_on_the_right_dates(tenant):
    template = SessionTemplateFactory(tenant=tenant, place="ARS, Évry")
    created = generate_sessions(template=template, year=2027, now=BEFORE_2027)

    assert [timezone.localtime(s.starts_at, PARIS).date() for s in created] == SECOND_TUESDAYS_2027
    session = created[0]
    assert session.status == SessionStatus.DRAFT
    assert (session.tenant, session.departement, session.template) == (
        tenant,
        template.departement,
        template,
    )
    assert (session.capacity, session.slot_minutes, session.place) == (7, 30, "ARS, Évry")
    assert session.slot_count == 7


@pytest.mark.django_db
def test_dst_changes_keep_14h_local(tenant):
    template = SessionTemplateFactory(tenant=tenant)
    created = generate_sessions(template=template, year=2027, now=BEFORE_2027)
    by_month = {timezone.localtime(s.starts_at, PARIS).month: s for s in created}

    for session in created:
        local = timezone.localtime(session.starts_at, PARIS)
        assert (local.hour, local.minute) == (14, 0)
        assert timezone.localtime(session.ends_at, PARIS).time() == time(17, 30)
    # Winter is UTC+1, summer UTC+2: the same 14:00 is a different UTC hour.
    assert by_month[1].starts_at.astimezone(UTC).hour == 13
    assert by_month[7].starts_at.astimezone(UTC).hour == 12
    assert by_month[11].starts_at.astimezone(UTC).hour == 13


@pytest.mark.django_db
def test_running_twice_creates_nothing_new(tenant):
    template = SessionTemplateFactory(tenant=tenant)
    assert len(generate_sessions(template=template, year=2027, now=BEFORE_2027)) == 12
    assert generate_sessions(template=template, year=2027, now=BEFORE_2027) == []
    assert Session.objects.filter(template=template).count() == 12


@pytest.mark.django_db
def test_a_session_staff_moved_or_cancelled_is_not_recreated(tenant):
    template = SessionTemplateFactory(tenant=tenant)
    march, april = generate_sessions(template=template, year=2027, now=BEFORE_2027)[2:4]
    march.starts_at += timedelta(days=7)  # moved to the 3rd Tuesday (school holidays)
    march.ends_at += timedelta(days=7)
    march.save()
    april.status = SessionStatus.CANCELLED
    april.save()

    assert generate_sessions(template=template, year=2027, now=BEFORE_2027) == []


@pytest.mark.django_db
def test_a_session_created_by_hand_at_the_same_time_counts_as_existing(tenant):
    template = SessionTemplateFactory(tenant=tenant)
    starts_at = datetime(2027, 1, 12, 14, 0, tzinfo=PARIS)
    SessionFactory(tenant=tenant, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))

    created = generate_sessions(template=template, year=2027, now=BEFORE_2027)

    assert len(created) == 11
    assert Session.objects.filter(starts_at=starts_at).count() == 1


@pytest.mark.django_db
def test_dates_already_passed_are_skipped(tenant):
    template = SessionTemplateFactory(tenant=tenant)
    mid_june = datetime(2027, 6, 15, 9, 0, tzinfo=PARIS)  # after June 8th
    created = generate_sessions(template=template, year=2027, now=mid_june)
    assert [timezone.localtime(s.starts_at, PARIS).date() for s in created] == (
        SECOND_TUESDAYS_2027[6:]
    )


@pytest.mark.django_db
def test_next_12_months_start_with_this_month(tenant):
    template = SessionTemplateFactory(tenant=tenant)
    now = datetime(2027, 3, 1, 9, 0, tzinfo=PARIS)
    created = generate_sessions(template=template, now=now)
    dates = [timezone.localtime(s.starts_at, PARIS).date() for s in created]
    assert dates[0] == date(2027, 3, 9)
    assert dates[-1] == date(2028, 2, 8)
    assert len(dates) == 12


@pytest.mark.django_db
def test_an_information_template_makes_sessions_without_slots(tenant):
    template = SessionTemplateFactory(tenant=tenant, kind="information", capacity=80)
    session = generate_sessions(template=template, year=2027, now=BEFORE_2027)[0]
    assert (session.kind, session.capacity, session.slot_minutes) == ("information", 80, None)


# Through the pages


@pytest.mark.django_db
def test_the_generate_button_creates_drafts_once(client, tenant, case_manager):
    template = SessionTemplateFactory(tenant=tenant)
    url = reverse(
        "permanences:staff_template_generate",
        kwargs={"tenant_slug": tenant.slug, "pk": template.pk},
    )
    client.force_login(case_manager)
    next_year = timezone.localdate().year + 1

    response = client.post(url, {f"t{template.pk}-period": str(next_year)}, follow=True)
    assert "12 permanences créées en brouillon" in response.content.decode()
    response = client.post(url, {f"t{template.pk}-period": str(next_year)}, follow=True)
    assert "elles existent déjà" in response.content.decode()
    assert Session.objects.filter(template=template, status=SessionStatus.DRAFT).count() == 12


@pytest.mark.django_db
def test_template_form_refuses_8_interviews(client, tenant, case_manager):
    from core.models import Departement

    client.force_login(case_manager)
    url = reverse("permanences:staff_template_create", kwargs={"tenant_slug": tenant.slug})
    data = {
        "departement": Departement.objects.get(insee_code="91").pk,
        "kind": "interview",
        "week_of_month": "5",
        "weekday": "4",
        "start_time": "09:00",
        "end_time": "17:00",
        "mode": "video",
        "capacity": "8",
        "slot_minutes": "30",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert "accueille au plus 7 personnes" in response.content.decode()
    data["capacity"] = "7"
    assert client.post(url, data).status_code == 302
    template = tenant.session_templates.get()
    assert (template.week_of_month, template.weekday) == (5, 4)


def test_deleting_a_template_asks_for_confirmation_first(client, tenant, case_manager):
    template = SessionTemplateFactory(tenant=tenant)
    kept = SessionFactory(tenant=tenant, template=template)
    client.force_login(case_manager)
    url = reverse(
        "permanences:staff_template_delete", kwargs={"tenant_slug": tenant.slug, "pk": template.pk}
    )

    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Supprimer le rythme" in page.content.decode() and 'name="confirm"' in page.content.decode()
    )
    assert client.post(url).status_code == 200
    assert tenant.session_templates.filter(pk=template.pk).exists()

    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not tenant.session_templates.filter(pk=template.pk).exists()
    assert Session.objects.filter(pk=kept.pk).exists()  # its sessions stay
