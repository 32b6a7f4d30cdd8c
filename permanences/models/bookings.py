import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import TenantOwnedModel


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmée")
    WAITING = "waiting", _("En liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


ACTIVE_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.WAITING]


class Topic(models.TextChoices):
    PLACE = "place", _("Choix du lieu d'installation")
    LEGAL_STATUS = "legal_status", _("Statut juridique et mode d'exercice")
    STEPS = "steps", _("Démarches (Ordre, CPAM, URSSAF…)")
    AIDS = "aids", _("Aides à l'installation")
    TAXES = "taxes", _("Fiscalité et comptabilité")
    REPLACEMENT = "replacement", _("Remplacement")
    MSP = "msp", _("Exercice en MSP ou en centre de santé")
    PREMISES = "premises", _("Locaux et investissement immobilier")
    SUPERVISION = "supervision", _("Maîtrise de stage")
    OTHER = "other", _("Autre sujet")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Présent(e)")
    ABSENT = "absent", _("Absent(e)")
    EXCUSED = "excused", _("Excusé(e)")


class Booking(TenantOwnedModel):
    """A person's registration to a session: confirmed (with a slot), waiting, or cancelled."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        "permanences.Session", on_delete=models.CASCADE, related_name="bookings"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(_("statut"), max_length=20, choices=BookingStatus.choices)
    slot_index = models.PositiveSmallIntegerField(_("créneau"), null=True, blank=True)
    topics = models.JSONField(_("sujets à aborder"), default=list, blank=True)
    questions = models.TextField(_("vos questions"), blank=True)
    # Stable identity of the calendar event (RFC 5545 UID), and its version (SEQUENCE).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Le membre de l'équipe qui a inscrit la personne (inscription par téléphone)."),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    attendance = models.CharField(
        _("présence"), max_length=20, choices=Attendance.choices, blank=True
    )
    staff_notes = models.TextField(
        _("notes de l'équipe"),
        blank=True,
        help_text=_("Visibles seulement par l'équipe de l'espace, jamais par la personne."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="booking_one_active_per_person",
                violation_error_message=_("Vous êtes déjà inscrit(e) à cette permanence."),
            ),
            models.UniqueConstraint(
                fields=["session", "slot_index"],
                condition=Q(status=BookingStatus.CONFIRMED),
                name="booking_one_person_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(status=BookingStatus.CONFIRMED) | Q(slot_index__isnull=True),
                name="booking_slot_only_when_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self.person} — {self.session}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    def slot_bounds(self, held_slot=None):
        """The interview's start and end, or the session's when there is no slot. A cancelled
        booking has lost its slot: `held_slot` names the one it held (if the session still
        has it), so that messages about the cancellation give the interview's own times."""
        index = self.slot_index if self.slot_index is not None else held_slot
        if index is None or index >= self.session.slot_count:
            return self.session.starts_at, self.session.ends_at
        return self.session.slot_bounds(index)

    def topic_labels(self):
        return [Topic(value).label for value in self.topics if value in Topic.values]

    def waiting_position(self):
        """1 for the first in line; None when not waiting."""
        if self.status != BookingStatus.WAITING:
            return None
        known = getattr(self, "known_waiting_position", None)  # set by the booking service
        if known is not None:
            return known
        earlier = Booking._base_manager.filter(
            session_id=self.session_id, status=BookingStatus.WAITING
        ).filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.id))
        return earlier.count() + 1
