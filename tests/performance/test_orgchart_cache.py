"""The org chart of /gremien/ follows every change of a shown field at once."""

from __future__ import annotations

from datetime import date, timedelta

from app.models import Body


def _chart(client) -> str:
    page = client.get("/gremien/").get_data(as_text=True)
    start = page.index('id="orgchart"')
    return page[start : page.index("</svg>", start)]


def test_chart_follows_every_change_of_a_shown_field(client, db):
    council = Body(key="rat", name="IT-Planungsrat", kind="gremium", category="council")
    group = Body(key="pg", name="Projektgruppe Alt", kind="projektgruppe", category="project_group")
    db.session.add_all([council, group])
    db.session.commit()
    assert "Projektgruppe Alt" in _chart(client)
    group.name = "Projektgruppe Neu"
    db.session.commit()
    assert "Projektgruppe Neu" in _chart(client)
    group.lead = "Land Bremen"
    db.session.commit()
    assert "Land Bremen" in _chart(client)
    group.end_date = date.today() - timedelta(days=2)  # dissolved: off the chart
    db.session.commit()
    assert "Projektgruppe Neu" not in _chart(client)
    assert "IT-Planungsrat" in _chart(client)
