"""Logs: one line per record, a request ID on each, JSON lines or text.

Logged values cannot forge lines (CWE-117): CR and LF in values are escaped by
``LineBreakFilter``, and the JSON formatter escapes everything, tracebacks included.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream

_BREAKS = str.maketrans({"\r": "\\r", "\n": "\\n"})
# json.dumps leaves these as they are, but some readers split lines on them.
_UNICODE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{8,64}")
LOG_FORMATS = ("json", "text")
CORE_KEYS = ("ts", "level", "logger", "message", "request_id", "event", "exc", "stack")
# The logger of security events (app.security_events writes to it, this module configures it).
SECURITY_LOGGER_NAME = "gremienportal.security"


def escape_line_breaks(value: Any) -> Any:
    """The value with CR and LF written as \\r and \\n; numbers and None stay as they are."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    return text.translate(_BREAKS)


class LineBreakFilter(logging.Filter):
    """Escape line breaks in a record's values (and in a message logged without arguments).

    The format string itself is the developer's and may keep its line breaks; tracebacks
    (exc_info) are formatted by the handler: multi-line in text, escaped in JSON lines.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {key: escape_line_breaks(v) for key, v in record.args.items()}
        elif record.args:
            record.args = tuple(escape_line_breaks(v) for v in record.args)
        elif isinstance(record.msg, str):
            record.msg = escape_line_breaks(record.msg)
        return True


def current_request_id() -> str | None:
    """The ID of the request being served (made on first use), or None outside a request."""
    if not has_request_context():
        return None
    request_id = g.get("request_id")
    if request_id is None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if REQUEST_ID_RE.fullmatch(incoming) else uuid.uuid4().hex
        g.request_id = request_id
    return request_id


class RequestIdFilter(logging.Filter):
    """Put the request ID on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; line breaks anywhere (message, traceback) are escaped."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        event = getattr(record, "event", None)
        if event:
            entry["event"] = event
            fields = getattr(record, "event_fields", {})
            entry.update({k: v for k, v in fields.items() if k not in CORE_KEYS})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        for char, escaped in _UNICODE_BREAKS.items():
            line = line.replace(char, escaped)
        return line


class TextFormatter(logging.Formatter):
    """Readable lines for development: time, level, logger, request ID, message, fields."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        # Records are shared by every handler: fill in "-" without changing the record.
        values = {**vars(record), "request_id": getattr(record, "request_id", None) or "-"}
        line = self._fmt % values
        fields = getattr(record, "event_fields", None)
        if fields:
            line += " " + " ".join(f"{k}={escape_line_breaks(v)}" for k, v in fields.items())
        return line


def _handler(log_format: str) -> logging.Handler:
    handler = logging.StreamHandler(wsgi_errors_stream)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(LineBreakFilter())
    handler.gremienportal = True  # marks our handler, replaced when another app is created
    return handler


def _use_handler(logger: logging.Logger, handler: logging.Handler, level: int) -> None:
    for old in list(logger.handlers):
        if old is default_handler or getattr(old, "gremienportal", False):
            logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(level)


def install_logging(app: Flask) -> None:
    """Configure the app and security loggers and the X-Request-ID header.

    Loggers are process-wide: the app created last decides format and level. The security
    events' status hook is installed by app.security_events (it writes, this configures).
    """
    log_format = str(app.config.get("LOG_FORMAT", "text")).lower()
    level = logging.getLevelName(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    if log_format not in LOG_FORMATS or not isinstance(level, int):
        raise RuntimeError("LOG_FORMAT must be json or text, LOG_LEVEL a logging level name")
    handler = _handler(log_format)
    for logger in (app.logger, logging.getLogger(SECURITY_LOGGER_NAME)):
        _use_handler(logger, handler, level)
        if not any(isinstance(f, LineBreakFilter) for f in logger.filters):
            logger.addFilter(LineBreakFilter())
            logger.addFilter(RequestIdFilter())
    # First of all hooks, so that every later record (and error page) knows the ID.
    app.before_request_funcs.setdefault(None, []).insert(0, _assign_request_id)
    app.after_request(_add_request_id_header)


def _assign_request_id() -> None:
    current_request_id()


def _add_request_id_header(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = current_request_id()
    return response
