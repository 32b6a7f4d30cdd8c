"""Fixtures of the caseload tests: a second case manager, and dossiers in the tenant."""

import pytest

from accounts.models import Role
from tests.accounts.factories import staff_member


@pytest.fixture
def other_case_manager(tenant):
    return staff_member(tenant, Role.CASE_MANAGER, email="cm2@example.org")
