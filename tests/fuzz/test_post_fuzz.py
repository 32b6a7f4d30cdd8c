"""Absurd numbers and dates in every form of the project: a French error under the field, the
typed value kept, never a 500; NUL bytes in its text fields and choices: never a 500.

The forms are read from the pages themselves (every page of the project as the tenant's admin,
and the person's own pages as an intern), wherever they post, so a new form is fuzzed without
touching this file.
Each typed field (number, date, date-time, time) of each form gets,
in turn, absurd values while the other fields keep what the page showed (an edit page shows a
valid form; a creation form's empty required fields are filled with something plausible). A
form that accepts the value is followed to where it redirects, in the same savepoint: a value
saved but breaking the next page is a 500 too."""

import re
import time

import pytest
from django.db import transaction

from .postforms import ABSURD_BY_TYPE, LARGE_NUMBER, post_forms
from .walk import is_project_view, targets
from .world import build_world, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ERRORS = re.compile(r'id="id_(?P<name>[^"]+)-errors">(?P<text>.*?)</div>', re.DOTALL)
ENGLISH = re.compile(r"\b(Ensure|Enter a|This field|Select a valid|must be|is not)\b")


class Poster:
    def __init__(self):
        self.requests = 0
        self.errors = 0  # the 500s among the failures
        self.failures = []

    def post(self, client, form, body):
        """POST (then GET where it redirects) in a savepoint always rolled back; returns the
        response to the POST, or the exception of a 500."""
        self.requests += 1
        try:
            with transaction.atomic():
                response = client.post(form.path, body)
                if response.status_code == 302 and response["Location"].startswith("/"):
                    self.requests += 1
                    followed = client.get(response["Location"])
                    if followed.status_code >= 500:
                        raise AssertionError(f"{response['Location']} answered 500")
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - any exception is the 500 looked for
            self.errors += 1
            return error
        return response

    def check(self, client, role, form, name, value, *, absurd):
        body = form.body()
        body[name] = [value]
        response = self.post(client, form, body)
        problem = _problem(response, name, value, absurd=absurd)
        if problem:
            self.failures.append(f"{role} POST {form.path} {name}={value[:30]!r}: {problem}")

    def check_nul(self, client, role, form):
        """NUL bytes in every text field and choice: never a 500 (PostgreSQL refuses to store
        them, so a form that let one through would answer 500). A form re-rendered with its
        errors and a redirect with a message are both answers."""
        body = form.body_with_nul()
        if body is None:
            return
        response = self.post(client, form, body)
        if isinstance(response, Exception):
            problem = f"500 ({type(response).__name__}: {str(response)[:140]})"
            self.failures.append(f"{role} POST {form.path} with NUL bytes: {problem}")


def _problem(response, name, value, *, absurd):
    if isinstance(response, Exception):
        return f"500 ({type(response).__name__}: {str(response)[:140]})"
    if response.status_code == 302:
        return "accepted" if absurd else None
    if response.status_code != 200:
        return f"answered {response.status_code}"
    html = response.content.decode()
    if f'value="{value}"' not in html:
        return "the typed value is lost"
    errors = {match["name"]: match["text"] for match in ERRORS.finditer(html)}
    if name not in errors:
        return "no error under the field" if absurd else None
    if ENGLISH.search(errors[name]):
        return f"an error not in French: {' '.join(errors[name].split())}"
    return None


def _pages(world, role):
    """The project's pages: the person's own (/moi/) for the intern, the others for the
    tenant's admin."""
    for target in targets(world):
        if target.hostile_path or not is_project_view(target.callback):
            continue
        if (role == "intern") == target.path.startswith("/moi/"):
            yield target


def test_no_form_answers_500_to_absurd_numbers_and_dates(tenant, fuzz_figures, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    started, cpu_started = time.monotonic(), time.process_time()
    world = build_world(tenant)
    poster, seen, fields = Poster(), set(), 0
    for role in ("admin", "intern"):
        client = client_for(world, role)
        for target in _pages(world, role):
            page = client.get(target.path)
            if page.status_code != 200:
                continue
            for form in post_forms(target.path, page):
                if form.key in seen:
                    continue
                seen.add(form.key)
                poster.check_nul(client, role, form)
                for name, kind in form.typed_fields():
                    fields += 1
                    for value in ABSURD_BY_TYPE[kind]:
                        poster.check(client, role, form, name, value, absurd=True)
                    if kind == "number":
                        poster.check(client, role, form, name, LARGE_NUMBER, absurd=False)
    fuzz_figures["POST"] = {
        "forms": len(seen),
        "typed fields": fields,
        "requests": poster.requests,
        "failures": len(poster.failures),
        "500s": poster.errors,
        "seconds": round(time.monotonic() - started, 1),
        "CPU seconds": round(time.process_time() - cpu_started, 1),
    }
    assert fields, "no form found: the pages or the parser changed"
    assert not poster.failures, "\n".join(poster.failures)
