"""Reuse for the public registry pages: a strong ETag, a per-process HTML cache, and a cache of
the pages' user-independent parts.

Every page is split in two. Its *parts* (the body lists, the tree, the org chart, a body's
facts, decisions and history) are the same for everyone; they are rendered from templates
that see only what the view hands them (no ``current_user``, no session, no CSRF token; see
tests/performance/test_registry_cache.py) and kept in a small LRU per process. The *frame*
around them (navigation, the signed-in user's name, office-only buttons) is rendered for
each request. Both caches are keyed by the page's ETag: a hash of everything the parts
depend on: the registry's data version (one statement, below), today's date in Berlin
(labels such as "aufgelöst" depend on it), the endpoint with its arguments and query
string, and the build (a hash of the code, templates and styles, so that a deploy never
serves an old layout). Neither key holds anything about the user: the parts are the same
for every role.

Anonymous requests whose session shows nothing (no flashed message) also share the whole
page: a matching ``If-None-Match`` gets 304, otherwise the HTML comes from the page LRU or is
rendered and stored. Signed-in users get their own frame around the shared parts, without
ETag (``Cache-Control: no-store`` from app/security.py).

The data version is read from the database on every request, so a change made by any
process (another gunicorn worker, the CLI) shows on the next request everywhere.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request, session
from markupsafe import Markup
from sqlalchemy import Select, func, select

from app.extensions import single_statements
from app.models import Body, Decision, HistoryEvent, IssuedDocument, ProposalVersion
from app.registry.queries import today_berlin
from app.security import acting_user

EXTENSION = "registry_page_cache"
PARTS_EXTENSION = "registry_parts_cache"
DEFAULT_SIZE = 64
LONG_PART = 2048  # characters: a shared part this long is put into the page as bytes
SLOT = secrets.token_hex(16)  # per process: marks where a long part goes
SLOT_RE = re.compile(f"<!--{SLOT}:(\\w+)-->")
CACHE_CONTROL = "no-cache"  # browsers and proxies revalidate every time: a cheap 304
SOURCE_SUFFIXES = (".py", ".html", ".css", ".json", ".mo")


class PageCache:
    """A bounded, thread-safe LRU of rendered pages (or their parts) keyed by their ETag."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> Any:
        """The stored value for this ETag (None if there is none), marked as recently used."""
        with self._lock:
            html = self._pages.get(etag)
            if html is not None:
                self._pages.move_to_end(etag)
            return html

    def put(self, etag: str, html: Any) -> None:
        """Store a value; the least recently used one goes when the cache is full."""
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


def _cache(app: Flask, name: str = EXTENSION) -> PageCache:
    cache = app.extensions.get(name)
    if cache is None:
        size = int(app.config.get("REGISTRY_PAGE_CACHE_SIZE", DEFAULT_SIZE))
        cache = app.extensions[name] = PageCache(size)
    return cache


def clear(app: Flask) -> None:
    """Forget the cached pages and parts of this app (the ETags stay valid: they come from
    the data)."""
    _cache(app).clear()
    _cache(app, PARTS_EXTENSION).clear()


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
    with single_statements() as connection:  # a read on its own: no BEGIN/COMMIT round trips
        return tuple(connection.execute(_version_statement()).one())


def page_may_be_shared() -> bool:
    """Anonymous, and the session holds nothing that shows on the page (a flashed message)."""
    return "_flashes" not in session and not acting_user().is_authenticated


def page_etag() -> str:
    """The strong ETag of the current request's anonymous page; also the key of its shared
    parts (nothing in it tells one visitor from another)."""
    key = (
        _build_version(current_app),
        request.endpoint,
        sorted((request.view_args or {}).items()),
        request.query_string,
        today_berlin().isoformat(),
        data_version(),
    )
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def render_parts(template: str, **context: Any) -> dict[str, Any]:
    """The top-level ``{% set name %}…{% endset %}`` blocks of a parts template, as Markup.

    Rendered with only ``context`` (and the environment's globals such as ``_`` and
    ``url_for``): Flask's context processors are not run, so ``current_user`` is not there.
    """
    module = current_app.jinja_env.get_template(template).make_module(context)
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_") and isinstance(value, Markup)
    }


@dataclass(frozen=True)
class Parts:
    """A page's shared parts as its frame sees them, and the long ones encoded once.

    A long part is handed to the frame as a slot marker (a per-process random token, which no
    visitor can know) and put into the page as UTF-8 bytes afterwards: a 200 KB list is not
    copied through the template and encoded again on every request.
    """

    values: dict[str, Any]
    encoded: dict[str, bytes]

    @classmethod
    def of(cls, built: dict[str, Any]) -> Parts:
        """Slot markers for the long Markup values of ``built``."""
        values, encoded = dict(built), {}
        for name, value in built.items():
            if isinstance(value, Markup) and len(value) >= LONG_PART:
                encoded[name] = value.encode()
                values[name] = Markup("<!--{}:{}-->").format(SLOT, name)
        return cls(values, encoded)

    def assemble(self, html: str) -> bytes:
        """The page as UTF-8, the long parts put into their slots."""
        if not self.encoded:
            return html.encode()
        pieces = SLOT_RE.split(html)  # text, name, text, name, …, text
        return b"".join(
            self.encoded[piece] if index % 2 else piece.encode()
            for index, piece in enumerate(pieces)
        )


def _parts(etag: str, build: Callable[[], dict[str, Any]]) -> Parts:
    """The page's user-independent parts: from the per-process cache, or built and stored."""
    cache = _cache(current_app, PARTS_EXTENSION)
    parts = cache.get(etag)
    if parts is None:
        parts = Parts.of(build())  # an abort (400, 404) raises here: nothing is stored
        cache.put(etag, parts)
    return parts


def _render(frame: Callable[[dict[str, Any]], str], parts: Parts) -> Response:
    return current_app.response_class(parts.assemble(frame(parts.values)), mimetype="text/html")


def serve(frame: Callable[[dict[str, Any]], str], build: Callable[[], dict[str, Any]]) -> Response:
    """Answer with 304, the cached page, or ``frame`` rendered around the shared parts.

    ``build`` returns the page's user-independent parts (Markup and plain values only, never
    ORM objects: they outlive the request); ``frame`` renders the page's HTML for the current
    user around them. Anonymous pages are also stored whole.
    """
    etag = page_etag()
    if not page_may_be_shared():
        return _render(frame, _parts(etag, build))
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        cache = _cache(current_app)
        html = cache.get(etag)
        if html is not None:
            response = current_app.response_class(html, mimetype="text/html")
        else:
            response = _render(frame, _parts(etag, build))
            if session.modified:
                return response  # a page that wrote to this visitor's session
            cache.put(etag, response.get_data())
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
