"""The office's pages on the council: its members, the Königsteiner Schlüssel, and the
AL-Runde's Beschlussempfehlung on a proposal."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.auth.decorators import role_required
from app.council import al_runde, shares
from app.council.forms import SHARE_PREFIX, ShareTableForm
from app.council.motion_forms import AlRecommendationForm
from app.council.motion_page import al_panel
from app.domain import DomainError
from app.errors import render_error
from app.extensions import db
from app.formatting import german_decimal, today_berlin
from app.forms_common import show_domain_error
from app.models import Proposal
from app.security import acting_user
from app.workflow.page import page_context

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


@bp.post("/antraege/<int:proposal_id>/al-runde")
@login_required
def record_al_recommendation(proposal_id: int):
    """Record the AL-Runde's Beschlussempfehlung on a proposal awaiting the decision."""
    proposal = db.session.get(Proposal, proposal_id)
    user = acting_user()
    if proposal is None or not proposal.can_view(user):
        abort(404)  # first: a proposal one may not see does not exist
    if not user.has_role("secretariat"):
        return render_error(403, _("Nur die Geschäftsstelle erfasst Empfehlungen der AL-Runde."))
    form = AlRecommendationForm()
    if form.validate_on_submit():
        try:
            al_runde.record_al_recommendation(
                proposal, user, form.recommended_on.data, form.text.data
            )
        except DomainError as error:
            if error.status_code != 400:
                return render_error(error.status_code, error.message)
            show_domain_error(form, error)
        else:
            flash(_("Die Beschlussempfehlung der AL-Runde wurde erfasst."), "success")
            return redirect(url_for("workflow.show_proposal", proposal_id=proposal_id))
    elif not al_runde.may_record(proposal, user):
        return render_error(
            409, _("Eine Beschlussempfehlung wird nur für Anträge zur Beschlussfassung erfasst.")
        )
    context = page_context(proposal, user)
    context["al"] = al_panel(proposal, user, form)
    return render_template("workflow/proposal.html", **context), 400
