"""The end-of-follow-up questionnaire, opened from a signed link in an e-mail (no login).

The token names a dossier; the tenant comes from the URL, so a token opened under another
tenant's slug finds no dossier there (404). One answer per dossier makes the link single-use."""

from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import services
from ..follow_up_survey import VALID_FOR, read_survey_token
from ..forms_survey import FollowUpSatisfactionForm
from ..models import Dossier, FollowUpSatisfaction

# The questionnaire pages of the permanences say the same thing in the same words.
INVALID, ANSWERED, THANKS = (
    "permanences/survey/invalid.html",
    "permanences/survey/already_answered.html",
    "permanences/survey/thanks.html",
)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up_survey(request, tenant_slug, token):
    try:
        dossier_id = read_survey_token(token)
    except signing.SignatureExpired:
        return render(request, INVALID, {"reason": "expired", "days": VALID_FOR.days}, status=400)
    except signing.BadSignature:
        return render(request, INVALID, {"reason": "tampered"}, status=400)
    dossier = get_object_or_404(Dossier, pk=dossier_id, anonymised_at__isnull=True)
    if FollowUpSatisfaction.objects.filter(dossier=dossier).exists():
        return render(request, ANSWERED)
    form = FollowUpSatisfactionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.answer_follow_up_survey(dossier=dossier, answers=form.cleaned_data) is None:
            return render(request, ANSWERED)  # a double submission: the first one won
        return redirect("caseload:follow_up_survey_thanks", tenant_slug=tenant_slug)
    return render(request, "caseload/survey/form.html", {"form": form})


@never_cache
def follow_up_survey_thanks(request, tenant_slug):
    return render(request, THANKS)
