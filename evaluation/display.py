"""How figures read on pages, in PDFs and in exports: French number formats, the unit, and the
small-cell rule (a figure about fewer than N people reads "< N", so nobody can be singled out)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.choices import PracticeMode, Structure
from caseload.models import ClosedReason, Source, Stage, ZoneType
from permanences.models.survey import InstallationHorizon

from .models import Unit

NBSP = "\u00a0"
NOTHING = "—"

# The breakdowns computations write: their heading, and the choices naming their keys (read at
# display time, so that an English page says "Contacted", not the French label stored).
DIMENSIONS = {
    "departement": (_("Par département"), []),
    "faculty": (_("Par faculté"), []),
    "faculty_month": (_("Par faculté et par mois"), []),
    "horizon": (_("Par horizon d'installation"), InstallationHorizon.choices),
    "practice_mode": (_("Par mode d'exercice"), PracticeMode.choices),
    "structure": (_("Par structure"), Structure.choices),
    "zone": (_("Par zonage"), ZoneType.choices),
    "touchpoint": (_("Par point de suivi (faits à temps / dus)"), []),
    "stage": (_("Par étape"), Stage.choices),
    "source": (_("Par origine"), Source.choices),
    "closed_reason": (_("Par motif de clôture"), ClosedReason.choices),
}


def is_small(people, threshold):
    """A figure about 1 to N-1 people is hidden; none (0) or no people at all is shown."""
    return people is not None and 0 < people < threshold


def small_text(threshold):
    return f"<{NBSP}{threshold}"


def plain(value, places=None, grouping=True):
    """A number in the active language's format (decimals only when it has some)."""
    value = Decimal(value)
    if places is None:  # as many decimals as it has, at most two: 2,5 and 3,25, not 2,50
        places = min(2, max(0, -value.normalize().as_tuple().exponent))
    # Rounded here: number_format cuts the extra decimals off.
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(value, places, use_l10n=True, force_grouping=grouping)


def format_value(value, unit):
    """A value with its unit, in the active language's format ("81 %", "3,5 / 5")."""
    if value is None:
        return NOTHING
    if unit == Unit.PERCENTAGE:
        return f"{plain(value, 0)}{NBSP}%"
    if unit == Unit.SCORE:
        return f"{plain(value, 1)}{NBSP}/{NBSP}5"
    if unit == Unit.EUROS:
        return f"{plain(value, 0)}{NBSP}€"
    if unit == Unit.DAYS:
        days = int(Decimal(value))
        return ngettext("%(days)s jour", "%(days)s jours", days) % {"days": plain(value)}
    return plain(value)


@dataclass(frozen=True)
class Cell:
    """What a figure shows: its text, its number (None when hidden or missing, for charts and
    spreadsheets), and "numerator / denominator" beside a rate."""

    text: str
    number: Decimal | None = None
    detail: str = ""
    hidden: bool = False


def cell(figure, unit, threshold):
    if figure.value is None and figure.denominator is None:
        return Cell(NOTHING)
    if is_small(figure.people, threshold):
        return Cell(small_text(threshold), hidden=True)
    detail = ""
    if figure.denominator is not None and unit in (Unit.PERCENTAGE, Unit.COUNT):
        detail = f"{plain(figure.numerator or 0)} / {plain(figure.denominator)}"
    number = Decimal(figure.value) if figure.value is not None else None
    return Cell(format_value(figure.value, unit), number, detail)


def _count_text(count, about_people, threshold):
    if about_people and is_small(count, threshold):
        return small_text(threshold)
    return plain(count)


def breakdown_tables(figure, threshold):
    """[(heading, [(label, text)])] of the figure's breakdowns, small cells hidden when the
    figure is about people. A row [key, label, done, due] reads "done / due"."""
    about_people = figure.people is not None
    tables = []
    for dimension, rows in figure.breakdown.items():
        heading, choices = DIMENSIONS.get(dimension, (dimension, []))
        names = {key: label for key, label in choices}
        lines = []
        for row in rows:
            key, label, *counts = row
            if len(counts) == 2:
                done, due = counts
                text = (
                    small_text(threshold)
                    if about_people and is_small(due, threshold)
                    else f"{plain(done)} / {plain(due)}"
                )
            else:
                text = _count_text(counts[0], about_people, threshold)
            lines.append((str(names.get(key, label)), text))
        tables.append((str(heading), lines))
    return tables


def correction_note(correction, unit, threshold):
    """The note a corrected previous quarter leaves on the next one (small cells hidden)."""
    from .periods import Quarter

    def figure(value, people):
        if is_small(people, threshold):
            return small_text(threshold)
        return format_value(Decimal(value), unit) if value else NOTHING

    year, number = correction["quarter"].split("-Q")
    return _(
        "Chiffre publié pour le %(quarter)s : %(published)s ; avec les données corrigées depuis, "
        "il serait de %(now)s. Le chiffre publié reste inchangé."
    ) % {
        "quarter": Quarter(int(year), int(number)).label,
        "published": figure(correction.get("published"), correction.get("people_published")),
        "now": figure(correction.get("now"), correction.get("people_now")),
    }
