"""libpq's protocol trace of one PostgreSQL connection, read as round trips (for tests that
count BEGIN, COMMIT and ping exchanges)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def pg_trace(dbapi) -> Iterator[list[str]]:
    """The libpq protocol messages of one connection while the block runs."""
    lines: list[str] = []
    with tempfile.TemporaryFile() as trace:
        dbapi.pgconn.trace(trace.fileno())
        try:
            yield lines
        finally:
            dbapi.pgconn.untrace()
            trace.seek(0)
            lines.extend(trace.read().decode().splitlines())


def exchanges(lines: list[str]) -> list[tuple[str, str]]:
    """Per round trip: the first message the client sent, and the transaction status the
    server reported at its end (I: idle, outside a transaction; T: in a transaction)."""
    found, first = [], None
    for line in lines:
        if line.count("\t") < 3:
            continue  # a message continued on the next line
        _time, direction, _length, kind, *rest = line.split("\t")
        if direction == "F" and first is None:
            first = f"{kind} {rest[0].strip() if rest else ''}".strip()
        if direction == "B" and kind == "ReadyForQuery":
            found.append((first, rest[0].strip()))
            first = None
    return found
