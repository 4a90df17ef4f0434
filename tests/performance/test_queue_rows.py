"""The queues' rows: the proposals' texts escaped, labels for the stored values."""

from __future__ import annotations

import pytest

from app.workflow.queue import Page, QueueRow
from tests.workflow.helpers import make_cast, make_proposal, to_resolution, to_review

HOSTILE = """<script>alert("x")</script> & 'Co' 100%"""
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Co&#39; 100%"

ROWS = [
    QueueRow(7, "A-2026-0007", "Projektgruppe Cloud", "Projektgruppe", "Sonstiges", 1, 0, False),
    QueueRow(8, 'R<&">1', HOSTILE, "erfunden<b>", "–", 3, 2, True),
]


@pytest.mark.parametrize("mine", [False, True])
def test_the_queue_table_prints_every_cell_escaped(app, db, mine):
    with app.test_request_context("/pruefung/"):
        macros = app.jinja_env.get_template("workflow/_macros.html").module
        page = Page(ROWS, 1, 1, 2)
        html = str(macros.queue_table(page, "Anträge", 2, show_mine=mine))
    assert '<caption class="kern-title">Anträge (2)</caption>' in html
    assert '<a class="kern-link" href="/antraege/7">A-2026-0007</a>' in html
    assert '<a class="kern-link" href="/antraege/8">R&lt;&amp;&#34;&gt;1</a>' in html
    assert f'<td class="kern-table__cell">{ESCAPED}</td>' in html and "<script>" not in html
    assert "erfunden&lt;b&gt;" in html
    assert '<td class="kern-table__cell kern-table__cell--numeric">3</td>' in html
    assert "0 von 2 Befürwortungen" in html and "2 von 2 Befürwortungen" in html
    assert ("Von Ihnen befürwortet" in html) == mine
    cells = (
        html.count('<td class="kern-table__cell">ja</td>'),
        html.count('<td class="kern-table__cell">nein</td>'),
    )
    assert cells == ((1, 1) if mine else (0, 0))


@pytest.fixture
def cast(db, app):
    app.config["OVERLAP_THRESHOLD"] = 1000  # near-identical Steckbriefe are submitted
    people = make_cast()
    db.session.commit()
    return people


@pytest.mark.parametrize(
    ("url", "who", "advance"),
    [("/pruefung/", "reviewer1", to_review), ("/geschaeftsstelle/", "office", to_resolution)],
)
def test_a_queue_escapes_the_proposals_texts(db, web, cast, url, who, advance):
    proposal = make_proposal(cast.owner, cast.parent, reference='R<&">1')
    proposal.title = HOSTILE
    advance(proposal, cast)
    db.session.commit()
    web.login(getattr(cast, who))
    html = web.client.get(url).get_data(as_text=True)
    assert f'<a class="kern-link" href="/antraege/{proposal.id}">R&lt;&amp;&#34;&gt;1</a>' in html
    assert f'<td class="kern-table__cell">{ESCAPED}</td>' in html
    assert "<script>alert" not in html


def test_an_unknown_filter_value_names_the_filter(db, web, cast):
    web.login(cast.office)
    response = web.client.get("/geschaeftsstelle/?focus_topic=nix")
    assert response.status_code == 400
    assert "„Schwerpunktthema“" in response.get_data(as_text=True)
