"""The URLs to fuzz, read from the resolver, and the hostile query strings to send them.

Every pattern of `get_resolver()` becomes one concrete path (its parameters filled by
`world.path_value`), so a new URL is walked without touching this file. The query parameters
tried on a page are a generic set, those its view reads (`request.GET.get("…")` in its source)
and those of the page itself (the fields of its GET forms, the keys of its links)."""

import inspect
import re
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from .world import path_value

# Parameters worth trying everywhere: paging, search, the portal's own filters, redirects,
# and the admin changelist's.
GENERIC_PARAMS = ("page", "q", "departement", "mois", "date", "annee", "vue", "next", "o", "p")

NUL = "a\x00b"
LONG = "x" * 10_000
HUGE = "9" * 30
# What a typed parameter may receive: numbers out of any range, the first and last days a
# date can hold (a day more or less overflows), a choice that does not exist, 10 kB of text.
HOSTILE_VALUES = ("-1", HUGE, "9999-12-31", "0001-01-01", "inconnu", LONG)
# Each parameter alone: the values a typed parameter may mishandle (text is handled as text;
# the portal's filters take no date, and the dates come in every-parameter-at-once queries).
SINGLE_VALUES = ("-1", HUGE, "inconnu")

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_VIEW_GET = re.compile(r"""GET\.get\(\s*["'](\w+)["']""")


@dataclass(frozen=True)
class Target:
    route: str  # the pattern as written, for reports
    path: str  # a concrete path, with real ids (or hostile ones)
    callback: object
    name: str = ""  # the URL's name, without its namespace
    hostile_path: bool = False


def _fill(parts, value):
    """The concrete path of a chain of patterns: `value(route before, name, converter)` gives
    each parameter's value."""
    path = ""
    for pattern in parts:
        text = str(pattern)
        if isinstance(pattern, RegexPattern):
            text = text.lstrip("^").rstrip("$").replace("\\", "")
            text = _REGEX_PARAM.sub(lambda m, before=path: value(before, m["name"], "str"), text)
        else:
            pieces, position = [], 0
            for match in _ROUTE_PARAM.finditer(text):
                pieces.append(text[position : match.start()])
                before = path + "".join(pieces)
                pieces.append(value(before, match["name"], match["converter"] or "str"))
                position = match.end()
            text = "".join(pieces) + text[position:]
        path += text
    return "/" + path


def _hostile_value(world, text, before, name, converter):
    """A value the converter lets through but no row has: a number past any column's range,
    or `text`. The tenant and identifiers by UUID stay real."""
    if name == "tenant_slug" or converter == "uuid":
        return path_value(world, before, name)
    return HUGE if converter == "int" else text


def _patterns(resolver, parents=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, (*parents, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*parents, pattern.pattern), pattern


def targets(world):
    """One concrete path per URL pattern of the project, with real ids; then, for each pattern
    with parameters, the same with hostile values in them (text: a NUL byte, then a word)."""
    real, hostile = [], []
    for parts, pattern in _patterns(get_resolver()):
        route = "".join(str(part) for part in parts)
        path = _fill(parts, partial(path_value, world))
        name = pattern.name or ""
        real.append(Target(route, path, pattern.callback, name))
        for text in (NUL, "inconnu"):
            hostile_path = _fill(parts, partial(_hostile_value, world, text))
            if hostile_path != path and all(hostile_path != other.path for other in hostile):
                hostile.append(Target(route, hostile_path, pattern.callback, name, True))
    return real + hostile


def is_project_view(callback):
    """A view of the portal's own apps (not Django's admin, allauth…)."""
    package = inspect.unwrap(callback).__module__.split(".")[0]
    return (settings.BASE_DIR / package / "apps.py").exists()


def view_params(callback):
    """The names the view's own source reads from request.GET (empty for library views)."""
    view = inspect.unwrap(callback)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return set()
    return set(_VIEW_GET.findall(source))


class _PageParams(HTMLParser):
    """The field names of a page's GET forms and the query keys of its links to itself."""

    def __init__(self, path):
        super().__init__()
        self.path, self.in_get_form = path, False
        self.form_names, self.link_values = set(), {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self.in_get_form and attrs.get("name"):
            self.form_names.add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            link = urlsplit(attrs["href"])
            if link.query and link.path in ("", self.path):
                for key, value in parse_qsl(link.query):
                    self.link_values.setdefault(key, value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def page_params(path, response, sent):
    """The parameter names a page offers (its GET forms' fields, its links' keys) and the
    values its links give to those outside its forms (a view switch, such as the calendar).
    A link that only echoes a value of the query `sent` tells nothing."""
    if "html" not in response.get("Content-Type", ""):
        return set(), {}
    parser = _PageParams(path)
    parser.feed(response.content.decode(errors="replace"))
    offered = {key for key, value in parser.link_values.items() if sent.get(key) != value}
    base = {
        key: parser.link_values[key]
        for key in offered
        if key not in parser.form_names and key != "page"
    }
    return parser.form_names | offered, base


def nul_query(names):
    return dict.fromkeys(sorted(names), NUL)


def mixed_query(names, shift=0):
    """Every parameter at once, each with another hostile value (no NUL, which the portal
    turns away before any view reads the others)."""
    return {
        name: HOSTILE_VALUES[(index + shift) % len(HOSTILE_VALUES)]
        for index, name in enumerate(sorted(names))
    }


def first_visit_queries(names, own, base, *, singles=True):
    """NUL, every parameter at once with each hostile value, then (unless a page with the same
    parameters had them) each of the page's own parameters alone with each value, so that one
    invalid parameter does not hide another's handling, again over `base`."""
    queries = [nul_query(names)]
    queries += [dict.fromkeys(sorted(names), value) for value in HOSTILE_VALUES]
    for name in sorted(own) if singles else ():
        for value in SINGLE_VALUES:
            queries.append({name: value})
            if set(base) - {name}:
                queries.append({**base, name: value})
    return queries


def later_visit_queries(names):
    """For the next visitors: NUL and a mix."""
    return [nul_query(names), mixed_query(names, shift=1)]


def library_queries(own):
    """For a library's page with parameters of its own (the admin's changelists): all of them
    past any number's range (what the admin's date hierarchy choked on)."""
    return [dict.fromkeys(sorted(own), HUGE)] if own else []
