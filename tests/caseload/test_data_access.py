"""Who may open the import, export and journal pages: anonymous → login; a host, a steering
member, an intern or another tenant's admin → 403; a case manager or the tenant's admin → 200
(the journal: the tenant's admin only); another tenant's import job → 404. The personal-data
pages under /moi/ need a login."""

import pytest
from django.urls import reverse

from caseload import imports
from caseload.models import ImportKind
from tests.caseload.data_helpers import (  # noqa: F401  (_media_root is an autouse fixture)
    _media_root,
    contact_row,
    csv_bytes,
    upload,
)
from tests.tenancy import assert_other_tenant_object_is_404

pytestmark = pytest.mark.django_db

FOLLOWERS = {"tenant_admin", "case_manager"}
ADMINS = {"tenant_admin"}
CAST = ["tenant_admin", "case_manager", "host", "steering", "intern", "other_admin"]

# url name → (kwargs beyond the tenant, from the job; method; who gets through; success code)
PAGES = {
    "caseload:import_list": (lambda job: {}, "get", FOLLOWERS, 200),
    "caseload:import_template": (lambda job: {"kind": "contacts"}, "get", FOLLOWERS, 200),
    "caseload:import_detail": (lambda job: {"pk": job.pk}, "get", FOLLOWERS, 200),
    # Posted without the form's data: the page is shown again with the error.
    "caseload:import_confirm": (lambda job: {"pk": job.pk}, "post", FOLLOWERS, 200),
    "caseload:import_revalidate": (lambda job: {"pk": job.pk}, "post", FOLLOWERS, 302),
    "caseload:import_errors": (lambda job: {"pk": job.pk}, "get", FOLLOWERS, 200),
    "caseload:export_dossiers": (lambda job: {"fmt": "csv"}, "get", FOLLOWERS, 200),
    "caseload:export_interactions": (lambda job: {"fmt": "xlsx"}, "get", FOLLOWERS, 200),
    # The caseload's journal is now the tenant's (tenant admin): the old address redirects.
    "caseload:journal": (lambda job: {}, "get", ADMINS, 302),
}
JOB_PAGES = ["caseload:import_detail", "caseload:import_confirm", "caseload:import_revalidate",
             "caseload:import_errors"]  # fmt: skip


def _job(tenant):
    from tests.accounts.factories import UserFactory

    return imports.start_import(
        tenant=tenant,
        kind=ImportKind.CONTACTS,
        uploaded_file=upload("contacts.csv", csv_bytes([contact_row(1)])),
        user=UserFactory(),
    )


@pytest.fixture
def job(tenant):
    return _job(tenant)


@pytest.fixture
def other_job(other_tenant):
    return _job(other_tenant)


def _request(client, url_name, tenant, job):
    kwargs, method, _allowed, _code = PAGES[url_name]
    url = reverse(url_name, kwargs={"tenant_slug": tenant.slug, **kwargs(job)})
    return getattr(client, method)(url, {})


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_is_sent_to_login(client, tenant, job, url_name):
    response = _request(client, url_name, tenant, job)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("who", CAST)
def test_role_matrix(client, request, tenant, job, url_name, who):
    client.force_login(request.getfixturevalue(who))
    response = _request(client, url_name, tenant, job)
    _kwargs, _method, allowed, code = PAGES[url_name]
    assert response.status_code == (code if who in allowed else 403)


@pytest.mark.parametrize("url_name", JOB_PAGES)
def test_another_tenants_import_job_is_404(client, tenant, case_manager, other_job, url_name):
    client.force_login(case_manager)
    assert_other_tenant_object_is_404(
        client,
        url_name=url_name,
        tenant=tenant,
        obj=other_job,
        method=PAGES[url_name][1],
    )


def test_another_tenants_job_cannot_be_confirmed(client, tenant, case_manager, other_job):
    client.force_login(case_manager)
    url = reverse(
        "caseload:import_confirm", kwargs={"tenant_slug": tenant.slug, "pk": other_job.pk}
    )
    response = client.post(url, {"fingerprint": other_job.report["fingerprint"]})
    assert response.status_code == 404
    other_job.refresh_from_db()
    assert other_job.status == "previewed"


@pytest.mark.parametrize(
    "url_name", ["accounts:my_data", "accounts:my_data_json", "accounts:erase_me"]
)
def test_personal_data_pages_need_a_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
