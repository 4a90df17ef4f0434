"""Overlap check: which existing bodies resemble a proposed one (name, short name, mandate).

``find_overlaps`` is pure and deterministic; ``overlap_hints`` and ``overlap_needed_ids``
read the registry and the configured ``OVERLAP_THRESHOLD``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz
from sqlalchemy import select

from app.extensions import db
from app.formatting import today_berlin
from app.models.body import Body
from app.models.proposal import Proposal

DEFAULT_THRESHOLD = 80
HINT_MARGIN = 20  # hints start this many points below the threshold
MAX_HINTS = 5
MIN_MANDATE_LENGTH = 20
# Short names are abbreviations ("PG DiBe", "AG RaBe"): below this many letters (kind words
# dropped) only an identical one means something; fuzzy scores between them are noise.
MIN_FUZZY_SHORT_NAME = 8

# Words that say what kind of body it is, or join words: they carry no topic.
_KIND_WORDS = "ag pg uag arbeitsgruppe projektgruppe unterarbeitsgruppe arbeitsgremium"
_MORE_KIND_WORDS = "kooperationsgruppe gremium board programm"
_JOIN_WORDS = "und der die das des den dem für fuer von zur zum im in mit bei auf"
GENERIC_WORDS = frozenset(f"{_KIND_WORDS} {_MORE_KIND_WORDS} {_JOIN_WORDS}".split(" "))
_NON_WORD = re.compile(r"[^\w]+")

# Reasons stay lazy: find_overlaps is pure and also runs without an app context.
SAME_SHORT_NAME = _l("Gleiche Kurzbezeichnung")


def _similar_name(score: int) -> str:
    return _l("Ähnlicher Name (%(score)s %%)", score=score)


def _similar_short_name(score: int) -> str:
    return _l("Ähnliche Kurzbezeichnung (%(score)s %%)", score=score)


def _similar_mandate(score: int) -> str:
    return _l("Ähnlicher Auftrag (%(score)s %%)", score=score)


@dataclass(frozen=True)
class Candidate:
    """An existing body as the overlap check sees it."""

    id: int
    name: str
    short_name: str
    description: str


@dataclass(frozen=True)
class OverlapHint:
    """An existing body that resembles the proposal, with the reasons and the best score."""

    body_id: int
    body_name: str
    score: int
    reasons: tuple[str, ...]


def normalise(text: str | None) -> str:
    """Lower case, NFKC, '&' as 'und', punctuation removed, generic words dropped."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("&", " und ")
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(word for word in words if word not in GENERIC_WORDS)


def _squash(text: str | None) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def name_score(left: str, right: str) -> int:
    """Similarity of two normalised names: mean of token-set and token-sort ratio."""
    if not left or not right:
        return 0
    return round((fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 2)


def _is_abbreviation(normalised: str) -> bool:
    return len(_squash(normalised)) < MIN_FUZZY_SHORT_NAME


def _name_reason(name: str, body: Candidate) -> tuple[int, str] | None:
    proposed = normalise(name)
    names = [normalise(body.name), normalise(body.short_name)]
    names = [candidate for candidate in names if not _is_abbreviation(candidate)]
    score = max((name_score(proposed, candidate) for candidate in names), default=0)
    return (score, _similar_name(score)) if score else None


def _short_name_reason(short_name: str, body: Candidate) -> tuple[int, str] | None:
    if not short_name or not body.short_name:
        return None
    left, right = normalise(short_name), normalise(body.short_name)
    if _squash(left) and _squash(left) == _squash(right):  # "PG RaBe" and "AG-RaBe"
        return 100, SAME_SHORT_NAME
    if _is_abbreviation(left) or _is_abbreviation(right):
        return None
    score = round(fuzz.partial_ratio(left, right))
    return score, _similar_short_name(score)


def _mandate_reason(mandate: str, body: Candidate) -> tuple[int, str] | None:
    if len(mandate) < MIN_MANDATE_LENGTH or len(body.description) < MIN_MANDATE_LENGTH:
        return None
    score = round(fuzz.token_set_ratio(normalise(mandate), normalise(body.description)))
    return score, _similar_mandate(score)


def _hint(proposed: Mapping[str, str], body: Candidate, minimum: int) -> OverlapHint | None:
    found = [
        _name_reason(proposed["name"], body),
        _short_name_reason(proposed["short_name"], body),
        _mandate_reason(proposed["mandate"], body),
    ]
    kept = sorted((item for item in found if item and item[0] >= minimum), reverse=True)
    if not kept:
        return None
    return OverlapHint(body.id, body.name, kept[0][0], tuple(reason for _s, reason in kept))


def find_overlaps(
    proposed: Mapping[str, str], bodies: Iterable[Candidate], *, minimum: int
) -> list[OverlapHint]:
    """Bodies scoring at least ``minimum``, best first (ties by name, then id)."""
    hints = [hint for body in bodies if (hint := _hint(proposed, body, minimum))]
    return sorted(hints, key=lambda hint: (-hint.score, hint.body_name, hint.body_id))


def proposed_texts(content: Mapping[str, Any] | None) -> dict[str, str]:
    """Name, short name and mandate of a stored Steckbrief, as plain strings."""
    content = content if isinstance(content, Mapping) else {}
    master = content.get("master_data") or {}
    mandate = content.get("mandate") or {}
    return {
        "name": master.get("name") or "",
        "short_name": master.get("short_name") or "",
        "mandate": mandate.get("mandate") or "",
    }


def current_candidates(today: date | None = None, exclude: int | None = None) -> list[Candidate]:
    """The registry's bodies that are not dissolved, prepared for comparing (``exclude``: the
    body a change proposal changes, which it does not overlap with)."""
    today = today or today_berlin()
    bodies = db.session.scalars(select(Body).order_by(Body.id))
    return [
        Candidate(body.id, body.name, body.short_name or "", body.description or "")
        for body in bodies
        if not body.is_dissolved(today) and body.id != exclude
    ]


def overlap_threshold() -> int:
    """The configured score from which a delimitation is required."""
    return int(current_app.config.get("OVERLAP_THRESHOLD", DEFAULT_THRESHOLD))


def overlap_hints(
    content: Mapping[str, Any] | None, exclude: int | None = None
) -> list[OverlapHint]:
    """Similar current bodies: every one needing a delimitation, else up to five."""
    proposed = proposed_texts(content)
    if not proposed["name"] and not proposed["short_name"] and not proposed["mandate"]:
        return []
    threshold = overlap_threshold()
    candidates = current_candidates(exclude=exclude)
    hints = find_overlaps(proposed, candidates, minimum=max(threshold - HINT_MARGIN, 0))
    return [hint for i, hint in enumerate(hints) if i < MAX_HINTS or hint.score >= threshold]


def needed_ids(hints: Iterable[OverlapHint], threshold: int) -> frozenset[int]:
    """The bodies of the hints at or above ``threshold``."""
    return frozenset(hint.body_id for hint in hints if hint.score >= threshold)


def overlap_needed_ids(proposal: Proposal) -> frozenset[int]:
    """Ids of the bodies the Steckbrief must delimit itself from before submission."""
    proposed = proposed_texts(proposal.content)
    threshold = overlap_threshold()
    candidates = current_candidates(exclude=proposal.target_body_id)
    return needed_ids(find_overlaps(proposed, candidates, minimum=threshold), threshold)
