"""Reflow (WCAG 1.4.10): every page fits a 375 px phone and 1280 px at 200 % zoom without
scrolling sideways; only tables may scroll inside their own region."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, format_violations, login
from tests.browser.pages import build_site

# A phone, and a 1280 px window zoomed to 200 %: 640 CSS pixels at two device pixels each.
VIEWPORTS = {
    "375px": {"viewport": {"width": 375, "height": 800}},
    "200%": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}

# What sticks out: the page's width, and the widest elements that reach past the viewport.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && !element.closest(".kern-table-responsive, .scroll-region")) {
      wide.push(`${element.tagName.toLowerCase()}.${element.className} → ${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 3)};
}"""


def _overflowing(page, paths: list[str], axe: bool) -> list[str]:
    """The paths whose document is wider than the viewport, with what sticks out; with
    ``axe``, also the axe-core violations of the narrow layout."""
    found = []
    for path in paths:
        response = page.goto(path)
        if response is None or response.status >= 400:
            found.append(f"{path}: answered {response and response.status}")
            continue
        result = page.evaluate(_OVERFLOW)
        if result["scroll"] > result["width"]:
            found.append(f"{path}: {result['scroll']} px > {result['width']} px {result['wide']}")
        violations = axe_violations(page) if axe else []
        if violations:
            found.append(format_violations(violations, path))
    return found


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_every_page_reflows(live_server, account, new_context, size):
    applicant = account("applicant")
    admin = account("admin")
    roles = {
        "reviewer": account("reviewer"),
        "secretariat": account("secretariat"),
        "admin": admin,
        "applicant": applicant,
    }
    site = build_site(live_server.app, applicant.id, admin.id)
    axe = size == "375px"  # the narrow layout (cards, links instead of diagrams) passes axe too
    problems = _overflowing(new_context(**VIEWPORTS[size]).new_page(), site.public, axe)
    for role, person in roles.items():
        page = new_context(**VIEWPORTS[size]).new_page()
        login(page, person.email, person.password)
        problems += [f"{role} {line}" for line in _overflowing(page, getattr(site, role), axe)]
    assert not problems, f"Reflow or axe-core problems at {size}:\n" + "\n".join(problems)
