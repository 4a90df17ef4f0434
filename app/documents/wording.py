"""The council's wording: Betreff, Beschlussvorschlag and majority, from the Steckbrief."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.formatting import german_date

# Genitive article and noun per kind: "die Einsetzung der Projektgruppe", "des Boards".
KIND_GENITIVE = {
    "gremium": "des Gremiums",
    "board": "des Boards",
    "arbeitsgruppe": "der Arbeitsgruppe",
    "kooperationsgruppe": "der Kooperationsgruppe",
    "arbeitsgremium": "des Arbeitsgremiums",
    "projektgruppe": "der Projektgruppe",
    "unterarbeitsgruppe": "der Unterarbeitsgruppe",
    "programm": "des Programms",
}
# Accusative, for "bittet die Projektgruppe".
KIND_ACCUSATIVE = {
    "gremium": "das Gremium",
    "board": "das Board",
    "arbeitsgruppe": "die Arbeitsgruppe",
    "kooperationsgruppe": "die Kooperationsgruppe",
    "arbeitsgremium": "das Arbeitsgremium",
    "projektgruppe": "die Projektgruppe",
    "unterarbeitsgruppe": "die Unterarbeitsgruppe",
    "programm": "das Programm",
}
RECIPIENT = {"it_planungsrat": "an den IT-Planungsrat", "al_runde": "an die Abteilungsleiterrunde"}
FREQUENCY_ADJECTIVE = {
    "monthly": "monatlichen",
    "quarterly": "quartalsweisen",
    "half_yearly": "halbjährlichen",
    "yearly": "jährlichen",
    "as_needed": "anlassbezogenen",
}
# Establishing a body is a binding decision (domain.md, "Council decisions").
BINDING_MAJORITY = (
    "Beschluss mit bindender Wirkung: erforderlich ist die Zustimmung des Bundes und von "
    "mindestens 11 Ländern, die zusammen mindestens zwei Drittel der Finanzierungsanteile nach "
    "dem Königsteiner Schlüssel auf sich vereinen. Enthaltungen zählen nicht; im "
    "Umlaufverfahren gilt eine nicht abgegebene Stimme als Enthaltung."
)


def _section(content: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = content.get(key)
    return value if isinstance(value, Mapping) else {}


def body_label(content: Mapping[str, Any], fallback: str = "") -> str:
    """„Name“ (Kurzname), as the council cites a body."""
    master = _section(content, "master_data")
    name = str(master.get("name") or fallback)
    short = master.get("short_name")
    return f"„{name}“ ({short})" if short else f"„{name}“"


def _named(content: Mapping[str, Any], case: Mapping[str, str], fallback: str) -> str:
    """The body after its article and kind, in the case of ``case``: "der Projektgruppe
    „Cloud“ (PG Cloud)"; where the name starts with the kind already, the kind is not said
    twice: "der Projektgruppe Digitale Beschlussfassung", "des Programms Digitale Dienste"."""
    master = _section(content, "master_data")
    name = str(master.get("name") or fallback)
    kind = _kind(content)
    article, noun = case[kind].split(" ", 1)
    nominative = KIND_ACCUSATIVE[kind].split(" ", 1)[1]
    short = master.get("short_name")
    if name.casefold().startswith(nominative.casefold() + " "):
        rest = name[len(nominative) :]
        return f"{article} {noun}{rest}" + (f" ({short})" if short else "")
    return f"{case[kind]} {body_label(content, fallback)}"


def _kind(content: Mapping[str, Any]) -> str:
    kind = _section(content, "master_data").get("kind")
    return kind if kind in KIND_GENITIVE else "gremium"


def subject(content: Mapping[str, Any], fallback: str = "") -> str:
    """The Betreff of the Beschlussvorlage."""
    return f"Einsetzung {_named(content, KIND_GENITIVE, fallback)}"


def _term(content: Mapping[str, Any]) -> str:
    establishment = _section(content, "establishment")
    end_date = establishment.get("end_date")
    if end_date and not establishment.get("open_ended"):
        return f"befristet bis {german_date(end_date)}"
    return "bis auf Weiteres"


def _reporting_item(content: Mapping[str, Any]) -> str | None:
    reporting = _section(content, "reporting")
    recipient = RECIPIENT.get(reporting.get("report_recipient"))
    if not recipient:
        return None
    frequency = FREQUENCY_ADJECTIVE.get(reporting.get("report_frequency"), "regelmäßigen")
    parts = [f"um {frequency} Bericht {recipient}"]
    if reporting.get("interim_report_date"):
        parts.append(
            f"um einen Zwischenbericht zum {german_date(reporting['interim_report_date'])}"
        )
    if reporting.get("final_report_date"):
        parts.append(f"um einen Abschlussbericht zum {german_date(reporting['final_report_date'])}")
    listed = ", ".join(parts[:-1]) + " und " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Er bittet {KIND_ACCUSATIVE[_kind(content)]} {listed}."


def default_resolution_text(content: Mapping[str, Any], fallback: str = "") -> str:
    """The Beschlussvorschlag in the council's wording, numbered items, one per line."""
    items = [
        f"Der IT-Planungsrat beschließt die Einsetzung "
        f"{_named(content, KIND_GENITIVE, fallback)} {_term(content)} "
        "nach dem Gremiensteckbrief in der Anlage."
    ]
    reporting = _reporting_item(content)
    if reporting:
        items.append(reporting)
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def dissolution_text(
    content: Mapping[str, Any], dissolved_on: Any, fallback: str = "", amends: str | None = None
) -> str:
    """The default wording of a dissolution; it lifts the decision in force, if known."""
    named = _named(content, KIND_GENITIVE, fallback)
    text = f"Der IT-Planungsrat beschließt die Auflösung {named} zum {german_date(dissolved_on)}."
    return f"{text} Er hebt seinen Beschluss {amends} auf." if amends else text


