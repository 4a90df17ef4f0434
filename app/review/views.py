"""The reviewers' side: the review queue."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/pruefung")
