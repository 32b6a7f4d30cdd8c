"""One way to write an e-mail: `<name>_subject.txt` and `<name>_body.txt` (plain text, always),
plus `<name>_body.html` when the message has one, rendered in the given language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path):
    """The public address of a path of the portal, for mails, calendars and PDFs."""
    return settings.SITE_URL.rstrip("/") + path


def render_email(template, context, *, to, language="fr", reply_to=None):
    """The message `template` (e.g. "caseload/email/link_confirmed") says to `to`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=list(to), reply_to=list(reply_to or [])
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message
