"""The caseload's messages to people, rendered when the outbox relays them."""

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role, Tenant
from core.emails import absolute_url, render_email
from core.outbox import register

from .follow_up_survey import FOLLOW_UP_SURVEY, VALID_FOR, survey_url
from .linking import LINK_CONFIRMED
from .models import PROVEN_LINKS, Dossier, FollowUpSatisfaction, LinkSuggestion, SuggestionStatus
from .tasks import OVERDUE_DIGEST, overdue


@register(LINK_CONFIRMED, label=_("Rattachement d'un dossier à un compte"))
def link_confirmed(payload):
    """Tell the account holder (and the dossier's own address) that a case manager linked the
    account to the dossier: whoever did not ask for it knows whom to write to."""
    suggestion = (
        LinkSuggestion.objects.select_related("dossier", "person", "tenant")
        .filter(pk=payload["suggestion"], status=SuggestionStatus.CONFIRMED)
        .first()
    )
    if suggestion is None or not suggestion.person.is_active:
        return None
    if payload.get("to") == "dossier":
        address = suggestion.dossier.email
    else:
        address = suggestion.person.email
    if not address:
        return None
    context = {
        "tenant": suggestion.tenant,
        "account_email": suggestion.person.email,
        "to_dossier_address": payload.get("to") == "dossier",
        "my_data_url": absolute_url(reverse("privacy:my_data")),
    }
    return render_email(
        "caseload/email/link_confirmed",
        context,
        to=[address],
        reply_to=[suggestion.tenant.contact_email],
    )


@register(OVERDUE_DIGEST, label=_("Points de suivi en retard"))
def overdue_digest(payload):
    """One e-mail listing the recipient's overdue touchpoints in one tenant (None if none)."""
    today = date.fromisoformat(payload["day"])
    tenant = Tenant.objects.filter(pk=payload["tenant"], is_active=True).first()
    user = get_user_model().objects.filter(pk=payload["user"], is_active=True).first()
    if tenant is None or user is None:
        return None
    follow_ups = list(overdue(tenant, today))
    is_admin = Membership.objects.filter(tenant=tenant, user=user, role=Role.ADMIN).exists()
    mine = [f for f in follow_ups if f.dossier.assigned_to_id == user.pk]
    unassigned = [f for f in follow_ups if f.dossier.assigned_to_id is None] if is_admin else []
    if not (mine or unassigned):
        return None

    def row(follow_up):
        path = reverse(
            "caseload:dossier", kwargs={"tenant_slug": tenant.slug, "pk": follow_up.dossier_id}
        )
        return {
            "follow_up": follow_up,
            "days_late": (today - follow_up.due_on).days,
            "url": absolute_url(path),
        }

    context = {
        "tenant": tenant,
        "user": user,
        "rows": [row(f) for f in mine],
        "unassigned_rows": [row(f) for f in unassigned],
        "count": len(mine) + len(unassigned),
        "home_url": absolute_url(reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})),
    }
    return render_email(
        "caseload/email/overdue_follow_ups",
        context,
        to=[user.email],
        reply_to=[tenant.contact_email],
    )


@register(FOLLOW_UP_SURVEY, label=_("Questionnaire de fin de suivi"))
def follow_up_survey(payload):
    """The end-of-follow-up questionnaire, to the account's address (or the dossier's when it
    has no account); nothing once answered or anonymised."""
    dossier = (
        Dossier.objects.select_related("tenant", "person")
        .filter(pk=payload["dossier"], anonymised_at__isnull=True)
        .first()
    )
    if dossier is None or FollowUpSatisfaction.objects.filter(dossier=dossier).exists():
        return None
    person = dossier.person
    # Only a proven link sends it to the account: an unverified one may be someone else's.
    proven = person is not None and person.is_active and dossier.link_method in PROVEN_LINKS
    address = person.email if proven else dossier.email
    if not address:
        return None
    context = {
        "tenant": dossier.tenant,
        "name": dossier.first_name,
        "survey_url": survey_url(dossier),
        "days": VALID_FOR.days,
    }
    return render_email(
        "caseload/email/follow_up_survey",
        context,
        to=[address],
        reply_to=[dossier.tenant.contact_email],
    )
