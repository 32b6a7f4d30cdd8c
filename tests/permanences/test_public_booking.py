"""Booking a session from its page, the waiting list, cancelling, and /moi/inscriptions/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from permanences.models import Booking, BookingStatus, SessionKind, SessionStatus, Topic
from tests.accounts.factories import UserFactory, complete_profile, staff_member
from tests.permanences.factories import BookingFactory, SessionFactory, fill_session
from tests.tenancy import assert_other_tenant_object_is_404

pytestmark = pytest.mark.django_db

MY_BOOKINGS = reverse("my_bookings:list")


def _detail(session):
    return reverse(
        "permanences:detail", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


CONFIRM = {"confirm": "1"}  # the confirmation page's button


def _cancel(session):
    return reverse(
        "permanences:cancel", kwargs={"tenant_slug": session.tenant.slug, "pk": session.pk}
    )


def _session(tenant, *, hours=None, days=10, **kwargs):
    if hours is None:
        starts_at = (timezone.now() + timedelta(days=days)).replace(
            hour=13, minute=0, second=0, microsecond=0
        )
    else:
        starts_at = timezone.now() + timedelta(hours=hours)
    return SessionFactory(
        tenant=tenant,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3, minutes=30),
        **kwargs,
    )


def _active(session, person):
    return Booking.objects.filter(
        session=session, person=person, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
    ).first()


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def session(tenant):
    return _session(tenant)


@pytest.fixture
def logged_intern(client, intern):
    complete_profile(intern)  # booking oneself asks for it (test_booking_gate.py)
    client.force_login(intern)
    return intern


# Booking


def test_booking_confirms_the_chosen_slot_with_topics_and_questions(client, session, logged_intern):
    response = client.post(
        _detail(session),
        {"slot": "3", "topics": [Topic.AIDS, Topic.MSP], "questions": "Quelles aides en ZIP ?"},
        follow=True,
    )

    booking = _active(session, logged_intern)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.slot_index == 3
    assert booking.topics == [Topic.AIDS, Topic.MSP]
    assert booking.questions == "Quelles aides en ZIP ?"
    start, end = session.slot_bounds(3)
    local = timezone.localtime(start)
    assert any("confirmée" in m and f"{local:%H}h{local:%M}" in m for m in _messages(response))
    assert "Confirmée" in response.content.decode()
    assert "Libérer ma place" in response.content.decode()


def test_booking_without_a_choice_gives_the_earliest_free_slot(client, session, logged_intern):
    BookingFactory(session=session, slot_index=0)
    BookingFactory(session=session, slot_index=2)

    client.post(_detail(session), {"slot": ""})

    assert _active(session, logged_intern).slot_index == 1


def test_form_offers_only_free_slots_and_the_first_free_slot_by_default(
    client, session, logged_intern
):
    BookingFactory(session=session, slot_index=1)
    form = client.get(_detail(session)).context["form"]
    values = [value for value, _label in form.fields["slot"].choices]
    assert values == ["", "0", "2", "3", "4", "5", "6"]
    assert form["slot"].value() == ""


def test_a_taken_slot_is_refused_with_a_message_and_nothing_changes(client, session, logged_intern):
    taken = BookingFactory(session=session, slot_index=4)

    response = client.post(_detail(session), {"slot": "4", "questions": "Ma question gardée"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce créneau vient d" in html and "être pris" in html
    assert "Ma question gardée" in html  # what was typed stays
    assert _active(session, logged_intern) is None
    assert Booking.objects.filter(session=session).count() == 1
    taken.refresh_from_db()
    assert taken.person != logged_intern and taken.slot_index == 4


def test_a_forged_slot_outside_the_session_is_refused(client, session, logged_intern):
    response = client.post(_detail(session), {"slot": "42"})
    assert response.status_code == 200
    assert response.context["form"].errors["slot"]
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert _active(session, logged_intern) is None


def test_booking_a_full_session_puts_you_on_the_waiting_list_with_your_position(
    client, session, logged_intern
):
    fill_session(session)
    BookingFactory(session=session, status=BookingStatus.WAITING, slot_index=None)

    page = client.get(_detail(session))
    assert "slot" not in page.context["form"].fields
    assert "Rejoindre la liste d" in page.content.decode()

    response = client.post(_detail(session), {"topics": [Topic.PLACE]}, follow=True)

    booking = _active(session, logged_intern)
    assert booking.status == BookingStatus.WAITING
    assert booking.slot_index is None
    assert booking.waiting_position() == 2
    assert any("position 2" in m for m in _messages(response))
    assert "Vous êtes en position 2 sur la liste d" in response.content.decode()
    assert Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count() == 7


def test_full_session_page_lists_sessions_with_seats_nearby(client, tenant, logged_intern):
    from core.models import Departement

    full = _session(tenant, departement=Departement.objects.get(insee_code="91"))
    fill_session(full)
    same = _session(tenant, days=20, departement=Departement.objects.get(insee_code="91"))
    neighbour = _session(tenant, days=15, departement=Departement.objects.get(insee_code="92"))
    far = _session(tenant, days=12, departement=Departement.objects.get(insee_code="75"))
    also_full = _session(tenant, days=13, departement=Departement.objects.get(insee_code="78"))
    fill_session(also_full)

    alternatives = client.get(_detail(full)).context["alternatives"]

    assert [s.pk for s in alternatives] == [same.pk, neighbour.pk]
    assert far.pk not in [s.pk for s in alternatives]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": SessionStatus.CANCELLED}, "Cette permanence a été annulée."),
        ({"days": -2}, "Cette permanence a déjà eu lieu."),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Les inscriptions à cette permanence sont closes.",
        ),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=3)},
            "Les inscriptions ne sont pas encore ouvertes.",
        ),
    ],
    ids=["cancelled", "past", "closed", "not-open-yet"],
)
def test_booking_a_session_not_open_is_refused_with_the_message(
    client, tenant, logged_intern, changes, message
):
    session = _session(tenant, **changes)

    page = client.get(_detail(session))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert message in page.content.decode().replace("&#x27;", "'")

    response = client.post(_detail(session), {"slot": ""})

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Booking.objects.filter(session=session).exists()


def test_a_draft_session_is_hidden_from_interns_and_refused_to_managers(
    client, tenant, logged_intern, case_manager
):
    draft = _session(tenant, status=SessionStatus.DRAFT)

    assert client.get(_detail(draft)).status_code == 404
    assert client.post(_detail(draft), {"slot": ""}).status_code == 404

    complete_profile(case_manager)
    client.force_login(case_manager)
    page = client.get(_detail(draft))
    assert page.status_code == 200
    assert "pas ouverte aux inscriptions" in page.content.decode()
    response = client.post(_detail(draft), {"slot": ""})
    assert "pas ouverte aux inscriptions" in response.content.decode()
    assert not Booking.objects.filter(session=draft).exists()


def test_a_second_booking_is_refused_without_error_page(client, session, logged_intern):
    client.post(_detail(session), {"slot": "2"})

    # A double submit: the same form posted again.
    response = client.post(_detail(session), {"slot": "5"}, follow=True)

    assert response.status_code == 200
    assert any("déjà inscrit(e)" in m for m in _messages(response))
    bookings = Booking.objects.filter(session=session, person=logged_intern)
    assert [(b.status, b.slot_index) for b in bookings] == [(BookingStatus.CONFIRMED, 2)]


def test_an_unverified_account_is_refused_with_the_service_message(client, session):
    unverified = UserFactory(verified=False)
    complete_profile(unverified)
    client.force_login(unverified)

    response = client.post(_detail(session), {"questions": "Bonjour"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Confirmez d" in html and "abord votre adresse e-mail" in html
    assert reverse("account_email") in html
    assert "Bonjour" in html
    assert not Booking.objects.filter(session=session).exists()


def test_anonymous_sees_the_session_and_an_invitation_to_log_in(client, session):
    response = client.get(_detail(session))

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"] is None
    assert f"{reverse('account_login')}?next={_detail(session)}" in html
    assert f"{reverse('account_signup')}?next={_detail(session)}" in html
    assert session.video_link not in html


def test_anonymous_post_is_sent_to_log_in_and_books_nothing(client, session):
    response = client.post(_detail(session), {"slot": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Booking.objects.filter(session=session).exists()


def test_information_session_books_without_slot(client, tenant, logged_intern):
    session = _session(tenant, kind=SessionKind.INFORMATION, slot_minutes=None, capacity=40)
    assert "slot" not in client.get(_detail(session)).context["form"].fields

    client.post(_detail(session), {"topics": [Topic.STEPS]})

    booking = _active(session, logged_intern)
    assert booking.status == BookingStatus.CONFIRMED and booking.slot_index is None


# The video link


def test_video_link_is_shown_only_with_a_confirmed_booking(client, session, logged_intern):
    assert session.video_link not in client.get(_detail(session)).content.decode()

    waiting = BookingFactory(
        session=session, person=logged_intern, status=BookingStatus.WAITING, slot_index=None
    )
    assert session.video_link not in client.get(_detail(session)).content.decode()

    waiting.status, waiting.slot_index = BookingStatus.CONFIRMED, 0
    waiting.save()
    assert session.video_link in client.get(_detail(session)).content.decode()

    client.force_login(UserFactory())
    assert session.video_link not in client.get(_detail(session)).content.decode()


# Tenancy


def test_another_tenants_session_is_404(client, tenant, other_tenant, logged_intern):
    foreign = _session(other_tenant)
    assert_other_tenant_object_is_404(
        client, url_name="permanences:detail", tenant=tenant, obj=foreign
    )
    assert_other_tenant_object_is_404(
        client,
        url_name="permanences:detail",
        tenant=tenant,
        obj=foreign,
        method="post",
        data={"slot": ""},
    )
    assert_other_tenant_object_is_404(
        client, url_name="permanences:cancel", tenant=tenant, obj=foreign, method="post"
    )
    assert not Booking.objects.filter(session=foreign).exists()


def test_cancelling_another_tenants_booking_through_this_tenant_is_404(
    client, tenant, other_tenant, logged_intern
):
    foreign = _session(other_tenant)
    booking = BookingFactory(session=foreign, person=logged_intern, slot_index=0)
    url = reverse("permanences:cancel", kwargs={"tenant_slug": tenant.slug, "pk": foreign.pk})
    assert client.post(url).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


# Cancelling


def test_cancel_before_cutoff_promotes_the_first_waiting_person(client, session, logged_intern):
    mine = BookingFactory(session=session, person=logged_intern, slot_index=3)
    for index in (0, 1, 2, 4, 5, 6):
        BookingFactory(session=session, slot_index=index)
    first, second = UserFactory(), UserFactory()
    BookingFactory(session=session, person=first, status=BookingStatus.WAITING, slot_index=None)
    BookingFactory(session=session, person=second, status=BookingStatus.WAITING, slot_index=None)

    response = client.post(_cancel(session), CONFIRM, follow=True)

    assert any("place est libérée" in m for m in _messages(response))
    mine.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED
    promoted = _active(session, first)
    assert promoted.status == BookingStatus.CONFIRMED
    assert promoted.slot_index == 3
    assert _active(session, second).waiting_position() == 1

    client.force_login(first)
    page = client.get(MY_BOOKINGS).content.decode()
    assert "Confirmée" in page
    assert "Libérer ma place" in page
    client.force_login(second)
    assert "Position 1" in client.get(MY_BOOKINGS).content.decode()


def test_cancel_after_cutoff_is_refused_with_the_service_message(client, tenant, logged_intern):
    session = _session(tenant, hours=10)
    booking = BookingFactory(session=session, person=logged_intern, slot_index=0)

    page = client.get(_detail(session)).content.decode()
    assert "Libérer ma place" not in page
    response = client.post(_cancel(session), CONFIRM, follow=True)

    assert any("moins de 24 heures" in m for m in _messages(response))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_leaving_the_waiting_list_is_allowed_even_after_the_cutoff(client, tenant, logged_intern):
    session = _session(tenant, hours=10)
    fill_session(session)
    booking = BookingFactory(
        session=session, person=logged_intern, status=BookingStatus.WAITING, slot_index=None
    )

    response = client.post(_cancel(session), CONFIRM, follow=True)

    assert any("quitté la liste d" in m for m in _messages(response))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_cancel_without_a_booking_changes_nothing(client, session, logged_intern):
    other = BookingFactory(session=session, slot_index=0)
    response = client.post(_cancel(session), CONFIRM, follow=True)
    assert any("pas d'inscription en cours" in m for m in _messages(response))
    other.refresh_from_db()
    assert other.status == BookingStatus.CONFIRMED


def test_cancel_is_post_only_and_needs_login(client, session):
    assert client.post(_cancel(session)).status_code == 302
    assert client.post(_cancel(session))["Location"].startswith(reverse("account_login"))


# /moi/inscriptions/


def test_my_bookings_lists_bookings_across_tenants_upcoming_first(
    client, tenant, other_tenant, logged_intern
):
    later = _session(tenant, days=30, title="Plus tard")
    sooner = _session(other_tenant, days=5, title="Bientôt")
    past = _session(tenant, days=-20, title="Autrefois")
    BookingFactory(session=later, person=logged_intern, slot_index=2)
    fill_session(sooner)
    BookingFactory(
        session=sooner, person=logged_intern, status=BookingStatus.WAITING, slot_index=None
    )
    BookingFactory(session=past, person=logged_intern, slot_index=0)
    BookingFactory(session=later, slot_index=3)  # someone else's

    response = client.get(MY_BOOKINGS)

    assert response.status_code == 200
    assert [b.session.title for b in response.context["upcoming"]] == ["Bientôt", "Plus tard"]
    assert [b.session.title for b in response.context["others"]] == ["Autrefois"]
    html = response.content.decode()
    assert "Position 1" in html
    assert _detail(sooner) in html and _detail(later) in html
    start, _end = later.slot_bounds(2)
    assert timezone.localtime(start).strftime("%Hh%M") in html


def test_my_bookings_needs_login(client):
    response = client.get(MY_BOOKINGS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cancel_from_my_bookings_in_another_tenant(client, other_tenant, logged_intern):
    session = _session(other_tenant)
    booking = BookingFactory(session=session, person=logged_intern, slot_index=0)

    response = client.post(
        reverse("my_bookings:cancel", kwargs={"pk": booking.pk}), CONFIRM, follow=True
    )

    assert response.redirect_chain[-1][0] == MY_BOOKINGS
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_cancel_someone_elses_booking_from_my_bookings_is_404(client, session, logged_intern):
    booking = BookingFactory(session=session, slot_index=0)
    response = client.post(reverse("my_bookings:cancel", kwargs={"pk": booking.pk}), CONFIRM)
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


# Access matrix of the public pages (no role is needed: anyone may look, a person books)


@pytest.mark.parametrize(
    ("name", "method", "anonymous"),
    [
        ("permanences:list", "get", 200),
        ("permanences:detail", "get", 200),
        ("permanences:detail", "post", 302),
        ("permanences:cancel", "post", 302),
        ("permanences:feed", "get", 200),
        ("permanences:departement", "get", 200),
    ],
)
def test_access_matrix(client, session, name, method, anonymous):
    kwargs = {"tenant_slug": session.tenant.slug}
    if name in ("permanences:detail", "permanences:cancel"):
        kwargs["pk"] = session.pk
    if name == "permanences:departement":
        kwargs["insee_code"] = session.departement.insee_code
    url = reverse(name, kwargs=kwargs)

    response = getattr(client, method)(url)
    assert response.status_code == anonymous
    if anonymous == 302:
        assert response["Location"].startswith(reverse("account_login"))

    # Any role of the tenant, or none, sees the public pages alike.
    client.force_login(staff_member(session.tenant, Role.STEERING))
    if method == "get":
        assert getattr(client, method)(url).status_code == 200


@pytest.mark.parametrize("where", ["session_page", "my_bookings"])
def test_releasing_a_place_asks_for_confirmation_first(client, session, logged_intern, where):
    """One tap on "Libérer ma place" opens a page that asks (no JavaScript needed); only its
    button, posting `confirm`, releases the place."""
    booking = BookingFactory(session=session, person=logged_intern, slot_index=0)
    url = (
        _cancel(session)
        if where == "session_page"
        else reverse("my_bookings:cancel", kwargs={"pk": booking.pk})
    )
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Libérer votre place à la permanence du" in html
    assert 'name="confirm"' in html and f'action="{url}"' in html
    assert client.post(url).status_code == 200  # a post without the confirmation only asks
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    assert client.post(url, CONFIRM).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
