""" "Meine Anträge": every row links to the right page, shows its labels and escapes the
proposals' texts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

from flask import render_template

from app.proposals.views import _my_rows
from tests.workflow.helpers import make_parent_body, make_proposal, make_user

HOSTILE = """<script>alert("x")</script> & 'Co' 100% {row.title} %s"""
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Co&#39; 100% {row.title} %s"
WHEN = datetime(2026, 11, 29, 5, 7, tzinfo=UTC)

# The columns of queries.proposals_of: (total, id, reference, title, kind, state, updated_at)
ITEMS = [
    (4, 7, "A-2026-0007", "Projektgruppe", "projektgruppe", "draft", WHEN),
    (4, 8, 'R<&">1', HOSTILE, "erfunden<b>", "review", WHEN),
    (4, 9, "A-2026-0009", "", None, "established", WHEN),
    (4, 10, "A-2026-0010", "X", "board", "rejected", WHEN),
]
ROW_RE = re.compile(r'<tr class="kern-table__row">\s*<th scope="row".*?</tr>', re.S)


def test_rows_show_links_labels_and_escaped_texts(app, db):
    with app.test_request_context("/meine-antraege"):
        page = SimpleNamespace(pages=1, number=1, total=4, total_exact=True)
        html = render_template("proposals/my_proposals.html", page=page, rows=_my_rows(ITEMS))
    rows = ROW_RE.findall(html)
    assert len(rows) == 4
    assert 'href="/antraege/7/bearbeiten">A-2026-0007</a>' in rows[0]  # a draft: task list
    assert ">Projektgruppe</td>" in rows[0] and "Entwurf" in rows[0]
    assert 'href="/antraege/8">R&lt;&amp;&#34;&gt;1</a>' in rows[1]
    assert f'<td class="kern-table__cell">{ESCAPED}</td>' in rows[1]
    assert "erfunden" not in html  # an unknown kind shows as "–"
    assert '<td class="kern-table__cell">–</td>' in rows[1] and "In Prüfung" in rows[1]
    assert "(noch ohne Namen)" in rows[2] and 'href="/antraege/9"' in rows[2]
    assert ">Board</td>" in rows[3] and "29.11.2026, 06:07 Uhr" in rows[3]
    assert "<script>alert" not in html


def test_the_page_escapes_the_proposals_texts(app, db, web):
    owner = make_user("applicant")
    proposal = make_proposal(owner, make_parent_body(), reference='R<&">2')
    proposal.title = HOSTILE
    db.session.commit()
    web.login(owner)
    html = web.client.get("/meine-antraege").get_data(as_text=True)
    link = (
        f'<a class="kern-link" href="/antraege/{proposal.id}/bearbeiten">R&lt;&amp;&#34;&gt;2</a>'
    )
    assert link in html
    assert f'<td class="kern-table__cell">{ESCAPED}</td>' in html
    assert "<script>alert" not in html
