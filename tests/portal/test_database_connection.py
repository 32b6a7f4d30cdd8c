"""The portal's PostgreSQL connections are set up for short web queries."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_jit_compilation_is_off_for_the_portals_connections():
    # With JIT on, a page of a 100,000-dossier list spent ~250 ms compiling a 130 ms query.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
