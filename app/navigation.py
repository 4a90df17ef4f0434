"""The main navigation as data: what each role may use.

A page's frame (header, navigation, footer) needs the same few things on every request: who is
signed in, which navigation entries that user may use, and the URLs of fixed endpoints. They
are worked out once per request (``page_frame``), not per template access.

The URL of an endpoint without arguments depends only on the application's mount point (the
WSGI ``SCRIPT_NAME``): such URLs are built with ``url_for`` once per mount point and then
reused (``fixed_url``). The navigation of a role set is the same for every user holding those
roles, so it is kept per mount point and role set too, and so is the rendered layout around
a page (``frame_parts``: header, navigation, footer; the user's name and CSRF token are put
in by base.html). Both are immutable values derived from
code, the URL map and the mount point, the same in every worker process; nothing about a
user's data is kept beyond the request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from markupsafe import Markup

from app.extensions import current_locale
from app.security import acting_user

# Distinct mount points whose URLs are kept (normally exactly one; a bound, because the mount
# point comes from the WSGI environment and might be influenced by a proxy header).
MAX_MOUNT_POINTS = 8
EXTENSION = "navigation"
FRAME_TEMPLATE = "base_frame.html"
# Rendered frames kept per mount point: role sets x current entries x locales stay far below.
MAX_FRAMES = 1024
# Markers where base.html puts its per-request values between the frame's pieces; NUL
# characters never occur in a rendered template otherwise, and escaping keeps them.
_NAME = "\x00gp-name\x00"
_CSRF = "\x00gp-csrf\x00"
_MAIN = "\x00gp-main\x00"


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation."""

    endpoint: str
    label: str
    roles: frozenset[str] | None = None  # None: everyone; empty: any signed-in user


@dataclass(frozen=True)
class NavLink:
    """A navigation entry as shown: endpoint (for aria-current), label, URL."""

    endpoint: str
    label: str
    url: str


@dataclass(frozen=True)
class PageFrame:
    """What the page frame of one request shows, resolved once."""

    user: Any  # the signed-in user, or None for visitors
    roles: frozenset[str] | None  # None for visitors
    nav: tuple[NavLink, ...]
    # The rendered frame (base_frame.html) in pieces: a visitor's (before the content, after
    # it); a signed-in user's (before the name, before the CSRF token, before the content,
    # after it).
    parts: tuple[Markup, ...]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("main.index", "Start"),
    NavItem("workflow.diagram", "Ablauf"),
    NavItem("registry.index", "Gremienstruktur"),
    NavItem("documents.published", "Beschlüsse"),
    NavItem("proposals.my_proposals", "Meine Anträge", frozenset({"applicant"})),
    NavItem("review.queue", "Prüfung", frozenset({"reviewer"})),
    NavItem("office.queue", "Beschlussfassung", frozenset({"secretariat"})),
    NavItem("registry.expiring", "Befristungen", frozenset({"secretariat"})),
    NavItem("documents.index", "Dokumente", frozenset({"secretariat"})),
    NavItem("admin.users", "Benutzerverwaltung", frozenset({"admin"})),
)


class _Mount:
    """What is kept for one mount point: URLs by endpoint, navigations by role set."""

    __slots__ = ("frames", "navs", "urls")

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.navs: dict[frozenset[str] | None, tuple[NavLink, ...]] = {}
        self.frames: dict[tuple, tuple[Markup, ...]] = {}


class _Mounts:
    """The kept values of every mount point seen, at most ``MAX_MOUNT_POINTS`` of them."""

    def __init__(self) -> None:
        self._by_root: dict[str, _Mount] = {}
        self._lock = threading.Lock()

    def get(self, root: str) -> _Mount:
        found = self._by_root.get(root)
        if found is None:
            with self._lock:
                found = self._by_root.get(root)
                if found is None:
                    found = _Mount()  # beyond the bound: used for this request only
                    if len(self._by_root) < MAX_MOUNT_POINTS:
                        self._by_root[root] = found
        return found


