"""Who may open each staff and host page of the permanences: anonymous → login, wrong role →
403, a host on a session they do not host → 403, another tenant's object → 404, right role → 200
(or the redirect of a POST-only action)."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import staff_member
from tests.permanences.factories import BookingFactory, SessionFactory, SessionTemplateFactory
from tests.tenancy import assert_other_tenant_object_is_404

pytestmark = pytest.mark.django_db

MANAGERS = {"tenant_admin", "case_manager"}
HOSTS_OF_THE_SESSION = MANAGERS | {"host"}
CAST = ["tenant_admin", "case_manager", "host", "other_host", "steering", "intern", "other_admin"]

# url name → (object the pk names, or None; method; who gets through)
PAGES = {
    "permanences:staff_session_list": (None, "get", MANAGERS),
    "permanences:staff_session_create": (None, "get", MANAGERS),
    "permanences:staff_template_list": (None, "get", MANAGERS),
    "permanences:staff_template_create": (None, "get", MANAGERS),
    "permanences:staff_session_edit": ("session", "get", MANAGERS),
    "permanences:staff_session_cancel": ("session", "get", MANAGERS),
    "permanences:staff_session_publish": ("draft", "post", MANAGERS),
    "permanences:staff_book": ("session", "get", MANAGERS),
    # Posted without an address: back to the booking page with a message.
    "permanences:staff_invite": ("session", "post", MANAGERS),
    "permanences:staff_booking_cancel": ("booking", "get", MANAGERS),
    "permanences:staff_booking_move": ("booking", "get", MANAGERS),
    "permanences:staff_template_edit": ("template", "get", MANAGERS),
    "permanences:staff_template_delete": ("template", "post", MANAGERS),
    "permanences:staff_template_generate": ("template", "post", MANAGERS),
    "permanences:host_session": ("session", "get", HOSTS_OF_THE_SESSION),
    "permanences:host_session_held": ("session", "post", HOSTS_OF_THE_SESSION),
    "permanences:host_export_csv": ("session", "get", HOSTS_OF_THE_SESSION),
    "permanences:host_export_xlsx": ("session", "get", HOSTS_OF_THE_SESSION),
    "permanences:host_export_pdf": ("session", "get", HOSTS_OF_THE_SESSION),
}


@pytest.fixture
def other_host(tenant):
    return staff_member(tenant, Role.HOST, email="autre-hote@example.org")


def _objects(tenant, host=None):
    session = SessionFactory(tenant=tenant)
    if host is not None:
        session.hosts.add(host)
    return {
        "session": session,
        "draft": SessionFactory(tenant=tenant, status="draft"),
        "booking": BookingFactory(session=session, slot_index=0),
        "template": SessionTemplateFactory(tenant=tenant),
    }


@pytest.fixture
def objects(tenant, host):
    return _objects(tenant, host)


@pytest.fixture
def other_objects(other_tenant):
    return _objects(other_tenant)


def _url(url_name, tenant, obj=None):
    kwargs = {"tenant_slug": tenant.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(url_name, kwargs=kwargs)


def _request(client, url_name, tenant, objects):
    target, method, _allowed = PAGES[url_name]
    url = _url(url_name, tenant, objects[target] if target else None)
    data = {f"t{objects['template'].pk}-period": "12"} if url_name.endswith("generate") else {}
    return getattr(client, method)(url, data)


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
    _target, method, allowed = PAGES[url_name]
    if who not in allowed:
        assert response.status_code == 403
    else:
        assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize("url_name", [name for name, (target, _m, _a) in PAGES.items() if target])
def test_another_tenants_object_is_404(client, tenant, tenant_admin, other_objects, url_name):
    target, method, _allowed = PAGES[url_name]
    client.force_login(tenant_admin)
    assert_other_tenant_object_is_404(
        client, url_name=url_name, tenant=tenant, obj=other_objects[target], method=method
    )


def test_host_home_lists_only_the_sessions_the_host_hosts(client, tenant, host, objects):
    not_mine = SessionFactory(tenant=tenant, title="Permanence d'un autre hôte")
    client.force_login(host)
    content = client.get(_url("permanences:host_home", tenant)).content.decode()
    assert _url("permanences:host_session", tenant, objects["session"]) in content
    assert _url("permanences:host_session", tenant, not_mine) not in content
    assert _url("permanences:staff_session_list", tenant) not in content


def test_host_home_shows_every_session_and_management_links_to_managers(
    client, tenant, case_manager, objects
):
    client.force_login(case_manager)
    content = client.get(_url("permanences:host_home", tenant)).content.decode()
    assert _url("permanences:host_session", tenant, objects["session"]) in content
    assert _url("permanences:staff_session_list", tenant) in content
    assert _url("permanences:staff_template_list", tenant) in content
    assert tenant.referent_email in content  # the single point of contact is still there


def test_a_host_who_lost_the_role_no_longer_sees_the_session(client, tenant, host, objects):
    from accounts.models import Membership

    Membership.objects.filter(user=host).delete()
    client.force_login(type(host).objects.get(pk=host.pk))
    response = client.get(_url("permanences:host_session", tenant, objects["session"]))
    assert response.status_code == 403
