"""The public registry of bodies (Gremienstruktur) and the office's registry tools."""

from __future__ import annotations

from typing import NoReturn

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import HTTPException

from app.auth.decorators import role_required
from app.domain import DomainError, PermissionDenied
from app.formatting import today_berlin
from app.forms_common import show_domain_error
from app.models import Body
from app.models.body import BODY_KIND_LABELS
from app.proposals import changes
from app.proposals.schema import step_of_section
from app.registry import conditional, display, export, operations, queries
from app.registry.forms import BodyForm, ChangeForm, FilterError, parse_filter
from app.registry.orgchart import orgchart
from app.registry.pages import HELPERS, body_context, body_form_choices, change_context
from app.security import acting_user

bp = Blueprint("registry", __name__, url_prefix="/gremien")


@bp.context_processor
def _helpers() -> dict:
    """Display helpers for the registry templates."""
    return HELPERS


def _abort(code: int, message: str) -> NoReturn:
    """Abort with a German message on the error page."""
    try:
        abort(code)
    except HTTPException as error:
        error.german_message = message
        raise


def _body_or_404(key: str) -> Body:
    body = queries.body_by_key(key)
    if body is None:
        _abort(404, _("Dieses Gremium gibt es im Register nicht."))
    return body


@bp.get("/")
def index():
    """All current bodies grouped as on the council's page, the org chart and the dissolved."""
    return conditional.render_page("registry/index.html", _index_context)


def _index_context() -> dict:
    topics = queries.known_focus_topics()
    try:
        filters = parse_filter(request.args, topics)
    except FilterError as error:
        _abort(400, error.message)
    today = today_berlin()
    bodies = queries.all_bodies()
    entries = display.body_entries(bodies, today)
    current = [body for body in bodies if not entries[body.id].dissolved]
    sections = queries.registry_sections(current)
    results = None
    if filters.active:
        found = queries.search_bodies(
            filters.q, filters.kind, filters.focus_topic, filters.status, today, bodies
        )
        results = [entries[body.id] for body in found]
    dissolved = queries.dissolved_bodies(today, bodies)
    return {
        "filters": filters,
        "topics": topics,
        "kinds": list(BODY_KIND_LABELS.items()),
        "sections": sections,
        "entries": entries,
        "chart": orgchart(sections, entries) if not filters.active else None,
        "results": results,
        "dissolved": [entries[body.id] for body in dissolved],
        "total": len(current),
    }


@bp.get("/aufgeloest")
def dissolved():
    """Bodies whose time limit has run out or that were dissolved, with their end date."""
    return conditional.render_page("registry/dissolved.html", _dissolved_context)


def _dissolved_context() -> dict:
    today = today_berlin()
    bodies = queries.dissolved_bodies(today)
    entries = display.body_entries(bodies, today)
    return {"bodies": [entries[body.id] for body in bodies]}


@bp.get("/export.csv")
def export_registry():
    """The whole registry as CSV for German Excel."""
    today = today_berlin()
    rows = export.registry_rows(queries.all_bodies(), today)
    return export.csv_response(export.to_csv(export.REGISTRY_HEADER, rows), "gremienregister")


@bp.get("/antraege.csv")
@role_required("secretariat")
def export_proposals():
    """All proposals as CSV, for the office."""
    rows = export.proposal_rows(queries.proposals_for_export())
    return export.csv_response(export.to_csv(export.PROPOSAL_HEADER, rows), "antraege")


@bp.get("/befristungen")
@role_required("secretariat")
def expiring():
    """Time-limited bodies whose end date is near or past: extend or dissolve them."""
    days = current_app.config.get("EXPIRY_WARNING_DAYS", 90)
    items = queries.expiring_bodies(days)
    return render_template("registry/expiring.html", items=items, days=days, form=FlaskForm())


@bp.post("/<key>/aufloesung")
@role_required("secretariat")
def confirm_dissolution(key: str):
    """Confirm that a body's time limit has run out (bodies not created by a proposal)."""
    body = _body_or_404(key)
    if not FlaskForm().validate_on_submit():
        _abort(400, _("Das Formular ist ungültig. Bitte laden Sie die Seite neu."))
    try:
        operations.confirm_dissolution(body, acting_user())
    except DomainError as error:
        _abort(error.status_code, error.message)
    flash(_("Die Auflösung von „%(name)s“ wurde festgestellt.", name=body.name), "success")
    return redirect(url_for("registry.expiring"))


@bp.route("/neu", methods=["GET", "POST"])
@role_required("secretariat")
def new_body():
    """Enter a body in the registry that does not come through a proposal."""
    form = BodyForm()
    form.set_choices(*body_form_choices(None))
    if form.validate_on_submit():
        try:
            body = operations.create_entry(acting_user(), form.values())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("„%(name)s“ wurde in das Register eingetragen.", name=body.name), "success")
            return redirect(url_for("registry.show_body", key=body.key))
    status = 400 if request.method == "POST" else 200
    return render_template("registry/form.html", form=form, body=None), status


@bp.route("/<key>/bearbeiten", methods=["GET", "POST"])
@role_required("secretariat")
def edit_body(key: str):
    """Change a registry entry; entries created through a proposal are read-only here."""
    body = _body_or_404(key)
    try:
        operations.ensure_editable(body)
    except PermissionDenied as error:
        _abort(403, error.message)
    form = BodyForm(obj=body if request.method == "GET" else None)
    form.set_choices(*body_form_choices(body))
    if request.method == "GET":
        form.parent_id.data = str(body.parent_id or "")
        form.focus_topic.data = display.focus_label(body)
    if form.validate_on_submit():
        try:
            changes = operations.update_entry(body, acting_user(), form.values())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            message = _("Der Eintrag wurde gespeichert.") if changes else _("Keine Änderungen.")
            flash(message, "success" if changes else "info")
            return redirect(url_for("registry.show_body", key=body.key))
    status = 400 if request.method == "POST" else 200
    return render_template("registry/form.html", form=form, body=body), status


@bp.route("/<key>/aenderung", methods=["GET", "POST"])
@role_required("secretariat")
def start_change(key: str):
    """The office starts a change of a body (or goes on to dissolve it)."""
    body = _body_or_404(key)
    context = change_context(body)
    if context["refusal"]:
        _abort(409, context["refusal"])
    form = ChangeForm()
    if form.validate_on_submit():
        try:
            proposal, kind = changes.start_change(body, acting_user(), form.change_kind.data)
        except DomainError as error:
            if error.status_code != 400:
                _abort(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(changes.message_started(proposal), "success")
            step = step_of_section(kind.section).key
            return redirect(url_for("proposals.edit_step", proposal_id=proposal.id, step_key=step))
    status = 400 if request.method == "POST" else 200
    return render_template("registry/change.html", form=form, **context), status


@bp.get("/<key>")
def show_body(key: str):
    """A body's page: key facts or Steckbrief, parent and children, decisions, history."""
    return conditional.render_page("registry/body.html", lambda: body_context(_body_or_404(key)))
