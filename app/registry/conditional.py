"""Conditional answers for the public registry pages: a strong ETag and 304 for visitors.

The pages are rendered from plain templates on every request that needs the HTML. For
anonymous visitors (with nothing flashed in their session) the page gets a strong ETag,
computed without rendering: a hash of the build (code, templates, styles), the endpoint with
its arguments and query string, today's date in Berlin (labels such as "aufgelöst" depend on
it) and the registry's data version (one statement). A matching ``If-None-Match`` is
answered 304 without loading the page's data. Signed-in users see their own buttons and
get no ETag (``Cache-Control: no-store`` from app/security.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from flask import Response, current_app, make_response, render_template, request, session
from sqlalchemy import func, select

from app.assets import kern_version
from app.extensions import db
from app.formatting import today_berlin
from app.models import Body, Decision, HistoryEvent, IssuedDocument, ProposalVersion
from app.security import acting_user

CACHE_CONTROL = "no-cache"  # browsers and proxies revalidate every time: a cheap 304
SOURCE_SUFFIXES = (".py", ".html", ".css", ".json", ".mo")


@cache
def _build_version(root_path: str, template_folder: str) -> str:
    """A hash of the code, templates and styles: it changes with every deploy that matters."""
    digest = hashlib.sha256()
    for root in (Path(root_path), Path(root_path, template_folder)):
        for path in sorted(root.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    digest.update(kern_version().encode())
    return digest.hexdigest()[:16]


def data_version() -> tuple:
    """Everything the public registry pages show, summarised in one statement.

    Bodies: their number, newest id and latest change. Decisions, history events, issued
    PDFs and frozen Steckbrief versions are only ever added, so their newest id (an index
    look-up) tells whether a body page's decisions, history, PDF links or Steckbrief
    changed. Every workflow transition (also the one that dissolves a body) and every change
    by the office adds a history event.
    """
    stmt = select(
        func.count(Body.id),
        func.max(Body.id),
        func.max(Body.updated_at),
        select(func.max(HistoryEvent.id)).scalar_subquery(),
        select(func.max(Decision.id)).scalar_subquery(),
        select(func.max(ProposalVersion.id)).scalar_subquery(),
        select(func.max(IssuedDocument.id)).scalar_subquery(),
    )
    return tuple(db.session.execute(stmt).one())


def page_may_be_shared() -> bool:
    """Anonymous, and the session holds nothing that shows on the page (a flashed message)."""
    return "_flashes" not in session and not acting_user().is_authenticated


def page_etag() -> str:
    """The strong ETag of the current request's anonymous page (nothing of the visitor)."""
    key = (
        _build_version(current_app.root_path, current_app.template_folder or ""),
        request.endpoint,
        sorted((request.view_args or {}).items()),
        request.query_string,
        today_berlin().isoformat(),
        data_version(),
    )
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def render_page(template: str, context: Callable[[], dict[str, Any]]) -> Response:
    """``template`` rendered with ``context()``; for anonymous visitors with an ETag, or 304
    when their copy is current (then ``context`` is not called)."""
    if not page_may_be_shared():
        return make_response(render_template(template, **context()))
    etag = page_etag()
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        response = make_response(render_template(template, **context()))
        if session.modified:
            return response  # a page that wrote to this visitor's session is not shared
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
