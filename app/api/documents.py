"""Reuse of the public API documents (bodies and decisions) while their data is unchanged.

The public endpoints show only columns of bodies and council decisions. Every change to
them moves the registry's data version (``app.registry.page_cache.data_version``: the
bodies' number, newest id and latest ``updated_at``, the newest decision and history
event; decisions are only ever added). That version is read from the database on every
request, in one statement, so a change made by any process (another gunicorn worker, the
CLI) shows on the next request everywhere.

A document is stored in a small LRU per process, keyed by a hash of the endpoint and its
arguments, the full query string, the request's external base URL (the links in the
document are absolute), today's date in Berlin (a body's status depends on it) and the data
version. What is stored is the view's own 200 response (body and headers) before the
after-request hooks; a hit is answered exactly as a fresh render, with the same strong ETag
(a hash of the body) and 304 for a matching ``If-None-Match``. Errors (problem documents)
are never stored. Nothing here depends on the caller: these endpoints take no token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

from app.api.queries import today
from app.registry.page_cache import PageCache, data_version

EXTENSION = "api_document_cache"
DEFAULT_SIZE = 64
# Headers of the moment, not of the document: set afresh on every response.
_NOT_STORED = frozenset({"date"})


def document_cache(app: Flask) -> PageCache:
    """The app's LRU of API documents (created on first use)."""
    cache = app.extensions.get(EXTENSION)
    if cache is None:
        size = int(app.config.get("API_DOCUMENT_CACHE_SIZE", DEFAULT_SIZE))
        cache = app.extensions[EXTENSION] = PageCache(size)
    return cache


def document_key(view_args: dict[str, Any]) -> str:
    """Everything the current request's public document depends on, hashed."""
    key = (
        request.endpoint,
        sorted(view_args.items()),
        request.host_url,
        request.query_string,
        today().isoformat(),
        data_version(),
    )
    return hashlib.sha256(repr(key).encode()).hexdigest()


def shared(view: Callable[..., Response]) -> Callable[..., Response]:
    """Serve a public document from the cache while its data version is unchanged."""

    @wraps(view)
    def wrapper(**view_args: Any) -> Response:
        cache = document_cache(current_app)
        key = document_key(view_args)
        stored = cache.get(key)
        if stored is not None:
            body, headers = stored
            response = Response(body, headers=headers)
            return response.make_conditional(request)
        response = view(**view_args)
        if response.status_code == 200:
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _NOT_STORED]
            cache.put(key, (response.get_data(), headers))
        return response

    return wrapper
