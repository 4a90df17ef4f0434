"""URL converters: ``<int:…>`` matches only ids the database can hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# The id columns are INTEGER: 32 bits signed on PostgreSQL. SQLite holds 64 bits, but an id
# above this can never have been issued there either.
DATABASE_INT_MAX = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    """Werkzeug's ``int`` converter capped at the database's integer range: a larger number
    matches no route (404) instead of reaching a query that cannot bind it (500)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=DATABASE_INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
