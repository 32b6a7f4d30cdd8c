"""PostgreSQL out of reach: a French 503 page with Retry-After, never the 500 page.

tests/faults/ stops a real PostgreSQL under a running portal; here the database error is
raised where the first query of a request happens (loading the session)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from portal.errors import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(intern):
    """A logged-in person's browser that gets error pages rather than exceptions."""
    browser = Client(raise_request_exception=False)
    browser.force_login(intern)
    return browser


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server failed: Connection refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_the_database_out_of_reach_is_a_french_503_page(visitor, monkeypatch, error):
    def fail(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(SessionStore, "_get_session_from_db", fail)
    response = visitor.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Service momentanément indisponible" in page
    assert "Erreur 503" in page
    assert "Connection refused" not in page and "connection already closed" not in page


def test_another_error_is_still_the_500_page(visitor, monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "_get_session_from_db", fail)
    response = visitor.get("/")
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
    assert "Retry-After" not in response
