"""Steckbrief values as German display text, and the field-by-field diff of two versions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, NamedTuple

from sqlalchemy import select

from app.extensions import db
from app.models import Body
from app.proposals.display import format_value as steckbrief_value
from app.proposals.schema import SECTIONS, Field

EMPTY = "–"


def body_names() -> dict[int, str]:
    """Names of all bodies by id, for body references."""
    return {row.id: row.name for row in db.session.execute(select(Body.id, Body.name))}


def format_value(spec: Field, value: Any, names: Mapping[int, str]) -> str:
    """One stored value as German text for the diff; a list as its rows, each 'label: value'."""
    if value is None or value == "" or value == []:
        return EMPTY
    if spec.is_list:
        rows = value if isinstance(value, list) else []
        return "; ".join(_format_row(spec, row, names) for row in rows if isinstance(row, Mapping))
    return steckbrief_value(spec, value, names) or EMPTY


def _format_row(spec: Field, row: Mapping[str, Any], names: Mapping[int, str]) -> str:
    parts = [
        f"{sub.label}: {format_value(sub, row.get(sub.key), names)}"
        for sub in spec.rows
        if row.get(sub.key) not in (None, "", [])
    ]
    return ", ".join(parts) or EMPTY


# Words with their punctuation ("150.000,50", "Berlin.") and runs of white space: a number
# or a word is marked whole, never in pieces.
_TOKENS = re.compile(r"\S+|\s+")


class Segment(NamedTuple):
    """A piece of a text in the diff; ``changed``: removed (before) or inserted (after)."""

    text: str
    changed: bool


def mark_changes(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts cut into segments, the words that differ marked (difflib, word by word)."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if i1 < i2:
            left.append(Segment("".join(old[i1:i2]), changed))
        if j1 < j2:
            right.append(Segment("".join(new[j1:j2]), changed))
    return left, right


@dataclass(frozen=True)
class Change:
    """One changed field between two versions, with the changed words marked."""

    section: str
    field: str
    before: str
    after: str
    before_marked: tuple[Segment, ...] = ()
    after_marked: tuple[Segment, ...] = ()

    @classmethod
    def of(cls, section: str, label: str, before: str, after: str) -> Change:
        """A change whose texts are marked word by word."""
        left, right = mark_changes(before, after)
        return cls(section, label, before, after, tuple(left), tuple(right))


def diff_versions(
    before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[int, str] | None = None
) -> list[Change]:
    """What changed from one version's content to the next, field by field, in schema order
    (``names``: the registry's body names, read here when not given)."""
    names = body_names() if names is None else names
    changes = []
    for spec in SECTIONS:
        old, new = before.get(spec.key) or {}, after.get(spec.key) or {}
        for found in spec.fields:
            if old.get(found.key) != new.get(found.key):
                changes.append(
                    Change.of(
                        spec.title,
                        found.label,
                        format_value(found, old.get(found.key), names),
                        format_value(found, new.get(found.key), names),
                    )
                )
    return changes
