from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.tenancy import TenantOwnedModel, TenantQuerySet, tenant_scoped_manager

# Annex 2 of the ARS/URPS protocol: at most 7 registrants per installation-help session.
INTERVIEW_MAX_CAPACITY = 7


def faculty_field():
    """Where an information session takes place: the same field on a monthly rhythm and on the
    sessions it generates."""
    return models.CharField(
        _("faculté"),
        max_length=120,
        blank=True,
        help_text=_(
            "Pour une séance d'information : la faculté qui l'accueille (la convention en "
            "demande au moins une par mois dans chaque faculté)."
        ),
    )


class SessionKind(models.TextChoices):
    INTERVIEW = "interview", _("Permanence d'aide à l'installation (entretiens individuels)")
    INFORMATION = "information", _("Séance d'information en faculté")


class SessionMode(models.TextChoices):
    VIDEO = "video", _("En visioconférence")
    IN_PERSON = "in_person", _("En présentiel")
    BOTH = "both", _("En présentiel ou en visioconférence")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    CANCELLED = "cancelled", _("Annulée")
    HELD = "held", _("Tenue")


class SessionTemplate(TenantOwnedModel):
    """A monthly rhythm per département, e.g. "2nd Tuesday, 14:00–17:30", that generates sessions."""

    tenant = models.ForeignKey(
        "accounts.Tenant", on_delete=models.CASCADE, related_name="session_templates"
    )
    departement = models.ForeignKey(
        "core.Departement", on_delete=models.PROTECT, verbose_name=_("département")
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=SessionKind.choices, default=SessionKind.INTERVIEW
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("semaine du mois"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 à 4 pour « 1er … 4e », 5 pour « dernier »."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("jour de la semaine"),
        choices=[
            (0, _("lundi")),
            (1, _("mardi")),
            (2, _("mercredi")),
            (3, _("jeudi")),
            (4, _("vendredi")),
        ],
    )
    start_time = models.TimeField(_("heure de début"))
    end_time = models.TimeField(_("heure de fin"))
    mode = models.CharField(_("modalité"), max_length=20, choices=SessionMode.choices)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    faculty = faculty_field()
    capacity = models.PositiveSmallIntegerField(
        _("nombre de places"), default=INTERVIEW_MAX_CAPACITY
    )
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'un entretien (minutes)"), default=30)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("rythme mensuel")
        verbose_name_plural = _("rythmes mensuels")

    def __str__(self):
        return f"{self.departement} — {self.get_weekday_display()} ({self.week_of_month})"


class SessionQuerySet(TenantQuerySet):
    def published(self):
        return self.filter(status=SessionStatus.PUBLISHED)

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def taken_place(self, now=None):
        """Sessions that have started and were not cancelled: held, or still to be closed."""
        return self.filter(
            status__in=[SessionStatus.PUBLISHED, SessionStatus.HELD],
            starts_at__lte=now or timezone.now(),
        )

    def reachable_by_host(self, user, now=None):
        """The sessions a host works on: those they host, and every session that took place
        in a département where they host (whoever hosted it, attendance marked or not), so
        that a host can record a colleague's session afterwards."""
        departements = self.model.objects.filter(hosts=user).values("departement_id")
        return self.filter(
            Q(hosts=user)
            | Q(
                pk__in=self.model.objects.taken_place(now)
                .filter(departement_id__in=departements)
                .values("pk")
            )
        ).distinct()

    def with_counts(self):
        """Annotate confirmed and waiting counts in the same query (no N+1 on lists)."""
        from .bookings import BookingStatus

        return self.annotate(
            confirmed_count=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
            waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        )


class Session(TenantOwnedModel):
    """One permanence (or faculty information session) on a date, in a département."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="sessions")
    departement = models.ForeignKey(
        "core.Departement", on_delete=models.PROTECT, verbose_name=_("département")
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=SessionKind.choices, default=SessionKind.INTERVIEW
    )
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    mode = models.CharField(
        _("modalité"), max_length=20, choices=SessionMode.choices, default=SessionMode.VIDEO
    )
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    faculty = faculty_field()
    video_link = models.URLField(
        _("lien de visioconférence"),
        blank=True,
        help_text=_("Montré uniquement aux personnes dont l'inscription est confirmée."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("nombre de places"), default=INTERVIEW_MAX_CAPACITY
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("durée d'un entretien (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(45)],
        help_text=_("De 30 à 45 minutes ; vide pour une séance d'information collective."),
    )
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("hôtes"),
    )
    template = models.ForeignKey(
        SessionTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    # Bumped when staff move or change the session, so calendar clients update the event.
    revision = models.PositiveIntegerField(default=0)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = tenant_scoped_manager(SessionQuerySet)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=SessionKind.INTERVIEW) | Q(capacity__lte=INTERVIEW_MAX_CAPACITY),
                name="session_interview_at_most_7",
                violation_error_message=_(
                    "Une permanence d'aide à l'installation accueille au plus 7 personnes."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("La fin doit être après le début."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["tenant", "status", "starts_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        when = date_format(local, "SHORT_DATETIME_FORMAT")
        return f"{self.title or self.get_kind_display()} — {self.departement.name}, {when}"

    def clean(self):
        if self.kind == SessionKind.INTERVIEW and not self.slot_minutes:
            raise ValidationError(
                {
                    "slot_minutes": _(
                        "Une permanence d'entretiens a des créneaux de 30 à 45 minutes."
                    )
                }
            )
        too_short = (
            self.starts_at
            and self.ends_at
            and self.kind == SessionKind.INTERVIEW
            and self.slot_minutes
            and self.slot_count < self.capacity
        )
        if too_short:
            raise ValidationError(
                ngettext(
                    "La durée ne permet que %(slots)d créneau de %(minutes)d minutes "
                    "pour %(capacity)d places.",
                    "La durée ne permet que %(slots)d créneaux de %(minutes)d minutes "
                    "pour %(capacity)d places.",
                    self.slot_count,
                )
                % {
                    "slots": self.slot_count,
                    "minutes": self.slot_minutes,
                    "capacity": self.capacity,
                }
            )

    @property
    def has_slots(self):
        return self.kind == SessionKind.INTERVIEW and bool(self.slot_minutes)

    @property
    def slot_count(self):
        if not self.has_slots:
            return 0
        return int((self.ends_at - self.starts_at) / timedelta(minutes=self.slot_minutes))

    @property
    def seats(self):
        """Places that can be confirmed: the capacity, bounded by the slots of the half-day."""
        return min(self.capacity, self.slot_count) if self.has_slots else self.capacity

    def slot_bounds(self, index):
        start = self.starts_at + timedelta(minutes=self.slot_minutes * index)
        return start, start + timedelta(minutes=self.slot_minutes)

    def slots(self):
        return [(index, *self.slot_bounds(index)) for index in range(self.slot_count)]

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        if self.status != SessionStatus.PUBLISHED or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)
