from django import template

from permanences.views.invitation import google_calendar_url as _google_calendar_url

register = template.Library()


@register.simple_tag
def google_calendar_url(booking):
    """{% google_calendar_url booking as url %}: see permanences.views.invitation."""
    return _google_calendar_url(booking)
