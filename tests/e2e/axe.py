"""axe-core in Chromium, for the accessibility tests: the rules of WCAG 2.1 A and AA (the
fixtures `axe_path` and `axe_page` are in tests/e2e/conftest.py).

axe checks what a machine can check (labels, contrast, landmarks, ARIA, names of links and
buttons); keyboard use and screen-reader wording still need a person (or a keyboard walk).
"""

from collections import Counter
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")


def axe_results(page, axe_path, within=None):
    """axe's violations (its own dicts) on the page, or inside the element `within` names.

    A whole page is checked once the DSFR script has set up the header's menu: until then
    the menu carries the aria-labelledby its mobile dialog needs, which axe flags on a plain
    div (and checking too early made the result depend on timing)."""
    if within is None:
        page.wait_for_function(
            "() => !document.getElementById('menu-principal')"
            " || document.getElementById('menu-principal').hasAttribute('data-fr-js-header-modal')"
        )
    page.add_script_tag(path=axe_path)
    # Only the violations come back: passes and the like are most of the work and the JSON.
    return page.evaluate(
        "([tags, within]) => axe.run(within ? document.querySelector(within) : document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(result => result.violations)",
        [WCAG_TAGS, within],
    )


def describe(violation):
    targets = [node["target"] for node in violation["nodes"]][:3]
    return f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}"


def violations(page, axe_path, within=None):
    """axe's findings, one line each."""
    return [describe(v) for v in axe_results(page, axe_path, within)]


def by_impact(found):
    """How many violations of each impact (a rule counts once per page, whatever its nodes)."""
    counts = Counter(v["impact"] for v in found)
    return {impact: counts[impact] for impact in IMPACTS}
