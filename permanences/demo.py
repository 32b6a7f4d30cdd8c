"""Demo permanences: monthly sessions per Île-de-France département (eighteen months back, so
that the steering committee sees a year and a half of quarters, six ahead), faculty
information sessions (none in August), past ones held with registrants from the demo interns
and a pool of demo attendees, a realistic attendance and a spread of answers (not all
satisfied), and an upcoming one full with a waiting list. Idempotent: sessions are found by
their date and place, people by their address, and every draw is seeded by the session."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.demo import demo_email
from accounts.models import Membership, Role, User
from core.models import Departement

from .models import (
    Attendance,
    Booking,
    BookingStatus,
    SatisfactionResponse,
    Session,
    SessionKind,
    SessionMode,
    SessionStatus,
)

PARIS = ZoneInfo("Europe/Paris")
# Each département has its day: (INSEE code, weekday 0=Monday, in person?, place)
IDF_RHYTHM = [
    ("75", 1, False, ""),
    ("77", 3, True, "CPAM de Seine-et-Marne, Melun"),
    ("78", 0, False, ""),
    ("91", 1, True, "Délégation départementale de l'ARS, Évry-Courcouronnes"),
    ("92", 2, False, ""),
    ("93", 3, False, ""),
    ("94", 4, True, "CDOM du Val-de-Marne, Créteil"),
    ("95", 2, False, ""),
]
FACULTIES = [
    (
        "94",
        "Séance d'information — Université Paris-Est Créteil",
        "Faculté de santé, Créteil",
        "Université Paris-Est Créteil",
    ),
    (
        "91",
        "Séance d'information — Université Paris-Saclay",
        "Faculté de médecine, Le Kremlin-Bicêtre",
        "Université Paris-Saclay",
    ),
]
MONTHS_BACK = 18
SUMMER_BREAK = {"92", "95"}  # départements that held no permanence in a past August
# People who came to past permanences without a demo login (they cannot sign in).
ATTENDEES = 480
ATTENDEE_NAMES = [
    ("Camille", "Moreau"), ("Hugo", "Lefèvre"), ("Léa", "Girard"), ("Nathan", "Mercier"),
    ("Chloé", "Blanc"), ("Yanis", "Faure"), ("Manon", "Chevalier"), ("Karim", "Benali"),
    ("Sarah", "Garnier"), ("Julien", "Lambert"), ("Emma", "Fontaine"), ("Mehdi", "Rousseau"),
]  # fmt: skip
# Overall satisfaction out of 5 and its weight: most satisfied, some not (never 100 %).
SCORES = [(5, 44), (4, 36), (3, 11), (2, 6), (1, 3)]
HORIZONS = [("6m", 30), ("12m", 35), ("24m", 15), ("later", 10), ("unknown", 10)]


def _second_weekday(year, month, weekday):
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7)


def _months(today, before=MONTHS_BACK, after=6):
    for delta in range(-before, after + 1):
        year, month = divmod(today.month - 1 + delta, 12)
        yield today.year + year, month + 1


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def seed_permanences(tenant, interns):
    """Create the demo sessions and bookings; `interns` are demo users without a staff role."""
    today = timezone.localdate()
    now = timezone.now()
    hosts = [m.user for m in Membership.objects.filter(tenant=tenant, role=Role.HOST)]
    created = 0
    for year, month in _months(today):
        for code, weekday, in_person, place in IDF_RHYTHM:
            day = _second_weekday(year, month, weekday)
            if month == 8 and code in SUMMER_BREAK and day < today:
                continue  # no host found last August: a month without, for the steering figures
            session, was_created = Session.objects.get_or_create(
                tenant=tenant,
                departement=Departement.objects.get(insee_code=code),
                kind=SessionKind.INTERVIEW,
                starts_at=_at(day, 14),
                defaults={
                    "ends_at": _at(day, 17, 30),
                    "mode": SessionMode.BOTH if in_person else SessionMode.VIDEO,
                    "place": place,
                    "video_link": f"https://visio.demo.cap-installation.fr/permanence-{code}",
                    "capacity": 7,
                    "slot_minutes": 30,
                    "status": SessionStatus.HELD if day < today else SessionStatus.PUBLISHED,
                },
            )
            created += was_created
            if was_created:
                session.hosts.set(hosts)
        for code, title, place, faculty in FACULTIES:
            if month == 8:
                continue  # no information session in August: a month without, as in life
            day = _second_weekday(year, month, 3)
            Session.objects.get_or_create(
                tenant=tenant,
                departement=Departement.objects.get(insee_code=code),
                kind=SessionKind.INFORMATION,
                starts_at=_at(day, 12, 30),
                defaults={
                    "title": title,
                    "faculty": faculty,
                    "ends_at": _at(day, 13, 30),
                    "mode": SessionMode.IN_PERSON,
                    "place": place,
                    "capacity": 40,
                    "status": SessionStatus.HELD if day < today else SessionStatus.PUBLISHED,
                },
            )
    _book_past_sessions(tenant, interns, now)
    _fill_next_essonne_session(tenant, interns, now)
    return created


def _book(session, person, status, slot_index=None, **extra):
    booking = Booking.objects.filter(session=session, person=person).first()
    if booking is None:
        booking = Booking.objects.create(
            tenant=session.tenant,
            session=session,
            person=person,
            status=status,
            slot_index=slot_index,
            confirmed_at=session.starts_at - timedelta(days=10)
            if status == BookingStatus.CONFIRMED
            else None,
            topics=["aids", "steps"]
            if slot_index and slot_index % 2
            else ["place", "legal_status"],
            questions="Quelles aides pour une installation en zone d'intervention prioritaire ?"
            if slot_index == 0
            else "",
            **extra,
        )
    return booking


def attendee_pool():
    """The demo attendees without a login (unusable password), created once."""
    people = []
    for number in range(ATTENDEES):
        first, last = ATTENDEE_NAMES[number % len(ATTENDEE_NAMES)]
        user, created = User.objects.get_or_create(
            email=demo_email(f"participant{number:03d}"),
            defaults={"first_name": first, "last_name": f"{last} {number // 12 + 1}"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        people.append(user)
    return people


def _answer(booking, rng):
    overall = rng.choices([s for s, _w in SCORES], weights=[w for _s, w in SCORES])[0]
    SatisfactionResponse.objects.get_or_create(
        booking=booking,
        defaults={
            "tenant": booking.tenant,
            "overall": overall,
            "usefulness": max(1, min(5, overall + rng.choice([-1, 0, 0, 1]))),
            "would_recommend": overall >= 3 and rng.random() < 0.95,
            "intends_to_settle": rng.random() < 0.8,
            "horizon": rng.choices([h for h, _w in HORIZONS], [w for _h, w in HORIZONS])[0],
            "comment": rng.choice(
                ["", "", "Très utile pour comprendre les démarches.",
                 "J'aurais aimé plus de temps sur les aides de la CPAM.",
                 "Des réponses claires sur le zonage et le CDE."]
            ),
        },
    )  # fmt: skip


def _book_past_sessions(tenant, interns, now):
    """Each held permanence: 2 to 7 registrants (demo interns in the last six months, then the
    attendee pool, each coming once or twice), most present, three in four of them answering."""
    pool = attendee_pool()
    past = Session.objects.filter(
        tenant=tenant, kind=SessionKind.INTERVIEW, status=SessionStatus.HELD
    ).order_by("starts_at", "departement__insee_code")
    recent = now - timedelta(days=183)
    for number, session in enumerate(past):
        rng = random.Random(f"{session.departement_id}-{session.starts_at:%Y%m%d}")  # noqa: S311
        interns_here = interns[number % 5 : number % 5 + 2] if session.starts_at > recent else []
        others = [pool[(number * 4 + k) % len(pool)] for k in range(7)]
        people = (interns_here + others)[: rng.randint(2, 7)]
        for index, person in enumerate(people):
            draw = rng.random()
            attendance = (
                Attendance.ABSENT if draw < 0.1 else Attendance.EXCUSED if draw < 0.15
                else Attendance.PRESENT
            )  # fmt: skip
            booking = _book(session, person, BookingStatus.CONFIRMED, index, attendance=attendance)
            if attendance == Attendance.PRESENT and rng.random() < 0.75:
                _answer(booking, rng)


def _fill_next_essonne_session(tenant, interns, now):
    """The next permanence in Essonne is full, with two people waiting."""
    session = (
        Session.objects.filter(
            tenant=tenant,
            departement__insee_code="91",
            kind=SessionKind.INTERVIEW,
            status=SessionStatus.PUBLISHED,
            starts_at__gt=now,
        )
        .order_by("starts_at")
        .first()
    )
    if session is None:
        return
    for index, person in enumerate(interns[:7]):
        _book(session, person, BookingStatus.CONFIRMED, index)
    for person in interns[7:9]:
        _book(session, person, BookingStatus.WAITING)
