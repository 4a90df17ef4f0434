"""Strict parsing of query parameters: anything unexpected is a 400 problem, never a 500."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from flask import current_app, request
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeSerializer

from app.api.problems import invalid_parameter

_DIGITS = re.compile(r"[0-9]{1,10}")  # up to ID_MAX (10 digits); the range is checked next
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

PAGE_MAX = 100_000
PER_PAGE_MAX = 100
PER_PAGE_DEFAULT = 20
TEXT_MAX = 200
ID_MAX = 2**31 - 1  # ids above this overflow an INTEGER column
CURSOR_MAX = 200
_CURSOR = re.compile(rf"[A-Za-z0-9_.-]{{1,{CURSOR_MAX}}}")
_CURSOR_SALT = "api.cursor"


def integer(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    """A bounded integer parameter."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw):
        raise invalid_parameter(name, _("Erwartet wird eine ganze Zahl."))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise invalid_parameter(
            name, _("Erlaubt sind Werte von %(min)d bis %(max)d.", min=minimum, max=maximum)
        )
    return value


def choice(name: str, allowed: Sequence[str], default: str | None = None) -> str | None:
    """A parameter restricted to a fixed list of values; absent means the default, an empty
    value (``?kind=``) is refused like any other value outside the list."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if raw not in allowed:
        raise invalid_parameter(name, _("Erlaubt sind: %(values)s.", values=", ".join(allowed)))
    return raw


def text(name: str, max_length: int = TEXT_MAX) -> str | None:
    """A free-text parameter without control characters."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return None
    if len(raw) > max_length:
        raise invalid_parameter(name, _("Höchstens %(n)d Zeichen.", n=max_length))
    if _CONTROL.search(raw):
        raise invalid_parameter(name, _("Steuerzeichen sind nicht erlaubt."))
    return raw.strip()


def timestamp(name: str) -> datetime | None:
    """An ISO 8601 date-time parameter with a time zone (OParl filters)."""
    raw = text(name, max_length=40)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise invalid_parameter(name, _("Erwartet wird ein Zeitpunkt nach ISO 8601 mit Zeitzone."))
    return value


def page_and_size(
    default_size: int = PER_PAGE_DEFAULT, size_name: str = "per_page"
) -> tuple[int, int]:
    """The requested page (from 1) and page size (1 to 100)."""
    page = integer("page", 1, 1, PAGE_MAX) or 1
    size = integer(size_name, default_size, 1, PER_PAGE_MAX) or default_size
    return page, size


def _cursor_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_CURSOR_SALT)


def encode_cursor(after_id: int, scope: str) -> str:
    """An opaque, signed cursor: continue after ``after_id`` in the list named by ``scope``."""
    return _cursor_serializer().dumps([scope, after_id])


def cursor(scope: str, name: str = "cursor") -> int | None:
    """The key a signed cursor continues after; 400 if garbled, forged or for another list.

    ``scope`` names the list and its filters (e.g. ``proposals:review``): a cursor taken
    from one filter is refused by another instead of silently skipping rows.
    """
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    refused = invalid_parameter(
        name,
        _(
            "Der Cursor ist ungültig oder gehört zu einer anderen Abfrage. Beginnen Sie mit "
            "der ersten Seite und folgen Sie den Links „next“."
        ),
    )
    if not _CURSOR.fullmatch(raw):
        raise refused
    try:
        payload = _cursor_serializer().loads(raw)
    except BadData:
        raise refused from None
    match payload:
        case [str() as found, int() as after_id] if found == scope and 1 <= after_id <= ID_MAX:
            return after_id
    raise refused


def first_page_only() -> None:
    """Lists walked by cursor accept ``page=1`` (old clients) and refuse any later page."""
    if integer("page", 1, 1, PAGE_MAX) != 1:
        raise invalid_parameter(
            "page",
            _("Diese Liste wird mit „cursor“ geblättert: Folgen Sie dem Link „next“."),
        )
