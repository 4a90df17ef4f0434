"""The office's page of the council's focus topics (Schwerpunktthemen) and their patrons."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.domain import DomainError
from app.errors import render_error
from app.forms_common import show_domain_error
from app.security import acting_user
from app.topics import operations, queries
from app.topics.forms import FocusTopicForm

bp = Blueprint("topics", __name__, url_prefix="/geschaeftsstelle/schwerpunktthemen")


@bp.get("/")
@role_required("secretariat")
def list_topics():
    """The current and retired focus topics with their patrons."""
    return render_template("topics/index.html", topics=queries.all_topics())


@bp.route("/neu", methods=["GET", "POST"])
@role_required("secretariat")
def new_topic():
    """Add a focus topic; the Steckbrief offers it from now on."""
    form = FocusTopicForm()
    if form.validate_on_submit():
        try:
            topic = operations.create_topic(acting_user(), form.values())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("„%(name)s“ wurde angelegt.", name=topic.name), "success")
            return redirect(url_for("topics.list_topics"))
    status = 400 if request.method == "POST" else 200
    return render_template("topics/form.html", form=form, topic=None), status


@bp.route("/<int:topic_id>", methods=["GET", "POST"])
@role_required("secretariat")
def edit_topic(topic_id: int):
    """Rename a topic, set its patron or order, or retire it."""
    topic = queries.topic_by_id(topic_id)
    if topic is None:
        return render_error(404, _("Dieses Schwerpunktthema gibt es nicht."))
    form = FocusTopicForm(obj=topic if request.method == "GET" else None)
    if request.method == "GET":
        form.position.data = str(topic.position)
        form.seen_updated_at.data = topic.updated_at.isoformat()
    if form.validate_on_submit():
        try:
            changes = operations.update_topic(
                topic, acting_user(), form.values(), form.seen_updated_at.data or ""
            )
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            if changes:
                flash(_("Das Schwerpunktthema wurde gespeichert."), "success")
            else:
                flash(_("Keine Änderungen."), "info")
            return redirect(url_for("topics.list_topics"))
    status = 400 if request.method == "POST" else 200
    return render_template("topics/form.html", form=form, topic=topic), status
