import pytest


@pytest.fixture
def logged_manager(client, case_manager):
    """A case manager of the tenant, signed in on the test client."""
    client.force_login(case_manager)
    return case_manager
