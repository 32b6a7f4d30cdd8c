"""The départements a person considers: checkboxes in one fieldset per region, not a long
multiple select needing Ctrl-click."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.fields import name_sort_key
from accounts.models import Profile
from core.models import Departement, Region
from tests.accounts.factories import ProfileFactory, TenantFactory
from tests.accounts.test_profile import _form_data

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile_edit")


@dataclass
class Group:
    legend: str = ""
    open: bool = False
    boxes: dict = field(default_factory=dict)  # label -> (value, checked)


class RegionFieldsets(HTMLParser):
    """The region fieldsets of the départements field, as a person or a screen reader meets
    them: the accordion button's state, the fieldset's legend, each checkbox and its label."""

    def __init__(self, html):
        super().__init__()
        self.groups, self.selects = [], []
        self._open = None
        self._fieldset_just_opened = False
        self._text_into = None
        self._inputs = {}  # id -> (value, checked, group)
        self._labels = {}  # for -> text
        self.feed(html)
        for box_id, (value, checked, group) in self._inputs.items():
            group.boxes[self._labels[box_id]] = (value, checked)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "button" and "fr-accordion__btn" in classes:
            self._open = attrs.get("aria-expanded") == "true"
        elif tag == "fieldset":
            self._fieldset_just_opened = True
            return
        elif tag == "legend" and self._fieldset_just_opened:
            if "cap-checkbox-groups__legend" in classes:
                self.groups.append(Group(open=self._open))
                self._text_into = ("legend", self.groups[-1])
        elif tag == "input" and attrs.get("name") == "departements_considered":
            assert attrs["type"] == "checkbox"
            self._inputs[attrs["id"]] = (attrs["value"], "checked" in attrs, self.groups[-1])
        elif tag == "label" and attrs.get("for", "").startswith("id_departements_considered_"):
            self._labels[attrs["for"]] = ""
            self._text_into = ("label", attrs["for"])
        elif tag == "select" and attrs.get("name") == "departements_considered":
            self.selects.append(attrs)
        self._fieldset_just_opened = False

    def handle_endtag(self, tag):
        if tag in ("legend", "label"):
            self._text_into = None

    def handle_data(self, data):
        if self._text_into is None:
            return
        kind, target = self._text_into
        if kind == "legend":
            target.legend += data.strip()
        else:
            self._labels[target] += data.strip()

    def by_legend(self):
        return {group.legend: group for group in self.groups}

    def ticked(self):
        return {label for group in self.groups for label, (_v, on) in group.boxes.items() if on}

    def value_of(self, label):
        return next(g.boxes[label][0] for g in self.groups if label in g.boxes)


def fieldsets(response):
    assert response.status_code == 200
    return RegionFieldsets(response.content.decode())


def test_the_departements_are_checkboxes_in_one_fieldset_per_region(client, intern):
    client.force_login(intern)
    page = fieldsets(client.get(URL))
    assert page.selects == []
    legends = [group.legend for group in page.groups]
    # Every region once, in the Region table's order (by name, accents ignored).
    assert legends == sorted(Region.objects.values_list("name", flat=True), key=name_sort_key)
    assert legends[0] == "Auvergne-Rhône-Alpes"
    assert legends.index("Hauts-de-France") + 1 == legends.index("Île-de-France")
    regions = page.by_legend()
    assert list(regions["Île-de-France"].boxes) == [
        "75 — Paris",
        "77 — Seine-et-Marne",
        "78 — Yvelines",
        "91 — Essonne",
        "92 — Hauts-de-Seine",
        "93 — Seine-Saint-Denis",
        "94 — Val-de-Marne",
        "95 — Val-d'Oise",
    ]
    assert list(regions["Corse"].boxes) == ["2A — Corse-du-Sud", "2B — Haute-Corse"]
    assert sum(len(group.boxes) for group in page.groups) == Departement.objects.count() == 101
    assert page.ticked() == set()
    # Nothing ticked and no tenant followed: every region is closed.
    assert not any(group.open for group in page.groups)


def test_ticking_two_departements_saves_them_and_opens_their_regions(client, intern):
    client.force_login(intern)
    page = fieldsets(client.get(URL))
    ticked = [page.value_of("29 — Finistère"), page.value_of("91 — Essonne")]
    response = client.post(URL, _form_data(departements_considered=ticked))
    assert response.status_code == 302
    profile = Profile.objects.get(user=intern)
    assert set(profile.departements_considered.values_list("insee_code", flat=True)) == {
        "29",
        "91",
    }
    page = fieldsets(client.get(URL))
    assert page.ticked() == {"29 — Finistère", "91 — Essonne"}
    assert {group.legend for group in page.groups if group.open} == {"Bretagne", "Île-de-France"}


def test_a_form_error_keeps_the_ticks(client, intern):
    client.force_login(intern)
    page = fieldsets(client.get(URL))
    ticked = [page.value_of("2B — Haute-Corse"), page.value_of("974 — La Réunion")]
    response = client.post(URL, _form_data(rpps="123", departements_considered=ticked))
    page = fieldsets(response)
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert page.ticked() == {"2B — Haute-Corse", "974 — La Réunion"}
    assert {group.legend for group in page.groups if group.open} == {"Corse", "La Réunion"}
    assert not Profile.objects.get(user=intern).departements_considered.exists()


def test_an_unknown_departement_is_an_error_on_the_field_shown_the_dsfr_way(client, intern):
    client.force_login(intern)
    paris = str(Departement.objects.get(insee_code="75").pk)
    response = client.post(URL, _form_data(departements_considered=[paris, "999999"]))
    content = response.content.decode()
    assert 'class="fr-fieldset fr-fieldset--error"' in content
    assert (
        'aria-labelledby="id_departements_considered-legend id_departements_considered-errors"'
        in content
    )
    assert '<div class="fr-messages-group" id="id_departements_considered-errors">' in content
    assert "999999" in content
    # The error summary links to the field's fieldset.
    assert '<a href="#id_departements_considered">Départements envisagés : ' in content
    assert 'id="id_departements_considered"' in content
    assert fieldsets(response).ticked() == {"75 — Paris"}


def test_the_regions_of_the_followed_tenant_come_first_and_open(client, intern):
    tenant = TenantFactory(region=Region.objects.get(insee_code="28"))  # Normandie
    tenant.departements.set([Departement.objects.get(insee_code="64")])  # in Nouvelle-Aquitaine
    ProfileFactory(user=intern, followed_tenant=tenant)
    client.force_login(intern)
    page = fieldsets(client.get(URL))
    assert [group.legend for group in page.groups[:2]] == ["Normandie", "Nouvelle-Aquitaine"]
    assert [group.legend for group in page.groups if group.open] == [
        "Normandie",
        "Nouvelle-Aquitaine",
    ]
    assert len(page.groups) == 18


def _queries_of_the_edit_page(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_edit_page_queries_do_not_depend_on_the_departements_ticked(client, intern, tenant):
    tenant.region = Region.objects.get(insee_code="11")
    tenant.save()
    profile = ProfileFactory(user=intern, followed_tenant=tenant)
    client.force_login(intern)
    _queries_of_the_edit_page(client)  # the first request of a session may do more
    counts = []
    for codes in ([], ["75", "91"], ["01", "2A", "29", "33", "59", "69", "75", "974", "976"]):
        profile.departements_considered.set(Departement.objects.filter(insee_code__in=codes))
        # The first request after a profile change reads the kept access flags again.
        _queries_of_the_edit_page(client)
        queries = _queries_of_the_edit_page(client)
        counts.append(len(queries))
        # The list of regions and départements is one query, whatever is ticked.
        listing = [
            sql
            for sql in queries
            if 'FROM "core_departement" INNER JOIN "core_region"' in sql
            and "accounts_profile_departements_considered" not in sql
        ]
        assert len(listing) == 1
    assert counts[0] == counts[1] == counts[2]
