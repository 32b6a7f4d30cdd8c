"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os

import pytest

from tests.e2e.axe import AXE

CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    # The ORM is called between Playwright steps, from the test's own (sync) thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        os.makedirs("test-artifacts", exist_ok=True)
        page.screenshot(path=f"test-artifacts/{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def axe_page(browser):
    """Our CSP refuses injected scripts, rightly: this context lets axe in, for axe's tests."""
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe_path():
    """axe-core from node_modules (tests/e2e/axe.py runs it)."""
    if not AXE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node_modules/axe-core is missing: run `npm ci`")
        pytest.skip("axe-core is not installed (npm ci)")
    return str(AXE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
