"""Cells and widgets: a spreadsheet cell as text, header folding, and the widgets that clean
each column (clean() returns the value to store, or raises ValueError with the French reason)."""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from accounts.choices import Specialty
from accounts.rpps import normalise_rpps, validate_rpps
from core.models import Departement
from core.spreadsheets import cell_text
from core.text import fold as text_fold


def fold(text):
    """Lower case, no accent, letters and digits only: "N° RPPS" → "nrpps", "E-mail" → "email"."""
    return "".join(ch for ch in text_fold(text) if ch.isalnum())


# Widgets: clean() returns the value to store, or raises ValueError with the French reason.


class TextWidget(widgets.Widget):
    def __init__(self, max_length, *, required=False, label=""):
        super().__init__()
        self.max_length, self.required, self.label = max_length, required, label

    def clean(self, value, row=None, **kwargs):
        text = " ".join(cell_text(value).split())
        if not text and self.required:
            raise ValueError(_("%(label)s est vide.") % {"label": str(self.label).capitalize()})
        if len(text) > self.max_length:
            raise ValueError(
                _("%(label)s dépasse %(max)d caractères.")
                % {"label": str(self.label).capitalize(), "max": self.max_length}
            )
        return text


class EmailWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if text.startswith("mailto:"):
            text = text[len("mailto:") :]
        if not text:
            return ""
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(
                _("Adresse e-mail invalide : « %(value)s ».") % {"value": text}
            ) from None
        if len(text) > 254:
            raise ValueError(_("Adresse e-mail trop longue."))
        return text


class PhoneWidget(widgets.Widget):
    """French numbers as "06 12 34 56 78"; other countries kept as "+<digits>"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A spreadsheet turned 0612345678 into the number 612345678: put the 0 back.
            digits = cell_text(value)
            raw = "0" + digits if len(digits) == 9 else digits
        else:
            raw = cell_text(value)
        if not raw:
            return ""
        compact = re.sub(r"[\s.\-/()]", "", raw)
        if compact.startswith("00"):
            compact = "+" + compact[2:]
        if compact.startswith("+33") and len(compact) == 12 and compact[3:].isdigit():
            compact = "0" + compact[3:]
        if len(compact) == 10 and compact.isdigit() and compact.startswith("0"):
            return " ".join(compact[i : i + 2] for i in range(0, 10, 2))
        if compact.startswith("+") and compact[1:].isdigit() and 8 <= len(compact) <= 16:
            return compact
        raise ValueError(
            _(
                "Numéro de téléphone invalide : « %(value)s » (10 chiffres, ou l'indicatif "
                "international suivi du numéro)."
            )
            % {"value": raw}
        )


class RppsWidget(widgets.Widget):
    def __init__(self, *, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        number = normalise_rpps(cell_text(value))
        if not number:
            if self.required:
                raise ValueError(_("Le numéro RPPS est vide."))
            return ""
        try:
            validate_rpps(number)
        except ValidationError as error:
            raise ValueError(
                _("RPPS « %(value)s » : %(reason)s")
                % {"value": number, "reason": error.messages[0]}
            ) from None
        return number


class SpecialtyWidget(widgets.Widget):
    """A DES by its label, its code or a common abbreviation; unknown → "autre" with a notice."""

    ALIASES = {
        "mg": Specialty.MEDECINE_GENERALE,
        "generaliste": Specialty.MEDECINE_GENERALE,
        "medecingeneraliste": Specialty.MEDECINE_GENERALE,
        "desmg": Specialty.MEDECINE_GENERALE,
        "cardiologie": Specialty.CARDIOLOGIE,
        "anesthesie": Specialty.ANESTHESIE,
        "gynecologie": Specialty.GYNECOLOGIE_MEDICALE,
        "psychiatre": Specialty.PSYCHIATRIE,
        "pediatre": Specialty.PEDIATRIE,
        "urgences": Specialty.MEDECINE_URGENCE,
        "urgentiste": Specialty.MEDECINE_URGENCE,
        "radiologie": Specialty.RADIOLOGIE,
        "dermatologie": Specialty.DERMATOLOGIE,
        "gastroenterologie": Specialty.GASTRO,
        "endocrinologie": Specialty.ENDOCRINOLOGIE,
        "orl": Specialty.ORL,
    }

    def __init__(self):
        super().__init__()
        self.lookup = {fold(value): value for value in Specialty.values}
        self.lookup.update({fold(label): value for value, label in Specialty.choices})
        self.lookup.update({key: str(value) for key, value in self.ALIASES.items()})

    def clean(self, value, row=None, notices=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        found = self.lookup.get(text)
        if found is None:
            found = self.lookup.get(fold(text))
            if found is not None:
                self.lookup[text] = found  # a file repeats the same few labels
        if found is None:
            if notices is not None:
                notices.append(
                    _("Spécialité « %(value)s » non reconnue : enregistrée comme « Autre ».")
                    % {"value": text}
                )
            return Specialty.AUTRE.value
        return found


class YearWidget(widgets.Widget):
    this_year = None

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, date):
            value = value.year
        text = cell_text(value)
        if not text:
            return None
        if self.this_year is None:  # once per import: each import has its own resource
            self.this_year = timezone.localdate().year
        this_year = self.this_year
        if not text.isdigit() or not 1950 <= int(text) <= this_year + 1:
            raise ValueError(
                _("Année de diplôme invalide : « %(value)s » (une année entre 1950 et %(max)d).")
                % {"value": text, "max": this_year + 1}
            )
        return int(text)


class DepartementWidget(widgets.Widget):
    """A département by INSEE code ("91", "1", "2A"), name ("Val-d'Oise") or both ("Essonne (91)")."""

    def __init__(self, *, required=False):
        super().__init__()
        self.required = required
        self._by_code = self._by_name = None

    def _load(self):
        if self._by_code is None:
            rows = list(Departement.objects.values_list("pk", "insee_code", "name"))
            self._by_code = {code: pk for pk, code, _name in rows}
            self._by_name = {fold(name): pk for pk, _code, name in rows}

    def _code(self, text):
        code = text.upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        return self._by_code.get(code)

    def clean(self, value, row=None, **kwargs):
        self._load()
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("Le département est vide."))
            return None
        found = self._code(text) or self._by_name.get(fold(text))
        if found is None:
            for pattern in (r"\((\d{1,3}|2[abAB])\)", r"^(\d{1,3}|2[abAB])\b"):
                match = re.search(pattern, text)
                if match and (found := self._code(match.group(1))):
                    break
        if found is None:
            raise ValueError(
                _("Département inconnu : « %(value)s » (code INSEE ou nom attendu).")
                % {"value": text}
            )
        return found


class FrenchDateWidget(widgets.Widget):
    FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")

    def __init__(self, *, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("La date d'inscription est vide."))
            return None
        for pattern in self.FORMATS:
            try:
                parsed = datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern)  # noqa: DTZ007 (a calendar date, no time)
            except ValueError:
                continue
            if parsed.year >= 1950:
                return parsed.date()
        raise ValueError(
            _("Date invalide : « %(value)s » (format attendu : JJ/MM/AAAA).") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""
