"""The page frame: navigation by role, links under the mount point, never mixed up."""

from __future__ import annotations

import re

from tests.conftest import Browserless

NAV_LINK = re.compile(r'<a class="kern-link kern-link--no-visited-state"\s+href="([^"]+)"')
FOOTER_LINK = re.compile(r'<li><a class="kern-link" href="([^"]+)"')


def _nav_hrefs(page: str) -> list[str]:
    return NAV_LINK.findall(page)


def test_each_role_keeps_its_own_navigation_across_requests(app, web, user_factory):
    """Requests of different roles, interleaved: nobody sees another role's entries."""
    office, applicant = user_factory("secretariat"), user_factory("applicant")
    office_web = Browserless(app.test_client())
    office_web.login(office)
    web.login(applicant)
    visitor = app.test_client()
    for _ in range(2):
        office_page = office_web.client.get("/impressum").get_data(as_text=True)
        applicant_page = web.client.get("/impressum").get_data(as_text=True)
        visitor_page = visitor.get("/impressum").get_data(as_text=True)
        assert "/geschaeftsstelle/" in _nav_hrefs(office_page)
        assert "/meine-antraege" not in _nav_hrefs(office_page)
        assert "/meine-antraege" in _nav_hrefs(applicant_page)
        assert "/geschaeftsstelle/" not in _nav_hrefs(applicant_page)
        assert "/meine-antraege" not in _nav_hrefs(visitor_page)
        assert "/geschaeftsstelle/" not in _nav_hrefs(visitor_page)
        assert "Angemeldet als" not in visitor_page
        assert f"<strong>{office.name}</strong>" in office_page
        assert f"<strong>{applicant.name}</strong>" in applicant_page


def test_a_change_of_roles_shows_at_once(app, web, user_factory, db):
    user = user_factory("applicant")
    web.login(user)
    assert "/pruefung/" not in _nav_hrefs(web.client.get("/").get_data(as_text=True))
    user.set_roles({"applicant", "reviewer"})
    db.session.commit()
    page = web.client.get("/").get_data(as_text=True)
    assert "/pruefung/" in _nav_hrefs(page)
    # The start page lists the same areas as the navigation, minus itself.
    assert 'href="/pruefung/">Prüfung</a></li>' in page


def test_links_follow_the_mount_point(app, web, user_factory):
    """Behind a prefix (SCRIPT_NAME) every link has it; without, none has."""
    user = user_factory("secretariat")
    web.login(user)
    for prefix in ("/portal", "", "/anderswo", "/portal"):
        page = web.client.get("/impressum", base_url=f"http://localhost{prefix}").get_data(
            as_text=True
        )
        hrefs = _nav_hrefs(page) + FOOTER_LINK.findall(page)
        assert f"{prefix}/geschaeftsstelle/" in hrefs and f"{prefix}/impressum" in hrefs
        assert all(href.startswith(f"{prefix}/") for href in hrefs), (prefix, hrefs)
        assert f'action="{prefix}/abmelden"' in page
        assert f'href="{prefix}/konto/passwort"' in page
