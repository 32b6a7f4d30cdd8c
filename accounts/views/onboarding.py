"""The short "Votre projet" step a person fills in before their first booking, and the terms of
use it asks them to accept (accounts.onboarding says what booking requires)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ..forms_onboarding import ProjectForm
from ..onboarding import TERMS, missing_for_booking
from ..services import get_or_create_profile, save_project

# Where the step leads when no (safe) `next` is given: the intern's landing page.
DEFAULT_NEXT = "intern_home"


def safe_next(request):
    """The `next` of the query or the form when it stays on this site, else the landing page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(DEFAULT_NEXT)


def project_url(next_url):
    """The short step's address, coming back to `next_url` once done."""
    from django.utils.http import urlencode

    return f"{reverse('accounts:project')}?{urlencode({'next': next_url})}"


@login_required
def project(request):
    """/moi/projet/?next=…: status, specialty, départements, RPPS, phone, terms; then `next`."""
    profile = get_or_create_profile(request.user)
    next_url = safe_next(request)
    form = ProjectForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_project(
            profile=profile,
            status=data["status"],
            specialty=data["specialty"],
            departements=data["departements_considered"],
            rpps=data["rpps"],
            phone=data["phone"],
        )
        messages.success(request, _("Votre projet est enregistré."))
        return redirect(next_url)
    missing = missing_for_booking(profile)
    context = {
        "form": form,
        "next_url": next_url,
        # Someone who had accepted an older text is told why the box is unticked.
        "terms_changed": missing == [TERMS] and profile.terms_accepted_at is not None,
    }
    return render(request, "accounts/onboarding/project.html", context)


def terms_of_use(request):
    """/conditions-utilisation/: the terms in force, with their version."""
    return render(
        request, "accounts/onboarding/terms.html", {"terms_version": settings.TERMS_VERSION}
    )
