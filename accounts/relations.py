"""Who is known to a tenant: the people its staff may look up by e-mail address (to book them
on a permanence) and whose shared profile they may read.

Someone is known to a tenant when they shared their profile with it, or when an app says so:
each feature app may register a rule (caseload: a dossier of the tenant proven to be theirs).
Anyone else is a stranger to the tenant's staff, whether or not they have an account, and the
look-up answers the same for both: one query, whatever the address.
"""

from django.db.models import Q

from .models import User

_rules = []


def register(rule):
    """`rule(tenant) -> Q` on User: people the app relates to the tenant (a decorator)."""
    if rule not in _rules:
        _rules.append(rule)
    return rule


def shared_profile_with(tenant):
    return Q(profile__followed_tenant=tenant, profile__share_consent_at__isnull=False)


def known_people(tenant):
    """Active accounts known to the tenant (see the module docstring)."""
    known = shared_profile_with(tenant)
    for rule in _rules:
        known |= rule(tenant)
    # Profile is one-to-one and the apps' rules are subqueries: no row comes twice.
    return User.objects.filter(known, is_active=True)


def find_known_person(tenant, email):
    """The active account of this address if it is known to the tenant, else None: an unknown
    address and an account the tenant does not know look alike, in one query either way."""
    email = (email or "").strip()
    if not email:
        return None
    return known_people(tenant).filter(email__iexact=email).select_related("profile").first()
