"""The Resources of the exports (dossiers, interactions), read row by row over an iterator."""

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from ..models import Dossier, Interaction
from .importing import PERSON_COLUMNS
from .widgets import FrenchDateWidget

# Export resources


def _person_name(user):
    return (user.get_full_name() or user.email) if user else ""


def _local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


class DossierExportResource(resources.ModelResource):
    id = Field("id", "n° de dossier")
    last_name = Field("last_name", "nom")
    first_name = Field("first_name", "prénom")
    email = Field("email", "e-mail")
    phone = Field("phone", "téléphone")
    rpps = Field("rpps", "RPPS")
    specialty = Field("specialty", "spécialité")
    diploma_year = Field("diploma_year", "année de diplôme")
    faculty = Field("faculty", "faculté")
    stage = Field("stage", "étape")
    closed_reason = Field("closed_reason", "motif de clôture")
    source = Field("source", "origine")
    departement = Field("target_departement", "département visé")
    commune = Field("target_commune", "commune visée")
    practice_mode = Field("practice_mode", "mode d'exercice")
    zone_type = Field("zone_type", "zonage")
    tags = Field("tags", "étiquettes")
    assigned_to = Field("assigned_to", "chargé(e) de mission")
    next_action = Field("next_action", "prochaine action")
    next_action_on = Field("next_action_on", "à faire le", FrenchDateWidget())
    do_not_call = Field("do_not_call", "ne pas appeler")
    created_at = Field("created_at", "créé le")
    updated_at = Field("updated_at", "modifié le")

    class Meta:
        model = Dossier
        fields = (
            "id",
            *PERSON_COLUMNS,
            "stage",
            "closed_reason",
            "source",
            "departement",
            "commune",
            "practice_mode",
            "zone_type",
            "tags",
            "assigned_to",
            "next_action",
            "next_action_on",
            "do_not_call",
            "created_at",
            "updated_at",
        )

    def dehydrate_specialty(self, dossier):
        return dossier.get_specialty_display() if dossier.specialty else ""

    def dehydrate_stage(self, dossier):
        return dossier.get_stage_display()

    def dehydrate_closed_reason(self, dossier):
        return dossier.get_closed_reason_display() if dossier.closed_reason else ""

    def dehydrate_source(self, dossier):
        return dossier.get_source_display() if dossier.source else ""

    def dehydrate_departement(self, dossier):
        return str(dossier.target_departement) if dossier.target_departement_id else ""

    def dehydrate_practice_mode(self, dossier):
        return dossier.get_practice_mode_display() if dossier.practice_mode else ""

    def dehydrate_zone_type(self, dossier):
        return dossier.get_zone_type_display() if dossier.zone_type else ""

    def dehydrate_tags(self, dossier):
        return ", ".join(str(tag) for tag in dossier.tags or [])

    def dehydrate_assigned_to(self, dossier):
        return _person_name(dossier.assigned_to)

    def dehydrate_do_not_call(self, dossier):
        return _("oui") if dossier.do_not_call else ""

    def dehydrate_created_at(self, dossier):
        return _local(dossier.created_at)

    def dehydrate_updated_at(self, dossier):
        return _local(dossier.updated_at)


class InteractionExportResource(resources.ModelResource):
    dossier_id = Field("dossier_id", "n° de dossier")
    person = Field(None, "personne")
    kind = Field("kind", "type")
    occurred_at = Field("occurred_at", "date")
    author = Field("author", "auteur")
    outcome = Field("outcome", "résultat")
    call_back_at = Field("call_back_at", "rappeler le")
    campaign = Field("campaign", "campagne")
    shareable = Field("shareable", "visible par la personne")
    text = Field("text", "compte rendu")

    class Meta:
        model = Interaction
        fields = (
            "dossier_id",
            "person",
            "kind",
            "occurred_at",
            "author",
            "outcome",
            "call_back_at",
            "campaign",
            "shareable",
            "text",
        )

    def dehydrate_person(self, interaction):
        return interaction.dossier.display_name

    def dehydrate_kind(self, interaction):
        return interaction.get_kind_display()

    def dehydrate_occurred_at(self, interaction):
        return _local(interaction.occurred_at)

    def dehydrate_author(self, interaction):
        return _person_name(interaction.author)

    def dehydrate_outcome(self, interaction):
        return interaction.get_outcome_display() if interaction.outcome else ""

    def dehydrate_call_back_at(self, interaction):
        return _local(interaction.call_back_at)

    def dehydrate_campaign(self, interaction):
        return interaction.campaign.name if interaction.campaign_id else ""

    def dehydrate_shareable(self, interaction):
        return _("oui") if interaction.shareable else _("non")
