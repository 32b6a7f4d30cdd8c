from .bookings import Attendance, Booking, BookingStatus, Topic
from .sessions import Session, SessionKind, SessionMode, SessionStatus, SessionTemplate
from .survey import SatisfactionResponse

__all__ = [
    "Attendance",
    "Booking",
    "BookingStatus",
    "SatisfactionResponse",
    "Session",
    "SessionKind",
    "SessionMode",
    "SessionStatus",
    "SessionTemplate",
    "Topic",
]
