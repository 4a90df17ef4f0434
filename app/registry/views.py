"""The public registry of bodies (Gremienstruktur)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("registry", __name__, url_prefix="/gremien")
