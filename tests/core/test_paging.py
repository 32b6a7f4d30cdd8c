"""Keyset pagination (core.paging): walking a list forward then back returns every row once,
in the list's order, with NULLs and ties; filters stay in the links; a cursor someone edited,
or made for another order, gives the first page, never an error; no OFFSET in the SQL."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caseload.models import Dossier
from core import paging
from tests.accounts.factories import TenantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


class FakeRequest:
    def __init__(self, query=""):
        self.GET = QueryDict(query)


def get(url_query):
    return FakeRequest(url_query.lstrip("?"))


@pytest.fixture
def dossiers():
    """53 dossiers with ties on names and on a nullable date, some without a date."""
    tenant = TenantFactory()
    rng = random.Random(14)
    today = timezone.localdate()
    rows = [
        Dossier(
            tenant=tenant,
            last_name=rng.choice(["Martin", "Bernard", "Œuvrard", "Zoé"]),
            first_name=rng.choice(["Anne", "Éric"]),
            next_action_on=rng.choice([None, today, today + timedelta(days=1)]),
            stage=rng.choice(["to_contact", "contacted"]),
        )
        for _ in range(53)
    ]
    Dossier.objects.bulk_create(rows)
    return Dossier.objects.filter(tenant=tenant)


def walk(queryset, *, per_page, query=""):
    """Every page forward from the first, then every page back from the last."""
    pages = [paging.keyset_page(get(query), queryset, per_page=per_page)]
    while pages[-1].has_next:
        pages.append(paging.keyset_page(get(pages[-1].next_url), queryset, per_page=per_page))
    back = [pages[-1]]
    while back[-1].has_previous:
        back.append(paging.keyset_page(get(back[-1].previous_url), queryset, per_page=per_page))
    return pages, back


def ids(pages):
    return [row.pk for page in pages for row in page.object_list]


@pytest.mark.parametrize(
    "ordering",
    [
        ("last_name", "first_name", "id"),
        ("-last_name", "first_name", "-id"),
        ("next_action_on", "id"),
        ("-next_action_on", "-id"),
    ],
)
def test_forward_and_back_return_every_row_once_in_order(dossiers, ordering):
    queryset = dossiers.order_by(*ordering)
    nulls_greatest = [
        F(key.lstrip("-")).desc(nulls_first=True)
        if key.startswith("-")
        else F(key).asc(nulls_last=True)
        for key in ordering
    ]
    expected = list(dossiers.order_by(*nulls_greatest).values_list("pk", flat=True))
    forward, back = walk(queryset, per_page=10)
    assert ids(forward) == expected
    assert [len(page) for page in forward] == [10, 10, 10, 10, 10, 3]
    assert ids(reversed(back)) == expected
    assert not back[-1].has_previous
    assert back[-1].object_list == forward[0].object_list


def test_filters_stay_in_the_links_and_the_pages(dossiers):
    queryset = dossiers.filter(stage="contacted").order_by("last_name", "first_name", "id")
    forward, back = walk(queryset, per_page=4, query="stage=contacted&q=x")
    assert all("stage=contacted" in page.next_url for page in forward[:-1])
    assert "q=x" in forward[1].first_url and "page=" not in forward[1].first_url
    assert ids(forward) == list(queryset.values_list("pk", flat=True))
    assert ids(reversed(back)) == ids(forward)
    assert forward[0].count == queryset.count()


@pytest.mark.parametrize(
    "cursor",
    ["2", "garbage", "", "eyJkIjoibiJ9:1abc:xyz", "%00", "a" * 5000],
)
def test_a_tampered_cursor_gives_the_first_page(dossiers, cursor):
    queryset = dossiers.order_by("last_name", "first_name", "id")
    first = paging.keyset_page(get(""), queryset, per_page=10)
    request = FakeRequest()
    request.GET = QueryDict(mutable=True)
    request.GET["page"] = cursor
    page = paging.keyset_page(request, queryset, per_page=10)
    assert page.object_list == first.object_list
    assert not page.has_previous


def test_an_edited_cursor_keeps_its_signature_check(dossiers):
    queryset = dossiers.order_by("last_name", "first_name", "id")
    second = paging.keyset_page(
        get(paging.keyset_page(get(""), queryset, per_page=10).next_url), queryset, per_page=10
    )
    cursor = second.next_cursor
    edited = cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:]
    page = paging.keyset_page(get(f"page={edited}"), queryset, per_page=10)
    assert not page.has_previous


def test_a_cursor_made_for_another_order_gives_the_first_page(dossiers):
    by_name = dossiers.order_by("last_name", "first_name", "id")
    by_date = dossiers.order_by("next_action_on", "id")
    cursor = paging.keyset_page(get(""), by_name, per_page=10).next_cursor
    page = paging.keyset_page(get(f"page={cursor}"), by_date, per_page=10)
    assert page.object_list == paging.keyset_page(get(""), by_date, per_page=10).object_list


def test_an_order_without_a_unique_last_key_is_refused(dossiers):
    with pytest.raises(ValueError):
        paging.keyset_page(get(""), dossiers.order_by("last_name"), per_page=10)


def test_a_page_is_one_query_without_offset(dossiers):
    queryset = dossiers.order_by("last_name", "first_name", "id")
    second_url = paging.keyset_page(get(""), queryset, per_page=10).next_url
    with CaptureQueriesContext(connection) as queries:
        paging.keyset_page(get(second_url), queryset, per_page=10)
    assert len(queries) == 1
    assert "OFFSET" not in queries[0]["sql"]
    assert '"caseload_dossier"."last_name" >=' in queries[0]["sql"]


def test_the_last_page_is_the_lists_end_and_leads_back_to_the_start(dossiers):
    queryset = dossiers.order_by("-next_action_on", "last_name", "id")
    expected = [
        row.pk
        for row in dossiers.order_by(F("next_action_on").desc(nulls_first=True), "last_name", "id")
    ]
    last = paging.keyset_page(
        get(paging.keyset_page(get(""), queryset, per_page=10).last_url), queryset, per_page=10
    )
    assert [row.pk for row in last.object_list] == expected[-10:]
    assert not last.has_next and last.has_previous
    pages = [last]
    while pages[-1].has_previous:
        pages.append(paging.keyset_page(get(pages[-1].previous_url), queryset, per_page=10))
    assert ids(reversed(pages)) == expected
