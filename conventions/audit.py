"""The conventions' part of the tenants' audit trail (core.audit): every change to a convention,
its parties, milestones, meeting rhythms, documents, annexes and their budget,
meetings and decisions, partners and contacts; every signed document downloaded and partner
list exported. Entries name the convention, annex, meeting or partner concerned. A contact's
name, e-mail and phone are personal data: their changes are named, never kept.
Imported by ConventionsConfig.ready()."""

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import audit

from .models import (
    Annex,
    BudgetLine,
    Convention,
    ConventionDocument,
    ConventionParty,
    Decision,
    GovernanceCadence,
    Meeting,
    Milestone,
    Partner,
    PartnerContact,
)

CATEGORY = "conventions"
DOCUMENT_DOWNLOAD = "document_download"
PARTNERS_EXPORT = "partners_export"
CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE

audit.category(CATEGORY, _("Conventions et partenaires"))


def _page(url_name):
    return lambda slug, pk: reverse(
        f"conventions:{url_name}", kwargs={"tenant_slug": slug, "pk": pk}
    )


def _names(model, label):
    def names(ids, tenant_id):
        return {
            row.pk: label(row)
            for row in model._base_manager.filter(pk__in=ids, tenant_id=tenant_id)
        }

    return names


audit.reference(
    "convention", label=_("Convention"), url=_page("detail"), names=_names(Convention, str)
)
audit.reference(
    "annex",
    label=_("Annexe"),
    url=_page("annex_detail"),
    names=_names(Annex, lambda annex: _("Annexe %(number)s") % {"number": annex.number}),
)
audit.reference(
    "meeting", label=_("Réunion"), url=_page("meeting_detail"), names=_names(Meeting, str)
)
audit.reference(
    "partner", label=_("Partenaire"), url=_page("partner_detail"), names=_names(Partner, str)
)


def _parent(model, pk, *fields):
    """Ids on a parent row (an annex's convention…), through the base manager: entries are
    written outside any tenant scope too (commands, the demo)."""
    row = model._base_manager.filter(pk=pk).values(*fields).first() if pk else None
    return row or {}


def _annex_refs(annex_id):
    return {"annex": annex_id, **_parent(Annex, annex_id, "convention")}


def _meeting_refs(meeting_id):
    return {"meeting": meeting_id, **_parent(Meeting, meeting_id, "convention", "annex")}


REFS = {
    Convention: lambda row: {"convention": row.pk},
    ConventionParty: lambda row: {"convention": row.convention_id, "partner": row.partner_id},
    GovernanceCadence: lambda row: {"convention": row.convention_id},
    Milestone: lambda row: {"convention": row.convention_id},
    ConventionDocument: lambda row: {"convention": row.convention_id},
    Annex: lambda row: {"convention": row.convention_id, "annex": row.pk},
    BudgetLine: lambda row: {**_annex_refs(row.annex_id), "partner": row.funder_id},
    Meeting: lambda row: {
        "convention": row.convention_id, "annex": row.annex_id, "meeting": row.pk
    },
    Decision: lambda row: {**_meeting_refs(row.meeting_id), "partner": row.owner_partner_id},
    Partner: lambda row: {"partner": row.pk},
    PartnerContact: lambda row: {"partner": row.partner_id},
}  # fmt: skip
NOUNS = {
    Convention: (_("Convention créée"), _("Convention modifiée"), _("Convention supprimée")),
    ConventionParty: (_("Partie ajoutée"), _("Partie modifiée"), _("Partie retirée")),
    GovernanceCadence: (
        _("Rythme de réunions ajouté"), _("Rythme de réunions modifié"),
        _("Rythme de réunions supprimé"),
    ),
    Milestone: (_("Jalon ajouté"), _("Jalon modifié"), _("Jalon supprimé")),
    ConventionDocument: (
        _("Document signé déposé"), _("Document signé modifié"), _("Document signé supprimé")
    ),
    Annex: (_("Fiche action créée"), _("Fiche action modifiée"), _("Fiche action supprimée")),
    BudgetLine: (
        _("Ligne budgétaire ajoutée"), _("Ligne budgétaire modifiée"),
        _("Ligne budgétaire supprimée"),
    ),
    Meeting: (_("Réunion ajoutée"), _("Réunion modifiée"), _("Réunion supprimée")),
    Decision: (_("Décision ajoutée"), _("Décision modifiée"), _("Décision supprimée")),
    Partner: (_("Partenaire ajouté"), _("Partenaire modifié"), _("Partenaire supprimé")),
    PartnerContact: (_("Contact ajouté"), _("Contact modifié"), _("Contact supprimé")),
}  # fmt: skip


def _with_tenant(refs):
    return lambda row: {audit.TENANT: row.tenant_id, **refs(row)}


for model, refs in REFS.items():
    created, changed, deleted = NOUNS[model]
    audit.track(
        model,
        category=CATEGORY,
        labels={CREATE: created, UPDATE: changed, DELETE: deleted},
        refs=_with_tenant(refs),
        redact=("name", "email", "phone") if model is PartnerContact else (),
    )

audit.event(DOCUMENT_DOWNLOAD, label=_("Document signé téléchargé"), category=CATEGORY)
audit.event(
    PARTNERS_EXPORT,
    label=_("Liste des partenaires exportée"),
    category=CATEGORY,
    describe=lambda data: [
        _("%(format)s, %(count)s partenaire(s)")
        % {"format": str(data.get("format", "")).upper(), "count": data.get("count", 0)}
    ],
)
