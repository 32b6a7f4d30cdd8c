"""The evaluation's part of the tenants' audit trail (core.audit): who changed an indicator's
definition, entered a value or changed an item of the evaluation grid. Entries name the
convention (and annex) concerned; the convention references are the conventions app's.
Imported by EvaluationConfig.ready()."""

from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _

from core import audit

from .models import EnteredValue, EvaluationItem, EvaluationSettings, Indicator

CATEGORY = "evaluation"
CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE

audit.category(CATEGORY, _("Évaluation"))


def _indicator_refs(indicator_id):
    row = Indicator._base_manager.filter(pk=indicator_id).values("convention", "annex").first()
    return {key: value for key, value in (row or {}).items() if value}


REFS = {
    Indicator: lambda row: {"convention": row.convention_id, "annex": row.annex_id},
    EnteredValue: lambda row: _indicator_refs(row.indicator_id),
    EvaluationItem: lambda row: {"convention": row.convention_id},
    EvaluationSettings: lambda row: {},
}
NOUNS = {
    Indicator: (_("Indicateur ajouté"), _("Indicateur modifié"), _("Indicateur supprimé")),
    EnteredValue: (_("Valeur saisie"), _("Valeur saisie modifiée"), _("Valeur saisie supprimée")),
    EvaluationItem: (
        _("Point de la grille d'évaluation ajouté"), _("Point de la grille d'évaluation modifié"),
        _("Point de la grille d'évaluation supprimé"),
    ),
    EvaluationSettings: (
        _("Réglages de l'évaluation créés"), _("Réglages de l'évaluation modifiés"),
        _("Réglages de l'évaluation supprimés"),
    ),
}  # fmt: skip

for model, refs in REFS.items():
    created, changed, deleted = NOUNS[model]
    audit.track(
        model,
        category=CATEGORY,
        labels={CREATE: created, UPDATE: changed, DELETE: deleted},
        refs=lambda row, refs=refs: {
            audit.TENANT: row.tenant_id,
            **{key: value for key, value in refs(row).items() if value},
        },
    )
