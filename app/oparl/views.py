"""OParl 1.1: the council as Body, its bodies as Organization objects."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1")
