"""The picture of the registry: the public timeline of the bodies and the office's figures."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.errors import render_error
from app.formatting import today_berlin
from app.picture.charts import bar_chart
from app.picture.figures import all_figures
from app.picture.timeline import timeline
from app.registry import display, queries
from app.registry.export import csv_response, to_csv

bp = Blueprint("picture", __name__)


@bp.get("/gremien/zeitleiste")
def show_timeline():
    """Every body as a bar from start to end, grouped by focus topic, with its table."""
    today = today_berlin()
    bodies = queries.all_bodies()
    entries = display.body_entries(bodies, today)
    return render_template("picture/timeline.html", t=timeline(bodies, entries, today))


@bp.get("/geschaeftsstelle/kennzahlen")
@role_required("secretariat")
def figures():
    """The office's figures as small charts, each with its table and CSV download."""
    shown = [(figure, bar_chart(figure)) for figure in all_figures(today_berlin())]
    return render_template("picture/figures.html", figures=shown)


@bp.get("/geschaeftsstelle/kennzahlen/<figure>.csv")
@role_required("secretariat")
def figure_csv(figure: str):
    """One figure's table as CSV for German Excel."""
    found = [shown for shown in all_figures(today_berlin()) if shown.slug == figure]
    if not found:
        return render_error(404, _("Diese Kennzahl gibt es nicht."))
    return csv_response(to_csv(found[0].header, found[0].rows), f"kennzahlen-{found[0].slug}")
