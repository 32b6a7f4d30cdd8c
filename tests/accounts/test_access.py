"""Who may open which tenant page: anonymous → login, wrong role → 403, right role → 200."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, Membership, Role
from tests.accounts.factories import MembershipFactory, SettlementStepFactory
from tests.tenancy import assert_other_tenant_object_is_404

pytestmark = pytest.mark.django_db

PAGES = {
    "tenant_admin:home": {"tenant_admin"},
    "tenant_admin:invite": {"tenant_admin"},
    "tenant_admin:edit_tenant": {"tenant_admin"},
    "tenant_admin:edit_steps": {"tenant_admin"},
    "caseload:home": {"tenant_admin", "case_manager"},
    "permanences:host_home": {"tenant_admin", "case_manager", "host"},
    "evaluation:home": {"tenant_admin", "steering"},
}
CAST = ["tenant_admin", "case_manager", "host", "steering", "intern", "other_admin"]


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_is_sent_to_login(client, tenant, url_name):
    url = reverse(url_name, kwargs={"tenant_slug": tenant.slug})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("who", CAST)
def test_role_matrix(client, request, tenant, url_name, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse(url_name, kwargs={"tenant_slug": tenant.slug}))
    expected = 200 if who in PAGES[url_name] else 403
    if url_name.startswith("evaluation:") and who == "other_admin":
        expected = 404  # another tenant's dashboard does not exist for its staff
    assert response.status_code == expected


def test_tenant_public_page_needs_no_login_and_shows_no_staff_links(client, tenant):
    SettlementStepFactory(tenant=tenant, title="S'inscrire au tableau de l'Ordre")
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "S'inscrire au tableau de l'Ordre" in content or "S&#x27;inscrire" in content
    assert reverse("tenant_admin:home", kwargs={"tenant_slug": tenant.slug}) not in content


def test_unknown_tenant_is_404(client):
    assert client.get("/nulle-part/").status_code == 404


def test_admin_cannot_remove_another_tenants_member(client, tenant, tenant_admin, other_tenant):
    stranger = MembershipFactory(tenant=other_tenant, role=Role.HOST)
    client.force_login(tenant_admin)
    assert_other_tenant_object_is_404(
        client, url_name="tenant_admin:remove_member", tenant=tenant, obj=stranger, method="post"
    )
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_admin_cannot_revoke_another_tenants_invitation(client, tenant, tenant_admin, other_tenant):
    invitation = Invitation.objects.create(
        tenant=other_tenant, email="x@example.org", role=Role.HOST
    )
    client.force_login(tenant_admin)
    assert_other_tenant_object_is_404(
        client,
        url_name="tenant_admin:revoke_invitation",
        tenant=tenant,
        obj=invitation,
        method="post",
    )


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
