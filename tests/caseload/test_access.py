"""Who may open each caseload page: anonymous → login; a host, a steering member, an intern or
another tenant's admin → 403; a case manager or the tenant's admin → 200 (or the redirect of a
POST); another tenant's dossier, campaign or touchpoint → 404. The admin's bulk transfer is the
tenant admin's only."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.caseload.factories import (
    CampaignFactory,
    CampaignTargetFactory,
    DossierFactory,
    FollowUpFactory,
)
from tests.tenancy import assert_other_tenant_object_is_404

pytestmark = pytest.mark.django_db

FOLLOWERS = {"tenant_admin", "case_manager"}
ADMINS = {"tenant_admin"}
CAST = ["tenant_admin", "case_manager", "host", "steering", "intern", "other_admin"]

# url name → (the kwargs beyond the tenant, from the objects; method; who gets through)
PAGES = {
    "caseload:home": (lambda o: {}, "get", FOLLOWERS),
    "caseload:transfer": (lambda o: {}, "post", ADMINS),
    "caseload:dossier_create": (lambda o: {}, "get", FOLLOWERS),
    "caseload:dossier": (lambda o: {"pk": o["dossier"].pk}, "get", FOLLOWERS),
    "caseload:dossier_edit": (lambda o: {"pk": o["dossier"].pk}, "get", FOLLOWERS),
    "caseload:dossier_stage": (lambda o: {"pk": o["dossier"].pk}, "post", FOLLOWERS),
    "caseload:dossier_assign": (lambda o: {"pk": o["dossier"].pk}, "post", FOLLOWERS),
    "caseload:interaction_create": (lambda o: {"pk": o["dossier"].pk}, "get", FOLLOWERS),
    "caseload:installation": (lambda o: {"pk": o["dossier"].pk}, "get", FOLLOWERS),
    "caseload:follow_up_done": (lambda o: {"pk": o["follow_up"].pk}, "get", FOLLOWERS),
    "caseload:open_for_profile": (lambda o: {"user_id": o["shared"].pk}, "post", FOLLOWERS),
    "caseload:campaign_list": (lambda o: {}, "get", FOLLOWERS),
    "caseload:campaign_create": (lambda o: {}, "get", FOLLOWERS),
    "caseload:campaign": (lambda o: {"pk": o["campaign"].pk}, "get", FOLLOWERS),
    "caseload:campaign_add": (lambda o: {"pk": o["campaign"].pk}, "get", FOLLOWERS),
    "caseload:campaign_toggle": (lambda o: {"pk": o["campaign"].pk}, "post", FOLLOWERS),
    "caseload:call_queue": (lambda o: {"pk": o["campaign"].pk}, "get", FOLLOWERS),
    "caseload:call_outcome": (
        lambda o: {"pk": o["campaign"].pk, "target_pk": o["target"].pk},
        "post",
        FOLLOWERS,
    ),
    "caseload:call_release": (
        lambda o: {"pk": o["campaign"].pk, "target_pk": o["target"].pk},
        "post",
        FOLLOWERS,
    ),
}
# The pages whose only object is `pk`, checked with the shared isolation helper.
PK_PAGES = {
    "caseload:dossier": "dossier",
    "caseload:dossier_edit": "dossier",
    "caseload:dossier_stage": "dossier",
    "caseload:dossier_assign": "dossier",
    "caseload:interaction_create": "dossier",
    "caseload:installation": "dossier",
    "caseload:follow_up_done": "follow_up",
    "caseload:campaign": "campaign",
    "caseload:campaign_add": "campaign",
    "caseload:campaign_toggle": "campaign",
    "caseload:call_queue": "campaign",
}
POSTED_WITHOUT_DATA_STAYS_ON_PAGE = {"caseload:call_outcome"}  # an invalid form, shown again


def _objects(tenant):
    from tests.accounts.factories import UserFactory

    dossier = DossierFactory(tenant=tenant)
    campaign = CampaignFactory(tenant=tenant)
    shared = UserFactory()
    Profile.objects.create(
        user=shared, followed_tenant=tenant, share_consent_at="2026-01-01T10:00Z"
    )
    return {
        "dossier": dossier,
        "follow_up": FollowUpFactory(dossier=DossierFactory(tenant=tenant)),
        "campaign": campaign,
        "target": CampaignTargetFactory(campaign=campaign, dossier=dossier),
        "shared": shared,
    }


@pytest.fixture
def objects(tenant):
    return _objects(tenant)


@pytest.fixture
def other_objects(other_tenant):
    return _objects(other_tenant)


def _request(client, url_name, tenant, objects):
    kwargs, method, _allowed = PAGES[url_name]
    url = reverse(url_name, kwargs={"tenant_slug": tenant.slug, **kwargs(objects)})
    return getattr(client, method)(url, {})


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_is_sent_to_login(client, tenant, objects, url_name):
    response = _request(client, url_name, tenant, objects)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("who", CAST)
def test_role_matrix(client, request, tenant, objects, url_name, who):
    client.force_login(request.getfixturevalue(who))
    response = _request(client, url_name, tenant, objects)
    _kwargs, method, allowed = PAGES[url_name]
    if who not in allowed:
        assert response.status_code == 403
    elif method == "get" or url_name in POSTED_WITHOUT_DATA_STAYS_ON_PAGE:
        assert response.status_code == 200
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("url_name", PK_PAGES)
def test_another_tenants_object_is_404(client, tenant, case_manager, other_objects, url_name):
    _kwargs, method, _allowed = PAGES[url_name]
    client.force_login(case_manager)
    assert_other_tenant_object_is_404(
        client,
        url_name=url_name,
        tenant=tenant,
        obj=other_objects[PK_PAGES[url_name]],
        method=method,
    )


@pytest.mark.parametrize("url_name", ["caseload:call_outcome", "caseload:call_release"])
def test_another_tenants_target_is_404(
    client, tenant, case_manager, objects, other_objects, url_name
):
    client.force_login(case_manager)
    other_target = other_objects["target"]
    before = type(other_target).objects.filter(pk=other_target.pk).values().first()
    for campaign in (objects["campaign"], other_objects["campaign"]):
        url = reverse(
            url_name,
            kwargs={"tenant_slug": tenant.slug, "pk": campaign.pk, "target_pk": other_target.pk},
        )
        assert client.post(url, {"outcome": "do_not_call"}).status_code == 404
    assert type(other_target).objects.filter(pk=other_target.pk).values().first() == before


def test_a_profile_not_shared_with_the_tenant_cannot_be_opened(
    client, tenant, other_tenant, case_manager, other_objects
):
    client.force_login(case_manager)
    url = reverse(
        "caseload:open_for_profile",
        kwargs={"tenant_slug": tenant.slug, "user_id": other_objects["shared"].pk},
    )
    assert client.post(url).status_code == 404


def test_the_transfer_ignores_another_tenants_dossiers(
    client, tenant, tenant_admin, case_manager, other_objects
):
    client.force_login(tenant_admin)
    dossier = other_objects["dossier"]
    response = client.post(
        reverse("caseload:transfer", kwargs={"tenant_slug": tenant.slug}),
        {"dossiers": [dossier.pk], "to_user": case_manager.pk},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assigned_to is None
