"""Strict parsing of query parameters: anything unexpected is a 400 problem, never a 500."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from flask import request
from flask_babel import gettext as _

from app.api.problems import invalid_parameter

_DIGITS = re.compile(r"[0-9]{1,9}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

PAGE_MAX = 100_000
PER_PAGE_MAX = 100
PER_PAGE_DEFAULT = 20
TEXT_MAX = 200
ID_MAX = 2**31 - 1  # ids above this overflow an INTEGER column


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
    """A parameter restricted to a fixed list of values."""
    raw = request.args.get(name)
    if raw is None or raw == "":
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
