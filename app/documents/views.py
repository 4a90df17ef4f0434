"""Downloads of the decision documents (PDF) and the office's pages to issue them."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from app.auth.decorators import role_required
from app.documents import access, notice, operations, queries
from app.documents.downloads import content_disposition, pdf_response
from app.documents.forms import BundleForm, IssueForm, ResolutionTextForm
from app.domain import DomainError
from app.errors import render_error
from app.extensions import limiter
from app.formatting import today_berlin
from app.forms_common import show_domain_error
from app.models import DocumentKind
from app.security import acting_user
from workflows.proposal import ProposalState

RENDER_LIMIT_MESSAGE = _l(
    "Sie haben in kurzer Zeit sehr viele Steckbrief-PDFs erzeugen lassen. Bitte warten Sie "
    "einige Minuten und versuchen Sie es dann erneut."
)

bp = Blueprint("documents", __name__, url_prefix="/dokumente")


def _stored(document):
    """Serve the stored bytes of an issued document, never a re-render."""
    # Anonymous users reach only public Beschlüsse; anything else stays out of shared caches.
    public = document.kind == DocumentKind.BESCHLUSS.value and not acting_user().is_authenticated
    return pdf_response(document.data, document.filename, public=public)


def _page_number(raw: str | None) -> int | None:
    """A page number from the query string (default 1); None if it is not a positive integer."""
    if raw is None:
        return 1
    return int(raw) if raw.isdigit() and len(raw) <= 6 and int(raw) >= 1 else None


@bp.get("/")
@role_required("secretariat")
def index():
    """The office's overview: issued documents and, 50 per page, what can be issued."""
    number = _page_number(request.args.get("seite"))
    page = queries.resolution_page(number) if number else None
    if page is None:
        return render_error(404, _("Diese Seite der Liste gibt es nicht."))
    return render_template(
        "documents/index.html",
        documents=queries.issued_documents(),
        in_resolution=page,
        segment_of=access.SEGMENT_OF_KIND,
    )


@bp.get("/antraege/<int:proposal_id>")
def proposal_documents(proposal_id: int):
    """The documents of one proposal: Steckbriefe, Vorlagen, Beschlüsse."""
    proposal = access.visible_proposal(proposal_id)
    issued = queries.issued_for_proposal(proposal)
    return render_template(
        "documents/proposal.html",
        proposal=proposal,
        issued=issued,
        decisions=queries.decisions_of(proposal),
        issued_decisions={d.decision_id for d in issued if d.decision_id},
        is_office=access.is_office(),
        public_kinds=queries.PUBLIC_DECISION_KINDS,
        issue_form=IssueForm(),
        segment_of=access.SEGMENT_OF_KIND,
    )


def _render_limit() -> str:
    return current_app.config["PDF_RENDER_RATE_LIMIT"]


def _renderer_key() -> str:
    """Per account (the routes need no sign-in only for the public's Beschlüsse)."""
    user = acting_user()
    return f"user:{user.get_id()}" if user.is_authenticated else f"ip:{get_remote_address()}"


def _render_refused(_limit) -> Response:
    return make_response(render_error(429, str(RENDER_LIMIT_MESSAGE)))


# Steckbrief PDFs are rendered on demand (they are deterministic, so not stored): one shared
# allowance per account bounds what a signed-in user can make the workers render.
render_limit = limiter.shared_limit(
    _render_limit, scope="steckbrief-render", key_func=_renderer_key, on_breach=_render_refused
)


@bp.get("/antraege/<int:proposal_id>/versionen/<int:number>/steckbrief.pdf")
@render_limit
def version_steckbrief(proposal_id: int, number: int):
    """The Steckbrief of a frozen version."""
    proposal = access.visible_proposal(proposal_id)
    version = queries.version_by_number(proposal, number)
    if version is None:
        abort(404)
    filename, data = operations.steckbrief_pdf(proposal, version)
    return pdf_response(data, filename)


@bp.get("/antraege/<int:proposal_id>/entwurf/steckbrief.pdf")
@render_limit
def draft_steckbrief(proposal_id: int):
    """The Steckbrief of the current draft content, marked ENTWURF."""
    proposal = access.visible_proposal(proposal_id)
    filename, data = operations.steckbrief_pdf(proposal, None)
    return pdf_response(data, filename)


