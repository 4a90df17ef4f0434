"""Find the forms of the rendered pages: their method, action and fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Fields a form carries for the machinery, not for the user.
MACHINE_FIELDS = frozenset({"csrf_token"})


@dataclass
class FormField:
    """One named control of a form."""

    name: str
    kind: str  # text, textarea, select, hidden, checkbox, radio, submit, …
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    """One <form> of a page."""

    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)

    @property
    def user_fields(self) -> list[FormField]:
        """The controls a person fills in (not CSRF, not buttons)."""
        return [
            f
            for f in self.fields
            if f.name not in MACHINE_FIELDS and f.kind not in ("submit", "button", "hidden")
        ]

    def defaults(self) -> dict[str, str]:
        """What the browser would send untouched: hidden values and pre-filled text."""
        values = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio", "submit", "button"):
                continue
            values.setdefault(f.name, f.options[0] if f.kind == "select" and f.options else f.value)
        return values


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(attr.get("method", "get").lower(), attr.get("action", "")))
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(attr.get("value", ""))
            return
        if not self.forms or "name" not in attr:
            return
        current = self.forms[-1]
        if tag in ("input", "button"):
            kind = attr.get("type", "text" if tag == "input" else "submit").lower()
            current.fields.append(FormField(attr["name"], kind, attr.get("value", "")))
        elif tag == "textarea":
            self._textarea = FormField(attr["name"], "textarea")
            current.fields.append(self._textarea)
        elif tag == "select":
            self._select = FormField(attr["name"], "select")
            current.fields.append(self._select)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    """Every form of a page."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
