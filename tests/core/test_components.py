"""The page layer's {% table %}: DSFR wrappers, a named scrolling region, and the label of its
column on every body cell (what a phone shows above each line of a card)."""

from django.template import Context, Template

TABLE = Template(
    """{% load components %}{% table caption=caption id="t" size="sm" %}
    <thead><tr><th scope="col">Date</th><th scope="col" colspan="2">Lieu &amp; salle</th>
    <th scope="col"><span class="fr-sr-only">Actions</span></th></tr></thead>
    <tbody>{% for row in rows %}<tr><th scope="row">{{ row }}</th><td>Évry</td>
    <td data-label="Salle">B12</td><td><a href="#">Voir</a></td></tr>{% endfor %}</tbody>
    {% endtable %}"""
)


def render(**context):
    return TABLE.render(Context({"caption": "Mes <inscriptions>", "rows": ["2 mars"], **context}))


def test_the_table_is_a_named_keyboard_scrollable_region():
    html = render()
    assert '<div class="fr-table cap-table fr-table--sm cap-table--cards" id="t">' in html
    assert 'tabindex="0" role="region" aria-labelledby="t-legende"' in html
    assert '<caption id="t-legende">Mes &lt;inscriptions&gt;</caption>' in html


def test_every_body_cell_carries_its_column_label():
    html = render()
    assert '<th scope="row" data-label="Date">2 mars</th>' in html
    assert '<td data-label="Lieu &amp; salle">Évry</td>' in html  # a header spanning two
    assert '<td data-label="Salle">B12</td>' in html  # a label of its own is kept
    assert '<td data-label="Actions"><a href="#">Voir</a></td>' in html  # hidden text counts
    assert 'scope="col" data-label' not in html  # headers are left alone


def test_a_table_without_cards_is_left_as_written():
    html = Template(
        "{% load components %}{% table caption='x' cards=False %}"
        "<thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody>{% endtable %}"
    ).render(Context())
    assert "<td>1</td>" in html and "cap-table--cards" not in html


def test_a_fieldset_shows_the_named_fields_in_order_and_skips_the_absent_ones():
    from django import forms

    class Form(forms.Form):
        last_name = forms.CharField(label="Nom")
        first_name = forms.CharField(label="Prénom")
        call_back_at = forms.DateField(label="Rappeler le", required=False)

    html = Template(
        '{% load components %}{% include "components/fieldset.html" with legend="La personne"'
        ' legend_id="legende" fields=form|fields:"first_name stage last_name call_back_at"'
        ' unmarked="call_back_at" %}'
    ).render(Context({"form": Form()}))
    assert 'aria-labelledby="legende"' in html and "La personne</h2>" in html
    assert html.index("Prénom") < html.index("Nom") and "stage" not in html
    assert html.count('class="fr-fieldset__element"') == 3
    assert "facultatif" not in html  # the one optional field's hint explains when it is needed


def test_crumbs_leave_out_the_levels_a_page_does_not_sit_below():
    from core.templatetags.components import crumbs

    assert crumbs("Aides", "/aides/", "", "", "Ain", "/aides/01/") == [
        ("Aides", "/aides/"),
        ("Ain", "/aides/01/"),
    ]
