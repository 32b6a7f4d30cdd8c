"""The POST forms of a page, read from its HTML, as bodies a browser would send; and the
absurd values to put in their typed fields (numbers, dates, date-times, times)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import timezone

HUGE = "9" * 30
# Per input type, what no field of the portal may accept: a negative number, a number past
# any column's range, the first and last days a date can hold, an hour past the day.
ABSURD_BY_TYPE = {
    "number": ("-1", HUGE),
    "date": ("9999-12-31", "0001-01-01"),
    "datetime-local": ("9999-12-31T23:59", "0001-01-01T00:00"),
    "time": ("24:00",),
}
# And what a field may accept or refuse, but never with a 500 (an amount of 99,999 € is fine,
# a year 99999 is not).
LARGE_NUMBER = "99999"
NUL = "\x00"
TEXT_TYPES = {"text", "textarea", "email", "url", "tel", "search", "select"}


@dataclass
class Control:
    tag: str
    type: str
    name: str
    value: str = ""
    required: bool = False
    checked: bool = False
    options: list = field(default_factory=list)  # (value, selected) of a <select>
    min: str = ""


@dataclass
class Form:
    action: str
    controls: list = field(default_factory=list)
    path: str = ""  # where it posts

    @property
    def key(self):
        """The same form on several pages (the language switcher) is fuzzed once."""
        return self.path, tuple(sorted({control.name for control in self.controls}))

    def body(self):
        """What a browser sends, with the empty required fields filled with something valid,
        so that a creation form gets past them to the fields being fuzzed."""
        data = {}
        for control in self.controls:
            value = _value(control)
            if value is not None:
                data.setdefault(control.name, []).append(value)
        return data

    def body_with_nul(self):
        """The body with a NUL byte in every text field and choice (a browser never sends
        one, a crafted request does; PostgreSQL refuses it). None for a form without any."""
        data, changed = self.body(), False
        for control in self.controls:
            if control.type in TEXT_TYPES and control.name in data:
                data[control.name] = [f"{value}{NUL}" for value in data[control.name]]
                changed = True
            elif control.type in ("checkbox", "radio") and control.value:
                # Ticked or not: the choice of one box, with a NUL byte.
                data[control.name] = [f"{control.value}{NUL}"]
                changed = True
        return data if changed else None

    def typed_fields(self):
        """(name, input type) of the fields worth fuzzing, one per formset column."""
        seen, fields = set(), []
        for control in self.controls:
            if control.type not in ABSURD_BY_TYPE or _column(control.name) in seen:
                continue
            seen.add(_column(control.name))
            fields.append((control.name, control.type))
        return fields


def _column(name):
    """parties-0-partner and parties-1-partner are the same column of a formset."""
    return "-".join("N" if part.isdigit() else part for part in name.split("-"))


def _filler(control):
    today = timezone.localdate()
    return {
        "number": control.min or "1",
        "date": today.isoformat(),
        "datetime-local": f"{today.isoformat()}T10:00",
        "time": "10:00",
        "email": "essai@example.org",
        "url": "https://example.org",
    }.get(control.type, "Essai")


def _value(control):
    if control.tag == "select":
        chosen = [value for value, selected in control.options if selected]
        if chosen:
            return chosen[0]
        filled = [value for value, _selected in control.options if value]
        return filled[0] if control.required and filled else ""
    if control.type in ("checkbox", "radio"):
        return (control.value or "on") if control.checked else None
    if control.type in ("submit", "button", "file", "reset", "image"):
        return None
    if not control.value and control.required:
        return _filler(control)
    return control.value


class _FormsParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            is_post = attrs.get("method", "").lower() == "post"
            self.form = Form(action=attrs.get("action", "")) if is_post else None
            if self.form:
                self.forms.append(self.form)
        elif self.form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            self.form.controls.append(
                Control(
                    tag="input",
                    type=attrs.get("type", "text").lower(),
                    name=attrs["name"],
                    value=attrs.get("value", ""),
                    required="required" in attrs,
                    checked="checked" in attrs,
                    min=attrs.get("min", ""),
                )
            )
        elif tag == "select":
            self.select = Control(
                tag="select", type="select", name=attrs["name"], required="required" in attrs
            )
            self.form.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self.textarea = Control(
                tag="textarea", type="textarea", name=attrs["name"], required="required" in attrs
            )
            self.form.controls.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None


def post_forms(path, response):
    """The page's POST forms to the portal itself, each with the path it posts to (the
    page's own, or another: the call queue posts an outcome to the call's address)."""
    if "html" not in response.get("Content-Type", ""):
        return []
    parser = _FormsParser()
    parser.feed(response.content.decode(errors="replace"))
    forms = []
    for form in parser.forms:
        action = urlsplit(form.action)
        if action.netloc:
            continue
        form.path = action.path or path
        forms.append(form)
    return forms