def change_subject(content: Mapping[str, Any], amends: str, fallback: str = "") -> str:
    """The Betreff of a change: "Änderung der Projektgruppe „X“ (ändert Beschluss 2024/12)"."""
    return f"Änderung {_named(content, KIND_GENITIVE, fallback)} (ändert Beschluss {amends})"


def _time_limit_item(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    old, new = _section(before, "establishment"), _section(after, "establishment")
    if (old.get("end_date"), old.get("open_ended")) == (new.get("end_date"), new.get("open_ended")):
        return None
    if new.get("open_ended"):
        return "Das Gremium wird über die bisherige Befristung hinaus bis auf Weiteres fortgeführt."
    end = new.get("end_date")
    if not end:
        return None
    previous = old.get("end_date")
    verb = "verlängert" if not previous or str(end) > str(previous) else "verkürzt"
    return f"Die Befristung wird bis zum {german_date(end)} {verb}."


def _lead_item(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    old, new = _section(before, "leadership"), _section(after, "leadership")
    keys = ("chair", "co_chair", "lead")
    if all(old.get(key) == new.get(key) for key in keys):
        return None
    parts = [f"Vorsitz: {new['chair']}"] if new.get("chair") else []
    if new.get("co_chair"):
        parts.append(f"stellvertretender Vorsitz: {new['co_chair']}")
    if new.get("lead") and new.get("lead") != new.get("chair"):
        parts.append(f"Federführung: {new['lead']}")
    return f"Die Leitung wird neu bestimmt ({'; '.join(parts)})." if parts else None


def _name_item(before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    old, new = _section(before, "master_data"), _section(after, "master_data")
    if old.get("name") == new.get("name") or not new.get("name"):
        return None
    return f"Das Gremium trägt künftig den Namen „{new['name']}“."


def change_resolution_text(
    before: Mapping[str, Any], after: Mapping[str, Any], amends: str, fallback: str = ""
) -> str:
    """The Beschlussvorschlag of a change: "Der IT-Planungsrat ändert seinen Beschluss …",
    what changes, and the Steckbrief in the annexed version."""
    changes = [
        item
        for item in (
            _time_limit_item(before, after),
            _lead_item(before, after),
            _name_item(before, after),
        )
        if item
    ]
    named = _named(before or after, KIND_GENITIVE, fallback)
    items = [
        f"Der IT-Planungsrat ändert seinen Beschluss {amends} zur Einsetzung {named}. "
        + " ".join(changes)
        + (" " if changes else "")
        + "Der Gremiensteckbrief gilt in der Fassung der Anlage."
    ]
    reporting = _reporting_item(after)
    if reporting and _section(before, "reporting") != _section(after, "reporting"):
        items.append(reporting)
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))
