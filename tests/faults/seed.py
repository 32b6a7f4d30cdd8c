"""`python -m tests.faults.seed`: the data of a fault scenario, written into the throw-away
database the environment names, printed as JSON for the test.

A tenant with an admin and a case manager (both with TOTP, logged in through a session made
here), people who log in with a password, a session with one free seat ("open"), a full one
with someone on its waiting list ("full"), and a previewed import of 6 contacts. Nothing here
records a message: whatever the outbox holds afterwards was caused by the scenario.
"""

import io
import json
import os
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.stack_settings")
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from accounts.models import Membership, Profile, Role, Tenant, User  # noqa: E402
from caseload import imports  # noqa: E402
from caseload.models import ImportKind  # noqa: E402
from core.models import Departement  # noqa: E402
from permanences.models import Booking, BookingStatus, Session, SessionStatus  # noqa: E402

PASSWORD = "faults-password-0123"  # noqa: S105 (a throw-away database)
IMPORT_ROWS = 6


def person(email, hashed):
    user = User.objects.create(email=email, password=hashed, first_name="Prénom", last_name="Nom")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    # Booking oneself asks for the short project step and the terms (accounts.onboarding).
    profile = Profile.objects.create(
        user=user,
        status="externe",
        specialty="medecine_generale",
        phone="0612345678",
        terms_accepted_at=timezone.now(),
        terms_version=settings.TERMS_VERSION,
    )
    profile.departements_considered.add(Departement.objects.get(insee_code="91"))
    return user


def session_key(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def staff(tenant, role, email, hashed):
    user = person(email, hashed)
    Membership.objects.create(tenant=tenant, user=user, role=role)
    TOTP.activate(user, generate_totp_secret())
    return {"email": email, "id": user.pk, "session_key": session_key(user)}


def permanence(tenant, days):
    starts_at = (timezone.now() + timedelta(days=days)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    return Session.objects.create(
        tenant=tenant,
        departement=Departement.objects.get(insee_code="91"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3, minutes=30),
        capacity=7,
        slot_minutes=30,
        status=SessionStatus.PUBLISHED,
        place="Évry-Courcouronnes",
    )


def book(session, user, slot=None, status=BookingStatus.CONFIRMED):
    return Booking.objects.create(
        tenant=session.tenant,
        session=session,
        person=user,
        status=status,
        slot_index=slot,
        confirmed_at=timezone.now() if status == BookingStatus.CONFIRMED else None,
    )


def import_file():
    lines = ["Nom;Prénom;E-mail;RPPS;Département"]
    lines += [f"Nom{i};Prénom{i};contact{i}@example.org;;91" for i in range(1, IMPORT_ROWS + 1)]
    return ("\n".join(lines) + "\n").encode()


def main():
    hashed = make_password(PASSWORD)  # once: production's hasher is slow on purpose
    tenant = Tenant.objects.create(slug="faults", name="Espace des pannes", contact_email="c@x.org")
    people = {name: person(f"{name}@example.org", hashed) for name in ("lea", "hugo", "ines")}
    open_session, full_session = permanence(tenant, 10), permanence(tenant, 11)
    for slot in range(6):
        book(open_session, person(f"open{slot}@example.org", hashed), slot)
    leaver = person("leaver@example.org", hashed)
    book(full_session, leaver, 0)
    for slot in range(1, 7):
        book(full_session, person(f"full{slot}@example.org", hashed), slot)
    waiting = person("waiting@example.org", hashed)
    book(full_session, waiting, status=BookingStatus.WAITING)
    case_manager = staff(tenant, Role.CASE_MANAGER, "cm@example.org", hashed)
    job = imports.start_import(
        tenant=tenant,
        kind=ImportKind.CONTACTS,
        uploaded_file=SimpleUploadedFile("contacts.csv", import_file()),
        user=User.objects.get(pk=case_manager["id"]),
    )
    assert job.report["valid_rows"] == IMPORT_ROWS, job.report
    return {
        "tenant": {"slug": tenant.slug, "id": tenant.pk},
        "password": PASSWORD,
        "people": {name: user.email for name, user in people.items()},
        "leaver": {"email": leaver.email, "session_key": session_key(leaver)},
        "waiting": waiting.email,
        "sessions": {"open": open_session.pk, "full": full_session.pk},
        "admin": staff(tenant, Role.ADMIN, "admin@example.org", hashed),
        "case_manager": case_manager,
        "import": {"id": job.pk, "fingerprint": job.report["fingerprint"], "rows": IMPORT_ROWS},
    }


if __name__ == "__main__":
    with scopes_disabled():
        out = io.StringIO()
        json.dump(main(), out)
    print(out.getvalue())
