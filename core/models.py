"""The ground's models: the outbox (every message to a person, written in the same transaction
as its cause) and the territories (regions and départements, reference data for every tenant)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    # What the message would have said was no longer true when its turn came.
    DROPPED = "dropped", _("Devenu sans objet")
    FAILED = "failed", _("Échec après plusieurs essais")


class OutboxMessage(models.Model):
    """One message to send, once. `key` names its cause (a booking's confirmation, an
    invitation…): a second message for the same cause is never recorded, so a retried task or
    a repeated request cannot send twice. The relay (core.outbox.relay) renders it through the
    handler registered for `kind` and sends it; SMTP failures are retried with back-off, and
    after the last try the message stays FAILED, visible to the tenant's admins."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=60)
    payload = models.JSONField(default=dict, blank=True)
    # A plain id, not a foreign key: the ground knows no tenant model. Lets a tenant's admins
    # see and retry their own failed messages.
    tenant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(
        _("état"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(_("destinataires"), blank=True)
    subject = models.CharField(_("objet"), max_length=255, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message sortant")
        verbose_name_plural = _("messages sortants")
        indexes = [
            # The relay's question: what is pending and due, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="outbox_due",
            ),
        ]

    def __str__(self):
        return self.key


# Territories: France's regions and départements (INSEE codes), loaded by a data migration
# from core/territories_data.py (core.territories.load).


class Region(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Departement(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région")
    )
    # Départements sharing a border: where to look when a permanence is full.
    neighbours = models.ManyToManyField("self", blank=True, verbose_name=_("départements voisins"))

    class Meta:
        ordering = ["insee_code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.insee_code})"
