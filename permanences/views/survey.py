"""The satisfaction questionnaire, opened from a signed link in an e-mail: no login needed.

The token names a booking; the tenant comes from the URL, so a token opened under another
tenant's slug finds no booking there (404). The link is single-use because a booking has at
most one SatisfactionResponse.
"""

from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import session_services
from ..forms_survey import SatisfactionForm
from ..models import Attendance, Booking, SatisfactionResponse, SessionStatus
from ..notifications import SURVEY_VALID_FOR, read_survey_token


def _invalid(request, reason, status):
    context = {"reason": reason, "days": SURVEY_VALID_FOR.days}
    return render(request, "permanences/survey/invalid.html", context, status=status)


def _booking_from_token(request, token):
    """(booking, None), or (None, error response) for a tampered, expired or withdrawn link."""
    try:
        booking_id = read_survey_token(token)
    except signing.SignatureExpired:
        return None, _invalid(request, "expired", 400)
    except signing.BadSignature:
        return None, _invalid(request, "tampered", 400)
    # Scoped to request.tenant by the middleware: another tenant's booking is a 404.
    booking = get_object_or_404(
        Booking.objects.select_related("session__departement", "person"), pk=booking_id
    )
    session = booking.session
    if session.status != SessionStatus.HELD or booking.attendance != Attendance.PRESENT:
        # Staff corrected the attendance (or the session) after the e-mail went out.
        return None, _invalid(request, "withdrawn", 404)
    return booking, None


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, tenant_slug, token):
    booking, error = _booking_from_token(request, token)
    if error:
        return error
    if session_services.has_answered(booking):
        return render(request, "permanences/survey/already_answered.html", {"booking": booking})
    form = SatisfactionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not session_services.record_satisfaction(form=form, booking=booking):
            return render(request, "permanences/survey/already_answered.html", {"booking": booking})
        return redirect("permanences:survey_thanks", tenant_slug=tenant_slug, token=token)
    return render(request, "permanences/survey/form.html", {"form": form, "booking": booking})


@never_cache
@require_http_methods(["GET"])
def survey_thanks(request, tenant_slug, token):
    booking, error = _booking_from_token(request, token)
    if error:
        return error
    if not SatisfactionResponse.objects.filter(booking=booking).exists():
        return redirect("permanences:survey", tenant_slug=tenant_slug, token=token)
    return render(request, "permanences/survey/thanks.html", {"booking": booking})
