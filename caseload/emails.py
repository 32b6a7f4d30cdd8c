"""The caseload's messages to people, rendered when the outbox relays them."""

from django.urls import reverse

from core.emails import absolute_url, render_email
from core.outbox import register

from .follow_up_survey import FOLLOW_UP_SURVEY, VALID_FOR, survey_url
from .linking import LINK_CONFIRMED
from .models import Dossier, FollowUpSatisfaction, LinkSuggestion, SuggestionStatus


@register(LINK_CONFIRMED)
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
        "my_data_url": absolute_url(reverse("accounts:my_data")),
    }
    return render_email(
        "caseload/email/link_confirmed",
        context,
        to=[address],
        reply_to=[suggestion.tenant.contact_email],
    )


@register(FOLLOW_UP_SURVEY)
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
    address = person.email if person is not None and person.is_active else dossier.email
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
