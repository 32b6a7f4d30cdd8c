"""The layering rules the code review would otherwise have to catch, read from the source.

Writes only in services (issue 12): a view parses the request, calls one service, renders or
redirects. This test walks the syntax tree of every views module of every project app and
fails on an ORM write written in a view function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "portal", "accounts", "privacy", "aids", "caseload", "conventions", "permanences"]
APPS += ["evaluation"]

# Methods that write through a model instance, a queryset or a related manager.
WRITES = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "add",
    "remove",
    "clear",
    "set",
    "save_m2m",
}
# Receivers that are not the database, whatever the method: the request's session and its
# GET/POST copies (anything under `request.`), and names the views give dicts and sets.
NOT_THE_DATABASE = {"params", "query", "headers", "context", "data", "kwargs", "errors", "seen"}


def views_modules():
    for app in APPS:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        yield from folder.glob("views.py")
        yield from folder.glob("*_views.py")
        yield from (folder / "views").glob("*.py")


def _receiver(node):
    """What the method is called on, as a dotted name: `form` in `form.save()`,
    `Model.objects` in `Model.objects.filter(...).update()`, `request.session` in
    `request.session.clear()`."""
    receiver = node.func.value
    while isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute):
        receiver = receiver.func.value
    parts = []
    while isinstance(receiver, ast.Attribute):
        parts.append(receiver.attr)
        receiver = receiver.value
    if isinstance(receiver, ast.Name):
        parts.append(receiver.id)
    return ".".join(reversed(parts))


def _is_write(node):
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr not in WRITES:
        return False
    receiver = _receiver(node)
    return not (receiver.startswith("request.") or receiver.rsplit(".", 1)[-1] in NOT_THE_DATABASE)


def writes_in(path):
    """[(function name, line, call)] of the ORM writes in a views module's functions and
    class-based views' methods (a nested function counts for the one that encloses it). Handing a bound form
    to a service (`services.save_partner(form=form, …)`) is how a view saves: not a write."""
    tree = ast.parse(path.read_text(), filename=str(path))
    functions = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append((node.name, node))
        elif isinstance(node, ast.ClassDef):  # a class-based view's methods
            functions.extend(
                (f"{node.name}.{method.name}", method)
                for method in node.body
                if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
    return [
        (name, node.lineno, ast.unparse(node.func))
        for name, function in functions
        for node in ast.walk(function)
        if _is_write(node)
    ]


def test_the_views_modules_are_found():
    modules = {str(path.relative_to(ROOT)) for path in views_modules()}
    assert "permanences/views/public.py" in modules
    assert "conventions/views/partners.py" in modules
    assert "aids/views.py" in modules


@pytest.mark.parametrize(
    "path", sorted(views_modules()), ids=lambda path: str(path.relative_to(ROOT))
)
def test_views_write_only_through_services(path):
    relative = str(path.relative_to(ROOT))
    offending = [
        f"{relative}:{line} {name}() calls {call}()" for name, line, call in writes_in(path)
    ]
    assert not offending, (
        "A view writes to the database: move the write into a service function "
        "(<app>/services.py), the view calling it.\n" + "\n".join(offending)
    )


def test_the_detector_sees_the_writes_it_must(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def bad(request, form, session):\n"
        "    form.save()\n"
        "    Session.objects.filter(pk=1).update(seats=3)\n"
        "    session.hosts.add(request.user)\n"
        "    session.delete()\n"
        "    Thing.objects.get_or_create(name='x')\n"
        "def fine(request, params):\n"
        "    params.update(page=None)\n"
        "    request.session.clear()\n"
        "    request.GET.copy().update(page=1)\n"
        "    services.save_partner(form=form, contacts=contacts)\n"
    )
    assert [(name, call) for name, _line, call in writes_in(module)] == [
        ("bad", "form.save"),
        ("bad", "Session.objects.filter(pk=1).update"),
        ("bad", "session.hosts.add"),
        ("bad", "session.delete"),
        ("bad", "Thing.objects.get_or_create"),
    ]
