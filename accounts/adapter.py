"""The portal's allauth adapter: its limits read the client address from core.client_ip, and
its e-mails leave by the outbox."""

from uuid import uuid4

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.client_ip import client_ip, client_ip_for_limits

# The address the "check your inbox" page offers to confirm again (accounts.views.confirmation).
CONFIRMATION_EMAIL_SESSION_KEY = "cap_confirmation_email"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown on the login form by allauth's failure limits (settings.ACCOUNT_RATE_LIMITS).
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion ont échoué depuis votre connexion internet. "
            "Réessayez dans quelques minutes, ou réinitialisez votre mot de passe."
        ),
    }

    def get_client_ip(self, request):
        """The address allauth's limits count (it truncates IPv6 to the /64 itself) and its
        notification mails show."""
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine the client's address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys its per-key failure limit by the e-mail alone: anyone's wrong passwords
        # would then block the owner everywhere. Key it, like axes, by (e-mail, client), so
        # the owner's own address stays open. (The two-factor step keeps its per-user key.)
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{client_ip_for_limits(request)}"

    def respond_email_verification_sent(self, request, user):
        """Remember the address typed at sign-up or at the refused login, so that the "check
        your inbox" page can offer to send its e-mail again. The typed address, whether an
        account has it or not: the page looks the same for every address."""
        typed = request.POST.get("email") or request.POST.get("login") or ""
        if typed:
            request.session[CONFIRMATION_EMAIL_SESSION_KEY] = typed.strip()
        return super().respond_email_verification_sent(request, user)

    def send_mail(self, template_prefix, email, context):
        # allauth renders its e-mails (they carry one-time links): recorded as rendered, so a
        # mail server outage delays a password reset instead of losing it.
        message = self.render_mail(template_prefix, email, context)
        outbox.enqueue_rendered(message, key=f"allauth:{template_prefix}:{uuid4().hex}")
