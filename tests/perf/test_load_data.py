"""`manage.py generate_load_data` at a tiny scale: every part has the rows its scale says, the
data holds the invariants the portal relies on, and the same seed and day give the same data."""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django_scopes import scopes_disabled

from accounts.models import Profile, Tenant, User
from caseload.models import Dossier, Interaction
from evaluation.models import IndicatorValue, PublishedQuarter
from permanences.models import Booking, SatisfactionResponse, Session
from portal.loadgen.run import generate
from portal.loadgen.scales import SCALES

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TINY = SCALES["tiny"]
DAY = date(2026, 3, 10)


def fingerprint():
    """A digest of the load's content by natural keys (ids come from sequences and differ)."""
    with scopes_disabled():
        parts = [
            User.objects.filter(email__endswith="@charge.example.org")
            .order_by("email")
            .values_list("email", "first_name", "date_joined"),
            Profile.objects.order_by("user__email").values_list(
                "user__email", "status", "rpps", "followed_tenant__slug", "share_consent_at"
            ),
            Dossier.objects.order_by("email").values_list(
                "email",
                "tenant__slug",
                "stage",
                "person__email",
                "assigned_to__email",
                "created_at",
                "target_departement__insee_code",
            ),  # fmt: skip
            Interaction.objects.order_by("dossier__email", "occurred_at", "kind").values_list(
                "dossier__email", "kind", "occurred_at", "outcome"
            ),
            Booking.objects.order_by("uid").values_list(
                "uid",
                "session__tenant__slug",
                "session__starts_at",
                "person__email",
                "slot_index",
                "attendance",
            ),  # fmt: skip
            SatisfactionResponse.objects.order_by("booking__uid").values_list(
                "booking__uid", "overall", "usefulness", "horizon"
            ),
            IndicatorValue.objects.order_by(
                "tenant__slug", "indicator__code", "period_start", "departement__insee_code"
            ).values_list(
                "tenant__slug",
                "indicator__code",
                "period_start",
                "departement__insee_code",
                "value",
                "frozen_at",
            ),  # fmt: skip
        ]
        return hashlib.sha256(repr([list(p) for p in parts]).encode()).hexdigest()


def test_the_command_writes_every_part_at_its_scale():
    out = StringIO()
    call_command("generate_load_data", "--scale", "tiny", "--day", DAY.isoformat(), stdout=out)
    assert "interactions" in out.getvalue() and " s\n" in out.getvalue()  # a time per part
    with scopes_disabled():
        assert Tenant.objects.filter(slug__startswith="charge-").count() == TINY.tenants
        assert Profile.objects.filter(user__email__startswith="interne").count() == TINY.people
        assert Dossier.objects.count() == TINY.dossiers
        assert Interaction.objects.count() == TINY.interactions
        assert Session.objects.count() == TINY.sessions
        assert Booking.objects.count() == TINY.bookings
        assert SatisfactionResponse.objects.count() == TINY.answers
        # Past quarters published, the running one computed, for every tenant.
        assert PublishedQuarter.objects.count() == TINY.tenants * TINY.quarters
        quarters = IndicatorValue.objects.values("period_start").distinct().count()
        assert quarters == TINY.quarters + 1
        # Never more than 7 confirmed on an interview, and every booking in its tenant.
        crowded = Session.objects.annotate(
            confirmed=Count("bookings", filter=Q(bookings__status="confirmed"))
        ).filter(confirmed__gt=7)
        assert not crowded.exists()
        assert not Booking.objects.exclude(tenant=F("session__tenant")).exists()
    with pytest.raises(CommandError, match="already there"):
        call_command("generate_load_data", "--scale", "tiny", stdout=StringIO())


def test_the_same_seed_and_day_give_the_same_data():
    digests = []
    for _run in range(2):
        with transaction.atomic():
            generate(TINY, seed=7, day=DAY, atlas=False)
            digests.append(fingerprint())
            transaction.set_rollback(True)
    with transaction.atomic():
        generate(TINY, seed=8, day=DAY, atlas=False)
        other = fingerprint()
        transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert other != digests[0]
