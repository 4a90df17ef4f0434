"""Helpers for browser tests: axe-core checks, page visits and signing in.

Import them in test modules: ``from tests.browser.helpers import visit, login``.
Pages come from the ``page`` fixture or ``new_context().new_page()``; their context has
``base_url`` set to the live server, so paths like ``"/impressum"`` work everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, Response, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = Path(os.environ.get("AXE_PATH", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The code each account's authenticator app would show now, by e-mail address: filled by the
# ``account`` fixture for accounts with a second factor, read by ``login``.
SECOND_FACTOR_CODES: dict[str, Callable[[], str]] = {}

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map((n) => ({target: JSON.stringify(n.target), html: n.html})),
  }));
}"""


@cache
def axe_source() -> str:
    """The axe-core script, read once per test session."""
    return AXE_PATH.read_text(encoding="utf-8")


def format_violations(violations: list[dict], url: str) -> str:
    """A readable list of axe violations."""
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['count']} element(s)] {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html'][:300]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page; returns the violations.

    The script is injected with ``page.evaluate``: the app's CSP forbids inline scripts,
    and DevTools evaluation is not subject to it (``add_script_tag`` would be).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def assert_accessible(page: Page) -> None:
    """Fail on any axe-core WCAG 2.1 A/AA violation of the current page."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations, page.url)


def visit(page: Page, path: str, *, status: int | None = None, check: bool = True) -> Response:
    """Open path, check the HTTP status (default: below 400) and run axe-core.

    ``status`` expects an exact status code, e.g. 404 for an error page;
    ``check=False`` skips the axe-core run.
    """
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    if status is None:
        assert response.status < 400, f"{path} answered {response.status}"
    else:
        assert response.status == status, f"{path} answered {response.status}, not {status}"
    if check:
        assert_accessible(page)
    return response


def login(page: Page, email: str, password: str, *, expect_success: bool = True) -> None:
    """Sign in through the login form, found by labels and the button's name; then with
    the code of the account's second factor, where the sign-in asks for it."""
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden").click()
    if email in SECOND_FACTOR_CODES and page.url.endswith("/anmelden/code"):
        page.get_by_label("Code").fill(SECOND_FACTOR_CODES[email]())
        page.get_by_role("button", name="Bestätigen").click()
    if expect_success:
        expect(page.get_by_text("Angemeldet als")).to_be_visible()


def logout(page: Page) -> None:
    """Sign out with the button in the page header; lands on the login page."""
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()


def main_nav(page: Page):
    """The main navigation landmark."""
    return page.get_by_role("navigation", name="Hauptnavigation")
