""" "Meine Anträge" prints its rows without a Jinja loop: the same HTML, the texts escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from flask import render_template

from app.proposals.schema import KINDS
from app.proposals.views import BERLIN, _my_rows, berlin_time
from tests.workflow.helpers import make_parent_body, make_proposal, make_user
from workflows.proposal import STATE_BADGES, STATE_LABELS

# The rows as the template's former loop printed them, cell by cell through autoescape.
JINJA_ROWS = """{% for row in rows %}
        <tr class="kern-table__row">
          <th scope="row" class="kern-table__cell"><a class="kern-link" href="{{ row.url }}">{{ row.reference }}</a></th>
          <td class="kern-table__cell">{{ row.title }}</td>
          <td class="kern-table__cell">{{ row.kind }}</td>
          <td class="kern-table__cell"><span class="kern-badge kern-badge--{{ row.badge }}"><span class="kern-label kern-label--small">{{ row.state }}</span></span></td>
          <td class="kern-table__cell">{{ row.changed }}</td>
        </tr>
        {% endfor %}"""  # noqa: E501

HOSTILE = """<script>alert("x")</script> & 'Co' 100% {row.title} %s"""
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Co&#39; 100% {row.title} %s"
WHEN = datetime(2026, 11, 29, 5, 7, tzinfo=UTC)

# The columns of queries.proposals_of: (total, id, reference, title, kind, state, updated_at)
COLUMNS = ("total", "id", "reference", "title", "kind", "state", "updated_at")
ITEMS = [
    (4, 7, "A-2026-0007", "Projektgruppe", "projektgruppe", "draft", WHEN),
    (4, 8, 'R<&">1', HOSTILE, "erfunden<b>", "review", WHEN),
    (4, 9, "A-2026-0009", "", None, "established", WHEN),
    (4, 10, "A-2026-0010", "X", "board", "rejected", WHEN),
]


def _as_jinja_printed(app) -> str:
    """ITEMS through the former loop: plain texts, escaped by Jinja per cell."""
    kinds = dict(KINDS)
    items = [SimpleNamespace(**dict(zip(COLUMNS, item, strict=True))) for item in ITEMS]
    rows = [
        {
            "url": f"/antraege/{item.id}/bearbeiten"
            if item.state == "draft"
            else f"/antraege/{item.id}",
            "reference": item.reference,
            "title": item.title or "(noch ohne Namen)",
            "kind": kinds.get(item.kind, "–") if item.kind else "–",
            "badge": STATE_BADGES[item.state],
            "state": STATE_LABELS[item.state],
            "changed": item.updated_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M"),
        }
        for item in items
    ]
    return app.jinja_env.from_string(JINJA_ROWS).render(rows=rows)


def test_rows_print_as_the_jinja_loop_did(app, db):
    with app.test_request_context("/meine-antraege"):
        page = SimpleNamespace(pages=1, number=1, total=4, total_exact=True)
        html = render_template("proposals/my_proposals.html", page=page, rows=_my_rows(ITEMS))
        expected = _as_jinja_printed(app)
    body = html[html.index('<tbody class="kern-table__body">') :]
    body = body[len('<tbody class="kern-table__body">') : body.index("</tbody>")]
    assert body.strip() == expected.strip()
    assert ESCAPED in html and "<script>alert" not in html
    assert "R&lt;&amp;&#34;&gt;1</a>" in html and "erfunden" not in html  # unknown kind: "–"
    assert "(noch ohne Namen)" in html and "29.11.2026" in html


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


def test_berlin_time_prints_as_strftime_did():
    """Across both changes of daylight saving time and a naive (UTC) time stamp."""
    start = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)
    for step in range(0, 60 * 24 * 220, 97):  # every 97 minutes through October
        moment = start + timedelta(minutes=step)
        assert berlin_time(moment) == moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
    assert berlin_time(datetime(2026, 1, 2, 3, 4)) == "02.01.2026 04:04"
    assert berlin_time(datetime(2026, 7, 2, 23, 59, tzinfo=UTC)) == "03.07.2026 01:59"
    assert berlin_time(None) == ""
