"""HTTP plumbing shared by the API and OParl: JSON responses with validators."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import request
from werkzeug.wrappers import Response

PUBLIC_CACHE = "no-cache"
PRIVATE_CACHE = "private, no-store"


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they are stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def latest(moments: Iterable[datetime | None]) -> datetime | None:
    """The most recent of the given timestamps, if any."""
    known = [as_utc(moment) for moment in moments if moment is not None]
    return max(known) if known else None


def link_header(links: dict[str, str | None]) -> str:
    """An RFC 8288 ``Link`` header value of the given relations (``None`` is left out)."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


def json_response(
    payload: Any,
    *,
    last_modified: datetime | None = None,
    private: bool = False,
    links: dict[str, str | None] | None = None,
) -> Response:
    """A JSON response with a strong ETag and Last-Modified, answered 304 when unchanged."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = Response(body, mimetype="application/json")
    if links:
        response.headers["Link"] = link_header(links)
    response.set_etag(hashlib.sha256(body).hexdigest())
    if last_modified is not None:
        response.last_modified = last_modified.replace(microsecond=0)
    response.headers["Cache-Control"] = PRIVATE_CACHE if private else PUBLIC_CACHE
    if private:
        response.vary.add("Authorization")
    return response.make_conditional(request)
