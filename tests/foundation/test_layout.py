"""The KERN layout, navigation by role, and the information pages."""

from __future__ import annotations

import pytest


def test_layout_landmarks_and_skip_link(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="#inhalt"' in page and "Zum Inhalt springen" in page
    assert '<main id="inhalt"' in page
    assert 'class="kern-kopfzeile"' in page
    assert '<html lang="de"' in page
    assert 'aria-label="Hauptnavigation"' in page


@pytest.mark.parametrize(
    "path, text",
    [
        ("/impressum", "Impressum"),
        ("/datenschutz", "DSGVO"),
        ("/barrierefreiheit", "Barriere"),
        ("/leichte-sprache", "Leichte Sprache"),
    ],
)
def test_information_pages(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.get_data(as_text=True)


def test_accessibility_statement_explains_how_to_report_a_barrier(client, app):
    page = client.get("/barrierefreiheit").get_data(as_text=True)
    assert app.config["ACCESSIBILITY_CONTACT_EMAIL"] in page
    assert "Schlichtungsstelle" in page


def test_footer_links_on_every_page(client):
    page = client.get("/").get_data(as_text=True)
    for href in ("/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"):
        assert f'href="{href}"' in page


def test_navigation_shows_admin_area_only_to_admins(web, user_factory):
    assert "Benutzerverwaltung" not in web.client.get("/").get_data(as_text=True)
    web.login(user_factory("applicant"))
    assert "Benutzerverwaltung" not in web.client.get("/").get_data(as_text=True)
    web.logout()
    web.login(user_factory("admin", "reviewer"))
    assert "Benutzerverwaltung" in web.client.get("/").get_data(as_text=True)
