"""Host and staff pages of the permanences beyond the role matrix: a host reaches only the
sessions they host, and each home lists what its role may open. Who gets which status on
every permanences URL, and another tenant's objects (404): tests/access/."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import staff_member
from tests.permanences.factories import SessionFactory

pytestmark = pytest.mark.django_db

# The host pages of a session, and whether they take POST only.
HOST_PAGES = {
    "permanences:host_session": "get",
    "permanences:host_session_held": "post",
    "permanences:host_export_csv": "get",
    "permanences:host_export_xlsx": "get",
    "permanences:host_export_pdf": "get",
}


@pytest.fixture
def other_host(tenant):
    return staff_member(tenant, Role.HOST, email="autre-hote@example.org")


@pytest.fixture
def objects(tenant, host):
    session = SessionFactory(tenant=tenant)
    session.hosts.add(host)
    return {"session": session}


def _url(url_name, tenant, obj=None):
    kwargs = {"tenant_slug": tenant.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(url_name, kwargs=kwargs)


@pytest.mark.parametrize("url_name", HOST_PAGES)
def test_a_host_of_other_sessions_is_refused(client, tenant, objects, other_host, url_name):
    client.force_login(other_host)
    method = getattr(client, HOST_PAGES[url_name])
    response = method(_url(url_name, tenant, objects["session"]))
    assert response.status_code == 403
    objects["session"].refresh_from_db()
    assert objects["session"].status == "published"


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
