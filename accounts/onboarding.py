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


def ready_to_book(user):
    """A logged-in person whose profile lets them book a permanence themselves."""
    from django.db.models import Exists, OuterRef

    from .models import Profile

    # One query on the booking path: the profile with whether it names a département.
    considered = Profile.departements_considered.through.objects.filter(profile=OuterRef("pk"))
    profile = (
        Profile.objects.filter(user=user).annotate(has_departements=Exists(considered)).first()
    )
    return profile is not None and not missing_for_booking(profile)
