"""How the council decides a proposal in resolution, as data: the steps of a session and of a
written procedure, who takes each, and which transition of the proposal table it ends in.

The proposal's state stays "resolution" through these steps; the confirmed outcome fires the
table's ``establish`` (adopted) or ``decline`` (rejected) with the next decision number.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.proposal import transition

SESSION = "session"
WRITTEN = "written"
PROCEDURE_TITLES = {SESSION: "In einer Sitzung", WRITTEN: "Im Umlaufverfahren"}
MEMBER_ROLE = "Vertreter:in eines Mitglieds (Bund oder Land)"
OFFICE_ROLE = "Geschäftsstelle"


@dataclass(frozen=True)
class DecisionStep:
    """One step of deciding: its label, who takes it, what it does, and what it may fire."""

    key: str
    procedure: str
    label: str
    actor: str
    description: str
    fires: tuple[str, ...] = ()

    @property
    def fires_labels(self) -> tuple[str, ...]:
        """The labels of the proposal transitions this step may fire."""
        return tuple(transition(trigger).label for trigger in self.fires)


DECISION_STEPS: tuple[DecisionStep, ...] = (
    DecisionStep(
        "create_session",
        SESSION,
        "Sitzung anlegen",
        OFFICE_ROLE,
        "Nummer, Datum, Ort oder „virtuell“, Vorsitz und Frist für die Unterlagen.",
    ),
    DecisionStep(
        "add_agenda_item",
        SESSION,
        "Auf die Tagesordnung setzen",
        OFFICE_ROLE,
        "Ein Antrag zur Beschlussfassung wird Tagesordnungspunkt (TOP 1, 2, …); die "
        "Reihenfolge ist änderbar.",
    ),
    DecisionStep(
        "record_votes",
        SESSION,
        "Stimmen erfassen",
        OFFICE_ROLE,
        "Die Stimme jedes der 17 stimmberechtigten Mitglieder: Ja, Nein, Enthaltung, "
        "abwesend. Das Portal wertet Beschluss und Empfehlung nebeneinander aus.",
    ),
    DecisionStep(
        "confirm_outcome",
        SESSION,
        "Ergebnis bestätigen",
        OFFICE_ROLE,
        "Angenommen, abgelehnt oder vertagt; eine Abweichung von der Auswertung wird "
        "begründet. Der Beschluss trägt das Datum der Sitzung und die nächste Nummer; ein "
        "vertagter Antrag kommt auf eine spätere Tagesordnung.",
        ("establish", "decline"),
    ),
    DecisionStep(
        "start_written",
        WRITTEN,
        "Umlaufverfahren starten",
        OFFICE_ROLE,
        "Versanddatum, Frist und die gefragten Mitglieder; vor Fristende gehen Erinnerungen "
        "per E-Mail hinaus.",
    ),
    DecisionStep(
        "cast_vote",
        WRITTEN,
        "Abstimmen",
        MEMBER_ROLE,
        "Ja, Nein oder Enthaltung bis zum Ende der Frist, einmal je Mitglied.",
    ),
    DecisionStep(
        "record_answer",
        WRITTEN,
        "Antwort erfassen",
        OFFICE_ROLE,
        "Eine Antwort, die auf anderem Weg einging, mit ihrem Eingangsdatum.",
    ),
    DecisionStep(
        "fix_result",
        WRITTEN,
        "Ergebnis feststellen",
        OFFICE_ROLE,
        "Wenn alle geantwortet haben oder die Frist abgelaufen ist; wer nicht antwortete, "
        "gilt als enthalten. Der Beschluss trägt das Datum der Feststellung.",
        ("establish", "decline"),
    ),
)


def steps_of(procedure: str) -> list[DecisionStep]:
    """The steps of one procedure, in order."""
    return [step for step in DECISION_STEPS if step.procedure == procedure]
