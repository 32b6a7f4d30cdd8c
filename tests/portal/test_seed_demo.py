from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Profile, Role, SettlementStep, Tenant, User
from accounts.rpps import validate_rpps
from conventions.models import Partner
from permanences.models import Booking, SatisfactionResponse, Session

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Tenant,
            User,
            Membership,
            Profile,
            SettlementStep,
            Partner,
            Session,
            Booking,
            SatisfactionResponse,
        )  # fmt: skip
    }


# The eight départements of the demo's Île-de-France space.
IDF_DEPARTEMENTS = {"75", "77", "78", "91", "92", "93", "94", "95"}


def test_seed_demo_is_idempotent_and_prints_the_logins():
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    first = _counts()
    call_command("seed_demo", "--force", stdout=StringIO())
    assert _counts() == first
    assert first["Tenant"] == 2
    assert first["Profile"] == 12
    assert "admin@demo.cap-installation.fr" in out.getvalue()
    assert "demo-cap-installation" in out.getvalue()


def test_seed_demo_has_one_staff_member_per_role_and_valid_profiles():
    call_command("seed_demo", "--force", stdout=StringIO())
    idf = Tenant.objects.get(slug="idf")
    roles = set(Membership.objects.filter(tenant=idf).values_list("role", flat=True))
    assert roles == set(Role)
    assert set(idf.departements.values_list("insee_code", flat=True)) == IDF_DEPARTEMENTS
    kinds = set(Partner.objects.filter(tenant=idf).values_list("kind", flat=True))
    assert {"ars", "urps", "cdom", "cpam", "university", "union"} <= kinds
    for profile in Profile.objects.exclude(rpps=""):
        validate_rpps(profile.rpps)
    assert len(set(Profile.objects.values_list("status", flat=True))) == 7


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_has_a_year_of_permanences_some_full_some_past_with_answers():
    from django.db.models import Count, Q
    from django.utils import timezone

    call_command("seed_demo", "--force", stdout=StringIO())
    idf = Tenant.objects.get(slug="idf")
    sessions = Session.objects.filter(tenant=idf, kind="interview")
    assert set(sessions.values_list("departement__insee_code", flat=True)) == IDF_DEPARTEMENTS
    assert sessions.filter(starts_at__gt=timezone.now()).count() >= 8 * 6
    full = sessions.annotate(
        confirmed=Count("bookings", filter=Q(bookings__status="confirmed")),
        waiting=Count("bookings", filter=Q(bookings__status="waiting")),
    ).filter(starts_at__gt=timezone.now(), confirmed=7, waiting__gt=0)
    assert full.exists()
    assert Booking.objects.filter(session__status="held", attendance="present").exists()
    assert SatisfactionResponse.objects.exists()
    assert sessions.filter(starts_at__lt=timezone.now()).exclude(status="held").count() == 0


def test_every_demo_intern_can_book_a_permanence():
    from accounts.onboarding import missing_for_booking

    call_command("seed_demo", "--force", stdout=StringIO())
    interns = Profile.objects.filter(user__memberships__isnull=True, user__is_superuser=False)
    assert interns.count() >= 12
    assert {p.user.email: missing_for_booking(p) for p in interns if missing_for_booking(p)} == {}
