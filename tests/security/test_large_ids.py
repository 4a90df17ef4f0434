"""Ids beyond the database's integer range answer 404 on every ``<int:…>`` route, never 500."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from tests.factories import DEFAULT_PASSWORD

HUGE = "99999999999999999999"  # more than a 64-bit integer holds
JUST_OVER = str(2**31)  # the first id a 32-bit INTEGER column cannot hold
ROUTES = (
    "/antraege/{id}",
    "/antraege/{id}/bearbeiten",
    "/dokumente/antraege/{id}",
    "/dokumente/antraege/{id}/versionen/{id}/steckbrief.pdf",
    "/dokumente/beschluss/{id}.pdf",
    "/verwaltung/benutzer/{id}",
    "/verwaltung/benutzer/{id}/datenauskunft",
    "/api/v1/proposals/{id}",
    "/oparl/v1/bodies/{id}",
    "/oparl/v1/meetings/{id}",
    "/oparl/v1/organizations/{id}/meetings",
)


@pytest.fixture
def admin_web(web, user_factory):
    """A signed-in administrator, who may open every HTML route above."""
    web.login(user_factory("admin", "secretariat", "reviewer", "applicant"), DEFAULT_PASSWORD)
    return web


@pytest.mark.parametrize("number", [HUGE, JUST_OVER, "9" * 400, "9" * 5000])
@pytest.mark.parametrize("route", ROUTES)
def test_ids_the_database_cannot_hold_answer_404(admin_web, route, number):
    response = admin_web.client.get(route.format(id=number))
    assert response.status_code == 404


def test_a_post_with_a_huge_id_answers_404(admin_web):
    url = f"/verwaltung/benutzer/{HUGE}/aktiv"
    response = admin_web.post(url, form_url="/verwaltung/benutzer")
    assert response.status_code == 404


def test_the_largest_id_the_database_holds_still_reaches_the_view(app):
    """2**31 - 1 is a valid id and matches its route; one more matches none."""
    urls = app.url_map.bind("localhost")
    _endpoint, arguments = urls.match(f"/antraege/{2**31 - 1}")
    assert arguments == {"proposal_id": 2**31 - 1}
    with pytest.raises(NotFound):
        urls.match(f"/antraege/{2**31}")
