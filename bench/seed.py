"""Bench sessions in the load data's largest tenant: published, upcoming, open, empty.
Prints the tenant slug, then the session ids (comma-separated)."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from accounts.models import Tenant  # noqa: E402
from permanences.models import Session  # noqa: E402


def main(count):
    with scopes_disabled():
        tenant = (
            Tenant.objects.filter(slug__startswith="charge-")
            .annotate(size=Count("departements"))
            .order_by("-size", "slug")
            .first()
        )
        departement = tenant.departements.order_by("insee_code").first()
        start = (timezone.now() + timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
        sessions = Session.objects.bulk_create(
            Session(
                tenant=tenant, departement=departement, starts_at=start + timedelta(hours=i),
                ends_at=start + timedelta(hours=i + 3, minutes=30), capacity=7,
                slot_minutes=30, status="published", title=f"Banc d'essai {i}",
            )
            for i in range(count)
        )  # fmt: skip
    print(tenant.slug)
    print(",".join(str(s.pk) for s in sessions))


if __name__ == "__main__":
    main(int(sys.argv[1]))
