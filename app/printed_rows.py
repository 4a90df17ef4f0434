"""Table rows printed in one pass, for the long lists that are read many times a day.

A Jinja loop prints every cell through the template's output machinery and autoescape: an
attribute lookup, an escape and a yield per cell. For a list page of 20 to 50 rows that is
a good part of its time. Instead, the template gives the markup of one row with plain
str.format() fields (``{row.title}``), the view gives rows of a NamedTuple whose fields are
HTML already (texts from the database escaped, fixed labels escaped once per page), and
the filter ``print_rows`` fills the markup in once per row::

    {% set row_html %}<tr><td>{row.reference}</td><td>{row.title}</td></tr>{% endset %}
    {{ row_html|print_rows(page.rows) }}

The row markup must hold no other braces. The output is the same HTML as the loop's
(``tests/performance/test_queue_rows.py``, ``tests/proposals/test_my_proposals_rows.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from string import Formatter
from typing import NamedTuple

from markupsafe import Markup


def print_rows(row_html: str, rows: Sequence[NamedTuple]) -> Markup:
    """The rows, each printed with ``row_html`` (every field of a row is HTML already)."""
    if not rows:
        return Markup("")
    layout, fields = _row_layout(str(row_html), type(rows[0])._fields)
    return Markup("".join([layout % fields(row) for row in rows]))  # noqa: S704 - see above


@lru_cache(maxsize=32)
def _row_layout(row_html: str, names: tuple[str, ...]) -> tuple[str, Callable]:
    """``row_html`` as a %-format and a getter of the fields it prints, in order: filled in
    per row a few times faster than str.format() looks up attributes. ValueError for a
    field the rows do not have, or for markup without any field."""
    layout, printed = [], []
    for text, field, _spec, _conversion in Formatter().parse(row_html):
        layout.append(text.replace("%", "%%"))
        if field is not None:
            layout.append("%s")
            printed.append(field.removeprefix("row."))
    if not printed:
        raise ValueError("the row markup prints no field")
    indexes = [names.index(name) for name in printed]
    getter = itemgetter(*indexes)
    if len(indexes) == 1:  # itemgetter of one index gives the value, not a 1-tuple
        return "".join(layout), lambda row: (getter(row),)
    return "".join(layout), getter
