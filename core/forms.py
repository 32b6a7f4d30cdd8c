"""The bounds every form of the portal puts on what a person types: a date between 1900 and
2100, a number within what the field means. A value past them gets a French message under its
field and the form keeps it; without them, a year 9999 or a number with 30 digits reached the
database or a date computation and answered 500."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)


@deconstructible
class PlausibleDateValidator:
    """A date, or a date and time, from 1900 to 2100 (the day as typed, in its time zone)."""

    message = _("Saisissez une date entre le 1er janvier 1900 et le 31 décembre 2100.")
    code = "implausible_date"

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime) else value
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlausibleDateValidator)


def bound_dates(form):
    """Give every date and date-time field of `form` the plausible range, in its validators
    and in its HTML control (min and max, so that a browser says it before sending)."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            low, high = f"{EARLIEST_DAY.isoformat()}T00:00", f"{LATEST_DAY.isoformat()}T23:59"
        elif isinstance(field, forms.DateField):
            low, high = EARLIEST_DAY.isoformat(), LATEST_DAY.isoformat()
        else:
            continue
        if PlausibleDateValidator() not in field.validators:
            field.validators.append(PlausibleDateValidator())
        field.widget.attrs.setdefault("min", low)
        field.widget.attrs.setdefault("max", high)


class PlausibleDatesMixin:
    """For a form (or a formset's form) with dates: see bound_dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self)


def bound_number(field, *, minimum=None, maximum=None):
    """Bounds on a number field, with Django's French messages ("Assurez-vous que cette
    valeur est inférieure ou égale à 45.") and the HTML control's min and max."""
    if minimum is not None:
        field.validators.append(MinValueValidator(minimum))
        field.widget.attrs["min"] = minimum
    if maximum is not None:
        field.validators.append(MaxValueValidator(maximum))
        field.widget.attrs["max"] = maximum


def bound_year(field):
    """A year typed as a number: the same span as the dates."""
    bound_number(field, minimum=EARLIEST_DAY.year, maximum=LATEST_DAY.year)
