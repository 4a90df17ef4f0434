"""The main navigation as data: which entries each role sees."""

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

    @property
    def url(self) -> str:
        """The entry's address."""
        return url_for(self.endpoint)

    def visible_to(self, user) -> bool:
        """True if the entry is shown to this user (a visitor: not signed in)."""
        if self.roles is None:
            return True
        if not user.is_authenticated:
            return False
        return not self.roles or user.has_role(*self.roles)


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("main.index", "Start"),
    NavItem("workflow.diagram", "Ablauf"),
    NavItem("registry.index", "Gremienstruktur"),
    NavItem("documents.published", "Beschlüsse"),
    NavItem("proposals.my_proposals", "Meine Anträge", frozenset({"applicant"})),
    NavItem("motions.show_invitations", "Mitzeichnungen", frozenset()),
    NavItem("review.queue", "Prüfung", frozenset({"reviewer"})),
    NavItem("office.queue", "Beschlussfassung", frozenset({"secretariat"})),
    NavItem("sessions.list_sessions", "Sitzungen", frozenset({"secretariat"})),
    NavItem("procedures.list_procedures", "Umlaufverfahren", frozenset()),
    NavItem("council.show_members", "Mitglieder", frozenset({"secretariat"})),
    NavItem("registry.expiring", "Befristungen", frozenset({"secretariat"})),
    NavItem("topics.list_topics", "Schwerpunktthemen", frozenset({"secretariat"})),
    NavItem("picture.figures", "Kennzahlen", frozenset({"secretariat"})),
    NavItem("documents.index", "Dokumente", frozenset({"secretariat"})),
    NavItem("admin.users", "Benutzerverwaltung", frozenset({"admin"})),
)


def main_navigation() -> list[NavItem]:
    """The entries the current user (or visitor) sees."""
    return [item for item in NAV_ITEMS if item.visible_to(current_user)]


def init_navigation(app: Flask) -> None:
    """Expose the navigation to templates."""
    app.jinja_env.globals["main_navigation"] = main_navigation
