"""Tenants (one per region, covering its départements), their staff, and the people: verified
accounts with a profile following a tenant."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.choices import Maturity, PracticeMode, Specialty, Status, Structure
from accounts.models import Membership, Profile, Role, Tenant, User
from core.models import Region

from .bulk import copy_links, copy_rows

# Every generated account shares this password (one hash computed once: hashing 150,000
# passwords with the production hasher would take hours); the benchmark logs in with it.
PASSWORD = "charge-nationale-2026"  # noqa: S105 (load data only, documented)
DOMAIN = "charge.example.org"
STAFF_ROLES = (Role.ADMIN, Role.HOST, Role.STEERING)


def shares(total, weights):
    """`total` split by `weights` (largest remainders), so that the parts add up exactly."""
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    parts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True):
        if sum(parts) == total:
            break
        parts[index] += 1
    return parts


def tenants(scale, anchor):
    """One tenant per region (the largest regions first), with staff who all use TOTP; returns
    [(tenant, départements, {role: [users]})]."""
    regions = sorted(
        Region.objects.prefetch_related("departements"),
        key=lambda r: (-len(r.departements.all()), r.insee_code),
    )[: scale.tenants]
    password = make_password(PASSWORD)
    made = []
    for region in regions:
        slug = f"charge-{region.insee_code}"
        tenant = Tenant.objects.create(
            slug=slug, name=f"Espace {region.name}", region=region, contact_email=f"{slug}@{DOMAIN}"
        )
        departements = sorted(region.departements.all(), key=lambda d: d.insee_code)
        tenant.departements.set(departements)
        staff = {}
        roles = [*STAFF_ROLES, *[Role.CASE_MANAGER] * scale.case_managers]
        for number, role in enumerate(roles):
            user = User.objects.create(
                email=f"{role}{number}-{slug}@{DOMAIN}", password=password, first_name=str(role),
                last_name=slug, date_joined=anchor,
            )  # fmt: skip
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            Membership.objects.create(tenant=tenant, user=user, role=role)
            TOTP.activate(user, generate_totp_secret())
            staff.setdefault(role, []).append(user)
        made.append((tenant, departements, staff))
    return made


def rpps(number):
    """A valid RPPS number (ten digits from `number`, then the Luhn key), computed directly."""
    base = f"10{number:08d}"
    total = 0
    for position, digit in enumerate(reversed(base)):
        doubled = int(digit) * (2 if position % 2 == 0 else 1)
        total += doubled - 9 if doubled > 9 else doubled
    return f"{base}{(10 - total % 10) % 10}"


def people(scale, tenants_made, rng, anchor):
    """`scale.people` verified accounts with a profile, shared between the tenants by their
    number of départements; returns {tenant id: [user ids]}."""
    password = make_password(PASSWORD)
    counts = shares(scale.people, [len(deps) for _t, deps, _s in tenants_made])
    users, profiles, considered = [], [], []
    statuses = (
        [Status.INTERNE] * 5 + [Status.DOCTEUR_JUNIOR] * 2 + [Status.EXTERNE, Status.REMPLACANT]
    )
    specialties = [Specialty.MEDECINE_GENERALE] * 6 + list(Specialty)[1:6]
    maturities, modes, structures = list(Maturity), list(PracticeMode), list(Structure)
    number = 0
    for (tenant, departements, _staff), count in zip(tenants_made, counts, strict=True):
        faculty = f"Faculté {tenant.region.name}"
        for _ in range(count):
            number += 1
            users.append({"email": f"interne{number}@{DOMAIN}", "password": password,
                          "first_name": f"Prénom{number}", "last_name": f"Nom{number}",
                          "date_joined": anchor - timedelta(days=rng.randrange(900))})  # fmt: skip
            status = rng.choice(statuses)
            profiles.append({
                "status": status, "rpps": "" if status == Status.EXTERNE else rpps(number),
                "specialty": rng.choice(specialties), "faculty": faculty,
                "maturity": rng.choice(maturities), "practice_mode": rng.choice(modes),
                "structure": rng.choice(structures), "followed_tenant_id": tenant.pk,
                "terms_accepted_at": anchor, "terms_version": settings.TERMS_VERSION,
                "phone": f"+3361{number % 100_000_000:08d}",
                "share_consent_at": anchor if rng.random() < 0.7 else None,
                "contact_consent_at": anchor if rng.random() < 0.5 else None,
            })  # fmt: skip
            considered.append(rng.sample(departements, min(2, len(departements))))
    copy_rows(User, users, now=anchor)
    copy_rows(EmailAddress, ({"user_id": u["id"], "email": u["email"], "verified": True,
                              "primary": True} for u in users), now=anchor)  # fmt: skip
    for user, profile in zip(users, profiles, strict=True):
        profile["user_id"] = user["id"]
    copy_rows(Profile, profiles, now=anchor)
    copy_links(
        Profile.departements_considered.through,
        ((p["id"], d.pk) for p, deps in zip(profiles, considered, strict=True) for d in deps),
    )
    by_tenant = {}
    for user, profile in zip(users, profiles, strict=True):
        by_tenant.setdefault(profile["followed_tenant_id"], []).append(user["id"])
    return by_tenant
