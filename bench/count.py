"""Confirmed and waiting bookings per session, as JSON: {"sessions": {id: [confirmed, waiting]},
"overbooked": sessions of the whole database with more confirmed than places}."""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db.models import Count, F, Q  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from permanences.models import Session  # noqa: E402

ids = [int(i) for i in sys.argv[1].split(",")] if len(sys.argv) > 1 else []
with scopes_disabled():
    counted = Session.objects.annotate(
        confirmed=Count("bookings", filter=Q(bookings__status="confirmed")),
        waiting=Count("bookings", filter=Q(bookings__status="waiting")),
    )
    sessions = {
        s["pk"]: [s["confirmed"], s["waiting"]]
        for s in counted.filter(pk__in=ids).values("pk", "confirmed", "waiting")
    }
    overbooked = counted.filter(confirmed__gt=F("capacity")).count()
print(json.dumps({"sessions": sessions, "overbooked": overbooked}))
