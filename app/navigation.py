"""The main navigation as data: what each role may use.

A page's frame (header, navigation, footer) needs the same few things on every request: who is
signed in, which navigation entries that user may use, and the URLs of fixed endpoints. They
are worked out once per request (``page_frame``), not per template access.

The URL of an endpoint without arguments depends only on the application's mount point (the
WSGI ``SCRIPT_NAME``): such URLs are built with ``url_for`` once per mount point and then
reused (``fixed_url``). The navigation of a role set is the same for every user holding those
roles, so it is kept per mount point and role set too. Both are immutable values derived from
code, the URL map and the mount point, the same in every worker process; nothing about a
user's data is kept beyond the request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user

# Distinct mount points whose URLs are kept (normally exactly one; a bound, because the mount
# point comes from the WSGI environment and might be influenced by a proxy header).
MAX_MOUNT_POINTS = 8
EXTENSION = "navigation"


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

    __slots__ = ("navs", "urls")

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.navs: dict[frozenset[str] | None, tuple[NavLink, ...]] = {}


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


def page_frame() -> PageFrame:
    """The frame of the current request: the user resolved once, the navigation of the roles.

    Cheap to call again (one lookup of the user, one of the kept navigation).
    """
    user = current_user._get_current_object()
    roles = _roles_of(user)
    return PageFrame(user if roles is not None else None, roles, navigation_for(current_app, roles))


def visible_items(app: Flask) -> tuple[NavLink, ...]:
    """The navigation entries the current user may use (kept for callers outside templates)."""
    return page_frame().nav


def init_navigation(app: Flask) -> None:
    """Expose the frame, the navigation and fixed URLs to templates."""
    app.extensions[EXTENSION] = _Mounts()
    app.jinja_env.globals.update(
        page_frame=page_frame,
        nav_items=lambda: page_frame().nav,
        fixed_url=fixed_url,
    )
