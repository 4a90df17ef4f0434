"""How a value is shown to people, decided in one place: German through Babel, times in
Europe/Berlin.

The pages, the reviewers' diff, the PDFs, the CSV exports and the e-mails all format dates,
times, numbers and body references through these functions; templates use them as the
filters of the same names (registered in the app factory). Machine formats (ISO dates in the
API, OParl and JSON attachments) are not formatting for people and stay where they are.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _

BERLIN = ZoneInfo("Europe/Berlin")
DATE_PATTERN = "dd.MM.yyyy"
DATETIME_PATTERN = "dd.MM.yyyy, HH:mm 'Uhr'"


def today_berlin() -> date:
    """Today's date in Berlin: the day the council's office lives in, whatever the server's
    clock zone."""
    return datetime.now(BERLIN).date()


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive values; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def german_date(value: date | datetime | str | None) -> str:
    """A day as TT.MM.JJJJ (a timestamp: its day in Berlin; ISO text is read; text that is not
    a date is shown as it is); nothing gives an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        return format_date(_aware(value), DATE_PATTERN)
    return format_date(value, DATE_PATTERN)


def german_datetime(value: datetime | None) -> str:
    """A stored timestamp as 'TT.MM.JJJJ, HH:MM Uhr' in Berlin time."""
    if value is None:
        return ""
    return format_datetime(_aware(value), DATETIME_PATTERN)


def german_decimal(value: Any, places: int | None = None) -> str:
    """A number in German notation, '150.000,50': with ``places`` decimals, else as many as
    the value has; text that is not a number is shown as it is."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is None:
        places = max(0, -int(number.as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, pattern)


def german_number(value: Any) -> str:
    """A whole number with thousands separators: '10.000'."""
    return german_decimal(value, 0)


def body_reference(body_id: Any) -> str:
    """A body known only by its id (not, or no longer, in the registry)."""
    return _("Gremium Nr. %(id)s", id=body_id)


FILTERS = {
    "german_date": german_date,
    "german_datetime": german_datetime,
    "german_decimal": german_decimal,
    "german_number": german_number,
}


def register(app: Flask) -> None:
    """The formatters as template filters, and today's Berlin date as a global."""
    for name, function in FILTERS.items():
        app.add_template_filter(function, name)
    app.add_template_global(today_berlin)
