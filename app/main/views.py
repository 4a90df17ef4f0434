"""Start page and the public information pages."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The start page."""
    return render_template("main/index.html")


@bp.get("/impressum")
def impressum():
    """Legal notice."""
    return render_template("main/impressum.html")


@bp.get("/datenschutz")
def datenschutz():
    """Privacy notice."""
    return render_template("main/datenschutz.html")


@bp.get("/barrierefreiheit")
def barrierefreiheit():
    """Accessibility statement."""
    return render_template("main/barrierefreiheit.html")


@bp.get("/leichte-sprache")
def leichte_sprache():
    """Explanation of the site in Leichte Sprache."""
    return render_template("main/leichte_sprache.html")
