"""Sections 7–15 of the Gremiensteckbrief: how the body is organised, works and ends."""

from __future__ import annotations

from decimal import Decimal

from app.proposals.schema_options import (
    BUDGET_SOURCES,
    DECISION_MODES,
    LAENDER,
    MEETING_FORMATS,
    MEMBER_LEVELS,
    REPORT_FREQUENCIES,
    REPORT_RECIPIENTS,
)
from app.proposals.schema_types import (
    Section,
    body_ref,
    boolean,
    choice,
    date,
    decimal,
    email,
    integer,
    rows,
    text,
    textarea,
)

PHONE_MAX_LENGTH = 40
PHONE_PATTERN = r"\+?[0-9][0-9 ()/-]*"

COMPOSITION = Section(
    "composition",
    "Zusammensetzung",
    "Wer arbeitet im Gremium mit, mit oder ohne Stimmrecht?",
    (
        rows(
            "members",
            "Mitglieder",
            (
                choice("level", "Ebene", MEMBER_LEVELS, required=True),
                choice("land", "Land", LAENDER, "Nur bei der Ebene „Land“ anzugeben."),
                text(
                    "organisation",
                    "Organisation",
                    "Behörde oder Einrichtung, nicht die Person.",
                    required=True,
                ),
                boolean("voting", "stimmberechtigt"),
            ),
            "Mindestens ein Mitglied, höchstens 60.",
            min_rows=1,
            max_rows=60,
        ),
        boolean(
            "open_to_all_laender",
            "länderoffen",
            "Alle Länder können sich beteiligen, auch wenn sie oben nicht aufgeführt sind.",
        ),
        textarea("guests", "Gäste", "Wer kann als Gast teilnehmen?"),
        textarea("rotation", "Rotation", "Wechseln Mitglieder oder Vorsitz regelmäßig?"),
    ),
)

LEADERSHIP = Section(
    "leadership",
    "Leitung",
    "Wer leitet das Gremium und wie wird die Leitung bestimmt?",
    (
        text("chair", "Vorsitz", "Die Organisation, die den Vorsitz führt.", required=True),
        text("co_chair", "Stellvertretender Vorsitz", "Organisation des Co-Vorsitzes."),
        text("lead", "Federführung", "Falls abweichend vom Vorsitz."),
        text("patron", "Themenpate", "Pate des Schwerpunktthemas im IT-Planungsrat."),
        textarea(
            "lead_selection",
            "Bestimmung der Leitung",
            "Wie und für wie lange wird die Leitung bestimmt?",
            required=True,
        ),
    ),
)

OFFICE = Section(
    "office",
    "Geschäftsstelle",
    "Wer unterstützt das Gremium organisatorisch?",
    (
        text(
            "supported_by",
            "Geschäftsstelle",
            "Die Stelle, die das Gremium unterstützt, z. B. die FITKO.",
            required=True,
        ),
        textarea("support_scope", "Umfang der Unterstützung", "Welche Aufgaben übernimmt sie?"),
    ),
)

WORKING_METHOD = Section(
    "working_method",
    "Arbeitsweise",
    "Wie oft und in welcher Form tagt das Gremium, und wie entscheidet es?",
    (
        text("meeting_rhythm", "Sitzungsrhythmus", "z. B. „viermal im Jahr“.", required=True),
        choice("meeting_format", "Sitzungsformat", MEETING_FORMATS, required=True),
        choice("decision_mode", "Entscheidungsfindung", DECISION_MODES, required=True),
        boolean("written_procedure", "Umlaufverfahren zulässig"),
        textarea("sub_groups", "Unterarbeitsgruppen", "Sind Unterarbeitsgruppen vorgesehen?"),
    ),
)

