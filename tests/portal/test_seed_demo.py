from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Profile, Role, SettlementStep, Tenant, User
from accounts.rpps import validate_rpps
from conventions.models import Partner

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Tenant, User, Membership, Profile, SettlementStep, Partner)
    }


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
    assert set(idf.departements.values_list("insee_code", flat=True)) == {
        "75",
        "77",
        "78",
        "91",
        "92",
        "93",
        "94",
        "95",
    }
    kinds = set(Partner.objects.filter(tenant=idf).values_list("kind", flat=True))
    assert {"ars", "urps", "cdom", "cpam", "university", "union"} <= kinds
    for profile in Profile.objects.exclude(rpps=""):
        validate_rpps(profile.rpps)
    assert len(set(Profile.objects.values_list("status", flat=True))) == 7


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
