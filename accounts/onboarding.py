"""What booking a permanence asks of a person: the short "Votre projet" step filled in and the
terms of use in force accepted.

The case manager prepares the meeting with these fields; the terms are versioned
(settings.TERMS_VERSION), so publishing a new text asks everyone to accept it again.
"""

from django.conf import settings

from .choices import Status

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


def ready_to_book(user):
    """A logged-in person whose profile lets them book a permanence themselves. Asked on every
    booking: within a request it is one of the access flags kept in the person's session
    (accounts.middleware; a profile change makes them read again), else one query."""
    from .middleware import access_at_request

    known = access_at_request(user)
    if known is not None:
        return known.may_book
    return ready_profiles().filter(user_id=user.pk).exists()
