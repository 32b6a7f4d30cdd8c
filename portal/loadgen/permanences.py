"""Sessions of every tenant over eighteen months (a sixth still to come), their bookings (7
confirmed at most on an interview, attendance recorded once held) and the questionnaires
answered afterwards."""

import uuid
from datetime import timedelta

from permanences.models import Booking, SatisfactionResponse, Session

from .bulk import copy_rows
from .people import shares

PAST_DAYS, FUTURE_DAYS = 450, 90
ATTENDANCE = ["present", "present", "present", "absent", "excused"]


def sessions(scale, tenants_made, anchor):
    """Returns the sessions written (dicts), by tenant id."""
    counts = shares(scale.sessions, [len(deps) for _t, deps, _s in tenants_made])
    start_day = anchor.replace(hour=14, minute=0, second=0, microsecond=0)
    made = {}
    for (tenant, departements, _staff), count in zip(tenants_made, counts, strict=True):
        rows = []
        for n in range(count):
            starts = start_day + timedelta(days=-PAST_DAYS + (PAST_DAYS + FUTURE_DAYS) * n // count)
            information = n % 10 == 9
            rows.append({
                "tenant_id": tenant.pk, "departement_id": departements[n % len(departements)].pk,
                "kind": "information" if information else "interview",
                "faculty": "Faculté" if information else "", "starts_at": starts,
                "ends_at": starts + timedelta(hours=3, minutes=30), "mode": "video",
                "video_link": "https://visio.example.org/permanence",
                "capacity": 30 if information else 7, "slot_minutes": None if information else 30,
                "status": "held" if starts < anchor else "published",
                "created_at": starts - timedelta(days=60),
            })  # fmt: skip
        made[tenant.pk] = copy_rows(Session, rows, now=anchor)
    return made


def bookings(scale, sessions_by_tenant, people_by_tenant, rng, anchor):
    """`scale.bookings` confirmed bookings filling the interview sessions in turn; returns them."""
    tenant_ids = list(sessions_by_tenant)
    counts = shares(scale.bookings, [len(sessions_by_tenant[t]) for t in tenant_ids])
    rows = []
    for tenant_id, count in zip(tenant_ids, counts, strict=True):
        interviews = [s for s in sessions_by_tenant[tenant_id] if s["kind"] == "interview"]
        people = people_by_tenant.get(tenant_id, [])
        for session in interviews:
            places = min(session["capacity"], count, len(people))
            if places <= 0:
                break
            count -= places
            held = session["starts_at"] < anchor
            for slot, person in enumerate(rng.sample(people, places)):
                booked = session["starts_at"] - timedelta(days=rng.randrange(1, 40))
                rows.append({
                    "tenant_id": tenant_id, "session_id": session["id"], "person_id": person,
                    "status": "confirmed", "slot_index": slot,
                    "uid": uuid.UUID(int=rng.getrandbits(128)),
                    "created_at": booked, "confirmed_at": booked,
                    "attendance": rng.choice(ATTENDANCE) if held else "",
                })  # fmt: skip
    return copy_rows(Booking, rows, now=anchor)


def answers(scale, bookings_made, rng, anchor):
    """`scale.answers` questionnaires, from people present at a held session."""
    present = [b for b in bookings_made if b["attendance"] == "present"]
    chosen = rng.sample(present, min(scale.answers, len(present)))
    rows = [{
        "tenant_id": b["tenant_id"], "booking_id": b["id"],
        "overall": rng.choice([5, 5, 4, 4, 3, 2]), "usefulness": rng.choice([5, 4, 4, 3]),
        "would_recommend": rng.random() < 0.9, "intends_to_settle": rng.random() < 0.7,
        "horizon": rng.choice(["6m", "12m", "24m"]),
        "answered_at": min(b["created_at"] + timedelta(days=45), anchor),
    } for b in chosen]  # fmt: skip
    return len(copy_rows(SatisfactionResponse, rows, now=anchor))
