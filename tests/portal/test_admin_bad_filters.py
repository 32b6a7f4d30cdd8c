"""The platform admin answers a filter or an id it cannot use like an unknown one, never 500:
the changelists (the libraries' too) drop the filters (?e=1), the tenant's permission pages
(django-guardian) answer 404."""

import pytest

from tests.accounts.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def superuser_client(client):
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    activate_totp(user)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        # The date hierarchy turned a 30-digit year into an OverflowError (Django).
        f"/admin/axes/accesslog/?attempt_time__year={HUGE}",
        f"/admin/auditlog/logentry/?timestamp__year=2026&timestamp__month={HUGE}",
        # auditlog's resource type filter looked letters up as an id.
        "/admin/auditlog/logentry/?resource_type=inconnu",
    ],
)
def test_a_changelist_filter_it_cannot_use_drops_the_filters(superuser_client, tenant, url):
    # The tenant's creation is in the journal, so auditlog's resource type filter shows.
    response = superuser_client.get(url)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/tenant/inconnu/permissions/",
        "/admin/accounts/tenant/{pk}/permissions/user-manage/inconnu/",
        "/admin/accounts/tenant/{pk}/permissions/group-manage/inconnu/",
    ],
)
def test_a_permission_page_with_letters_for_an_id_is_a_404(superuser_client, tenant, url):
    response = superuser_client.get(url.format(pk=tenant.pk))

    assert response.status_code == 404
