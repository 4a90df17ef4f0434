"""Forms of sessions, votes and the written procedure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.council.outcome import (
    OUTCOME_LABELS,
    SESSION_VOTES,
    VOTE_LABELS,
    WRITTEN_VOTES,
    Confirmation,
)
from app.documents.operations import current_resolution_text
from app.forms_common import GermanDateField, no_control_chars, strip_filter
from workflows.proposal import ProposalState

DATE_MESSAGE = _l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")
DATE_HINT = _l("TT.MM.JJJJ")
VOTE_PREFIX = "vote_"


def _date(label, description=DATE_HINT) -> GermanDateField:
    return GermanDateField(
        label,
        validators=[InputRequired(DATE_MESSAGE)],
        description=description,
    )


def _text(label, description=None) -> TextAreaField:
    """An optional long text (the operation asks for it where it is needed)."""
    return TextAreaField(
        label,
        filters=[strip_filter],
        description=description,
        validators=[
            Optional(),
            Length(max=5000, message=_l("Höchstens 5000 Zeichen.")),
            no_control_chars,
        ],
    )


class SessionForm(FlaskForm):
    """A new session: number, day, place, chair and the deadline for documents."""

    number = IntegerField(
        _l("Nummer der Sitzung"),
        description=_l("z. B. 48 für die 48. Sitzung"),
        validators=[
            InputRequired(_l("Bitte geben Sie die Nummer der Sitzung an.")),
            NumberRange(min=1, max=9999, message=_l("Bitte eine Nummer zwischen 1 und 9999.")),
        ],
    )
    held_on = _date(_l("Datum der Sitzung"))
    place = StringField(
        _l("Ort"),
        description=_l("Der Tagungsort oder „virtuell“."),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Bitte geben Sie den Ort an oder „virtuell“.")),
            Length(max=200, message=_l("Höchstens 200 Zeichen.")),
            no_control_chars,
        ],
    )
    chair = SelectField(
        _l("Vorsitz"), validators=[InputRequired(_l("Bitte wählen Sie den Vorsitz."))]
    )
    deadline = _date(_l("Frist für die Sitzungsunterlagen"))


class AgendaItemForm(FlaskForm):
    """Put a proposal ready for decision on the agenda."""

    proposal = SelectField(
        _l("Antrag zur Beschlussfassung"),
        coerce=int,
        validators=[InputRequired(_l("Bitte wählen Sie einen Antrag."))],
    )


class PlainForm(FlaskForm):
    """A button that only needs the CSRF token (move or remove an agenda item)."""


class VotesForm(FlaskForm):
    """One vote per voting member; the fields are added per member (see votes_form)."""

    def votes(self) -> dict[str, str]:
        """The chosen vote by member key."""
        return {
            field.name.removeprefix(VOTE_PREFIX): field.data
            for field in self
            if field.name.startswith(VOTE_PREFIX)
        }

    def vote_fields(self) -> list:
        """The members' vote fields in their order."""
        return [field for field in self if field.name.startswith(VOTE_PREFIX)]


def votes_form(members, recorded: dict[str, str]) -> VotesForm:
    """A votes form with one select per voting member, preset to the recorded votes."""
    choices = [("", _l("bitte wählen"))] + [(v.value, VOTE_LABELS[v.value]) for v in SESSION_VOTES]
    fields = {
        f"{VOTE_PREFIX}{m.key}": SelectField(
            m.name,
            choices=choices,
            default=recorded.get(m.key, ""),
            validators=[
                InputRequired(_l("Bitte erfassen Sie die Stimme von %(member)s.", member=m.name))
            ],
        )
        for m in members
    }
    return type("MemberVotesForm", (VotesForm,), fields)()


class ConfirmForm(FlaskForm):
    """The office confirms the outcome; a reason where it departs from the evaluation."""

    outcome = RadioField(
        _l("Ergebnis"),
        choices=list(OUTCOME_LABELS.items()),
        validators=[InputRequired(_l("Bitte wählen Sie ein Ergebnis."))],
    )
    reason = _text(
        _l("Begründung"),
        description=_l("Nötig, wenn das Ergebnis von der Auswertung abweicht."),
    )
    binds_only_agreed = BooleanField(
        _l("Der Beschluss bindet nur die Länder, die zugestimmt haben.")
    )
    publish_votes = BooleanField(
        _l("Das Abstimmungsergebnis im Beschluss veröffentlichen"), default=True
    )
    decision_text = _text(
        _l("Beschlusstext"),
        description=_l("Nötig, wenn ein Beschluss gefasst oder abgelehnt wird."),
    )

    def prefill(self, proposal, suggested: str | None) -> None:
        """Start from the suggested outcome and the Beschlussvorschlag (while one is pending)."""
        self.outcome.data = suggested
        if proposal.state == ProposalState.RESOLUTION.value:
            self.decision_text.data = current_resolution_text(proposal)

    def confirmation(self) -> Confirmation:
        """The confirmation as the operations take it."""
        return Confirmation(
            self.outcome.data,
            self.reason.data or "",
            self.binds_only_agreed.data,
            self.publish_votes.data,
            self.decision_text.data or "",
        )


class ProcedureForm(FlaskForm):
    """Start a written procedure: the proposal, the dispatch, the deadline, the members asked."""

    proposal = SelectField(
        _l("Antrag zur Beschlussfassung"),
        coerce=int,
        validators=[InputRequired(_l("Bitte wählen Sie einen Antrag."))],
    )
    dispatched_on = _date(_l("Versand am"))
    deadline = _date(_l("Frist (einschließlich)"))
    asked = SelectMultipleField(
        _l("Gefragte Mitglieder"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Bitte wählen Sie die gefragten Mitglieder."))],
    )


def _written_vote() -> RadioField:
    return RadioField(
        _l("Stimme"),
        choices=[(v.value, VOTE_LABELS[v.value]) for v in WRITTEN_VOTES],
        validators=[InputRequired(_l("Bitte wählen Sie Ja, Nein oder Enthaltung."))],
    )


class BallotForm(FlaskForm):
    """A member's answer in the portal, for the member the account represents."""

    member = HiddenField(validators=[InputRequired(_l("Das Mitglied fehlt."))])
    vote = _written_vote()


class OfficeAnswerForm(FlaskForm):
    """An answer the office received by other means, with the day it arrived."""

    member = SelectField(
        _l("Mitglied"), validators=[InputRequired(_l("Bitte wählen Sie ein Mitglied."))]
    )
    vote = _written_vote()
    received_on = _date(_l("Eingegangen am"))
