from datetime import time, timedelta

import factory
from django.utils import timezone

from core.models import Departement
from permanences.models import Booking, BookingStatus, Session, SessionKind, SessionStatus
from tests.accounts.factories import TenantFactory, UserFactory


def _departement(code="91"):
    return Departement.objects.get(insee_code=code)


class SessionFactory(factory.django.DjangoModelFactory):
    """A published interview session in ten days, 14:00–17:30 → 7 slots of 30 minutes."""

    class Meta:
        model = Session

    tenant = factory.SubFactory(TenantFactory)
    departement = factory.LazyFunction(_departement)
    kind = SessionKind.INTERVIEW
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(
            hour=13, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=3, minutes=30))
    capacity = 7
    slot_minutes = 30
    status = SessionStatus.PUBLISHED
    place = "Délégation départementale de l'ARS, Évry-Courcouronnes"
    video_link = "https://visio.example.org/permanence-91"


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    tenant = factory.SelfAttribute("session.tenant")
    person = factory.SubFactory(UserFactory)
    status = BookingStatus.CONFIRMED
    slot_index = factory.Sequence(lambda n: n % 7)
    confirmed_at = factory.LazyFunction(timezone.now)


def fill_session(session, count=None):
    """Confirm `count` people (default: every seat) on consecutive slots."""
    count = session.seats if count is None else count
    return [
        BookingFactory(session=session, slot_index=index if session.has_slots else None)
        for index in range(count)
    ]


class SessionTemplateFactory(factory.django.DjangoModelFactory):
    """A monthly rhythm: 2nd Tuesday, 14:00–17:30 in the Essonne, 7 interviews of 30 minutes."""

    class Meta:
        model = "permanences.SessionTemplate"

    tenant = factory.SubFactory(TenantFactory)
    departement = factory.LazyFunction(_departement)
    kind = SessionKind.INTERVIEW
    week_of_month = 2
    weekday = 1
    start_time = time(14, 0)
    end_time = time(17, 30)
    mode = "video"
    capacity = 7
    slot_minutes = 30
