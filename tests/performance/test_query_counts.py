"""Every page issues the same number of SQL statements with 10 and with 1 000 proposals."""

from __future__ import annotations

import pytest

from tests.performance.conftest import LARGE, PAGES, SMALL


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_answers_on_both_data_sets(query_counts, page):
    assert query_counts[SMALL][page][0] == 200
    assert query_counts[LARGE][page][0] == 200


@pytest.mark.parametrize("page", sorted(PAGES))
def test_statement_count_does_not_grow_with_the_data(query_counts, page):
    small, large = query_counts[SMALL][page], query_counts[LARGE][page]
    extra = large[2][len(small[2]) :]
    assert large[1] == small[1], f"{page}: {small[1]} → {large[1]} statements; extra: {extra[:3]}"


def test_the_minimal_endpoint_issues_no_statement(query_counts):
    assert query_counts[LARGE]["healthz"][1] == 0
