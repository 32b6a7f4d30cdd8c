"""What a convention schedules: the meetings it requires at a rhythm (GovernanceCadence) and
its milestones (Milestone), with what is due when."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import OwnedByParent
from .conventions import Convention, MeetingKind, add_months


class GovernanceCadence(OwnedByParent):
    """A meeting the convention requires at a rhythm, e.g. a steering committee every 12 months."""

    parent_field = "convention"

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="cadences", verbose_name=_("convention")
    )
    meeting_kind = models.CharField(_("instance"), max_length=20, choices=MeetingKind.choices)
    every_months = models.PositiveSmallIntegerField(
        _("au moins tous les … mois"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    description = models.CharField(
        _("précisions"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple « CDOM / ARS / chargé(e) de mission »."),
    )

    class Meta:
        ordering = ["every_months", "meeting_kind"]
        verbose_name = _("rythme de réunion")
        verbose_name_plural = _("rythmes de réunion")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "meeting_kind"], name="cadence_unique_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_meeting_kind_display()} / {self.every_months}"

    def follow_up(self, meetings, now):
        """Last meeting held, next one planned and the day the next one is due by, from the
        convention's meetings (any order)."""
        own = sorted(
            (m for m in meetings if m.kind == self.meeting_kind), key=lambda m: m.starts_at
        )
        held = [m for m in own if m.starts_at <= now]
        planned = [m for m in own if m.starts_at > now]
        last = held[-1] if held else None
        if last is not None:
            due_by = add_months(last.starts_at.date(), self.every_months)
        else:
            start = self.convention.term_start
            due_by = add_months(start, self.every_months) if start else None
        return {
            "cadence": self,
            "last": last,
            "next": planned[0] if planned else None,
            "due_by": due_by,
            "missing": not planned and due_by is not None and due_by < now.date(),
        }


class Milestone(OwnedByParent):
    """Something due at a date, or a number of months after the convention's start."""

    parent_field = "convention"

    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("convention"),
    )
    label = models.CharField(_("intitulé"), max_length=255)
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    months_after_start = models.PositiveSmallIntegerField(
        _("ou : mois après le début"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(240)],
        help_text=_("Par exemple 15 pour « évaluation à 15 mois »."),
    )
    done = models.BooleanField(_("fait"), default=False)

    class Meta:
        ordering = ["due_date", "months_after_start", "pk"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")

    def __str__(self):
        return self.label

    def clean(self):
        if self.due_date and self.months_after_start is not None:
            raise ValidationError(
                {
                    "months_after_start": _(
                        "Indiquez une échéance ou un nombre de mois, pas les deux."
                    )
                }
            )
        if not self.due_date and self.months_after_start is None:
            raise ValidationError(
                {"due_date": _("Indiquez une échéance, ou un nombre de mois après le début.")}
            )

    @property
    def due_on(self):
        """Its date: the one given, or counted from the convention's start (None if unknown)."""
        if self.due_date:
            return self.due_date
        if self.months_after_start is not None:
            return self.convention.months_after_start(self.months_after_start)
        return None

    def is_late(self, today):
        return not self.done and self.due_on is not None and self.due_on < today
