"""The council office's side: the decision queue."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/geschaeftsstelle")
