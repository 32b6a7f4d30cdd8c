"""Demo permanences: a year of monthly sessions per Île-de-France département (six months back,
six ahead), faculty information sessions, past ones held with attendance and answers, and an
upcoming one full with a waiting list. Idempotent: sessions are found by their date and place."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Membership, Role
from portal.models import Departement

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
    ("94", "Séance d'information — Université Paris-Est Créteil", "Faculté de santé, Créteil"),
    (
        "91",
        "Séance d'information — Université Paris-Saclay",
        "Faculté de médecine, Le Kremlin-Bicêtre",
    ),
]


def _second_weekday(year, month, weekday):
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7)


def _months(today, before=6, after=6):
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
        for code, title, place in FACULTIES:
            day = _second_weekday(year, month, 3)
            Session.objects.get_or_create(
                tenant=tenant,
                departement=Departement.objects.get(insee_code=code),
                kind=SessionKind.INFORMATION,
                starts_at=_at(day, 12, 30),
                defaults={
                    "title": title,
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


def _book_past_sessions(tenant, interns, now):
    past = Session.objects.filter(
        tenant=tenant, kind=SessionKind.INTERVIEW, status=SessionStatus.HELD
    ).order_by("starts_at")
    for number, session in enumerate(past):
        people = interns[number % 5 : number % 5 + 4 + number % 4]
        for index, person in enumerate(people):
            attendance = Attendance.ABSENT if index == 3 else Attendance.PRESENT
            booking = _book(session, person, BookingStatus.CONFIRMED, index, attendance=attendance)
            if attendance == Attendance.PRESENT and index % 2 == 0:
                SatisfactionResponse.objects.get_or_create(
                    booking=booking,
                    defaults={
                        "tenant": tenant,
                        "overall": 5 if index == 0 else 4,
                        "usefulness": 4 + (number % 2),
                        "would_recommend": True,
                        "intends_to_settle": index != 2,
                        "horizon": "12m" if index == 0 else "24m",
                        "comment": "Très utile pour comprendre les démarches."
                        if index == 0
                        else "",
                    },
                )


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
