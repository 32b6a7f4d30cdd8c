"""Sending the e-mail that confirms an address again, from the "check your inbox" page (after
sign-up, or after a login refused because the address is not confirmed yet)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import ResendConfirmationForm
from ..services import resend_email_confirmation


@require_POST
def resend_confirmation(request):
    form = ResendConfirmationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Saisissez l'adresse e-mail de votre compte."))
    elif not resend_email_confirmation(request=request, email=form.cleaned_data["email"]):
        messages.warning(
            request,
            _(
                "Un e-mail de confirmation est parti il y a moins de 3 minutes : attendez-le un "
                "instant (et regardez dans les indésirables) avant d'en demander un autre."
            ),
        )
    return redirect("account_email_verification_sent")