def _mount(app: Flask) -> _Mount:
    return app.extensions[EXTENSION].get(request.environ.get("SCRIPT_NAME", ""))


def fixed_url(endpoint: str) -> str:
    """``url_for(endpoint)`` for an endpoint without arguments, built once per mount point."""
    urls = _mount(current_app).urls
    url = urls.get(endpoint)
    if url is None:
        url = urls[endpoint] = url_for(endpoint)
    return url


def _visible(item: NavItem, roles: frozenset[str] | None) -> bool:
    if item.roles is None:
        return True
    if roles is None:  # a visitor
        return False
    return not item.roles or bool(item.roles & roles)


def navigation_for(app: Flask, roles: frozenset[str] | None) -> tuple[NavLink, ...]:
    """The navigation for a visitor (None) or a signed-in user with these roles."""
    navs = _mount(app).navs
    nav = navs.get(roles)
    if nav is None:
        nav = navs[roles] = tuple(
            NavLink(item.endpoint, item.label, fixed_url(item.endpoint))
            for item in NAV_ITEMS
            if item.endpoint in app.view_functions and _visible(item, roles)
        )
    return nav


def _roles_of(user: Any) -> frozenset[str] | None:
    """The user's roles, or None for a visitor (Flask-Login's anonymous user, or no request)."""
    if user is None or not user.is_authenticated:
        return None
    return frozenset(user.roles)


def reloading(app: Flask) -> bool:
    """True in development: templates and assets may change while the app runs."""
    return bool(app.debug or app.jinja_env.auto_reload or app.config.get("TEMPLATES_AUTO_RELOAD"))


def frame_parts(app: Flask, roles: frozenset[str] | None) -> tuple[Markup, ...]:
    """The layout around a page (base_frame.html) for this role set, in pieces (see PageFrame).

    It depends on the role set (navigation, account links), on which navigation entry is the
    current page (``aria-current``), the locale, the mount point (URLs) and the templates and
    assets of this build, never on the user's own data: the user's name and CSRF token are put
    between the pieces by base.html. So the pieces are rendered once per such key and kept for
    the process; the key is bounded (role names are validated, the current entry is one of the
    navigation's endpoints or None). While templates auto-reload (debug) they are rendered on
    every request, so an edited template shows at once.
    """
    mount = _mount(app)
    nav = navigation_for(app, roles)
    endpoint = request.endpoint
    current = endpoint if any(link.endpoint == endpoint for link in nav) else None
    key = (roles, current, str(current_locale()))
    fresh = reloading(app)
    parts = None if fresh else mount.frames.get(key)
    if parts is None:
        html = app.jinja_env.get_template(FRAME_TEMPLATE).render(
            nav=nav,
            current=current,
            signed_in=roles is not None,
            NAME=_NAME,
            CSRF=_CSRF,
            MAIN=_MAIN,
        )
        pieces = html.split(_MAIN)
        if roles is not None:
            pieces[:1] = pieces[0].replace(_CSRF, _NAME).split(_NAME)
        parts = tuple(Markup(piece) for piece in pieces)  # noqa: S704 (rendered, escaped)
        if len(parts) != (4 if roles is not None else 2):
            raise RuntimeError(f"{FRAME_TEMPLATE} must hold each of its markers once")
        if not fresh and len(mount.frames) < MAX_FRAMES:
            mount.frames[key] = parts
    return parts


def page_frame() -> PageFrame:
    """The frame of the current request: the user resolved once, the navigation of the roles.

    Cheap to call again (one lookup of the user, a few of kept values).
    """
    user = acting_user()
    roles = _roles_of(user)
    app = current_app._get_current_object()
    return PageFrame(
        user if roles is not None else None,
        roles,
        navigation_for(app, roles),
        frame_parts(app, roles),
    )


def init_navigation(app: Flask) -> None:
    """Expose the frame (with the navigation) and fixed URLs to templates."""
    app.extensions[EXTENSION] = _Mounts()
    app.jinja_env.globals.update(
        page_frame=page_frame,
        fixed_url=fixed_url,
    )
