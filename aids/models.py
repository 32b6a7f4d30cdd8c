"""The national aids catalogue: what each territory offers young doctors, and the faculties'
training capacity. Reference data, shared by every tenant (no tenant key): the source is the
*Atlas de l'attractivité médicale des départements, 2019 vs 2022* imported by
``manage.py import_atlas`` (see ``aids/atlas.py``).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import fold


class AidCategory(models.TextChoices):
    """The atlas's 12 categories, in its column order."""

    STAGE_FINANCIAL_AID = "stage_financial_aid", _("Aides financières aux internes en stage")
    INTERN_WELCOME = "intern_welcome", _("Accueil des internes en stage")
    PERSONALISED_SUPPORT = "personalised_support", _("Accompagnement personnalisé à l'installation")
    INSTALLATION_FINANCIAL_AID = "installation_financial_aid", _("Aide financière à l'installation")
    STUDY_GRANT = "study_grant", _("Bourse d'études contre installation")
    MSP_SUPPORT = "msp_support", _("Soutien aux MSP")
    INTERN_HOUSING = "intern_housing", _("Logement pour les internes")
    MSU_TRAINING = "msu_training", _("Aide à la formation des MSU")
    SPOUSE_EMPLOYMENT = "spouse_employment", _("Aide à l'emploi du conjoint")
    SALARIED_DOCTORS = "salaried_doctors", _("Développement du salariat")
    TERRITORY_PROMOTION = "territory_promotion", _("Promotion du territoire")
    PMI_INTERNSHIPS = "pmi_internships", _("Accueil des internes en PMI")


# An aid of the atlas's département pages whose title fits none of the 12 categories.
OTHER_CATEGORY_LABEL = _("Autres actions")
CATEGORY_ORDER = {value: index for index, value in enumerate(AidCategory.values)}


class AidOrigin(models.TextChoices):
    """Where a row comes from: the importer owns the atlas rows, people own the manual ones."""

    ATLAS_MATRIX = "atlas_matrix", _("Atlas 2022 — tableau résumé")
    ATLAS_PAGES = "atlas_pages", _("Atlas 2019 et 2022 — pages des départements")
    MANUAL = "manual", _("Saisie manuelle")


class AidMeasureQuerySet(models.QuerySet):
    def for_departement(self, departement):
        """The aids of a département, and those of its region that are not tied to one."""
        return self.filter(
            Q(departement=departement) | Q(departement__isnull=True, region=departement.region_id)
        )

    def for_region(self, region):
        return self.filter(Q(departement__region=region) | Q(region=region))

    def in_display_order(self):
        return self.order_by("departement__insee_code", "category", "-year", "title", "pk")


