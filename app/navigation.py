"""The main navigation as data: what each role may use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, url_for
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation."""

    endpoint: str
    label: str
    roles: frozenset[str] | None = None  # None: everyone; empty: any signed-in user


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


def _may_use(roles: frozenset[str]) -> bool:
    return current_user.is_authenticated and current_user.has_role(*roles)


def visible_items(app: Flask) -> list[dict[str, str]]:
    """The navigation entries the current user may use, for the template."""
    items = []
    for item in NAV_ITEMS:
        if item.endpoint not in app.view_functions:
            continue  # the area is not part of this build
        if item.roles is not None and not _may_use(item.roles):
            continue
        items.append(
            {"endpoint": item.endpoint, "label": item.label, "url": url_for(item.endpoint)}
        )
    return items


def init_navigation(app: Flask) -> None:
    """Expose the navigation to templates."""

    @app.context_processor
    def navigation():
        return {"nav_items": lambda: visible_items(app)}
