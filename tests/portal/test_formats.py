"""Dates and times by named format: French as it always was, British-style English.

The same pages are read in both languages; the session, meeting and call-back are on
Tuesday 2 March 2027 at 14:00 in Paris.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import global_settings, settings
from django.urls import reverse
from django.utils import translation

from permanences.forms_public import slot_label
from permanences.forms_staff import rhythm_label
from portal.formats.en import formats as en_formats
from portal.formats.fr import formats as fr_formats
from tests.caseload.factories import DossierFactory, InteractionFactory
from tests.conventions.factories import ConventionFactory, MeetingFactory
from tests.permanences.factories import SessionFactory, SessionTemplateFactory

PARIS = ZoneInfo("Europe/Paris")
AT_TWO = datetime(2027, 3, 2, 14, 0, tzinfo=PARIS)
HALF_PAST_FIVE = datetime(2027, 3, 2, 17, 30, tzinfo=PARIS)


def _names(module):
    return {name for name in vars(module) if name.isupper()}


def test_every_project_format_is_defined_in_both_languages():
    # Django prints an unknown format name as a pattern ("SCHEDULE_TIME_FORMAT" → garbage).
    project_names = {
        name
        for name in _names(fr_formats) | _names(en_formats)
        if not hasattr(global_settings, name)
    }
    assert project_names
    assert project_names <= _names(fr_formats) & _names(en_formats)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "De 14h00 à 17h30 / 2e mardi du mois, 14h00–17h30"),
        ("en", "14:00 / 17:30"),
    ],
)
@pytest.mark.django_db
def test_python_labels_follow_the_language(language, expected, tenant):
    template = SessionTemplateFactory(tenant=tenant)
    with translation.override(language):
        labels = f"{slot_label(AT_TWO, HALF_PAST_FIVE)} / {rhythm_label(template)}"
    for part in expected.split(" / "):
        assert part in labels
    if language == "en":
        assert "h00" not in labels and "h30" not in labels


def test_english_dates_are_typed_day_first():
    with translation.override("en"):
        assert forms.DateField().clean("02/03/2027") == date(2027, 3, 2)
        assert forms.DateField().clean("2027-03-02") == date(2027, 3, 2)
        assert forms.TimeField().clean("14:00") == time(14, 0)


# Pages


@pytest.fixture
def read_in(client):
    def read(language, url):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return read


@pytest.mark.parametrize(
    ("language", "shown", "absent"),
    [
        ("fr", ["Mardi 2 mars 2027, 14h00–17h30", "2 mars 2027"], ["14:00", "March"]),
        ("en", ["Tuesday 2 March 2027, 14:00–17:30", "2 March 2027"], ["14h00", "mars"]),
    ],
)
@pytest.mark.django_db
def test_a_permanence_page_in_each_language(read_in, tenant, language, shown, absent):
    session = SessionFactory(tenant=tenant, starts_at=AT_TWO, ends_at=HALF_PAST_FIVE)
    page = read_in(
        language,
        reverse("permanences:detail", kwargs={"tenant_slug": tenant.slug, "pk": session.pk}),
    )
    for text in shown:
        assert text in page
    for text in absent:
        assert text not in page


@pytest.mark.parametrize(
    ("language", "shown"),
    [("fr", "Mar 2 mars 2027, 14h00–17h30"), ("en", "Tue 2 Mar 2027, 14:00–17:30")],
)
@pytest.mark.django_db
def test_the_staff_session_list_in_each_language(
    read_in, client, tenant, case_manager, language, shown
):
    SessionFactory(tenant=tenant, starts_at=AT_TWO, ends_at=HALF_PAST_FIVE)
    client.force_login(case_manager)
    page = read_in(
        language, reverse("permanences:staff_session_list", kwargs={"tenant_slug": tenant.slug})
    )
    assert shown in page


@pytest.mark.parametrize(
    ("language", "on_meeting", "on_convention"),
    [
        ("fr", "mardi 2 mars 2027, 14h00", "mardi 2 mars 2027 à 14h00"),
        ("en", "Tuesday 2 March 2027, 14:00", "Tuesday 2 March 2027 at 14:00"),
    ],
)
@pytest.mark.django_db
def test_a_meeting_in_each_language(
    read_in, client, tenant, steering, language, on_meeting, on_convention
):
    convention = ConventionFactory(tenant=tenant)
    meeting = MeetingFactory(convention=convention, starts_at=AT_TWO)
    client.force_login(steering)
    kwargs = {"tenant_slug": tenant.slug}
    assert on_meeting in read_in(
        language, reverse("conventions:meeting_detail", kwargs={**kwargs, "pk": meeting.pk})
    )
    assert on_convention in read_in(
        language, reverse("conventions:detail", kwargs={**kwargs, "pk": convention.pk})
    )


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", ["2 mars 2027 à 10:15", "2 mars 2027 à 14:00"]),
        ("en", ["2 March 2027 at 10:15", "2 March 2027 at 14:00"]),
    ],
)
@pytest.mark.django_db
def test_a_dossier_timeline_in_each_language(
    read_in, client, tenant, case_manager, language, shown
):
    dossier = DossierFactory(tenant=tenant)
    InteractionFactory(
        dossier=dossier,
        occurred_at=datetime(2027, 3, 2, 10, 15, tzinfo=PARIS),
        call_back_at=AT_TWO,
    )
    client.force_login(case_manager)
    page = read_in(
        language,
        reverse("caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": dossier.pk}),
    )
    for text in shown:
        assert text in page
