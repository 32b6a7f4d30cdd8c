"""Linking a dossier to the account of its person.

Only what the account holder proves links a dossier on its own: a verified e-mail address
that is the dossier's. An RPPS number (and a name) is typed into a profile and public in the
RPPS directory, so a match on it is only a suggestion that a case manager of the dossier's
tenant confirms or dismisses (having called the person); the decision is audited and the
person is told by e-mail. Before this rule, links were made on the RPPS number and last name:
those are marked UNVERIFIED_RPPS and count as nobody's proof (`manage.py rpps_links`).
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts import relations
from accounts.models import Profile
from core import outbox
from core.text import fold

from . import audit
from .models import (
    PROVEN_LINKS,
    Dossier,
    Interaction,
    InteractionKind,
    LinkMethod,
    LinkSuggestion,
    Source,
    SuggestionReason,
    SuggestionStatus,
)
from .services import DossierError, _lock, _save, create_dossier

LINK_CONFIRMED = "caseload.link_confirmed"


@relations.register
def has_proven_dossier(tenant):
    """Someone whose dossier in the tenant is proven theirs is known to its staff (a link on
    an RPPS number alone proves nothing, see above)."""
    proven = Dossier.objects.filter(
        tenant=tenant, link_method__in=PROVEN_LINKS, anonymised_at__isnull=True
    ).values("person")
    return Q(pk__in=proven)


def _verified_emails(user):
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def _note(dossier, text):
    Interaction.objects.create(
        tenant_id=dossier.tenant_id,
        dossier=dossier,
        kind=InteractionKind.NOTE,
        occurred_at=timezone.now(),
        text=text,
    )


def link_dossiers_to(user):
    """Link to this account the dossiers opened under one of its verified e-mail addresses
    before the person signed up, in every tenant (one dossier per tenant: a tenant where they
    already have one is skipped). A dossier held by an unverified RPPS link moves to the
    address's owner. Then record suggestions for RPPS matches. Returns the dossiers linked."""
    emails = _verified_emails(user)
    linked = []
    with transaction.atomic(), scopes_disabled():
        if emails:
            linked = _link_by_email(user, emails)
        suggest_dossier_links(user)
    return linked


def _link_by_email(user, emails):
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    taken = set(
        Dossier.objects.filter(person=user, link_method__in=PROVEN_LINKS).values_list(
            "tenant_id", flat=True
        )
    )
    candidates = (
        Dossier.objects.filter(match, anonymised_at__isnull=True)
        .filter(Q(person__isnull=True) | Q(link_method=LinkMethod.UNVERIFIED_RPPS))
        .exclude(person=user, link_method__in=PROVEN_LINKS)
        .select_for_update(of=("self",))
        .order_by("tenant_id", "created_at", "pk")
    )
    linked = []
    for dossier in candidates:
        if dossier.tenant_id in taken:
            continue
        taken.add(dossier.tenant_id)
        if dossier.person_id and dossier.person_id != user.pk:
            # The unverified holder loses it to the proven owner; the suggestion is closed.
            LinkSuggestion.objects.filter(dossier=dossier, person_id=dossier.person_id).update(
                status=SuggestionStatus.DISMISSED, decided_at=timezone.now()
            )
        _undo_unverified_link(user, tenant_id=dossier.tenant_id, keep=dossier)
        dossier.person, dossier.link_method = user, LinkMethod.EMAIL
        _save(dossier, ["person", "link_method"])
        LinkSuggestion.objects.filter(dossier=dossier, person=user).update(
            status=SuggestionStatus.CONFIRMED, decided_at=timezone.now()
        )
        _note(dossier, _("La personne a créé son compte sur le portail : le dossier y est relié."))
        linked.append(dossier)
    return linked


def _undo_unverified_link(user, *, tenant_id, keep):
    """One dossier per person and tenant: an unverified link of theirs to another dossier of
    the tenant gives way to the proven one."""
    stale = Dossier.objects.filter(tenant_id=tenant_id, person=user).exclude(pk=keep.pk)
    LinkSuggestion.objects.filter(dossier__in=stale, person=user).update(
        status=SuggestionStatus.DISMISSED, decided_at=timezone.now()
    )
    stale.update(person=None, link_method="")


def suggest_dossier_links(user):
    """Record "this account may be the dossier's person" for every unlinked dossier with the
    RPPS number of the person's profile, in the tenants where they have no dossier yet.
    Links nothing. Returns the suggestions created."""
    rpps = Profile.objects.filter(user=user).values_list("rpps", flat=True).first() or ""
    if not rpps:
        return []
    with scopes_disabled():
        taken = set(Dossier.objects.filter(person=user).values_list("tenant_id", flat=True))
        already = set(
            LinkSuggestion.objects.filter(person=user).values_list("dossier_id", flat=True)
        )
        suggestions = [
            LinkSuggestion(
                tenant_id=dossier.tenant_id,
                dossier=dossier,
                person=user,
                reason=SuggestionReason.RPPS_AND_NAME
                if dossier.last_name and fold(dossier.last_name) == fold(user.last_name)
                else SuggestionReason.RPPS,
            )
            for dossier in Dossier.objects.filter(
                rpps=rpps, person__isnull=True, anonymised_at__isnull=True
            )
            if dossier.tenant_id not in taken and dossier.pk not in already
        ]
        # ignore_conflicts: a concurrent save of the same profile may have recorded them.
        LinkSuggestion.objects.bulk_create(suggestions, ignore_conflicts=True)
        return list(
            LinkSuggestion.objects.filter(
                person=user, dossier__in=[suggestion.dossier for suggestion in suggestions]
            )
        )


