"""A proposal's page: its state, the actions the user may take now, and its history."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workflow", __name__)
