"""The départements a person considers, as checkboxes grouped by region.

A multiple <select> of 101 options needs Ctrl-click and is hard to use with a keyboard or a
screen reader; checkboxes in one fieldset per region are not. The field keeps the model's
many-to-many (same name, same values): only the choices are grouped and the widget changed.
"""

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.models import ModelChoiceIterator

from core.text import fold


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
