"""Tenant pages beyond their status codes: what each role's menu and home show, and only the
tenant's own rows. Who gets which status on every URL, and another tenant's objects (404):
tests/access/."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from tests.accounts.factories import SettlementStepFactory

pytestmark = pytest.mark.django_db


def test_tenant_public_page_needs_no_login_and_shows_no_staff_links(client, tenant):
    SettlementStepFactory(tenant=tenant, title="S'inscrire au tableau de l'Ordre")
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "S'inscrire au tableau de l'Ordre" in content or "S&#x27;inscrire" in content
    assert reverse("tenant_admin:home", kwargs={"tenant_slug": tenant.slug}) not in content


def test_unknown_tenant_is_404(client):
    assert client.get("/nulle-part/").status_code == 404


def test_admin_page_lists_only_own_tenants_members(client, tenant, tenant_admin, other_admin):
    client.force_login(tenant_admin)
    content = client.get(reverse("tenant_admin:home", kwargs={"tenant_slug": tenant.slug})).content
    assert tenant_admin.email.encode() in content
    assert other_admin.email.encode() not in content


def test_steps_editor_shows_only_own_steps(client, tenant, tenant_admin, other_tenant):
    SettlementStepFactory(tenant=tenant, title="Étape de l'IDF")
    SettlementStepFactory(tenant=other_tenant, title="Étape du 64")
    client.force_login(tenant_admin)
    content = client.get(
        reverse("tenant_admin:edit_steps", kwargs={"tenant_slug": tenant.slug})
    ).content.decode()
    assert "Étape de l" in content
    assert "Étape du 64" not in content


@pytest.mark.parametrize(
    ("who", "expected_url"),
    [
        ("tenant_admin", "tenant_admin:home"),
        ("case_manager", "caseload:home"),
        ("host", "permanences:host_home"),
        ("steering", "evaluation:home"),
    ],
)
def test_each_role_lands_on_its_own_home(client, request, tenant, who, expected_url):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("after_login"))
    assert response.status_code == 302
    assert response.url == reverse(expected_url, kwargs={"tenant_slug": tenant.slug})


def test_removing_a_membership_revokes_its_permissions(client, tenant, case_manager):
    from accounts.permissions import can_manage_caseload

    assert can_manage_caseload(case_manager, tenant)
    Membership.objects.filter(user=case_manager).delete()
    assert not can_manage_caseload(type(case_manager).objects.get(pk=case_manager.pk), tenant)


@pytest.mark.parametrize(
    ("who", "links"),
    [
        (
            "tenant_admin",
            {"staff_session_list", "host_home", "caseload", "evaluation", "administration"},
        ),
        ("case_manager", {"staff_session_list", "host_home", "caseload"}),
        ("host", {"host_home"}),
        ("steering", {"evaluation"}),
        ("intern", set()),
        ("other_admin", set()),
    ],
)
def test_the_tenant_menu_offers_each_role_its_pages_only(client, request, tenant, who, links):
    client.force_login(request.getfixturevalue(who))
    content = client.get(
        reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    ).content.decode()
    urls = {
        "staff_session_list": reverse(
            "permanences:staff_session_list", kwargs={"tenant_slug": tenant.slug}
        ),
        "host_home": reverse("permanences:host_home", kwargs={"tenant_slug": tenant.slug}),
        "caseload": reverse("caseload:home", kwargs={"tenant_slug": tenant.slug}),
        "evaluation": reverse("evaluation:home", kwargs={"tenant_slug": tenant.slug}),
        "administration": reverse("tenant_admin:home", kwargs={"tenant_slug": tenant.slug}),
    }
    shown = {name for name, url in urls.items() if f'href="{url}"' in content}
    assert shown == links
