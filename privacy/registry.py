"""What each app holds about a person, declared by the app itself (a provider), so that the
privacy app answers the law's questions (export, erasure, retention) without knowing any
feature app's models.

An app registers one `Provider` in its `personal_data.py`, imported by its AppConfig.ready().
`tests/privacy/test_registry.py` fails when a model field pointing at a user (or a profile)
is in no provider's `person_fields` or `actor_fields`: a new app cannot forget to say what
happens to it.

Hooks (each optional, keyword arguments only):
- `export(user)` -> {section key: JSON-ready data}, merged into the person's data export;
  `template` renders those sections on the "Mes données" page (context: `data`).
- `blockers(user, now)` -> [reason]: why the account cannot be erased online yet.
- `erase(user, now, reason)` -> {counter: n}: erase or anonymise what the app holds. Runs in
  the erasure's transaction, before the account itself is scrubbed (its verified addresses
  are still there to find what is the person's).
- `in_use(now)` -> an expression on User (a Q or an Exists on OuterRef("pk")): accounts the
  app still needs, which the inactivity rule leaves alone.
- `sweeps`: {name: callable(now=…) -> result}, the app's retention rules, run daily by
  privacy.tasks.apply_retention.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

REASON_REQUEST, REASON_RETENTION = "request", "retention"


class ErasureRefused(Exception):
    """Raised by privacy.rgpd.erase_person, or by a provider's erase, when the account cannot
    be erased now (the message says why, to the person)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Provider:
    name: str
    # "app_label.Model.field" pointing at a user or a profile, that the hooks handle.
    person_fields: tuple[str, ...] = ()
    # "app_label.Model.field" naming a staff member as the author of an act: kept after an
    # erasure, since the account is scrubbed, never deleted (the line shows a deleted account).
    actor_fields: tuple[str, ...] = ()
    export: Callable | None = None
    template: str | None = None
    blockers: Callable | None = None
    erase: Callable | None = None
    in_use: Callable | None = None
    sweeps: Mapping[str, Callable] = field(default_factory=dict)


_providers: dict[str, Provider] = {}


def register(provider):
    """Register (or replace, on a module reload) the provider of an app; returns it."""
    _providers[provider.name] = provider
    return provider


def providers():
    """The registered providers, in registration order (the apps' order in INSTALLED_APPS)."""
    return list(_providers.values())


# Helpers for the providers' exports: the same JSON shapes everywhere.


def iso(value):
    return value.isoformat() if value else None


def label(instance, name):
    """The display label of a choice field, "" when it is empty."""
    value = getattr(instance, name)
    return getattr(instance, f"get_{name}_display")() if value else ""


def display_name(user):
    return (user.get_full_name() or user.email) if user else ""


def verified_emails(user):
    """The account's verified addresses, lower-cased: what proves a dossier is theirs."""
    from allauth.account.models import EmailAddress

    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
