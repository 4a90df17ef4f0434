"""Account management for administrators."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from app.admin import operations, privacy
from app.admin.forms import AnonymiseForm, ConfirmForm, UserCreateForm, UserEditForm
from app.auth import second_factor
from app.auth.decorators import role_required
from app.domain import DomainError
from app.extensions import db
from app.forms_common import show_domain_error
from app.models.user import ROLE_LABELS, User
from app.security import acting_user
from app.security_events import security_event

bp = Blueprint("admin", __name__, url_prefix="/verwaltung")


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/benutzer")
@role_required("admin")
def users():
    """All accounts with their roles and status."""
    return render_template(
        "admin/users.html",
        users=operations.list_users(),
        role_labels=ROLE_LABELS,
        form=ConfirmForm(),
    )


@bp.route("/benutzer/neu", methods=["GET", "POST"])
@role_required("admin")
def create_user():
    """Create an account."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                email=form.email.data,
                name=form.name.data,
                organisation=form.organisation.data or "",
                password=form.password.data,
                roles=form.roles.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Das Konto für %(email)s wurde angelegt.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/benutzer/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int):
    """Change name, organisation and roles of an account."""
    user = _get_user(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    form.offer_members(operations.signing_members())
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
        form.council_member.data = str(user.council_member_id or "")
    if form.validate_on_submit():
        try:
            operations.update_user(
                user,
                name=form.name.data,
                organisation=form.organisation.data or "",
                roles=form.roles.data,
                actor=acting_user(),
            )
            operations.set_council_member(user, form.member_id())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Das Konto %(email)s wurde gespeichert.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        reset_form=ConfirmForm(),
    )
    return page, status


@bp.post("/benutzer/<int:user_id>/aktiv")
@role_required("admin")
def toggle_active(user_id: int):
    """Deactivate an active account or reactivate a deactivated one."""
    user = _get_user(user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if user.is_anonymised:
        flash(_("Ein anonymisiertes Konto kann nicht wieder aktiviert werden."), "danger")
        return redirect(url_for("admin.users"))
    try:
        operations.set_active(user, not user.active, actor=acting_user())
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for("admin.users"))
    if user.active:
        flash(_("Das Konto %(email)s wurde aktiviert.", email=user.email), "success")
    else:
        flash(_("Das Konto %(email)s wurde deaktiviert.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.get("/benutzer/<int:user_id>/datenauskunft")
@role_required("admin")
def export_user(user_id: int):
    """Everything stored about one person, as a JSON download (Art. 15 DSGVO)."""
    user = _get_user(user_id)
    body = json.dumps(privacy.export_person(user), ensure_ascii=False, indent=2)
    security_event("personal_data_exported", target_user_id=user.id)
    response = Response(body, mimetype="application/json")
    filename = privacy.export_filename(user)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/benutzer/<int:user_id>/anonymisieren", methods=["GET", "POST"])
@role_required("admin")
def anonymise_user(user_id: int):
    """Anonymise the account of a departed person, after an explicit confirmation."""
    user = _get_user(user_id)
    form = AnonymiseForm()
    status = 200
    if form.validate_on_submit():
        try:
            privacy.anonymise_user(user, actor=acting_user())
        except DomainError as error:
            show_domain_error(form, error)
            status = error.status_code
        else:
            flash(_("Das Konto wurde anonymisiert: %(name)s.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        status = 400
    return render_template("admin/anonymise.html", form=form, user=user), status


@bp.post("/benutzer/<int:user_id>/zweiter-faktor/zuruecksetzen")
@role_required("admin")
def reset_second_factor(user_id: int):
    """Remove an account's second factor (lost device and no recovery code left)."""
    user = _get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not user.has_second_factor:
        flash(_("Für %(email)s ist kein zweiter Faktor eingerichtet.", email=user.email), "info")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    second_factor.reset(user, actor=acting_user())
    flash(
        _(
            "Der zweite Faktor von %(email)s wurde zurückgesetzt; alle Sitzungen des Kontos "
            "sind beendet.",
            email=user.email,
        ),
        "success",
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))
