"""Each state of a proposal looks different: KERN badge variant and icon, as data."""

from __future__ import annotations

from workflows.proposal import STATE_BADGES, STATE_ICONS, ProposalState

KERN_VARIANTS = {"info", "warning", "success", "danger"}


def test_every_state_has_its_own_badge_and_icon():
    looks = {(STATE_BADGES[state], STATE_ICONS[state]) for state in ProposalState}
    assert len(looks) == len(ProposalState)
    assert set(STATE_BADGES.values()) <= KERN_VARIANTS
    assert len(set(STATE_ICONS.values())) == len(ProposalState)


def test_draft_withdrawn_and_dissolved_differ_in_colour():
    ends = {STATE_BADGES[state] for state in ("draft", "withdrawn", "dissolved")}
    assert len(ends) == 3
