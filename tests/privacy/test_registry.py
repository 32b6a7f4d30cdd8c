"""Every model field that points at an account (or a profile) is declared by some app's
privacy provider, as the person's data (exported, erased) or as a staff member's act (kept,
the account being scrubbed, never deleted): a new model cannot forget the person's rights."""

from django.apps import apps
from django.contrib.auth import get_user_model

from accounts.models import Profile
from privacy.registry import providers

# Fields no provider handles, and why.
NOT_PERSONAL_DATA = {
    # The Django admin's own history: platform superusers only, who are never erased (they
    # are Django staff, left alone by the inactivity rule, and the admin keeps no e-mail).
    "admin.LogEntry.user",
}


def _fields_pointing_at_people():
    targets = {get_user_model(), Profile}
    found = set()
    for model in apps.get_models():  # auto-created through tables are covered by their M2M
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model in targets:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def _declared():
    declared = {}
    for provider in providers():
        for name in (*provider.person_fields, *provider.actor_fields):
            declared.setdefault(name, []).append(provider.name)
    return declared


def test_every_field_pointing_at_a_person_is_declared_by_a_provider():
    declared = _declared()
    missing = _fields_pointing_at_people() - set(declared) - NOT_PERSONAL_DATA
    assert not missing, (
        f"Declare these fields in the app's personal_data.py (privacy.registry): {sorted(missing)}"
    )


def test_declarations_name_real_fields_once():
    """A typo or a removed field would otherwise cover nothing without anyone noticing."""
    declared = _declared()
    assert set(declared) <= _fields_pointing_at_people()
    assert {name: owners for name, owners in declared.items() if len(owners) > 1} == {}
