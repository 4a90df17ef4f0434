"""The office's pages on the council: its members and the Königsteiner Schlüssel."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.council import accounts, shares
from app.council.forms import SHARE_PREFIX, ShareTableForm
from app.domain import DomainError
from app.errors import render_error
from app.extensions import db
from app.formatting import german_decimal, today_berlin
from app.forms_common import show_domain_error
from app.models import User
from app.security import acting_user

bp = Blueprint("council", __name__, url_prefix="/geschaeftsstelle/it-planungsrat")


@bp.get("/")
@role_required("secretariat")
def show_members():
    """The members and every year's table of shares, with their corrections."""
    return render_template(
        "council/members.html",
        members=shares.all_members(),
        laender=shares.land_members(),
        tables=shares.all_tables(),
    )


def _prefill(form: ShareTableForm, year_text: str | None) -> None:
    """Start from the asked year's table, else from the newest one (a new year)."""
    text = year_text or ""
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None
    table = shares.current_table(year) if year else None
    if table is not None:
        form.source.data = table.source  # a correction usually keeps its source
    else:
        tables = shares.all_tables()
        table = tables[0] if tables else None
    form.year.data = str(year or today_berlin().year)
    if table is not None:
        for key, value in table.as_mapping().items():
            form[f"{SHARE_PREFIX}{key}"].data = german_decimal(value, 5)


@bp.route("/koenigsteiner-schluessel", methods=["GET", "POST"])
@role_required("secretariat")
def edit_shares():
    """Enter a year's table, or correct it (a new revision with its reason)."""
    form = ShareTableForm()
    if not form.is_submitted():
        _prefill(form, request.args.get("jahr"))
    elif form.validate():
        try:
            table = shares.record_share_table(
                form.year.data, form.shares(), form.source.data, acting_user(), form.note.data
            )
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(
                _(
                    "Der Königsteiner Schlüssel %(year)s ist gespeichert (Fassung %(revision)s).",
                    year=table.year,
                    revision=table.revision,
                ),
                "success",
            )
            return redirect(url_for("council.show_members"))
    status = 400 if form.is_submitted() else 200
    return render_template("council/shares_form.html", form=form), status


@bp.post("/konten/<int:user_id>/mitglied")
@role_required("admin")
def assign_member(user_id: int):
    """An administrator sets the council member an account acts for."""
    user = db.session.get(User, user_id)
    if user is None:
        return render_error(404)
    form = accounts.member_form(user, request.form)
    if form.validate_on_submit():
        try:
            accounts.assign_member(user, form.member.data, acting_user())
        except DomainError as error:
            return render_error(error.status_code, error.message)
        flash(_("Das vertretene Mitglied ist gespeichert."), "success")
        return redirect(url_for("admin.edit_user", user_id=user_id))
    return render_error(400, _("Bitte wählen Sie ein stimmberechtigtes Mitglied."))
