"""Serves the KERN design system's CSS and fonts from the npm package: no CDN."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("assets", __name__, url_prefix="/assets")

KERN_DIST = "@kern-ux/native/dist"


@bp.get("/kern/<path:filename>")
def kern(filename: str):
    """A file of the KERN dist folder (CSS, fonts)."""
    if not filename.endswith((".css", ".woff2", ".woff")):
        abort(404)
    folder = current_app.config["NODE_MODULES_DIR"] / KERN_DIST
    return send_from_directory(folder, filename, max_age=3600)
