"""The page frame: navigation by role, kept per role set and mount point, never mixed up."""

from __future__ import annotations

import re

import flask_login.utils

from app import navigation
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
    # One navigation per role set (and one for visitors), made once and then reused.
    kept = app.extensions[navigation.EXTENSION].get("").navs
    assert set(kept) == {None, frozenset({"secretariat"}), frozenset({"applicant"})}


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


def test_the_navigation_is_built_once_per_role_set(app, web, user_factory, monkeypatch):
    built = []
    real = navigation.NavLink

    def counting_link(*args):
        built.append(args[0])
        return real(*args)

    monkeypatch.setattr(navigation, "NavLink", counting_link)
    web.login(user_factory("applicant"))
    for _ in range(3):
        web.client.get("/")  # base.html and the start page both show the navigation
    assert built.count("proposals.my_proposals") == 1
    assert built.count("main.index") == 2  # the login page's (visitor) and the applicant's


def test_the_signed_in_user_is_resolved_a_few_times_per_page(app, web, user_factory, monkeypatch):
    """The frame resolves ``current_user`` once, not per navigation entry or template access."""
    web.login(user_factory("secretariat", "reviewer", "applicant", "admin"))
    web.client.get("/impressum")
    calls = []
    real = flask_login.utils._get_user

    def counting_get_user():
        calls.append(1)
        return real()

    monkeypatch.setattr(flask_login.utils, "_get_user", counting_get_user)
    page = web.client.get("/impressum")
    assert page.status_code == 200
    assert "Benutzerverwaltung" in page.get_data(as_text=True)
    # Session timeouts, the template context, the frame, the response headers: was 20 and more.
    assert len(calls) <= 6, len(calls)


def test_links_follow_the_mount_point(app, web, user_factory):
    """Behind a prefix (SCRIPT_NAME) every link has it; without, none has: kept per prefix."""
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


def test_mount_points_beyond_the_bound_are_served_but_not_kept(app, client):
    prefixes = [f"/p{number}" for number in range(navigation.MAX_MOUNT_POINTS + 3)]
    for prefix in prefixes:
        page = client.get("/impressum", base_url=f"http://localhost{prefix}").get_data(as_text=True)
        assert f'href="{prefix}/impressum"' in page
        assert f'href="{prefix}/anmelden"' in page
    kept = app.extensions[navigation.EXTENSION]._by_root
    assert len(kept) == navigation.MAX_MOUNT_POINTS
