"""Every page of the portal, per role, with proposals in every state behind them.

``build_site(app, accounts)`` creates the proposals (in the live app's database) and returns
the pages each role sees, as paths. Sweeps over the whole portal (reflow, axe-core) use it so
that a new page is checked everywhere once it is added here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from app.extensions import db
from app.models import User
from app.proposals.schema import STEPS
from tests.documents import factories

PUBLIC_PAGES = [
    "/",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
    "/anmelden",
    "/gremien/",
    "/gremien/aufgeloest",
    "/gremien/kooperationsgruppe-green-it",
    "/gremien/fmk-bmf",
    "/ablauf",
    "/dokumente/beschluesse/",
]

ACCOUNT_PAGES = ["/konto/passwort", "/konto/zweiter-faktor"]

# Decision numbers are unique: each site built in a test session gets its own.
_sequences = itertools.count(60)


@dataclass(frozen=True)
class Site:
    """The paths each role visits (the public ones need no account)."""

    public: list[str]
    applicant: list[str]
    reviewer: list[str]
    secretariat: list[str]
    admin: list[str]


def _proposals(owner: User) -> dict[str, int]:
    """One proposal of the owner per state; returns their ids by state."""
    draft = factories.make_draft(owner)
    review = factories.make_draft(owner)
    factories.freeze(review, owner)
    review.state = "review"
    ids = {"draft": draft.id, "review": review.id}
    ids["resolution"] = factories.in_resolution(owner)["proposal"].id
    established = factories.in_resolution(owner)["proposal"]
    sequence = next(_sequences)
    factories.decide(established, number=f"2025/{sequence}", year=2025, sequence=sequence)
    ids["established"] = established.id
    for state in ("rejected", "withdrawn", "dissolved"):
        proposal = factories.in_resolution(owner)["proposal"]
        proposal.state = state
        ids[state] = proposal.id
    db.session.commit()
    return ids


def build_site(app, applicant_id: int, admin_id: int) -> Site:
    """Create a proposal in every state for the applicant; every page per role."""
    with app.app_context():
        ids = _proposals(db.session.get(User, applicant_id))
        db.session.remove()
    draft = ids["draft"]
    proposal_pages = [f"/antraege/{proposal_id}" for proposal_id in ids.values()]
    applicant = [
        "/",
        "/meine-antraege",
        "/antraege/neu",
        f"/antraege/{draft}/bearbeiten",
        *(f"/antraege/{draft}/schritt/{step.key}" for step in STEPS),
        f"/antraege/{draft}/angaben-pruefen",
        f"/antraege/{draft}/loeschen",
        *proposal_pages,
        *ACCOUNT_PAGES,
    ]
    reviewer = ["/", "/pruefung/", f"/antraege/{ids['review']}", *ACCOUNT_PAGES]
    secretariat = [
        "/",
        "/geschaeftsstelle/",
        "/gremien/befristungen",
        "/gremien/neu",
        "/gremien/kooperationsgruppe-green-it/bearbeiten",
        "/dokumente/",
        "/dokumente/sitzungsunterlage",
        "/dokumente/bekanntmachung/",
        f"/dokumente/antraege/{ids['established']}",
        f"/dokumente/antraege/{ids['resolution']}",
        f"/dokumente/antraege/{ids['resolution']}/beschlussvorlage",
        "/geschaeftsstelle/it-planungsrat/",
        "/geschaeftsstelle/it-planungsrat/koenigsteiner-schluessel",
        *(f"/antraege/{ids[state]}" for state in ids if state != "draft"),
    ]
    admin = [
        "/verwaltung/benutzer",
        "/verwaltung/benutzer/neu",
        f"/verwaltung/benutzer/{admin_id}",
        f"/verwaltung/benutzer/{applicant_id}/anonymisieren",
        "/verwaltung/api-tokens/",
        "/verwaltung/api-tokens/neu",
    ]
    return Site(PUBLIC_PAGES, applicant, reviewer, secretariat, admin)
