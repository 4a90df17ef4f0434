"""Demo drafts for the demo applicant: one complete Projektgruppe, one half-filled draft."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.operations import find_user_by_email
from app.extensions import db
from app.models.body import Body
from app.models.proposal import Proposal
from app.models.user import User
from app.proposals import operations
from app.proposals.forms import stored_as_input
from app.proposals.schema import STEPS

DEMO_APPLICANT = "antrag@demo.gremienportal.de"


def _body_id(key: str) -> int | None:
    return db.session.scalar(select(Body.id).where(Body.key == key))


def _register() -> dict[str, dict[str, Any]]:
    """A complete Projektgruppe: a federal register of online-service APIs."""
    parent = _body_id("it-planungsrat")
    related = _body_id("fit-ab") or parent
    return {
        "master_data": {
            "name": "Projektgruppe Schnittstellenregister für Online-Dienste",
            "short_name": "PG SRO",
            "kind": "projektgruppe",
            "focus_topic": "digitale_infrastruktur",
            "further_topics": [],
            "parent_body": parent,
        },
        "establishment": {
            "established_by": "it_planungsrat",
            "start_date": "2027-01-01",
            "end_date": "2028-12-31",
            "open_ended": False,
            "review_date": "2028-06-30",
            "predecessor": None,
            "successor": None,
        },
        "mandate": {
            "reason": "Schnittstellen der Online-Dienste sind verstreut dokumentiert; "
            "Nachnutzung scheitert oft schon am Finden.",
            "mandate": "Die Projektgruppe konzipiert ein gemeinsames Register der "
            "Schnittstellen von Online-Diensten und bereitet die Beschlussfassung vor.",
            "strategy_relation": "Trägt zum Ziel der Föderalen Digitalstrategie bei, "
            "Lösungen einmal zu entwickeln und vielfach zu nutzen.",
        },
        "goals": {
            "goals": [{"text": "Bis Ende 2028 sind 90 % der EfA-Dienste im Register erfasst."}],
            "non_goals": "Kein Betrieb eigener Schnittstellen.",
        },
        "tasks": {"tasks": [{"text": "Bestand erheben."}, {"text": "Konzept erarbeiten."}]},
        "results": {
            "milestones": [
                {"product_type": "konzept", "title": "Registerkonzept", "due_date": "2027-09-30"},
                {"product_type": "bericht", "title": "Abschlussbericht", "due_date": "2028-11-30"},
            ]
        },
        "composition": {
            "members": [
                {"level": "bund", "land": None, "organisation": "BMI", "voting": True},
                {"level": "land", "land": "hh", "organisation": "Senatskanzlei", "voting": True},
                {"level": "fitko", "land": None, "organisation": "FITKO", "voting": False},
            ],
            "open_to_all_laender": True,
            "guests": None,
            "rotation": None,
        },
        "leadership": {
            "chair": "Hamburg",
            "co_chair": "Bund",
            "lead": None,
            "patron": None,
            "lead_selection": "Die Mitglieder bestimmen den Vorsitz für die Laufzeit.",
        },
        "office": {"supported_by": "FITKO", "support_scope": "Organisation der Sitzungen."},
        "working_method": {
            "meeting_rhythm": "sechsmal im Jahr",
            "meeting_format": "virtual",
            "decision_mode": "consensus",
            "written_procedure": True,
            "sub_groups": None,
        },
        "reporting": {
            "report_recipient": "it_planungsrat",
            "report_frequency": "half_yearly",
            "interim_report_date": "2027-12-31",
            "final_report_date": "2028-11-30",
        },
        "resources": {
            "budget_amount": "80000.00",
            "budget_source": "fitko_budget",
            "staff_fte": "0.50",
            "person_days": None,
            "other_means": None,
        },
        "interfaces": {
            "overlap_check": "Geprüft: FIT-AB und OZG-Programmmanagement.",
            "related_bodies": [
                {"body": related, "delimitation": "Das FIT-AB setzt Standards; wir erfassen."}
            ],
        },
        "evaluation": {
            "success_criteria": "Abdeckung des Registers, Zahl der Nachnutzungen.",
            "evaluation_date": "2028-10-31",
            "dissolution_criteria": "Das Konzept ist beschlossen.",
            "handover": "Die FITKO übernimmt den Betrieb.",
        },
        "contacts": {
            "contacts": [
                {
                    "organisation": "Senatskanzlei Hamburg",
                    "name": "Anna Antrag",
                    "function": "Referentin",
                    "email": "antrag@demo.gremienportal.de",
                    "phone": None,
                }
            ]
        },
    }


def _half_filled() -> dict[str, dict[str, Any]]:
    """A draft with only the first steps begun, resembling an existing body."""
    complete = _register()
    return {
        "master_data": {
            **complete["master_data"],
            "name": "Projektgruppe Dachmarke und Domain-Strategie",
            "short_name": "PG Dachmarke",
            "kind": "projektgruppe",
        },
        "establishment": {**complete["establishment"], "start_date": "2027-03-01"},
        "mandate": {
            "reason": "Einheitlicher Auftritt der Verwaltung im Netz.",
            "mandate": None,
            "strategy_relation": None,
        },
    }


def _seed(owner: User, content: dict[str, dict[str, Any]]) -> bool:
    """Create one demo draft unless one with that title exists for the owner."""
    title = content["master_data"]["name"]
    exists = select(Proposal.id).where(Proposal.owner_id == owner.id, Proposal.title == title)
    if db.session.scalar(exists) is not None:
        return False
    proposal = operations.create_proposal(owner)
    for spec in STEPS:
        if any(key in content for key in spec.sections):
            raw = stored_as_input(content, spec)
            operations.save_step(proposal, owner, spec.key, raw, proposal.lock_version)
    return True


def seed_demo_proposals() -> str:
    """Create the demo drafts of the demo applicant (idempotent); returns a German summary."""
    owner = find_user_by_email(DEMO_APPLICANT)
    if owner is None:
        return _("Beispielanträge: kein Demo-Konto für Antragsteller:innen gefunden.")
    created = sum(_seed(owner, content) for content in (_register(), _half_filled()))
    return _("Beispielanträge: %(count)d neu.", count=created)
