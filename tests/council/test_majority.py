"""The majority rule as a pure function: examples with the seeded shares, and properties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.council.majority import BUND, LAENDER, Procedure, Vote, evaluate
from app.council.seed import SHARES_2016

BIG_THREE = ("BY", "NW", "HE")  # Beschluss 2024/04: these three did not agree


def votes_with(no: tuple[str, ...] = (), **overrides: str) -> dict[str, str]:
    """Everyone yes, except the Länder in ``no``, and any member overridden by key."""
    votes = {key: ("no" if key in no else "yes") for key in (BUND, *LAENDER)}
    votes.update(overrides)
    return votes


def test_unanimous_is_binding_and_recommended():
    result = evaluate(votes_with(), SHARES_2016)
    assert result.binding.passed and result.recommendation.passed
    assert (result.laender_yes, result.yes, result.no, result.present) == (16, 17, 0, 17)
    assert result.yes_share == 1


def test_thirteen_laender_pass_the_count_but_fail_the_share_test():
    """13 Länder yes, Bayern, NRW and Hessen no: 55,92 % of the shares, under two thirds."""
    result = evaluate(votes_with(no=BIG_THREE), SHARES_2016)
    assert result.laender_yes == 13
    assert result.yes_share == (Decimal(100) - Decimal("44.07636")) / 100
    assert not result.binding.passed
    assert result.binding.reasons == (
        "Die zustimmenden Länder halten 55,92 % der Anteile nach dem Königsteiner Schlüssel, "
        "nötig sind mindestens zwei Drittel.",
    )
    assert result.recommendation.passed  # 14 yes, 3 no


def test_thirteen_small_laender_pass_both_tests():
    """13 Länder yes with three small ones no (Bremen, Saarland, Hamburg): binding."""
    result = evaluate(votes_with(no=("HB", "SL", "HH")), SHARES_2016)
    assert result.laender_yes == 13 and result.binding.passed
    assert result.binding.reasons[0].startswith("Der Bund und 13 Länder mit 95,28 %")


def test_ten_laender_fail_the_count_whatever_their_shares():
    no = ("HB", "SL", "HH", "MV", "TH", "ST")
    result = evaluate(votes_with(no=no), SHARES_2016)
    assert result.laender_yes == 10 and result.yes_share > Decimal(2) / 3
    assert result.binding.reasons == (
        "Zugestimmt haben 10 von 16 Ländern, nötig sind mindestens 11.",
    )


def test_without_the_bund_there_is_no_binding_decision():
    result = evaluate(votes_with(bund="abstention"), SHARES_2016)
    assert not result.binding.passed
    assert result.binding.reasons == ("Der Bund hat nicht zugestimmt.",)
    assert result.recommendation.passed


def test_abstentions_and_absences_do_not_count_for_the_recommendation():
    votes = {BUND: "yes", "BW": "yes", "BY": "no"}  # everyone else absent
    votes |= dict.fromkeys(("BE", "BB", "HB"), "abstention")
    result = evaluate(votes, SHARES_2016)
    assert (result.yes, result.no, result.present) == (2, 1, 6)
    assert result.recommendation.passed
    tie = evaluate({BUND: "yes", "BW": "no"}, SHARES_2016)
    assert not tie.recommendation.passed


def test_in_the_written_procedure_a_missing_answer_is_an_abstention():
    votes = votes_with()
    del votes["SL"]
    result = evaluate(votes, SHARES_2016, Procedure.WRITTEN)
    assert result.laender_yes == 15 and result.present == 17 and result.binding.passed
    session = evaluate(votes, SHARES_2016, Procedure.SESSION)
    assert session.present == 16


# Properties over random votes and random share tables.
VOTE = st.sampled_from([Vote.YES, Vote.NO, Vote.ABSTENTION, Vote.ABSENT])
VOTES = st.fixed_dictionaries(dict.fromkeys((BUND, *LAENDER), VOTE))
SHARES = st.lists(st.integers(min_value=1, max_value=3_000_000), min_size=16, max_size=16).map(
    lambda units: {code: Decimal(u) / 100_000 for code, u in zip(LAENDER, units, strict=True)}
)


@given(VOTES, SHARES, st.sampled_from(LAENDER))
def test_turning_a_no_into_a_yes_never_loses_a_decision(votes, shares, land):
    before = evaluate({**votes, land: Vote.NO}, shares)
    after = evaluate({**votes, land: Vote.YES}, shares)
    assert after.binding.passed >= before.binding.passed
    assert after.recommendation.passed >= before.recommendation.passed


@given(VOTES, SHARES)
def test_binding_is_exactly_the_three_conditions(votes, shares):
    result = evaluate(votes, shares)
    yes = [code for code in LAENDER if votes[code] is Vote.YES]
    share = sum(shares[c] for c in yes) / sum(shares.values())
    expected = votes[BUND] is Vote.YES and len(yes) >= 11 and share * 3 >= 2
    assert result.binding.passed is expected
    assert result.laender_yes == len(yes)
    assert len(result.binding.reasons) >= 1


@given(VOTES, SHARES)
def test_the_recommendation_ignores_shares_and_abstentions(votes, shares):
    result = evaluate(votes, shares)
    yes = sum(1 for v in votes.values() if v is Vote.YES)
    no = sum(1 for v in votes.values() if v is Vote.NO)
    assert result.recommendation.passed is (yes > no)
    as_abstentions = {k: (Vote.ABSTENTION if v is Vote.ABSENT else v) for k, v in votes.items()}
    assert evaluate(as_abstentions, shares).recommendation == result.recommendation


@given(SHARES)
def test_count_and_share_tests_are_independent(shares):
    """With the 11 smallest Länder yes the count passes; the share test decides alone."""
    smallest = sorted(LAENDER, key=lambda code: shares[code])[:11]
    votes = {BUND: "yes", **{code: ("yes" if code in smallest else "no") for code in LAENDER}}
    result = evaluate(votes, shares)
    share = sum(shares[c] for c in smallest) / sum(shares.values())
    assert result.laender_yes == 11
    assert result.binding.passed is (share * 3 >= 2)
