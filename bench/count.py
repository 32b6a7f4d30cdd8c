"""Confirmed bookings per session after the load: prints a histogram like "7×101"."""

import os
import sys
from collections import Counter
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db.models import Count, Q  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from permanences.models import Session  # noqa: E402

with scopes_disabled():
    counts = Session.objects.annotate(
        confirmed=Count("bookings", filter=Q(bookings__status="confirmed"))
    ).values_list("confirmed", flat=True)
    histogram = Counter(counts)
print(
    ", ".join(f"{n} confirmed × {sessions} sessions" for n, sessions in sorted(histogram.items()))
)
