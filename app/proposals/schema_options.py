"""Option lists of the Gremiensteckbrief: stored value key and German label."""

from __future__ import annotations

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

# The council's focus topics as published today; the office may adjust this list.
# Removing a value makes stored documents using it fail validation: migrate them first.
FOCUS_TOPICS = (
    ("digitale_infrastruktur", "Digitale Infrastruktur"),
    ("datennutzung_datenschutz", "Datennutzung und Datenschutz"),
    ("informationssicherheit", "Informationssicherheit"),
    ("sonstiges", "Sonstiges"),
)

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