class AidMeasure(models.Model):
    """One aid a territory offers: a cell of the atlas's 2022 matrix, a bullet of a
    département's page, or a measure typed in the admin."""

    departement = models.ForeignKey(
        "core.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aids",
        verbose_name=_("département"),
    )
    # Only for an aid of a whole region; a département's aid leaves it empty (its region is
    # the département's).
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aids",
        verbose_name=_("région"),
    )
    # The territory as the source names it when it is not exactly the département (e.g.
    # "Métropole de Lyon", attached to 69 Rhône).
    area_label = models.CharField(_("territoire cité par la source"), max_length=120, blank=True)
    category = models.CharField(
        _("catégorie"),
        max_length=40,
        choices=AidCategory.choices,
        blank=True,
        help_text=_("Vide : une action qui n'entre dans aucune des 12 catégories de l'atlas."),
    )
    title = models.TextField(_("intitulé"))
    details = models.TextField(_("détails"), blank=True)
    amount = models.CharField(_("montant"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    year = models.PositiveSmallIntegerField(_("année"))
    source = models.CharField(_("source"), max_length=200)
    # Plain text, not a conventions.Partner: partners belong to one tenant, the catalogue is
    # national.
    offered_by = models.CharField(
        _("proposée par"), max_length=200, default="Conseil départemental"
    )
    origin = models.CharField(
        _("origine"), max_length=20, choices=AidOrigin.choices, default=AidOrigin.MANUAL
    )
    # The natural key of an imported row, stable from one import to the next (see
    # aids/atlas.py); empty for a manual entry.
    import_key = models.CharField(_("clé d'import"), max_length=100, blank=True, editable=False)
    # What the search reads, folded (core.text.fold: no case, no accents) so that "ardeche"
    # finds "Ardèche" the same way on PostgreSQL and SQLite. Kept by save() and the atlas
    # import (fill_search_text); migration 0004 filled the rows already there.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AidMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "category", "pk"]
        verbose_name = _("aide")
        verbose_name_plural = _("aides")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "import_key"],
                condition=~Q(import_key=""),
                name="aidmeasure_unique_import_key",
            ),
            models.CheckConstraint(
                condition=Q(departement__isnull=False) | Q(region__isnull=False),
                name="aidmeasure_has_territory",
                violation_error_message=_("Une aide appartient à un département ou à une région."),
            ),
        ]
        indexes = [models.Index(fields=["category", "year"], name="aidmeasure_category_year")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("aids:detail", kwargs={"pk": self.pk})

    def fill_search_text(self, territory_names=None):
        """Fold what the search reads: title, details, amount, the territory's names.
        `territory_names` ({("departement"|"region", id): name}) spares a query per row
        when many are written at once."""
        names = territory_names or {}
        territories = [
            names.get(("departement", self.departement_id))
            or (self.departement.name if self.departement_id else ""),
            names.get(("region", self.region_id)) or (self.region.name if self.region_id else ""),
        ]
        parts = [self.title, self.details, self.amount, self.area_label, *territories]
        self.search_text = fold(" ".join(part for part in parts if part))

    @property
    def category_label(self):
        return self.get_category_display() if self.category else OTHER_CATEGORY_LABEL

    @property
    def territory(self):
        return self.departement or self.region

    @property
    def detail_lines(self):
        """The details as printed lines (the atlas extract joins source lines with " | ")."""
        return [line.strip() for line in self.details.split(" | ") if line.strip()]


class SurveyStatus(models.TextChoices):
    NO_ANSWER = "no_answer", _("n'a pas répondu à l'enquête de l'atlas")
    NO_AID = "no_aid", _("n'avait pas mis d'aide en place")
    EMPTY_SECTION = "empty_section", _("a une section des aides vide dans l'atlas")


class SurveyResponse(models.Model):
    """What the atlas says of a département that lists no aid for a year: it did not answer,
    had no aid in place, or its section is empty in the source. Keeps "no aid found" apart from
    "nobody asked"."""

    departement = models.ForeignKey(
        "core.Departement",
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("département"),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    status = models.CharField(_("réponse"), max_length=20, choices=SurveyStatus.choices)
    # The territory as the atlas names it when it answers for several départements at once.
    area_label = models.CharField(_("territoire cité par la source"), max_length=120, blank=True)
    note = models.TextField(_("précision de la source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["departement__insee_code", "year"]
        verbose_name = _("réponse à l'enquête de l'atlas")
        verbose_name_plural = _("réponses à l'enquête de l'atlas")
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "year"], name="surveyresponse_unique_year"
            )
        ]

    def __str__(self):
        return f"{self.departement} {self.year} : {self.get_status_display()}"


class TrainingCapacity(models.Model):
    """How many interns a faculty could train, by discipline (atlas, 2018 and 2022). Empty
    where the atlas gives no figure."""

    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        related_name="training_capacities",
        verbose_name=_("région"),
    )
    faculty = models.CharField(_("faculté"), max_length=120)
    year = models.PositiveSmallIntegerField(_("année"))
    surgery = models.PositiveSmallIntegerField(_("chirurgie"), null=True, blank=True)
    medical_specialties = models.PositiveSmallIntegerField(
        _("spécialités médicales"),
        null=True,
        blank=True,
        help_text=_("Médecine générale comprise."),
    )
    general_medicine = models.PositiveSmallIntegerField(
        _("dont médecine générale"), null=True, blank=True
    )
    medical_biology = models.PositiveSmallIntegerField(
        _("biologie médicale"), null=True, blank=True
    )
    emergency = models.PositiveSmallIntegerField(_("médecine d'urgence"), null=True, blank=True)
    anaesthesia = models.PositiveSmallIntegerField(
        _("anesthésie-réanimation"), null=True, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        default="Atlas de l'attractivité médicale des départements, 2019 vs 2022",
    )
    updated_at = models.DateTimeField(auto_now=True)

    COUNT_FIELDS = (
        "surgery",
        "medical_specialties",
        "general_medicine",
        "medical_biology",
        "emergency",
        "anaesthesia",
    )

    class Meta:
        ordering = ["region__name", "faculty", "year"]
        verbose_name = _("capacité de formation")
        verbose_name_plural = _("capacités de formation")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "faculty", "year"], name="trainingcapacity_unique_year"
            )
        ]

    def __str__(self):
        return f"{self.faculty} {self.year}"
