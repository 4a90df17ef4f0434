"""The workflow's German labels for roles, inputs and refused guards, as data."""

# "owner" is relational (the actor owns this proposal); the others are account roles.
ROLE_LABELS: dict[str, str] = {
    "owner": "Antragsteller:in (nur eigene Anträge)",
    "applicant": "Antragsteller:in",
    "reviewer": "Prüfer:in",
    "secretariat": "Geschäftsstelle",
    "admin": "Administrator:in",
}

INPUT_LABELS: dict[str, str] = {
    "reason": "Begründung",
    "comment": "Kommentar",
    "recommendation": "Empfehlung",
    "decision_number": "Beschlussnummer",
    "decision_date": "Beschlussdatum",
    "session": "Sitzung",
    "decision_text": "Beschlusstext",
    "dissolution_date": "Auflösungsdatum",
}

GUARD_MESSAGES: dict[str, str] = {
    "steckbrief_complete": "Der Gremiensteckbrief ist noch nicht vollständig.",
    "not_own_proposal": "Sie können Ihren eigenen Antrag nicht prüfen.",
    "not_yet_approved_by_actor": "Sie haben diese Version bereits befürwortet.",
    "approval_quorum_reached": "Es liegen noch nicht genügend Befürwortungen vor.",
    "motion_valid": (
        "Der IT-Planungsrat entscheidet nur auf Antrag des Bundes oder von mindestens drei "
        "Ländern (§ 1 Abs. 5 IT-Staatsvertrag). Für diesen Antrag fehlt diese Mitzeichnung noch."
    ),
    "decision_number_free": "Diese Beschlussnummer ist bereits vergeben.",
    "decision_number_free_if_given": "Diese Beschlussnummer ist bereits vergeben.",
    "new_body_proposal": "Ein Änderungsantrag setzt kein neues Gremium ein.",
    "change_proposal": "Nur ein Änderungsantrag kann so beschlossen werden.",
    "change_dates_valid": (
        "Das Ende der Befristung darf nicht vor dem heutigen Tag und nicht vor dem Beginn liegen."
    ),
}
