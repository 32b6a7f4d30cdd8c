"""Fixtures of the caseload tests: a second case manager, dossiers in the tenant, an import file
with good and bad rows."""

import pytest

from accounts.models import Role
from tests.accounts.factories import staff_member
from tests.caseload.data_helpers import bad_rpps, contact_row, csv_bytes, rpps
from tests.caseload.factories import DossierFactory


@pytest.fixture
def other_case_manager(tenant):
    return staff_member(tenant, Role.CASE_MANAGER, email="cm2@example.org")


@pytest.fixture
def mixed_file(tenant):
    """Rows 2 and 8 are valid; every other row has exactly one problem."""
    DossierFactory(tenant=tenant, email="deja@example.org", rpps=rpps(900), last_name="Existant")
    rows = [
        contact_row(1),  # 2: valid
        contact_row(2, RPPS=bad_rpps(2)),  # 3: bad RPPS check digit
        contact_row(3, **{"E-mail": "pas-une-adresse@"}),  # 4: bad e-mail
        contact_row(4, **{"E-mail": "contact1@example.org"}),  # 5: duplicate of row 2
        contact_row(5, **{"E-mail": "DEJA@example.org"}),  # 6: existing dossier (e-mail)
        contact_row(6, Département="Atlantide"),  # 7: unknown département
        contact_row(7),  # 8: valid
        contact_row(8, RPPS=rpps(900)),  # 9: existing dossier (RPPS)
    ]
    return csv_bytes(rows)
