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


def test_privacy_notice_describes_what_the_product_does(client):
    # The notice must match the product: accounts are anonymised (app/admin/privacy.py), not
    # deleted, and an administrator can export a person's data.
    page = client.get("/datenschutz").get_data(as_text=True)
    assert "anonymisiert" in page and "Ehemalige Person" in page
    assert "Benutzerkonten werden gelöscht" not in page
    assert "Art. 15 DSGVO" in page and "als Datei" in page


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


def test_wtforms_messages_are_german(app):
    """Built-in WTForms messages come from WTForms' German catalogue."""
    from flask_wtf import FlaskForm
    from wtforms import DateField

    class DateForm(FlaskForm):
        day = DateField("Tag")

    with app.test_request_context(method="POST", data={"day": "kaputt"}):
        form = DateForm(meta={"csrf": False})
        form.validate()
        assert form.day.errors == ["Kein gültiges Datum."]


def test_navigation_by_role(web, user_factory):
    """Each role sees the areas it may use; the public ones are there for everyone."""
    public = web.client.get("/").get_data(as_text=True)
    for label in ("Gremienstruktur", "Beschlüsse", "Ablauf"):
        assert f">{label}</a>" in public
    for label in ("Meine Anträge", "Prüfung", "Beschlussfassung", "Dokumente"):
        assert f">{label}</a>" not in public
    expected = {
        "applicant": {"Meine Anträge"},
        "reviewer": {"Prüfung"},
        "secretariat": {"Beschlussfassung", "Befristungen", "Dokumente"},
    }
    every = set().union(*expected.values())
    for role, labels in expected.items():
        web.login(user_factory(role))
        page = web.client.get("/").get_data(as_text=True)
        for label in every:
            assert (f">{label}</a>" in page) == (label in labels), (role, label)
        web.logout()
