"""Sections 1–6 of the Gremiensteckbrief: what the body is, why, and what it delivers."""

from __future__ import annotations

from app.proposals.schema_options import (
    ESTABLISHING_BODIES,
    KINDS,
    PRODUCT_TYPES,
    focus_topic_options,
)
from app.proposals.schema_types import (
    Section,
    body_ref,
    boolean,
    choice,
    date,
    multichoice,
    rows,
    text,
    textarea,
)

ROW_TEXT_MAX_LENGTH = 1000
SHORT_NAME_MAX_LENGTH = 40

MASTER_DATA = Section(
    "master_data",
    "Stammdaten",
    "Wie soll das Gremium heißen, welches Format hat es und wem ist es zugeordnet?",
    (
        text("name", "Vollständiger Name", "Der offizielle Name des Gremiums.", required=True),
        text(
            "short_name",
            "Kurzbezeichnung",
            "Abkürzung oder Kurzname, z. B. „AG RaBe“.",
            required=True,
            max_length=SHORT_NAME_MAX_LENGTH,
        ),
        choice(
            "kind",
            "Art des Gremiums",
            KINDS,
            "Eine Projektgruppe ist immer befristet.",
            required=True,
        ),
        choice(
            "focus_topic",
            "Schwerpunktthema",
            focus_topic_options,
            "Das Schwerpunktthema des IT-Planungsrats, dem das Gremium zugeordnet ist.",
            required=True,
        ),
        multichoice(
            "further_topics",
            "Weitere berührte Schwerpunktthemen",
            focus_topic_options,
            "Optional: Schwerpunktthemen, die das Gremium zusätzlich berührt.",
        ),
        body_ref(
            "parent_body",
            "Übergeordnetes Gremium",
            "Das Gremium, an das berichtet wird, z. B. der IT-Planungsrat, die "
            "Abteilungsleiterrunde oder ein Board.",
            required=True,
        ),
    ),
)

ESTABLISHMENT = Section(
    "establishment",
    "Einsetzung und Befristung",
    "Wer setzt das Gremium ein, ab wann und für wie lange?",
    (
        choice(
            "established_by",
            "Einsetzendes Gremium",
            ESTABLISHING_BODIES,
            "Das Gremium, das über die Einsetzung beschließt.",
            required=True,
        ),
        date("start_date", "Beginn", "Ab wann soll das Gremium arbeiten?", required=True),
        date(
            "end_date",
            "Befristet bis",
            "Geben Sie ein Enddatum an oder wählen Sie „bis auf Weiteres“. "
            "Eine Projektgruppe ist immer befristet und braucht ein Enddatum.",
            condition="Pflichtangabe, außer „bis auf Weiteres“",
        ),
        boolean(
            "open_ended",
            "bis auf Weiteres",
            "Das Gremium ist unbefristet eingesetzt; dann bleibt das Enddatum leer.",
        ),
        date(
            "review_date",
            "Überprüfung der Fortführung",
            "Wann soll geprüft werden, ob das Gremium fortgeführt wird?",
        ),
        text(
            "predecessor",
            "Vorgängergremium",
            "Falls das Gremium ein bestehendes oder früheres Gremium ablöst.",
        ),
        text(
            "successor",
            "Nachfolgegremium",
            "Falls bereits feststeht, welches Gremium die Arbeit später übernimmt.",
        ),
    ),
)

MANDATE = Section(
    "mandate",
    "Anlass und Auftrag",
    "Warum wird das Gremium gebraucht und was ist sein Auftrag?",
    (
        textarea(
            "reason",
            "Anlass",
            "Welcher Bedarf oder welches Problem macht das Gremium notwendig?",
            required=True,
        ),
        textarea(
            "mandate",
            "Auftrag",
            "Was soll das Gremium im Auftrag des einsetzenden Gremiums leisten?",
            required=True,
        ),
        textarea(
            "strategy_relation",
            "Bezug zur Föderalen Digitalstrategie",
            "Wie trägt das Gremium zur Föderalen Digitalstrategie und zu seinem "
            "Schwerpunktthema bei?",
            required=True,
        ),
    ),
)

GOALS = Section(
    "goals",
    "Ziele",
    "Welche messbaren Ziele verfolgt das Gremium – und welche ausdrücklich nicht?",
    (
        rows(
            "goals",
            "Ziele",
            (
                textarea(
                    "text",
                    "Ziel",
                    "Formulieren Sie das Ziel möglichst messbar.",
                    required=True,
                    max_length=ROW_TEXT_MAX_LENGTH,
                ),
            ),
            "Mindestens ein Ziel, höchstens 20.",
            min_rows=1,
            max_rows=20,
        ),
        textarea(
            "non_goals",
            "Nicht-Ziele",
            "Was gehört ausdrücklich nicht zum Auftrag des Gremiums?",
        ),
    ),
)

TASKS = Section(
    "tasks",
    "Aufgaben",
    "Welche Aufgaben übernimmt das Gremium, um seine Ziele zu erreichen?",
    (
        rows(
            "tasks",
            "Aufgaben",
            (
                textarea(
                    "text",
                    "Aufgabe",
                    "Eine Aufgabe je Eintrag.",
                    required=True,
                    max_length=ROW_TEXT_MAX_LENGTH,
                ),
            ),
            "Mindestens eine Aufgabe, höchstens 30.",
            min_rows=1,
            max_rows=30,
        ),
    ),
)

RESULTS = Section(
    "results",
    "Ergebnisse und Meilensteine",
    "Welche Ergebnisse liefert das Gremium, und bis wann?",
    (
        rows(
            "milestones",
            "Ergebnisse und Meilensteine",
            (
                choice("product_type", "Art des Ergebnisses", PRODUCT_TYPES, required=True),
                text("title", "Titel", "Kurze Bezeichnung des Ergebnisses.", required=True),
                date("due_date", "Fällig am", required=True),
            ),
            "Mindestens ein Ergebnis, höchstens 30.",
            min_rows=1,
            max_rows=30,
        ),
    ),
)

PURPOSE_SECTIONS = (MASTER_DATA, ESTABLISHMENT, MANDATE, GOALS, TASKS, RESULTS)
