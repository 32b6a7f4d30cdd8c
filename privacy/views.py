"""The person's own personal-data pages (under /moi/): see and download what the portal holds
about them, and erase their account."""

import json
import re
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.audit import PERSONAL_DATA_DOWNLOAD
from core import audit as core_audit

from . import rgpd
from .forms import EraseForm

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?)?$")


def _with_dates(value):
    """The data with its ISO dates turned back into dates, for the page's date filters."""
    if isinstance(value, dict):
        return {key: _with_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_dates(item) for item in value]
    if isinstance(value, str) and ISO_DATE.match(value):
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return value


@login_required
def my_data(request):
    """Everything the portal holds about the person, readable; links to the JSON and erasure."""
    data = _with_dates(rgpd.personal_data(request.user))
    context = {"data": data, "section_templates": rgpd.section_templates()}
    return render(request, "privacy/my_data.html", context)


@login_required
def my_data_json(request):
    data = rgpd.personal_data(request.user)
    # The person's own download, in no tenant's journal: kept with the person's other entries.
    core_audit.log_event(None, request.user, PERSONAL_DATA_DOWNLOAD, request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-cap-installation.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def erase_me(request):
    """Erase my account: password and an explicit confirmation, then logout."""
    blockers = rgpd.erasure_blockers(request.user)
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            rgpd.erase_person(user=request.user)
        except rgpd.ErasureRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte est supprimé et vos données effacées. Les dossiers "
                    "d'accompagnement qui vous concernaient sont anonymisés."
                ),
            )
            return redirect("home")
    return render(request, "privacy/erase_me.html", {"form": form, "blockers": blockers})
