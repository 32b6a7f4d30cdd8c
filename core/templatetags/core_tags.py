from django import template

register = template.Library()


@register.filter
def masked_email(address):
    """ "l•••@example.org": enough to compare with what a person says on the phone, without
    handing a whole address to someone who needs only to recognise it."""
    local, at, domain = (address or "").partition("@")
    if not at:
        return ""
    return f"{local[:1]}•••@{domain}"
