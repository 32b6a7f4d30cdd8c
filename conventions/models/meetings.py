"""Meetings of a convention (steering committee, follow-up meetings, technical groups) and the
decisions taken there."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .base import OwnedByParent
from .conventions import MeetingKind


class Meeting(OwnedByParent):
    parent_field = "convention"

    convention = models.ForeignKey(
        "conventions.Convention",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("instance"), max_length=20, choices=MeetingKind.choices)
    annex = models.ForeignKey(
        "conventions.Annex",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("fiche action concernée"),
    )
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu ou lien"), max_length=255, blank=True)
    attendees = models.ManyToManyField(
        "conventions.Partner",
        blank=True,
        related_name="meetings",
        verbose_name=_("partenaires présents ou invités"),
    )
    other_attendees = models.CharField(
        _("autres participants"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple « chargé(e) de mission »."),
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")

    def __str__(self):
        day = date_format(timezone.localtime(self.starts_at), "SHORT_DATE_FORMAT")
        return f"{self.get_kind_display()} — {day}"

    def clean(self):
        if self.annex_id and self.convention_id:
            self.check_same_tenant(annex=self.annex)


class Decision(OwnedByParent):
    """A decision taken in a meeting: what, who carries it, by when, done or not."""

    parent_field = "meeting"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("réunion")
    )
    text = models.TextField(_("décision"))
    owner_partner = models.ForeignKey(
        "conventions.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("porteur (partenaire)"),
    )
    owner_name = models.CharField(
        _("ou porteur (nom)"),
        max_length=200,
        blank=True,
        help_text=_("Une personne ou une équipe, si ce n'est pas un partenaire."),
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    done = models.BooleanField(_("faite"), default=False)

    class Meta:
        ordering = ["done", "due_date", "pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.owner_partner_id and self.meeting_id:
            self.check_same_tenant(owner_partner=self.owner_partner)

    @property
    def owner(self):
        names = [str(self.owner_partner) if self.owner_partner else "", self.owner_name]
        return " — ".join(name for name in names if name)