REPORTING = Section(
    "reporting",
    "Berichtspflichten",
    "Wem berichtet das Gremium, wie oft, und wann sind Zwischen- und Abschlussbericht fällig?",
    (
        choice("report_recipient", "Bericht an", REPORT_RECIPIENTS, required=True),
        choice("report_frequency", "Berichtsturnus", REPORT_FREQUENCIES, required=True),
        date("interim_report_date", "Zwischenbericht am"),
        date("final_report_date", "Abschlussbericht am"),
    ),
)

RESOURCES = Section(
    "resources",
    "Ressourcen",
    "Welche Mittel und welches Personal braucht das Gremium?",
    (
        decimal(
            "budget_amount",
            "Budget (EUR)",
            "Gesamtbetrag in Euro, z. B. 150000,00.",
            minimum=Decimal("0"),
            maximum=Decimal("100000000"),
        ),
        choice("budget_source", "Finanzierung", BUDGET_SOURCES, required=True),
        decimal(
            "staff_fte",
            "Personal (Vollzeitäquivalente)",
            "z. B. 1,5.",
            minimum=Decimal("0"),
            maximum=Decimal("1000"),
        ),
        integer("person_days", "Personentage", "Pro Jahr.", minimum=0, maximum=100000),
        textarea("other_means", "Sonstige Mittel", "z. B. Sachmittel, Dienstleistungen."),
    ),
)

INTERFACES = Section(
    "interfaces",
    "Schnittstellen und Abgrenzung",
    "Mit welchen bestehenden Gremien gibt es Berührungspunkte, und wie grenzt sich das "
    "neue Gremium von ihnen ab?",
    (
        textarea(
            "overlap_check",
            "Prüfung auf Überschneidungen",
            "Welche bestehenden Gremien haben Sie geprüft, und warum reicht keines davon aus?",
            required=True,
        ),
        rows(
            "related_bodies",
            "Verwandte Gremien",
            (
                body_ref("body", "Gremium", required=True),
                textarea(
                    "delimitation",
                    "Abgrenzung",
                    "Worin unterscheidet sich das neue Gremium von diesem?",
                    required=True,
                ),
            ),
            "Jedes Gremium nur einmal, höchstens 20.",
            max_rows=20,
        ),
    ),
)

EVALUATION = Section(
    "evaluation",
    "Evaluation und Auflösung",
    "Woran wird der Erfolg gemessen, und wann endet das Gremium?",
    (
        textarea("success_criteria", "Erfolgskriterien", required=True),
        date("evaluation_date", "Evaluation am"),
        textarea(
            "dissolution_criteria",
            "Kriterien für die Auflösung",
            "Unter welchen Bedingungen wird das Gremium aufgelöst?",
            required=True,
        ),
        textarea("handover", "Übergabe der Ergebnisse", "Wer übernimmt die Ergebnisse?"),
    ),
)

CONTACTS = Section(
    "contacts",
    "Ansprechpersonen",
    "Wer ist für Rückfragen zum Steckbrief erreichbar?",
    (
        rows(
            "contacts",
            "Ansprechpersonen",
            (
                text("organisation", "Organisation", required=True),
                text("name", "Name", required=True),
                text("function", "Funktion"),
                email("email", "Dienstliche E-Mail-Adresse"),
                text(
                    "phone",
                    "Dienstliche Telefonnummer",
                    max_length=PHONE_MAX_LENGTH,
                    pattern=PHONE_PATTERN,
                    pattern_message="Bitte geben Sie eine gültige Telefonnummer an.",
                ),
            ),
            "Nur dienstliche Kontaktdaten (Datenminimierung): Organisation, Name, Funktion "
            "und dienstliche E-Mail-Adresse oder Telefonnummer – keine weiteren Angaben.",
            min_rows=1,
            max_rows=10,
        ),
    ),
)

ORGANISATION_SECTIONS = (
    COMPOSITION,
    LEADERSHIP,
    OFFICE,
    WORKING_METHOD,
    REPORTING,
    RESOURCES,
    INTERFACES,
    EVALUATION,
    CONTACTS,
)
