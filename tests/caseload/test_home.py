"""The case manager's home: my dossiers by stage, what is due today, overdue follow-ups, my
people's upcoming permanences, the filtered and paginated list, the admin's view of every
case manager's load, and a number of queries that does not grow with the rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseload.models import Dossier, Stage
from tests.accounts.factories import UserFactory
from tests.caseload.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    DossierFactory,
    FollowUpFactory,
    departement,
)
from tests.permanences.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def home(client, tenant, **params):
    return client.get(reverse("caseload:home", kwargs={"tenant_slug": tenant.slug}), params)


def populate(tenant, count, *, managers):
    """`count` dossiers spread over managers and stages, each with what a row can show."""
    today = timezone.localdate()
    stages = list(Stage)
    for index in range(count):
        manager = managers[index % len(managers)]
        person = UserFactory() if index % 3 == 0 else None
        dossier = DossierFactory(
            tenant=tenant,
            assigned_to=manager,
            person=person,
            stage=stages[index % len(stages)],
            target_departement=departement("91"),
            tags=["CESP"] if index % 2 else [],
            next_action="Rappeler" if index % 4 == 0 else "",
            next_action_on=today if index % 4 == 0 else None,
        )
        if index % 5 == 0:
            FollowUpFactory(dossier=dossier, due_on=today - timedelta(days=index + 1))
        if person is not None:
            BookingFactory(
                session=SessionFactory(tenant=tenant),
                person=person,
                slot_index=0,
            )
        if index % 4 == 0:
            CampaignTargetFactory(
                campaign=CampaignFactory(tenant=tenant),
                dossier=dossier,
                status="call_back",
                call_back_at=timezone.now() + timedelta(hours=1),
            )


@pytest.mark.parametrize("who", ["case_manager", "tenant_admin"])
def test_the_number_of_queries_does_not_grow_with_the_dossiers(
    client, request, tenant, case_manager, tenant_admin, django_assert_max_num_queries, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    populate(tenant, 10, managers=[case_manager, tenant_admin])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert home(client, tenant, assigned_to="").status_code == 200
    populate(tenant, 90, managers=[case_manager, tenant_admin])
    assert Dossier.objects.count() == 100
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = home(client, tenant, assigned_to="")
    assert response.status_code == 200
    # The page is full and every block is there, so the rows were really rendered.
    page = response.content.decode()
    assert page.count('href="/idf/suivi/dossiers/') >= 25
    assert "point M+1 prévu le" in page


def test_my_dossiers_by_stage_and_the_list_is_mine_by_default(
    client, tenant, case_manager, other_case_manager
):
    DossierFactory.create_batch(2, tenant=tenant, assigned_to=case_manager, stage=Stage.MATURING)
    DossierFactory(tenant=tenant, assigned_to=case_manager, stage=Stage.INSTALLED, last_name="Mien")
    DossierFactory(tenant=tenant, assigned_to=other_case_manager, last_name="Autrui")
    client.force_login(case_manager)
    response = home(client, tenant)
    assert response.context["my_total"] == 3
    counts = {stage.value: count for stage, count in response.context["stages"]}
    assert counts[Stage.MATURING] == 2 and counts[Stage.INSTALLED] == 1
    names = [d.last_name for d in response.context["page"].object_list]
    assert "Mien" in names and "Autrui" not in names
    everyone = home(client, tenant, assigned_to="")
    assert "Autrui" in [d.last_name for d in everyone.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "dupont"}, {"Dupont"}),
        ({"q": "marie@exam"}, {"Curie"}),
        ({"q": "1000"}, {"Dupont"}),  # the start of an RPPS number
        ({"q": "jean dupont"}, {"Dupont"}),
        ({"q": "dupont 1000"}, {"Dupont"}),
        ({"q": "curie 1000"}, set()),  # every word must match
        ({"stage": "installed"}, {"Curie"}),
        ({"source": "cdom"}, {"Curie"}),
        ({"target_departement": "77"}, {"Curie"}),
        ({"tag": "CESP"}, {"Dupont"}),
        ({"tag": "CES"}, set()),
        ({"assigned_to": "null"}, {"Sansnom"}),
        ({"overdue": "on"}, {"Curie"}),
    ],
)
def test_filters_and_search(client, tenant, case_manager, params, expected):
    from core.models import Departement

    today = timezone.localdate()
    DossierFactory(
        tenant=tenant,
        assigned_to=case_manager,
        first_name="Jean",
        last_name="Dupont",
        rpps="10003333331",
        tags=["CESP", "MSP"],
    )
    curie = DossierFactory(
        tenant=tenant,
        assigned_to=case_manager,
        first_name="Marie",
        last_name="Curie",
        email="marie@example.org",
        stage=Stage.INSTALLED,
        source="cdom",
        target_departement=Departement.objects.get(insee_code="77"),
    )
    FollowUpFactory(dossier=curie, due_on=today - timedelta(days=2))
    DossierFactory(tenant=tenant, last_name="Sansnom")
    client.force_login(case_manager)
    if "target_departement" in params:
        params["target_departement"] = Departement.objects.get(insee_code="77").pk
    params.setdefault("assigned_to", "")
    response = home(client, tenant, **params)
    assert {d.last_name for d in response.context["page"].object_list} == expected


def test_due_call_backs_overdue_follow_ups_and_upcoming_bookings(
    client, tenant, case_manager, intern
):
    today = timezone.localdate()
    now = timezone.now()
    due = DossierFactory(
        tenant=tenant,
        assigned_to=case_manager,
        last_name="Arappeler",
        next_action="Rappeler",
        next_action_on=today,
    )
    CampaignTargetFactory(
        dossier=due,
        campaign=CampaignFactory(tenant=tenant),
        status="call_back",
        call_back_at=now + timedelta(hours=2),
    )
    DossierFactory(
        tenant=tenant,
        assigned_to=case_manager,
        last_name="Plustard",
        next_action="Rappeler",
        next_action_on=today + timedelta(days=3),
    )
    late = DossierFactory(tenant=tenant, assigned_to=case_manager, last_name="Enretard")
    FollowUpFactory(dossier=late, due_on=today - timedelta(days=5), months_after=3)
    FollowUpFactory(dossier=late, due_on=today + timedelta(days=5), months_after=6)
    followed = DossierFactory(
        tenant=tenant, assigned_to=case_manager, person=intern, last_name="Inscrite"
    )
    soon = SessionFactory(tenant=tenant, starts_at=now + timedelta(days=5))
    far = SessionFactory(tenant=tenant, starts_at=now + timedelta(days=45))
    BookingFactory(session=soon, person=intern, slot_index=0)
    BookingFactory(session=far, person=intern, slot_index=0)
    client.force_login(case_manager)
    response = home(client, tenant)
    assert [d.last_name for d in response.context["actions_due"]] == ["Arappeler"]
    assert response.context["actions_due"][0].call_back_at is not None
    assert [(f.dossier.last_name, f.months_after) for f in response.context["overdue"]] == [
        ("Enretard", 3)
    ]
    bookings = response.context["bookings"]
    assert [b.session for b in bookings] == [soon]
    assert bookings[0].dossier_id == followed.pk


def test_the_admin_sees_every_case_managers_load(
    client, tenant, tenant_admin, case_manager, other_case_manager
):
    today = timezone.localdate()
    DossierFactory.create_batch(3, tenant=tenant, assigned_to=case_manager, stage=Stage.CONTACTED)
    late = DossierFactory(tenant=tenant, assigned_to=other_case_manager, stage=Stage.INSTALLED)
    FollowUpFactory(dossier=late, due_on=today - timedelta(days=1))
    DossierFactory(tenant=tenant)
    client.force_login(case_manager)
    assert "load" not in home(client, tenant).context
    client.force_login(tenant_admin)
    response = home(client, tenant)
    load = {(row.user.email if row.user else None): row for row in response.context["load"]}
    assert load[case_manager.email].counts[Stage.CONTACTED] == 3
    assert load[case_manager.email].total == 3
    assert (load[other_case_manager.email].total, load[other_case_manager.email].overdue) == (1, 1)
    assert load[None].total == 1
    assert load[tenant_admin.email].total == 0
    assert "Transférer les dossiers cochés" in response.content.decode()


def test_pagination_keeps_the_filters_forward_and_back(client, tenant, case_manager):
    DossierFactory.create_batch(30, tenant=tenant, assigned_to=case_manager, stage=Stage.CONTACTED)
    DossierFactory.create_batch(5, tenant=tenant, assigned_to=case_manager, stage=Stage.DEFINED)
    client.force_login(case_manager)
    url = reverse("caseload:home", kwargs={"tenant_slug": tenant.slug})
    first = home(client, tenant, stage="contacted")
    first_page = first.context["page"]
    assert len(first_page.object_list) == 25
    assert first_page.next_url.startswith("?stage=contacted&page=")
    second = client.get(url + first_page.next_url).context["page"]
    assert len(second.object_list) == 5
    assert not second.has_next
    listed = [d.pk for d in first_page.object_list + second.object_list]
    expected = Dossier.objects.filter(tenant=tenant, stage=Stage.CONTACTED).order_by(
        "last_name", "first_name", "id"
    )
    assert listed == [d.pk for d in expected]
    back = client.get(url + second.previous_url).context["page"]
    assert back.object_list == first_page.object_list
    assert not back.has_previous


def test_an_old_page_number_or_a_forged_cursor_shows_the_first_page(client, tenant, case_manager):
    DossierFactory.create_batch(30, tenant=tenant, assigned_to=case_manager)
    client.force_login(case_manager)
    first = home(client, tenant).context["page"].object_list
    for cursor in ("2", "not-a-cursor", "eyJ4IjoxfQ:abc:def"):
        response = home(client, tenant, page=cursor)
        assert response.status_code == 200
        assert response.context["page"].object_list == first
