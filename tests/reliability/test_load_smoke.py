"""A ~10 s run of bench/reliability_load.py's mixed workload: correctness, not speed."""

from __future__ import annotations

from bench.reliability_load import run_load


def test_mixed_load_keeps_every_promise(app, live_url):
    outcome = run_load(app, live_url, seconds=10, workers=3, readers=2, drafts=40)
    acknowledged = {row["kind"]: row["ok"] for row in outcome.table}
    assert outcome.server_errors == []
    assert outcome.failures == []
    assert outcome.problems == []  # states, approvals, step saves, decisions, chain, PDFs
    assert outcome.mail_unsent == []
    assert outcome.mail_duplicated == []
    assert outcome.mail_missing == []
    # The run did real work of every kind (counts, not timings).
    for kind in ("create_draft", "save_step", "submit", "approve", "establish", "read_api"):
        assert acknowledged.get(kind, 0) > 0, (kind, acknowledged)
    assert outcome.mails > 0
