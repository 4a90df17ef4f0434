"""The layout's frame is rendered once per role set, current entry and mount point, and reused.

What is kept must be exactly what a fresh render gives, never show one user's name or token to
another, follow role changes at once, and not be kept at all while templates auto-reload.
"""

from __future__ import annotations

import re

from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import navigation
from tests.conftest import Browserless, csrf_from

CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]*"')
PAGES = ("/", "/impressum", "/gremien/", "/ablauf", "/gibt-es-nicht")
CURRENT = (("/", "Start"), ("/meine-antraege", "Meine Anträge"), ("/ablauf", "Ablauf"))


def _kept(app) -> dict:
    return app.extensions[navigation.EXTENSION].get("").frames


def _pages(web) -> dict[str, str]:
    return {
        path: CSRF_VALUE.sub("CSRF", web.client.get(path).get_data(as_text=True)) for path in PAGES
    }


def test_kept_frames_give_the_same_pages_as_a_fresh_render(app, web, user_factory):
    """Visitor and signed-in pages (with and without a current entry, an error page) are equal
    byte for byte whether the frame comes from the cache or is rendered for the request."""
    visitor = Browserless(app.test_client())
    web.login(user_factory("secretariat", "applicant"))
    for who in (visitor, web):
        _pages(who)  # fills the cache
        kept = _pages(who)
        assert _kept(app)
        app.jinja_env.auto_reload = True  # development: rendered per request
        try:
            fresh = _pages(who)
        finally:
            app.jinja_env.auto_reload = False
        assert kept == fresh


def test_each_user_sees_own_name_and_token_with_a_shared_frame(app, user_factory):
    """Two users with the same role share the kept frame, not their names or CSRF tokens."""
    first = user_factory("applicant", name="Erika <Muster>")
    second = user_factory("applicant", name="Max Beispiel")
    webs = [Browserless(app.test_client()) for _ in range(2)]
    webs[0].login(first)
    webs[1].login(second)
    tokens = [csrf_from(web.client.get("/impressum").get_data(as_text=True)) for web in webs]
    for _ in range(2):
        pages = [web.client.get("/impressum").get_data(as_text=True) for web in webs]
        assert "<strong>Erika &lt;Muster&gt;</strong>" in pages[0]
        assert "Max Beispiel" not in pages[0]
        assert "<strong>Max Beispiel</strong>" in pages[1]
        assert "Erika" not in pages[1]
        assert [csrf_from(page) for page in pages] == tokens
    assert tokens[0] != tokens[1]
    # The kept frame is the same for both; it holds neither name nor token.
    applicant_frames = [
        parts for key, parts in _kept(app).items() if key[0] == frozenset({"applicant"})
    ]
    assert applicant_frames
    for parts in applicant_frames:
        text = "".join(parts)
        assert "Erika" not in text and "Max" not in text
        assert not any(token in text for token in tokens)
    # Signing out works with the token put into the shared frame.
    response = webs[0].post("/abmelden", form_url="/impressum")
    assert response.status_code == 302
    assert "Angemeldet als" not in webs[0].client.get("/impressum").get_data(as_text=True)


def test_the_current_entry_is_marked_on_each_page(app, web, user_factory):
    web.login(user_factory("applicant"))
    for _ in range(2):
        for path, label in CURRENT:
            page = web.client.get(path).get_data(as_text=True)
            assert page.count('aria-current="page"') == 1, path
            assert re.search(r'aria-current="page">' + label + "</a>", page), path
        assert 'aria-current="page"' not in web.client.get("/impressum").get_data(as_text=True)
    currents = {key[1] for key in _kept(app) if key[0] == frozenset({"applicant"})}
    # Pages outside the navigation share one frame (None): the key stays bounded.
    assert currents == {None, "main.index", "proposals.my_proposals", "workflow.diagram"}


def test_a_role_change_shows_in_the_frame_at_once(app, web, user_factory, db):
    user = user_factory("applicant")
    web.login(user)
    assert "/pruefung/" not in web.client.get("/impressum").get_data(as_text=True)
    user.set_roles({"applicant", "reviewer"})
    db.session.commit()
    assert 'href="/pruefung/"' in web.client.get("/impressum").get_data(as_text=True)


def test_while_templates_reload_an_edited_frame_shows_at_once(app, client):
    """Development (auto-reload): nothing is kept, a changed template is used on the next page."""
    original = app.jinja_env.loader
    with open(app.root_path + "/../templates/base_frame.html", encoding="utf-8") as handle:
        source = handle.read()
    edited = DictLoader({"base_frame.html": source})
    app.jinja_env.loader = ChoiceLoader([edited, original])
    app.jinja_env.auto_reload = True
    try:
        assert "Offizielle Website" in client.get("/impressum").get_data(as_text=True)
        edited.mapping["base_frame.html"] = source.replace(
            "Offizielle Website", "Geänderte Website"
        )
        assert "Geänderte Website" in client.get("/impressum").get_data(as_text=True)
        assert not _kept(app)
    finally:
        app.jinja_env.loader = original
        app.jinja_env.auto_reload = False
        app.jinja_env.cache.clear()


def test_a_page_without_database_work_opens_no_session_transaction(app, client, web, user_factory):
    """A visitor's information page neither makes a session nor commits; a signed-in one does
    its one commit (request cycle: tests/foundation)."""
    begun = []

    def record(session, transaction) -> None:
        if transaction.parent is None:
            begun.append(session)

    event.listen(Session, "after_transaction_create", record)
    try:
        client.get("/impressum")
        assert client.get("/impressum").status_code == 200
        assert begun == []
        web.login(user_factory("applicant"))
        begun.clear()
        assert web.client.get("/impressum").status_code == 200
        assert begun
    finally:
        event.remove(Session, "after_transaction_create", record)
