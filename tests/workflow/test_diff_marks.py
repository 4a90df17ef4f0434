"""The reviewers' diff marks the words that changed within a text (difflib)."""

from app.workflow.display import Change, Segment, mark_changes


def test_only_changed_words_are_marked():
    before, after = mark_changes("Die Gruppe tagt monatlich in Berlin.", "Die Gruppe tagt in Bonn.")
    assert [s.text for s in before if s.changed] == ["monatlich ", "Berlin."]
    assert [s.text for s in after if s.changed] == ["Bonn."]
    assert "".join(s.text for s in before) == "Die Gruppe tagt monatlich in Berlin."
    assert "".join(s.text for s in after) == "Die Gruppe tagt in Bonn."


def test_a_new_value_is_marked_whole():
    before, after = mark_changes("–", "Zweimal im Jahr")
    assert before == [Segment("–", True)]
    assert after == [Segment("Zweimal im Jahr", True)]


def test_numbers_are_marked_whole():
    before, after = mark_changes("120.000,00 Euro", "150.000,50 Euro")
    assert before == [Segment("120.000,00", True), Segment(" Euro", False)]
    assert after == [Segment("150.000,50", True), Segment(" Euro", False)]


def test_change_carries_the_marks():
    change = Change.of("Arbeitsweise", "Rhythmus", "monatlich", "monatlich und virtuell")
    assert change.before_marked == (Segment("monatlich", False),)
    assert change.after_marked == (
        Segment("monatlich", False),
        Segment(" und virtuell", True),
    )
