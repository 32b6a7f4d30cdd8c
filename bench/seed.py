"""Bench data: a tenant, 101 published sessions, N verified users each with a live session.
Prints the tenant slug, the session ids and the session keys, one list per line."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from accounts.models import Profile, Tenant, User  # noqa: E402
from core.models import Departement  # noqa: E402
from permanences.models import Session  # noqa: E402


def main(count):
    with scopes_disabled():
        tenant = Tenant.objects.create(slug="bench", name="Bench", contact_email="b@example.org")
        departement = Departement.objects.get(insee_code="91")
        start = (timezone.now() + timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
        sessions = Session.objects.bulk_create(
            Session(
                tenant=tenant, departement=departement, starts_at=start + timedelta(days=i),
                ends_at=start + timedelta(days=i, hours=3, minutes=30), capacity=7,
                slot_minutes=30, status="published",
            )
            for i in range(101)
        )  # fmt: skip
        users = User.objects.bulk_create(
            User(email=f"bench{i}@example.org", password="!bench") for i in range(count)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
        )
        # Booking oneself asks for the short project step and the terms (accounts.onboarding).
        profiles = Profile.objects.bulk_create(
            Profile(
                user=u, status="externe", specialty="medecine_generale", phone="0612345678",
                terms_accepted_at=timezone.now(), terms_version=settings.TERMS_VERSION,
            )
            for u in users
        )  # fmt: skip
        Profile.departements_considered.through.objects.bulk_create(
            Profile.departements_considered.through(profile=p, departement=departement)
            for p in profiles
        )
        keys = []
        for user in users:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys.append(store.session_key)
    print(tenant.slug)
    print(",".join(str(s.pk) for s in sessions))
    print(",".join(keys))


if __name__ == "__main__":
    main(int(sys.argv[1]))
