"""Option lists of the Gremiensteckbrief: stored value key and German label."""

from __future__ import annotations

from flask import has_app_context

from app.topics.queries import topic_rows

# Value keys match app.models.body.BodyKind.
KINDS = (
    ("gremium", "Gremium"),
    ("board", "Board"),
    ("arbeitsgruppe", "Arbeitsgruppe"),
    ("kooperationsgruppe", "Kooperationsgruppe"),
    ("arbeitsgremium", "Arbeitsgremium"),
    ("projektgruppe", "Projektgruppe"),
    ("unterarbeitsgruppe", "Unterarbeitsgruppe"),
    ("programm", "Programm"),
)
TIME_LIMITED_KINDS = frozenset({"projektgruppe"})

# The council's focus topics as published, the defaults until the office keeps its own list
# (the focus_topics table, filled by `flask seed`, maintained under "Schwerpunktthemen").
FOCUS_TOPICS = (
    ("digitale_infrastruktur", "Digitale Infrastruktur"),
    ("datennutzung_datenschutz", "Datennutzung und Datenschutz"),
    ("informationssicherheit", "Informationssicherheit"),
    ("sonstiges", "Sonstiges"),
)


def focus_topic_options(include_retired: bool) -> tuple[tuple[str, str], ...]:
    """The office's focus topics (current ones, or all with ``include_retired``) as options;
    the published defaults where there is no list yet (an empty database, no application)."""
    rows = topic_rows() if has_app_context() else []
    if not rows:
        return FOCUS_TOPICS
    return tuple((key, name) for key, name, retired in rows if include_retired or not retired)


ESTABLISHING_BODIES = (
    ("it_planungsrat", "IT-Planungsrat"),
    ("al_runde", "Abteilungsleiterrunde"),
)

# Keys are the ISO 3166-2:DE subdivision codes in lower case.
LAENDER = (
    ("bw", "Baden-Württemberg"),
    ("by", "Bayern"),
    ("be", "Berlin"),
    ("bb", "Brandenburg"),
    ("hb", "Bremen"),
    ("hh", "Hamburg"),
    ("he", "Hessen"),
    ("mv", "Mecklenburg-Vorpommern"),
    ("ni", "Niedersachsen"),
    ("nw", "Nordrhein-Westfalen"),
    ("rp", "Rheinland-Pfalz"),
    ("sl", "Saarland"),
    ("sn", "Sachsen"),
    ("st", "Sachsen-Anhalt"),
    ("sh", "Schleswig-Holstein"),
    ("th", "Thüringen"),
)

MEMBER_LEVEL_LAND = "land"
MEMBER_LEVELS = (
    ("bund", "Bund"),
    (MEMBER_LEVEL_LAND, "Land"),
    ("kommune", "Kommunen / kommunale Spitzenverbände"),
    ("fitko", "FITKO"),
    ("other", "Sonstige"),
)

PRODUCT_TYPES = (
    ("konzept", "Konzept"),
    ("leitfaden", "Leitfaden"),
    ("standard", "Standard"),
    ("empfehlung", "Empfehlung"),
    ("beschlussvorschlag", "Beschlussvorschlag"),
    ("bericht", "Bericht"),
    ("sonstiges", "Sonstiges"),
)

MEETING_FORMATS = (
    ("presence", "in Präsenz"),
    ("virtual", "virtuell"),
    ("hybrid", "hybrid"),
)

DECISION_MODES = (
    ("unanimous", "einstimmig"),
    ("simple_majority", "einfache Mehrheit"),
    ("consensus", "Konsens"),
)

REPORT_RECIPIENTS = ESTABLISHING_BODIES

REPORT_FREQUENCIES = (
    ("monthly", "monatlich"),
    ("quarterly", "quartalsweise"),
    ("half_yearly", "halbjährlich"),
    ("yearly", "jährlich"),
    ("as_needed", "anlassbezogen"),
)

BUDGET_SOURCES = (
    ("fitko_budget", "FITKO-Budget"),
    ("digitalisierungsbudget", "Digitalisierungsbudget"),
    ("own_funds", "Eigenmittel"),
    ("none", "keine"),
)
