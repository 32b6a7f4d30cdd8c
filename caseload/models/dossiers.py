from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import PracticeMode, Specialty
from accounts.tenancy import TenantOwnedModel, TenantQuerySet, tenant_scoped_manager


class Stage(models.TextChoices):
    TO_CONTACT = "to_contact", _("À contacter")
    CONTACTED = "contacted", _("Contacté(e)")
    MATURING = "maturing", _("Projet en maturation")
    DEFINED = "defined", _("Projet défini")
    UNDER_WAY = "under_way", _("Installation en cours")
    INSTALLED = "installed", _("Installé(e)")
    # Set when the last touchpoint of the 12-month follow-up is done (installed until then).
    FOLLOWED = "followed", _("Suivi des 12 mois effectué")
    CLOSED = "closed", _("Clos")


class ClosedReason(models.TextChoices):
    SETTLED_ELSEWHERE = "settled_elsewhere", _("Installé(e) ailleurs")
    NOT_INTERESTED = "not_interested", _("Pas intéressé(e)")
    LOST_CONTACT = "lost_contact", _("Contact perdu")
    FOLLOW_UP_DONE = "follow_up_done", _("Suivi terminé")
    OTHER = "other", _("Autre")


class Source(models.TextChoices):
    CALL_CAMPAIGN = "call_campaign", _("Campagne d'appels")
    PERMANENCE = "permanence", _("Permanence")
    FACULTY_EVENT = "faculty_event", _("Événement en faculté")
    CDOM = "cdom", _("Inscription au CDOM")
    SELF_REGISTRATION = "self_registration", _("Inscription sur le portail")


class ZoneType(models.TextChoices):
    ZIP = "zip", _("Zone d'intervention prioritaire (ZIP)")
    ZAC = "zac", _("Zone d'action complémentaire (ZAC)")
    OUTSIDE = "outside", _("Hors zonage")


class LinkMethod(models.TextChoices):
    """How a dossier came to be linked to an account: only some of these prove it is theirs."""

    EMAIL = "email", _("Adresse e-mail vérifiée")
    CONFIRMED = "confirmed", _("Confirmé par l'équipe de l'espace")
    OPENED = "opened", _("Ouvert à partir du compte de la personne")
    # Linked by an earlier version of the portal on an RPPS number and a last name, both typed
    # by the account holder and both public: kept for review, never treated as proof.
    UNVERIFIED_RPPS = "rpps", _("Numéro RPPS, non vérifié")


# The links that prove the account holder is the dossier's person (export, erasure).
PROVEN_LINKS = (LinkMethod.EMAIL, LinkMethod.CONFIRMED, LinkMethod.OPENED)


class DossierQuerySet(TenantQuerySet):
    def open(self):
        return self.exclude(stage=Stage.CLOSED)

    def assigned_to(self, user):
        return self.filter(assigned_to=user)


class Dossier(TenantOwnedModel):
    """One person followed by one tenant, from first contact to 12 months after installation.

    A person may not have an account yet (an imported contact): their identity is then held
    here, and the dossier is linked to their account when they verify the same e-mail address,
    or when a case manager confirms a suggested match (see caseload.linking).
    """

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("compte"),
    )
    link_method = models.CharField(
        _("rattachement au compte"), max_length=12, choices=LinkMethod.choices, blank=True
    )
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    rpps = models.CharField(_("numéro RPPS"), max_length=11, blank=True)
    specialty = models.CharField(
        _("spécialité"), max_length=40, choices=Specialty.choices, blank=True
    )
    diploma_year = models.PositiveSmallIntegerField(_("année du diplôme"), null=True, blank=True)
    faculty = models.CharField(_("faculté"), max_length=120, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("chargé(e) de mission"),
    )
    stage = models.CharField(
        _("étape"), max_length=20, choices=Stage.choices, default=Stage.TO_CONTACT, db_index=True
    )
    closed_reason = models.CharField(
        _("motif de clôture"), max_length=30, choices=ClosedReason.choices, blank=True
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    source = models.CharField(_("origine"), max_length=30, choices=Source.choices, blank=True)
    target_departement = models.ForeignKey(
        "core.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("département visé"),
    )
    target_commune = models.CharField(_("commune visée"), max_length=120, blank=True)
    practice_mode = models.CharField(
        _("mode d'exercice"), max_length=20, choices=PracticeMode.choices, blank=True
    )
    zone_type = models.CharField(_("zonage"), max_length=10, choices=ZoneType.choices, blank=True)
    tags = models.JSONField(_("étiquettes"), default=list, blank=True)
    next_action = models.CharField(_("prochaine action"), max_length=255, blank=True)
    next_action_on = models.DateField(_("à faire le"), null=True, blank=True, db_index=True)
    do_not_call = models.BooleanField(_("ne pas appeler"), default=False)
    # Optimistic concurrency: a save says which version it edited; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = tenant_scoped_manager(DossierQuerySet)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "person"],
                condition=Q(person__isnull=False),
                name="dossier_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["tenant", "email"], condition=~Q(email=""), name="dossier_unique_email"
            ),
            models.UniqueConstraint(
                fields=["tenant", "rpps"], condition=~Q(rpps=""), name="dossier_unique_rpps"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "assigned_to", "stage"]),
            # A case manager's actions due today or late (the home's first list).
            models.Index(
                fields=["tenant", "assigned_to", "next_action_on"], name="dossier_actions_due"
            ),
            # The list's order (Meta.ordering), so that any page of 100,000 dossiers is read
            # from the index instead of sorting them all.
            models.Index(
                fields=["tenant", "last_name", "first_name", "id"], name="dossier_list_order"
            ),
            # A case manager's own list (the home's default filter) in the same order: a page,
            # first or last, reads its 25 rows and no other case manager's.
            models.Index(
                fields=["tenant", "assigned_to", "last_name", "first_name", "id"],
                name="dossier_list_by_manager",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email or str(_("Dossier anonymisé"))


class AssignmentChange(TenantOwnedModel):
    """Who followed the dossier, and when it was handed over."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assignments")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.dossier}: {self.from_user} → {self.to_user}"


class StageChange(TenantOwnedModel):
    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.CharField(max_length=30, choices=ClosedReason.choices, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.dossier}: {self.from_stage} → {self.to_stage}"