@bp.route("/antraege/<int:proposal_id>/beschlussvorlage", methods=["GET", "POST"])
def edit_vorlage(proposal_id: int):
    """The office edits the Beschlussvorschlag, saves it or issues the Vorlage."""
    proposal = access.office_proposal(proposal_id)
    if proposal.state != ProposalState.RESOLUTION.value:
        return render_error(409, str(operations.NOT_IN_RESOLUTION))
    form = ResolutionTextForm()
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        form.text.data = operations.current_resolution_text(proposal)
    elif form.validate_on_submit():
        try:
            return _save_vorlage(proposal, form.text.data, request.form.get("action"))
        except DomainError as error:  # a lost race (ConflictError) answers 409
            show_domain_error(form, error)
            status = error.status_code
    latest = queries.latest_issued(DocumentKind.VORLAGE.value, proposal.id)
    return render_template(
        "documents/vorlage_form.html", proposal=proposal, form=form, latest=latest
    ), status


def _save_vorlage(proposal, text: str, action: str | None):
    operations.save_resolution_text(proposal, acting_user(), text)
    if action != "issue":
        flash(_("Der Beschlussvorschlag wurde gespeichert."), "success")
        return redirect(url_for("documents.edit_vorlage", proposal_id=proposal.id))
    operations.issue_vorlage(proposal, acting_user())
    flash(_("Die Beschlussvorlage wurde ausgestellt."), "success")
    return redirect(url_for("documents.proposal_documents", proposal_id=proposal.id))


@bp.get("/antraege/<int:proposal_id>/beschlussvorlage.pdf")
def vorlage_pdf(proposal_id: int):
    """The latest issued Beschlussvorlage, as stored."""
    proposal = access.visible_proposal(proposal_id)
    document = queries.latest_issued(DocumentKind.VORLAGE.value, proposal.id)
    if document is None:
        abort(404)
    return _stored(document)


@bp.post("/beschluesse/<slug>/ausstellen")
@role_required("secretariat")
def issue_beschluss(slug: str):
    """Issue the Beschluss PDF of an establishing or dissolving decision (once)."""
    decision = access.decision_from_slug(slug)
    if not IssueForm().validate_on_submit():
        abort(400)
    try:
        operations.issue_beschluss(decision, acting_user())
    except DomainError as error:
        return render_error(error.status_code, error.message)
    flash(_("Das Beschluss-PDF %(n)s wurde ausgestellt.", n=decision.number), "success")
    return redirect(url_for("documents.proposal_documents", proposal_id=decision.proposal_id))


@bp.get("/beschluesse/")
def published():
    """The public list of published Beschlüsse (PDF)."""
    return render_template("documents/published.html", rows=queries.published_beschluesse())


@bp.get("/beschluesse/<slug>.pdf")
def beschluss_pdf(slug: str):
    """The issued Beschluss PDF: public for established and dissolved bodies."""
    decision = access.decision_from_slug(slug)
    document = queries.issued_for_decision(decision)
    if document is None or not access.may_read(document):
        abort(404)
    return _stored(document)


@bp.route("/sitzungsunterlage", methods=["GET", "POST"])
@role_required("secretariat")
def new_bundle():
    """Choose proposals in resolution, session and date; issue one PDF and download it."""
    candidates = queries.resolution_choices()
    form = BundleForm()
    form.proposals.choices = candidates
    if form.validate_on_submit():
        chosen = queries.proposals_in_resolution(form.proposals.data)
        try:
            document = operations.issue_bundle(
                chosen, acting_user(), form.session.data, form.session_date.data
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return redirect(
                url_for(
                    "documents.stored_pdf", segment="sitzungsunterlage", document_id=document.id
                )
            )
    status = 400 if request.method == "POST" else 200
    return render_template("documents/bundle_form.html", form=form, candidates=candidates), status


@bp.get("/bekanntmachung/")
@role_required("secretariat")
def notices():
    """The sessions and written procedures whose decisions are to be published."""
    return render_template("documents/notices.html", occasions=notice.occasions())


def _notice(occasion: str) -> dict:
    decisions = notice.decisions_for(occasion)
    if not decisions:
        abort(404)
    return notice.notice(occasion, decisions, today_berlin())


@bp.get("/bekanntmachung/<occasion>.txt")
@role_required("secretariat")
def notice_text(occasion: str):
    """The Bundesanzeiger notice as plain text, to paste."""
    text = notice.as_text(_notice(occasion))
    response = Response(text, mimetype="text/plain")
    filename = f"Bekanntmachung-{occasion}.txt"
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/bekanntmachung/<occasion>.pdf")
@role_required("secretariat")
def notice_pdf(occasion: str):
    """The Bundesanzeiger notice as PDF/A."""
    return pdf_response(notice.as_pdf(_notice(occasion)), f"Bekanntmachung-{occasion}.pdf")


@bp.get("/<segment>/<int:document_id>.pdf")
def stored_pdf(segment: str, document_id: int):
    """Any issued document by kind and id, as stored."""
    return _stored(access.stored_document(segment, document_id))
