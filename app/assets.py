"""Serves the KERN design system's CSS and fonts from the npm package (no CDN), and app.css.

Pages link assets through ``asset_url()``: the URL carries the KERN version (in the path, so
that the fonts the CSS references relatively are versioned too) or a hash of app.css (as
``?v=``). Versioned URLs are cached for a year as immutable; CSS is sent gzip-compressed to
clients that accept it (compressed once per file and kept in memory); ETag and
Last-Modified answer conditional requests with 304.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from werkzeug.security import safe_join

bp = Blueprint("assets", __name__, url_prefix="/assets")
STATIC_FOLDER = Path(__file__).resolve().parent / "static"

KERN_DIST = "@kern-ux/native/dist"
KERN_SUFFIXES = (".css", ".woff2", ".woff")
COMPRESSIBLE = (".css", ".svg", ".js")
IMMUTABLE = 31_536_000  # one year: the URL changes whenever the content does
SHORT = 3600  # unversioned URLs (old links, other sites): an hour


@dataclass(frozen=True)
class Asset:
    """A file's bytes, its gzip-compressed bytes (if worth it) and its validators."""

    data: bytes
    gzipped: bytes | None
    etag: str
    mtime: float
    mimetype: str


@lru_cache(maxsize=128)
def _load(path: str, mtime_ns: int, size: int) -> Asset:
    """Read (and compress) a file once per version of it: mtime and size are the cache key."""
    data = Path(path).read_bytes()
    gzipped = None
    if path.endswith(COMPRESSIBLE):
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(data) else None
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    etag = hashlib.sha256(data).hexdigest()[:20]
    return Asset(data, gzipped, etag, mtime_ns / 1e9, mimetype)


def _asset(folder: Path, filename: str) -> Asset:
    path = safe_join(str(folder), filename)
    if path is None or not Path(path).is_file():
        abort(404)
    stat = Path(path).stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


def _respond(asset: Asset, immutable: bool) -> Response:
    """The asset, compressed if the client accepts gzip, answering conditional requests."""
    compressed = asset.gzipped is not None and "gzip" in request.accept_encodings
    response = Response(asset.gzipped if compressed else asset.data, mimetype=asset.mimetype)
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    if compressed:
        response.content_encoding = "gzip"
    # A compressed body is a different representation: it gets its own (strong) ETag.
    response.set_etag(asset.etag + ("-gz" if compressed else ""))
    response.last_modified = asset.mtime
    response.cache_control.public = True
    response.cache_control.max_age = IMMUTABLE if immutable else SHORT
    if immutable:
        response.cache_control.immutable = True
    return response.make_conditional(request)


def _kern_folder() -> Path:
    return current_app.config["NODE_MODULES_DIR"] / KERN_DIST


@cache
def _kern_version(node_modules: Path) -> str:
    package = node_modules / KERN_DIST.rsplit("/", 1)[0] / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def kern_version() -> str:
    """The installed KERN version (from its package.json), part of the asset URLs."""
    return _kern_version(current_app.config["NODE_MODULES_DIR"])


def _static_hash(filename: str) -> str:
    return _asset(STATIC_FOLDER, filename).etag[:12]


def asset_url(area: str, filename: str) -> str:
    """The versioned URL of an asset: area "kern" (the npm package) or "static" (app/static)."""
    if area == "kern":
        return url_for("assets.kern_versioned", version=kern_version(), filename=filename)
    return url_for("static", filename=filename, v=_static_hash(filename))


@bp.get("/kern-<version>/<path:filename>")
def kern_versioned(version: str, filename: str):
    """A file of the KERN dist folder under a versioned URL: cached for a year."""
    if version != kern_version() or not filename.endswith(KERN_SUFFIXES):
        abort(404)
    return _respond(_asset(_kern_folder(), filename), immutable=True)


@bp.get("/kern/<path:filename>")
def kern(filename: str):
    """A file of the KERN dist folder (CSS, fonts) under its unversioned URL."""
    if not filename.endswith(KERN_SUFFIXES):
        abort(404)
    return _respond(_asset(_kern_folder(), filename), immutable=False)


def static(filename: str):
    """app/static: immutable when ``?v=`` matches the file's current hash."""
    asset = _asset(STATIC_FOLDER, filename)
    return _respond(asset, immutable=request.args.get("v") == asset.etag[:12])


@bp.record_once
def _setup(state) -> None:
    app: Flask = state.app
    app.jinja_env.globals["asset_url"] = asset_url
    # The app is made without Flask's static route (create_app): this one serves app/static
    # under the usual endpoint name, with the caching above.
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=static)
