"""Steps beside the state machine, as data: they do not change a proposal's state, but the
council's rules make them part of its way to a decision (shown on /ablauf)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SideStep:
    """One step beside the transitions: what, when, who, and what it means."""

    label: str
    states: str
    who: str
    description: str


SIDE_STEPS: tuple[SideStep, ...] = (
    SideStep(
        label="Antrag zeichnen",
        states="Entwurf, In Prüfung, Zur Beschlussfassung",
        who="Antragsteller:in (für den Bund oder ein Land)",
        description=(
            "Den Antrag für das Mitglied zeichnen, für das das eigene Konto handelt. Zeichnet "
            "der Bund, ist der Antrag gültig."
        ),
    ),
    SideStep(
        label="Zur Mitzeichnung einladen",
        states="Entwurf, In Prüfung, Zur Beschlussfassung",
        who="Antragsteller:in",
        description=(
            "Weitere Länder zur Mitzeichnung einladen; deren Vertreter:innen erhalten eine "
            "E-Mail. Der IT-Planungsrat entscheidet nur auf Antrag des Bundes oder von "
            "mindestens drei Ländern (§ 1 Abs. 5 IT-Staatsvertrag)."
        ),
    ),
    SideStep(
        label="Mitzeichnen oder ablehnen",
        states="Entwurf, In Prüfung, Zur Beschlussfassung",
        who="Vertreter:in eines eingeladenen Landes",
        description=(
            "Unter „Mitzeichnungen“ die Einladung für das eigene Land bestätigen oder "
            "ablehnen; eine Mitzeichnung kann bis zum Beschluss zurückgezogen werden."
        ),
    ),
    SideStep(
        label="Beschlussempfehlung der AL-Runde erfassen",
        states="Zur Beschlussfassung",
        who="Geschäftsstelle",
        description=(
            "Die Abteilungsleiterrunde bereitet die Beschlüsse des IT-Planungsrats vor; die "
            "Geschäftsstelle erfasst ihre Empfehlung mit Datum. Sie steht auf der Seite des "
            "Antrags und in der Beschlussvorlage."
        ),
    ),
)
