"""The kinds of change to an established body, as data: what the office starts from the
body's page, and which section of the Steckbrief it opens first.

A change is prepared as a proposal whose Steckbrief starts from the version in force and is
decided like one (``decide_change`` in workflows/proposal.py). Dissolution is one kind of
change too, but needs no new Steckbrief: it is the ``dissolve`` transition of the body.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeKind:
    """One kind of change: its key, German label and the Steckbrief section it concerns."""

    key: str
    label: str
    section: str


CHANGE_KINDS: tuple[ChangeKind, ...] = (
    ChangeKind("extend", "Befristung verlängern", "establishment"),
    ChangeKind("shorten", "Befristung verkürzen oder beenden", "establishment"),
    ChangeKind("open_ended", "Bis auf Weiteres fortführen", "establishment"),
    ChangeKind("lead", "Leitung ändern (Vorsitz, Federführung)", "leadership"),
    ChangeKind("mandate", "Auftrag ändern", "mandate"),
    ChangeKind("members", "Mitglieder ändern", "composition"),
    ChangeKind("reporting", "Berichtspflichten ändern", "reporting"),
    ChangeKind("rename", "Umbenennen", "master_data"),
)
CHANGE_KIND_BY_KEY: dict[str, ChangeKind] = {kind.key: kind for kind in CHANGE_KINDS}

# The states of a change still in progress: at most one per body (a unique index).
OPEN_CHANGE_STATES = ("draft", "review", "resolution")
