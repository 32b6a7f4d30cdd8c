"""What the accounts app writes in the tenants' audit trail (core.audit): changes to the tenant's
page, its members, invitations and steps; staff reading a person's profile; a person
downloading their own data. Imported by AccountsConfig.ready()."""

from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _

from core import audit

from .models import Invitation, Membership, SettlementStep, Tenant, User

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE
TEAM, PERSONAL_DATA = "team", "personal_data"
PROFILE_READ, PERSONAL_DATA_DOWNLOAD = "profile_read", "personal_data_download"
INVITATION_RESENT = "invitation_resent"
# Where staff read a profile (PROFILE_READ's "via"); the app showing it names it.
PROFILE_PAGES = {
    "dossier": _("sur la page du dossier"),
    "call_queue": _("dans la file d'appels"),
    "booking": _("en inscrivant la personne à une permanence"),
}

audit.category(TEAM, _("Équipe et espace"))
audit.category(PERSONAL_DATA, _("Données personnelles"))


def _people(ids, tenant_id):
    """Names of the accounts on the page; an erased (deactivated) account shows no name."""
    names = {}
    for user in User.objects.filter(pk__in=ids):
        if user.is_active:
            names[user.pk] = user.get_full_name() or user.email
        else:
            names[user.pk] = _("Compte supprimé ou désactivé (n° %(pk)s)") % {"pk": user.pk}
    return names


audit.reference("person", label=_("Personne"), names=_people)

audit.track(
    Tenant,
    category=TEAM,
    labels={CREATE: _("Espace créé"), UPDATE: _("Page de l'espace modifiée")},
    refs=lambda tenant: {audit.TENANT: tenant.pk},
)
audit.track(
    Membership,
    category=TEAM,
    labels={CREATE: _("Rôle attribué"), UPDATE: _("Rôle modifié"), DELETE: _("Rôle retiré")},
    refs=lambda membership: {audit.TENANT: membership.tenant_id, "person": membership.user_id},
)
audit.track(
    Invitation,
    category=TEAM,
    labels={
        CREATE: _("Invitation d'un membre"),
        UPDATE: _("Invitation mise à jour"),
        DELETE: _("Invitation supprimée"),
    },
    refs=lambda invitation: {audit.TENANT: invitation.tenant_id},
    exclude_fields=["token"],
)
audit.track(
    SettlementStep,
    category=TEAM,
    labels={
        CREATE: _("Étape d'installation ajoutée"),
        UPDATE: _("Étape d'installation modifiée"),
        DELETE: _("Étape d'installation supprimée"),
    },
    refs=lambda step: {audit.TENANT: step.tenant_id},
)

audit.event(INVITATION_RESENT, label=_("Invitation renvoyée"), category=TEAM)
audit.event(
    PROFILE_READ,
    label=_("Profil consulté par l'équipe"),
    category=PERSONAL_DATA,
    describe=lambda data: [PROFILE_PAGES.get(data.get("via"), "")],
)
audit.event(
    PERSONAL_DATA_DOWNLOAD,
    label=_("Données personnelles téléchargées par la personne"),
    category=PERSONAL_DATA,
)


def log_profile_read(*, tenant, actor, profile, via, **refs):
    """Staff were shown this person's profile (`via`: a key of PROFILE_PAGES)."""
    return audit.log_event(
        tenant.pk, actor, PROFILE_READ, profile, person=profile.user_id, via=via, **refs
    )
