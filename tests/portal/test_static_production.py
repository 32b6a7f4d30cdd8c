"""The static files as production serves them: collected by the manifest storage (hashed
names, url() references rewritten), every stylesheet and script a page links exists and
matches its integrity hash if it has one, or the browser refuses it and the page is unstyled."""

import base64
import hashlib
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<(?:link|script)\b[^>]*>", re.S)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def assets(html):
    """(url, integrity or None) of the stylesheets and scripts of a page."""
    found = []
    for tag in TAG.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if tag.startswith("<link") and attributes.get("rel") != "stylesheet":
            continue
        url = attributes.get("href") or attributes.get("src")
        if url:
            found.append((url, attributes.get("integrity")))
    return found


def test_the_pages_assets_exist_and_match_their_integrity_in_production(client, settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    # The rewriting of the production storage (WhiteNoise's class adds compressed copies).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    html = client.get("/").content.decode()
    linked = assets(html)
    assert any("dsfr.min" in url and url.endswith(".css") for url, _ in linked), linked
    for url, integrity in linked:
        assert url.startswith(settings.STATIC_URL), url
        served = settings.STATIC_ROOT / url.removeprefix(settings.STATIC_URL)
        assert served.is_file(), f"{url} is not in STATIC_ROOT"
        if integrity:
            algorithm, _, expected = integrity.partition("-")
            digest = base64.b64encode(hashlib.new(algorithm, served.read_bytes()).digest())
            assert digest.decode() == expected, f"the browser would refuse {url}"
