"""Administration of API tokens: list, issue (plaintext shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.api import tokens
from app.api.forms import TokenIssueForm, TokenRevokeForm
from app.auth.decorators import role_required
from app.domain import DomainError
from app.extensions import db
from app.models import ApiToken, User
from app.models.user import ROLE_LABELS
from app.security import acting_user

bp = Blueprint("api_admin", __name__, url_prefix="/verwaltung/api-tokens")


def _user_choices() -> list[tuple[int, str]]:
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
    return [(user.id, f"{user.name} ({user.email})") for user in users]


def _get_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    return token


@bp.get("/")
@role_required("admin")
def list_tokens():
    """Every token with its account, creation, last use and revocation."""
    return render_template("api/tokens.html", tokens=tokens.list_tokens(), role_labels=ROLE_LABELS)


@bp.route("/neu", methods=["GET", "POST"])
@role_required("admin")
def issue_token():
    """Issue a token; its plaintext is shown on the answer page and never again."""
    form = TokenIssueForm()
    form.user_id.choices = _user_choices()
    if form.validate_on_submit():
        user = db.session.get(User, form.user_id.data)
        try:
            issued = tokens.issue_token(user=user, name=form.name.data, actor=acting_user())
        except DomainError as error:
            form.form_errors.append(error.message)
        else:
            return render_template("api/token_issued.html", issued=issued)
    status = 400 if request.method == "POST" else 200
    return render_template("api/token_form.html", form=form), status


@bp.route("/<int:token_id>/widerrufen", methods=["GET", "POST"])
@role_required("admin")
def revoke_token(token_id: int):
    """Ask for confirmation, then revoke the token."""
    token = _get_token(token_id)
    form = TokenRevokeForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("api/token_revoke.html", token=token, form=form), status
    try:
        tokens.revoke_token(token)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        flash(_("Das Token „%(name)s“ wurde widerrufen.", name=token.name), "success")
    return redirect(url_for("api_admin.list_tokens"))
