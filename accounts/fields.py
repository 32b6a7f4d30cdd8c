"""Form fields of the intern's forms.

The RPPS number and the phone are typed on a phone: each asks for the right keyboard and
accepts the number as people copy it (with spaces or dots), then stores one spelling.

The départements a person considers are checkboxes grouped by region. A multiple <select> of 101 options needs Ctrl-click and is hard to use with a keyboard or a
screen reader; checkboxes in one fieldset per region are not. The field keeps the model's
many-to-many (same name, same values): only the choices are grouped and the widget changed.
"""

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.phones import format_phone, parse_french_phone, to_e164
from core.text import fold

from .rpps import normalise_rpps, validate_rpps


class RppsField(forms.CharField):
    """An RPPS number as printed on a card ("10 00 …"): a numeric keyboard, no `maxlength`
    (the browser would cut a number typed with spaces), spaces and dots removed before the
    check of accounts.rpps."""

    default_validators = [validate_rpps]

    def __init__(self, *, max_length=None, **kwargs):
        # The model's max_length (11) holds for the digits, not for what is typed.
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Not the browser's autofill: it offers other numbers (a card's, a phone's).
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        return normalise_rpps(super().to_python(value))


class TelInput(forms.TextInput):
    input_type = "tel"


class FrenchPhoneField(forms.CharField):
    """A French phone number (overseas included), kept in E.164 and shown formatted."""

    widget = TelInput

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "tel"}

    def prepare_value(self, value):
        return format_phone(value) if isinstance(value, str) else value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        number = parse_french_phone(value)
        if number is None:
            raise ValidationError(
                _(
                    "Ce numéro de téléphone n'est pas valide : saisissez un numéro français, "
                    "par exemple 06 12 34 56 78."
                ),
                code="phone_invalid",
            )
        return to_e164(number)


def name_sort_key(name):
    """Accents and case ignored, so that "Île-de-France" sorts among the I whatever the collation."""
    return fold(name)


class DepartementsByRegion(ModelChoiceIterator):
    """One (region, choices) group per region, in one query (the queryset selects the region).

    The field's `first_regions` come first, then the others by name, as in the Region table.
    """

    def __iter__(self):
        by_region = {}
        for departement in self.queryset:
            by_region.setdefault(departement.region, []).append(self.choice(departement))
        first = self.field.first_regions
        for region in sorted(by_region, key=lambda r: (r.pk not in first, name_sort_key(r.name))):
            yield region, by_region[region]


@dataclass
class CheckboxGroup:
    key: str
    label: str
    open: bool
    checkboxes: list


class DepartementsBoundField(BoundField):
    @cached_property
    def groups(self):
        """The checkboxes by region; a region is open if it comes first or has a ticked box."""
        widget = self.field.widget
        attrs = self.build_widget_attrs({"id": self.auto_id} if self.auto_id else {})
        value = widget.format_value(self.value())
        return [
            CheckboxGroup(
                key=region.insee_code,
                label=region.name,
                open=region.pk in self.field.first_regions
                or any(option["selected"] for option in options),
                checkboxes=[BoundWidget(widget, option, self.form.renderer) for option in options],
            )
            for region, options, _index in widget.optgroups(self.html_name, value, attrs)
        ]


class DepartementsField(forms.ModelMultipleChoiceField):
    """Départements as checkboxes labelled "75 — Paris", grouped by region.

    Set `first_regions` (region ids) to list those regions first and open: the regions of the
    tenant the person follows. `templates/components/checkbox_groups.html` renders the groups.
    """

    iterator = DepartementsByRegion
    bound_field_class = DepartementsBoundField
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_regions = frozenset()

    def label_from_instance(self, obj):
        return f"{obj.insee_code} — {obj.name}"
