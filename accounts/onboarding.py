"""What booking a permanence asks of a person: the short "Votre projet" step filled in and the
terms of use in force accepted.

The case manager prepares the meeting with these fields; the terms are versioned
(settings.TERMS_VERSION), so publishing a new text asks everyone to accept it again.
"""

from django.conf import settings
from django.core.cache import cache

from .choices import Status

# A "yes, may book" is kept this long in the cache (a "no" is read again each time); a change
# to the profile drops it at once (accounts.signals). If that drop is lost (Redis down at that
# moment), someone who has just emptied a field may still book for at most this long.
READY_CACHE_SECONDS = 600

# The short step's fields, in the order the page shows them (accounts.forms_onboarding).
PROJECT_FIELDS = ("status", "specialty", "departements_considered", "rpps", "phone")
TERMS = "terms"


def has_current_terms(profile):
    """The person accepted the terms of use in force (not an older version)."""
    return profile.terms_accepted_at is not None and profile.terms_version == settings.TERMS_VERSION


def missing_for_booking(profile):
    """The short step's fields still empty, then "terms" if the terms in force are not
    accepted; empty when the person may book. The RPPS is asked from the internship on
    (as the profile form asks it); an externe has none."""
    missing = []
    for field in PROJECT_FIELDS:
        if field == "departements_considered":
            known = getattr(profile, "has_departements", None)  # read with the profile
            filled = (
                known
                if known is not None
                else (profile.pk is not None and profile.departements_considered.exists())
            )
        elif field == "rpps":
            filled = bool(profile.rpps) or profile.status == Status.EXTERNE
        else:
            filled = bool(getattr(profile, field))
        if not filled:
            missing.append(field)
    if not has_current_terms(profile):
        missing.append(TERMS)
    return missing


def ready_profiles():
    """The profiles that let their person book themselves, as a query: the same rule as
    `missing_for_booking` (tests/accounts/test_onboarding.py checks they agree)."""
    from django.db.models import Exists, OuterRef, Q

    from .models import Profile

    considered = Profile.departements_considered.through.objects.filter(profile=OuterRef("pk"))
    return Profile.objects.filter(
        Exists(considered),
        Q(rpps__gt="") | Q(status=Status.EXTERNE),
        status__gt="",
        specialty__gt="",
        phone__gt="",
        terms_accepted_at__isnull=False,
        terms_version=settings.TERMS_VERSION,
    )


def _ready_key(user_id):
    return f"accounts:ready-to-book:{settings.TERMS_VERSION}:{user_id}"


def ready_to_book(user):
    """A logged-in person whose profile lets them book a permanence themselves. Asked on every
    booking: a yes is kept in the cache (a lookup instead of a query built and run each time)."""
    key = _ready_key(user.pk)
    if cache.get(key):
        return True
    ready = ready_profiles().filter(user_id=user.pk).exists()
    if ready:
        cache.set(key, True, READY_CACHE_SECONDS)
    return ready


def forget_readiness(user_ids):
    """The profiles of `user_ids` changed: their next booking reads them again."""
    cache.delete_many([_ready_key(user_id) for user_id in user_ids])
