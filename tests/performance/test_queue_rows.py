"""The queues' rows are printed without a Jinja loop: the same HTML, the proposals' texts
escaped."""

from __future__ import annotations

import pytest
from flask import render_template

from app.office import queue as queries
from app.printed_rows import _row_layout, print_rows
from tests.workflow.helpers import make_cast, make_proposal, to_resolution, to_review

# The rows as the template's loop printed them, cell by cell through Jinja's autoescape.
JINJA_ROWS = """{% for row in rows %}
        <tr class="kern-table__row">
          <td class="kern-table__cell"><a class="kern-link" href="{{ row.url }}">{{ row.reference }}</a></td>
          <td class="kern-table__cell">{{ row.title }}</td>
          <td class="kern-table__cell">{{ row.kind }}</td>
          <td class="kern-table__cell">{{ row.focus_topic }}</td>
          <td class="kern-table__cell kern-table__cell--numeric">{{ row.version }}</td>
          <td class="kern-table__cell">{{ row.approvals }}</td>
          {% if show_mine %}<td class="kern-table__cell">{{ row.mine }}</td>{% endif %}
        </tr>
        {% endfor %}"""  # noqa: E501

HOSTILE = """<script>alert("x")</script> & 'Co' 100%"""
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Co&#39; 100%"

# (total, id, reference, title, kind, focus_topic, version, approvals, approved by the user)
RESULTS = [
    (4, 7, "A-2026-0007", "Projektgruppe Cloud", "projektgruppe", "sonstiges", 1, 0, 0),
    (4, 8, 'R<&">1', HOSTILE, "erfunden<b>", None, 3, 2, 1),
    (4, 9, "A-2026-0009", "", None, "digitale_infrastruktur", 0, 1, 0),
    (4, 10, "A-2026-0010", "{row.title} %s %(x)s", "board", "erfunden&", 12, 10, 1),
]


def _as_jinja_printed(app, mine: bool) -> str:
    """RESULTS through the former loop: unescaped texts, labels looked up per row."""
    kinds, topics = queries._labels("KINDS"), queries._labels("FOCUS_TOPICS")
    rows = [
        {
            "url": f"/antraege/{row[1]}",
            "reference": row[2],
            "title": row[3],
            "kind": kinds.get(row[4], row[4] or "–"),
            "focus_topic": topics.get(row[5], row[5] or "–"),
            "version": row[6],
            "approvals": f"{row[7]} von 2 Befürwortungen",
            "mine": ("ja" if row[8] else "nein") if mine else "",
        }
        for row in RESULTS
    ]
    return app.jinja_env.from_string(JINJA_ROWS).render(rows=rows, show_mine=mine)


@pytest.mark.parametrize("mine", [False, True])
def test_rows_print_as_the_jinja_loop_did(app, db, mine):
    with app.test_request_context("/pruefung/"):
        page = queries.Page(queries.printed_rows(RESULTS, mine), 1, 1, 4)
        html = render_template(
            "office/_queue_table.html", page=page, caption="Anträge", show_mine=mine
        )
        expected = _as_jinja_printed(app, mine)
    body = html[html.index('<tbody class="kern-table__body">') :]
    body = body[len('<tbody class="kern-table__body">') : body.index("</tbody>")]
    assert body.strip() == expected.strip()
    assert ESCAPED in html and "<script>" not in html
    assert "R&lt;&amp;&#34;&gt;1</a>" in html
    assert "erfunden&lt;b&gt;" in html and "erfunden&amp;" in html


def test_a_row_layout_keeps_literal_percent_signs_and_any_field_order():
    names = queries.Row._fields
    layout, fields = _row_layout("<b>{row.title}</b> 100% {row.url}|{row.version}", names)
    row = queries.Row("/x", "R", "T", "K", "F", 2, "A", "")
    assert layout % fields(row) == "<b>T</b> 100% /x|2"
    assert print_rows("<i>{row.title}</i>", [row, row._replace(title="U")]) == "<i>T</i><i>U</i>"
    assert print_rows("<i>{row.title}</i>", []) == ""
    with pytest.raises(ValueError):
        _row_layout("{row.unknown}", names)
    with pytest.raises(ValueError):
        _row_layout("<tr>no field</tr>", names)


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