def pending_suggestions(dossier):
    """What the dossier's page asks its case manager to decide, with each account's name."""
    return (
        LinkSuggestion.objects.filter(dossier=dossier, status=SuggestionStatus.PENDING)
        .select_related("person")
        .order_by("created_at", "pk")
    )


def confirm_suggestion(*, suggestion, acting_user):
    """The case manager checked with the person: link the account to the dossier, audit it
    and tell the person (and the dossier's own address, when it is another one)."""
    with transaction.atomic():
        suggestion = LinkSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != SuggestionStatus.PENDING:
            raise DossierError("decided", _("Ce rapprochement a déjà été traité."))
        dossier = _lock(suggestion.dossier)
        if dossier.person_id not in (None, suggestion.person_id):
            raise DossierError("linked", _("Ce dossier est déjà relié à un autre compte."))
        other = Dossier.objects.filter(tenant_id=dossier.tenant_id, person=suggestion.person)
        if other.exclude(pk=dossier.pk).exists():
            raise DossierError(
                "has_dossier", _("Cette personne a déjà un autre dossier dans l'espace.")
            )
        dossier.person, dossier.link_method = suggestion.person, LinkMethod.CONFIRMED
        _save(dossier, ["person", "link_method"])
        _decide(suggestion, SuggestionStatus.CONFIRMED, acting_user)
        _note(
            dossier,
            _("Rattachement au compte de la personne confirmé par %(name)s.")
            % {"name": acting_user.get_full_name() or acting_user.email},
        )
        audit.log_link_decision(suggestion, actor=acting_user)
        recipients = ["account"]
        if dossier.email and dossier.email.lower() not in _verified_emails(suggestion.person):
            recipients.append("dossier")  # the address the team knew: the real person's
        for recipient in recipients:
            outbox.enqueue(
                key=f"{LINK_CONFIRMED}:{suggestion.pk}:{recipient}",
                kind=LINK_CONFIRMED,
                payload={"suggestion": suggestion.pk, "to": recipient},
                tenant_id=dossier.tenant_id,
            )
    return dossier


def dismiss_suggestion(*, suggestion, acting_user):
    """Not the same person: the suggestion is closed (and an unverified old link undone)."""
    with transaction.atomic():
        suggestion = LinkSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != SuggestionStatus.PENDING:
            raise DossierError("decided", _("Ce rapprochement a déjà été traité."))
        dossier = _lock(suggestion.dossier)
        if (
            dossier.person_id == suggestion.person_id
            and dossier.link_method == LinkMethod.UNVERIFIED_RPPS
        ):
            dossier.person, dossier.link_method = None, ""
            _save(dossier, ["person", "link_method"])
        _decide(suggestion, SuggestionStatus.DISMISSED, acting_user)
        audit.log_link_decision(suggestion, actor=acting_user)
    return dossier


def _decide(suggestion, status, acting_user):
    suggestion.status, suggestion.decided_by = status, acting_user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


def _dossier_identity(user):
    profile = Profile.objects.filter(user=user).first()
    identity = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email.lower(),
    }
    if profile is not None:
        identity.update(
            phone=profile.phone,
            rpps=profile.rpps,
            specialty=profile.specialty,
            faculty=profile.faculty,
            practice_mode=profile.practice_mode,
        )
    return identity


def open_dossier_for_person(*, tenant, person, acting_user):
    """The dossier of someone who shared their profile with the tenant: theirs, one opened
    under their verified address (now linked), an unlinked dossier with their RPPS number
    (returned with a suggestion to decide: `suggested` is True), or a new one.
    Returns (dossier, suggested)."""
    existing = Dossier.objects.filter(tenant=tenant, person=person).first()
    if existing is not None:
        return existing, False
    link_dossiers_to(person)
    existing = Dossier.objects.filter(tenant=tenant, person=person).first()
    if existing is not None:
        return existing, False
    pending = (
        LinkSuggestion.objects.filter(tenant=tenant, person=person)
        .filter(status=SuggestionStatus.PENDING)
        .select_related("dossier")
        .first()
    )
    if pending is not None:
        return pending.dossier, True
    identity = _dossier_identity(person)
    if Dossier.objects.filter(tenant=tenant, rpps=identity.get("rpps") or "-").exists():
        identity["rpps"] = ""  # a dossier already holds it, and was judged someone else's
    dossier = create_dossier(
        tenant=tenant,
        acting_user=acting_user,
        assigned_to=acting_user,
        person=person,
        link_method=LinkMethod.OPENED,
        source=Source.SELF_REGISTRATION,
        **identity,
    )
    return dossier, False
