"""Passwords are stored with Argon2id at OWASP's strength, and older hashes move to it at the
next login (the suite itself hashes with MD5, for speed: these tests use the real list)."""

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings

from accounts.models import User

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = [
    "portal.hashers.OWASPArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


def test_the_production_settings_hash_with_argon2id_first():
    from portal import settings as production

    assert production.PASSWORD_HASHERS == PRODUCTION_HASHERS
    assert settings.PASSWORD_HASHERS != PRODUCTION_HASHERS  # the suite's own, faster one


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_new_password_is_argon2id_with_owasp_parameters():
    encoded = make_password("une phrase de passe solide")
    # $argon2id$v=19$m=19456,t=2,p=1$…: 19 MiB, 2 iterations, 1 lane (OWASP).
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_pbkdf2_hash_is_rewritten_with_argon2id_at_login(rf):
    pbkdf2 = make_password("une phrase de passe solide", hasher="pbkdf2_sha256")
    user = User.objects.create(email="ancienne@example.org", password=pbkdf2)
    request = rf.post("/compte/login/")
    assert authenticate(request, email=user.email, password="une phrase de passe solide") == user
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert "m=19456,t=2,p=1" in user.password


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_an_argon2_hash_with_other_parameters_still_verifies_and_is_rewritten(rf):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    heavy = Argon2PasswordHasher().encode("une phrase de passe solide", "saltsaltsaltsalt")
    user = User.objects.create(email="lourde@example.org", password=heavy)
    request = rf.post("/compte/login/")
    assert authenticate(request, email=user.email, password="une phrase de passe solide") == user
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
