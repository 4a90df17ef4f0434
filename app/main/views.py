"""Start page and the public information pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from app.main.start import applicant_start, office_start, reviewer_start
from app.registry.queries import expiring_bodies
from app.security import acting_user

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The start page: after sign-in, what each of the user's roles does next."""
    user = acting_user()
    signed_in = user.is_authenticated
    office = signed_in and user.has_role("secretariat")
    return render_template(
        "main/index.html",
        applicant=applicant_start(user) if signed_in and user.has_role("applicant") else None,
        reviewer=reviewer_start(user) if signed_in and user.has_role("reviewer") else None,
        office=office_start() if office else None,
        expiring=expiring_bodies(current_app.config["EXPIRY_WARNING_DAYS"]) if office else None,
    )


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


@bp.get("/healthz")
def healthz():
    """Liveness probe and the benchmark's baseline: no database, no template, no session."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
