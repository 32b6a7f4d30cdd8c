"""Glue between django-axes and allauth's e-mail login."""


def axes_username(request, credentials):
    """The e-mail tried, whether allauth passes it as `email` or the form posted `login`."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    if not value and request is not None:
        value = request.POST.get("login", "")
    return value.strip().lower()
