"""Whole-page reuse for the public registry pages: a strong ETag and a per-process HTML cache.

Only anonymous requests whose session shows nothing on the page (no user, no flashed
message) take part. Their ETag is a hash of everything the page depends on: the registry's
data version (one statement, below), today's date in Berlin (labels such as "aufgelöst"
depend on it), the endpoint with its arguments and query string, and the build (a hash of
the code, templates and styles, so that a deploy never answers 304 with an old layout).
A matching ``If-None-Match`` gets 304; otherwise the HTML is taken from a small LRU kept per
process, keyed by that ETag, or rendered and stored. Signed-in users always get a fresh
render without ETag (``Cache-Control: no-store`` from app/security.py).

The data version is read from the database on every request, so a change made by any
process (another gunicorn worker, the CLI) shows on the next request everywhere.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, make_response, request, session
from flask_login import current_user
from sqlalchemy import Select, func, select

from app.extensions import db
from app.models import Body, Decision, HistoryEvent, IssuedDocument, ProposalVersion
from app.registry.queries import today_berlin

EXTENSION = "registry_page_cache"
DEFAULT_SIZE = 64
CACHE_CONTROL = "no-cache"  # browsers and proxies revalidate every time: a cheap 304
SOURCE_SUFFIXES = (".py", ".html", ".css", ".json", ".mo")


class PageCache:
    """A bounded, thread-safe LRU of rendered pages keyed by their ETag."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        """The stored HTML for this ETag, marked as recently used."""
        with self._lock:
            html = self._pages.get(etag)
            if html is not None:
                self._pages.move_to_end(etag)
            return html

    def put(self, etag: str, html: bytes) -> None:
        """Store a page; the least recently used one goes when the cache is full."""
        if self.size <= 0:
            return
        with self._lock:
            self._pages[etag] = html
            self._pages.move_to_end(etag)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)


def _cache(app: Flask) -> PageCache:
    cache = app.extensions.get(EXTENSION)
    if cache is None:
        size = int(app.config.get("REGISTRY_PAGE_CACHE_SIZE", DEFAULT_SIZE))
        cache = app.extensions[EXTENSION] = PageCache(size)
    return cache


def clear(app: Flask) -> None:
    """Forget the cached pages of this app (the ETags stay valid: they come from the data)."""
    _cache(app).clear()


def _build_version(app: Flask) -> str:
    """A hash of the code, templates and styles: it changes with every deploy that matters."""
    version = app.extensions.get(EXTENSION + ".build")
    if version is None:
        digest = hashlib.sha256()
        for root in (Path(app.root_path), Path(app.root_path, app.template_folder or "")):
            for path in sorted(root.rglob("*")):
                if path.suffix in SOURCE_SUFFIXES and path.is_file():
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
        from app.assets import kern_version

        digest.update(kern_version().encode())
        version = app.extensions[EXTENSION + ".build"] = digest.hexdigest()[:16]
    return version


@cache
def _version_statement() -> Select:
    """Built once: the registry's data version as one row (one pass over the bodies)."""
    return select(
        func.count(Body.id),
        func.max(Body.id),
        func.max(Body.updated_at),
        select(func.max(HistoryEvent.id)).scalar_subquery(),
        select(func.max(Decision.id)).scalar_subquery(),
        select(func.max(ProposalVersion.id)).scalar_subquery(),
        select(func.max(IssuedDocument.id)).scalar_subquery(),
    )


def data_version() -> tuple:
    """Everything the public registry pages show, summarised in one statement.

    Bodies: their number, newest id and latest change. Decisions, history events, issued
    PDFs and frozen Steckbrief versions are only ever added, so their newest id (an index
    look-up) tells whether a body page's decisions, history, PDF links or Steckbrief
    changed; a change to a body by the office or the workflow also adds a history event or
    a decision, which covers clocks that differ between servers.
    """
    # Core execution on the session's connection: no ORM result processing for one row.
    return tuple(db.session.connection().execute(_version_statement()).one())


def page_may_be_shared() -> bool:
    """Anonymous, and the session holds nothing that shows on the page (a flashed message)."""
    return "_flashes" not in session and not current_user.is_authenticated


def page_etag() -> str:
    """The strong ETag of the current request's anonymous page."""
    key = (
        _build_version(current_app),
        request.endpoint,
        sorted((request.view_args or {}).items()),
        request.query_string,
        today_berlin().isoformat(),
        data_version(),
    )
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def serve(render: Callable[[], object]) -> Response:
    """Answer with 304, the cached page or a fresh render (stored when anonymous and 200)."""
    if not page_may_be_shared():
        return make_response(render())
    etag = page_etag()
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        cache = _cache(current_app)
        html = cache.get(etag)
        if html is not None:
            response = current_app.response_class(html, mimetype="text/html")
        else:
            response = make_response(render())
            if response.status_code != 200 or session.modified:
                return response  # an error, or a page that wrote to this visitor's session
            cache.put(etag, response.get_data())
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
