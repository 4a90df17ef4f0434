"""A complete, valid Gremiensteckbrief document for tests, in the stored JSON shape."""

from __future__ import annotations

from typing import Any


def _master_data(kind: str, body_id: int) -> dict[str, Any]:
    return {
        "name": "Projektgruppe Barrierefreie Online-Dienste",
        "short_name": "PG BOD",
        "kind": kind,
        "focus_topic": "digitale_infrastruktur",
        "further_topics": ["datennutzung_datenschutz"],
        "parent_body": body_id,
    }


def _establishment(kind: str) -> dict[str, Any]:
    time_limited = kind == "projektgruppe"
    return {
        "established_by": "it_planungsrat",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31" if time_limited else None,
        "open_ended": not time_limited,
        "review_date": "2027-06-30",
        "predecessor": "Kooperationsgruppe Barrierefreiheit",
        "successor": "Arbeitsgruppe Barrierefreiheit",
    }


def _purpose() -> dict[str, dict[str, Any]]:
    return {
        "mandate": {
            "reason": "Viele Online-Dienste erfüllen die BITV 2.0 noch nicht.",
            "mandate": "Die Projektgruppe erarbeitet einen Leitfaden für barrierefreie Dienste.",
            "strategy_relation": "Trägt zum Handlungsfeld Nutzerorientierung bei.",
        },
        "goals": {
            "goals": [
                {"text": "Bis Ende 2026 erfüllen 80 % der EfA-Dienste WCAG 2.1 AA."},
                {"text": "Ein abgestimmter Prüfleitfaden liegt vor."},
            ],
            "non_goals": "Keine Prüfung einzelner Dienste im Auftrag Dritter.",
        },
        "tasks": {
            "tasks": [
                {"text": "Bestehende Prüfverfahren sichten."},
                {"text": "Leitfaden entwerfen und mit den Ländern abstimmen."},
            ]
        },
        "results": {
            "milestones": [
                {"product_type": "konzept", "title": "Prüfkonzept", "due_date": "2026-06-30"},
                {
                    "product_type": "beschlussvorschlag",
                    "title": "Leitfaden zur Beschlussfassung",
                    "due_date": "2027-09-30",
                },
            ]
        },
    }


def _organisation() -> dict[str, dict[str, Any]]:
    return {
        "composition": {
            "members": [
                {"level": "bund", "land": None, "organisation": "BMI", "voting": True},
                {"level": "land", "land": "by", "organisation": "StMD Bayern", "voting": True},
                {
                    "level": "kommune",
                    "land": None,
                    "organisation": "Deutscher Städtetag",
                    "voting": False,
                },
                {"level": "fitko", "land": None, "organisation": "FITKO", "voting": False},
            ],
            "open_to_all_laender": True,
            "guests": "Die Bundesfachstelle Barrierefreiheit nach Einladung.",
            "rotation": "Der Vorsitz wechselt jährlich zwischen Bund und Ländern.",
        },
        "leadership": {
            "chair": "Bayern",
            "co_chair": "Bund",
            "lead": "FITKO",
            "patron": "Hamburg",
            "lead_selection": "Die Mitglieder wählen den Vorsitz für zwei Jahre.",
        },
        "office": {
            "supported_by": "FITKO",
            "support_scope": "Einladungen, Protokolle und Ablage.",
        },
    }


def _operations() -> dict[str, dict[str, Any]]:
    return {
        "working_method": {
            "meeting_rhythm": "viermal im Jahr",
            "meeting_format": "hybrid",
            "decision_mode": "consensus",
            "written_procedure": True,
            "sub_groups": "Bei Bedarf eine Unterarbeitsgruppe Prüfwerkzeuge.",
        },
        "reporting": {
            "report_recipient": "it_planungsrat",
            "report_frequency": "yearly",
            "interim_report_date": "2026-12-31",
            "final_report_date": "2027-12-31",
        },
        "resources": {
            "budget_amount": "150000.00",
            "budget_source": "fitko_budget",
            "staff_fte": "1.50",
            "person_days": 120,
            "other_means": "Lizenzen für Prüfwerkzeuge.",
        },
    }


def _closing(related_body_id: int) -> dict[str, dict[str, Any]]:
    return {
        "interfaces": {
            "overlap_check": "Geprüft: AG Informationssicherheit und FIT-AB; keines deckt es ab.",
            "related_bodies": [
                {"body": related_body_id, "delimitation": "Das Board setzt Standards, wir prüfen."}
            ],
        },
        "evaluation": {
            "success_criteria": "Anteil barrierefreier Dienste, Nutzung des Leitfadens.",
            "evaluation_date": "2027-10-31",
            "dissolution_criteria": "Der Leitfaden ist beschlossen.",
            "handover": "Das FIT-AB übernimmt die Pflege des Leitfadens.",
        },
        "contacts": {
            "contacts": [
                {
                    "organisation": "FITKO",
                    "name": "Erika Mustermann",
                    "function": "Referentin",
                    "email": "poststelle@fitko.example",
                    "phone": "+49 69 401270-0",
                }
            ]
        },
    }


def complete_steckbrief(
    kind: str = "projektgruppe", body_id: int = 1, *, related_body_id: int | None = None
) -> dict[str, dict[str, Any]]:
    """A Steckbrief with every field filled that passes validation and submission checks.

    ``body_id`` must exist in the registry (it is the parent body and, unless
    ``related_body_id`` is given, the related body). A Projektgruppe gets an end date,
    any other kind runs "bis auf Weiteres".
    """
    return {
        "master_data": _master_data(kind, body_id),
        "establishment": _establishment(kind),
        **_purpose(),
        **_organisation(),
        **_operations(),
        **_closing(body_id if related_body_id is None else related_body_id),
    }
