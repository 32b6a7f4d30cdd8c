"""What other apps show on a person's profile page (e.g. the aids of the départements they
consider): each registers a section, a template and the context it needs, from its
AppConfig.ready(), so that accounts, below every feature app, imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

_sections = []


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable  # (*, profile) -> dict for the template


def register(section):
    if section not in _sections:
        _sections.append(section)
    return section


def render_sections(request, profile):
    """The registered sections rendered for this profile, in registration order (HTML)."""
    return [
        render_to_string(section.template, section.context(profile=profile), request=request)
        for section in _sections
    ]
