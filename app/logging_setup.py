"""Log lines that cannot be forged: CR and LF in logged values are escaped (CWE-117)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

_BREAKS = str.maketrans({"\r": "\\r", "\n": "\\n"})


def escape_line_breaks(value: Any) -> Any:
    """The value with CR and LF written as \\r and \\n; numbers and None stay as they are."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    return text.translate(_BREAKS)


class LineBreakFilter(logging.Filter):
    """Escape line breaks in a record's values (and in a message logged without arguments).

    The format string itself is the developer's and may keep its line breaks; tracebacks
    (exc_info) are formatted by the handler and stay multi-line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {key: escape_line_breaks(v) for key, v in record.args.items()}
        elif record.args:
            record.args = tuple(escape_line_breaks(v) for v in record.args)
        elif isinstance(record.msg, str):
            record.msg = escape_line_breaks(record.msg)
        return True


def install_log_filter(app: Flask) -> None:
    """Filter the app's logger and its handlers (records of child loggers reach the handlers)."""
    line_filter = LineBreakFilter()
    app.logger.addFilter(line_filter)
    for handler in app.logger.handlers:
        handler.addFilter(line_filter)
