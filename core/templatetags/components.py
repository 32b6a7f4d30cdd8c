"""The page layer's tags. `{% table %}` is the one way to write a data table:

    {% load components %}
    {% translate "Mes inscriptions" as caption %}
    {% table caption=caption id="inscriptions" size="sm" %}
        <thead><tr><th scope="col">Date</th><th scope="col">Lieu</th></tr></thead>
        <tbody>{% for b in bookings %}<tr><td>…</td><td>…</td></tr>{% endfor %}</tbody>
    {% endtable %}

It writes the DSFR wrappers around the rows (a focusable, named scrolling region, so that a
keyboard can scroll a wide table) and gives every body cell the label of its column
(`data-label`), which `portal.css` shows above the cell when the table becomes a stack of
cards on a phone (under 576 px): nobody scrolls sideways. `cards=False` keeps the scrolling
table (a grid of figures that reads better as a grid).
"""

import html
import re
from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.phones import format_phone

register = template.Library()

_THEAD = re.compile(r"<thead\b.*?</thead>", re.S | re.I)
_HEADER_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S | re.I)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S | re.I)
_CELL = re.compile(r"<(td|th)\b([^>]*)>", re.I)
_COLSPAN = re.compile(r'colspan="?(\d+)', re.I)
_TAGS = re.compile(r"<[^>]+>")


def _text(fragment):
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def _span(attributes):
    match = _COLSPAN.search(attributes)
    return int(match.group(1)) if match else 1


def column_labels(markup):
    """The text of each column's header (a header spanning n columns names all n)."""
    head = _THEAD.search(markup)
    labels = []
    for attributes, content in _HEADER_CELL.findall(head.group(0) if head else ""):
        labels += [_text(content)] * _span(attributes)
    return labels


def label_cells(markup, labels):
    """Every cell outside the head gets `data-label` (unless it has one), by column."""
    head = _THEAD.search(markup)
    start = head.end() if head else 0

    def label_row(row):
        column = 0

        def label_cell(cell):
            nonlocal column
            tag, attributes = cell.group(1), cell.group(2)
            index, column = column, column + _span(attributes)
            if "data-label" in attributes or index >= len(labels) or not labels[index]:
                return cell.group(0)
            label = html.escape(labels[index], quote=True)
            return f'<{tag}{attributes} data-label="{label}">'

        return row.group(1) + _CELL.sub(label_cell, row.group(2)) + row.group(3)

    return markup[:start] + _ROW.sub(label_row, markup[start:])


class TableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        caption = options.get("caption", "")
        table_id = options.get("id") or "tableau"
        cards = options.get("cards", True)
        body = self.nodelist.render(context)
        if cards:
            body = label_cells(body, column_labels(body))
        classes = ["fr-table", "cap-table"]
        if options.get("size"):
            classes.append(f"fr-table--{options['size']}")
        if cards:
            classes.append("cap-table--cards")
        if options.get("caption_hidden"):
            classes.append("fr-table--no-caption")
        return format_html(
            '<div class="{classes}" id="{id}">'
            '<div class="fr-table__wrapper">'
            '<div class="fr-table__container" tabindex="0" role="region"'
            ' aria-labelledby="{id}-legende">'
            '<div class="fr-table__content"><table>'
            '<caption id="{id}-legende">{caption}</caption>{body}'
            "</table></div></div></div></div>",
            classes=" ".join(classes),
            id=table_id,
            caption=caption,
            body=mark_safe(body),  # noqa: S308  (the template's own rendered markup)
        )


@register.tag("table")
def table(parser, token):
    """`{% table caption=… id=… size="sm" cards=False caption_hidden=True %}…{% endtable %}`"""
    bits = token.split_contents()[1:]
    options = {}
    for bit in bits:
        name, sep, value = bit.partition("=")
        if not sep:
            raise template.TemplateSyntaxError(f"{{% table %}} takes name=value options: {bit}")
        options[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, options)


@register.filter(name="phone")
def phone(value):
    """A stored phone number as people read it ("06 12 34 56 78"): `{{ profile.phone|phone }}`."""
    return format_phone(value)


@dataclass(frozen=True)
class SummaryError:
    """One line of a form's error summary: the message, named after its field, and the link
    that moves to the field (none for an error that belongs to no field)."""

    text: str
    href: str = ""


def _form_summary(form, row=""):
    """Every error of one form, in the order of its fields, the form's own errors first."""
    lines = [SummaryError(f"{row} : {e}" if row else str(e)) for e in form.non_field_errors()]
    for name in form.fields:
        field = form[name]
        label = f"{row} — {field.label}" if row else str(field.label)
        href = "" if field.is_hidden or not field.auto_id else f"#{field.auto_id}"
        lines += [SummaryError(f"{label} : {error}", href) for error in field.errors]
    return lines


def _formset_summary(formset, row_label, heading=""):
    lines = [
        SummaryError(f"{heading} : {error}" if heading else str(error))
        for error in formset.non_form_errors()
    ]
    for number, subform in enumerate(formset, start=1):
        row = f"{row_label} {number}"
        for line in _form_summary(subform, row):
            # A row's own errors move to the row (formset.html gives it this id).
            lines.append(line if line.href else SummaryError(line.text, f"#{subform.prefix}-ligne"))
    return lines


@register.simple_tag
def error_summary(form=None, formset=None, formsets=()):
    """Every error of the page's form and formsets, each linked to its field
    (components/form_errors.html shows them). `formsets` holds (heading, formset, row label)
    triples (core.pages.form_page); a lone `formset` has rows called "Étape n"."""
    lines = []
    if form and form.is_bound:
        lines += _form_summary(form)
    if formset and formset.is_bound:
        lines += _formset_summary(formset, _("Étape"))
    for heading, page_formset, row_label in formsets or ():
        if page_formset.is_bound:
            lines += _formset_summary(page_formset, row_label, heading)
    return lines


@register.filter
def fields(form, names):
    """The bound fields of `form` named in `names` (space-separated), in that order; a name the
    form does not have (a field only some users get) is left out."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def among(name, names):
    """Whether `name` is one of the space-separated `names` (empty: never)."""
    return name in (names or "").split()


@register.filter(is_safe=True)
def strip(value):
    """The text without the spaces around it: a block inside an attribute
    (`href="{% filter strip %}{% block cancel_url %}…{% endblock %}{% endfilter %}"`)."""
    return str(value).strip()


@register.simple_tag
def crumbs(*parts):
    """The levels of a breadcrumb (components/breadcrumb.html's `crumbs`) from label, url,
    label, url…: `{% crumbs region.name region_url departement.name departement_url as levels %}`.
    A level without a label is left out (a level the page does not sit below)."""
    return [(label, url) for label, url in zip(parts[::2], parts[1::2], strict=True) if label]
