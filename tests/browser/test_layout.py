"""Layout and wording that first-time users trip over (issue 22): wide tables, the Steckbrief's
rows on phones, heading sizes, state badges, field widths, diagrams, wording and jargon."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Proposal, User
from tests.browser.helpers import assert_accessible, login, visit
from tests.browser.pages import build_site
from tests.documents import factories
from tests.foundation.test_wording import wording_problems

PHONE = {"viewport": {"width": 375, "height": 800}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

CONTACT = {
    "organisation": "Bundesministerium des Innern und für Heimat",
    "name": "Dr. Maximiliane Musterfrau-Beispielhausen",
    "function": "Referentin Informationssicherheitsmanagement",
    "email": "informationssicherheit.koordination@bmi.bund.example",
    "phone": "+49 30 18681-0",
}

# Every word of the given cells that the browser split between two letters.
_SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const cell of document.querySelectorAll(selector)) {
    const text = cell.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const pattern = /[^\\s\\/-]+/g;  // a break at a space, hyphen or slash is fine
    let match;
    while ((match = pattern.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""

# Each heading's font size, with the level of the heading: in document order.
_HEADINGS = """() => [...document.querySelectorAll("main h1, main h2, main h3, main h4")]
  .filter((h) => h.offsetParent !== null)
  .map((h) => ({level: Number(h.tagName[1]), size: parseFloat(getComputedStyle(h).fontSize),
                text: h.textContent.trim().slice(0, 40)}))"""


def _draft(app, owner_id: int, contacts: list[dict] | None = None) -> int:
    """A complete draft of the owner, with the given contact persons."""
    with app.app_context():
        proposal = factories.make_draft(db.session.get(User, owner_id))
        if contacts:
            content = dict(proposal.content)
            content["contacts"] = {"contacts": contacts}
            proposal.content = content
        db.session.commit()
        found = proposal.id
        db.session.remove()
    return found


def _signed_in(new_context, person, **options) -> Page:
    page = new_context(**options).new_page()
    login(page, person.email, person.password)
    return page


def test_wide_table_scrolls_in_a_labelled_focusable_region_with_shadows(account, new_context):
    admin = account("admin")
    page = _signed_in(new_context, admin, **PHONE)
    visit(page, "/verwaltung/benutzer")
    region = page.get_by_role("region", name=re.compile("^Alle Konten"))
    expect(region).to_be_visible()
    sizes = region.evaluate("(r) => ({scroll: r.scrollWidth, client: r.clientWidth})")
    assert sizes["scroll"] > sizes["client"], "the table should be wider than a phone"
    background = region.evaluate("(r) => getComputedStyle(r).backgroundImage")
    assert background.count("radial-gradient") == 2, "the edge shadows are missing"

    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.activeElement.scrollLeft > 0", polling="raf", timeout=2000
    )


def test_steckbrief_rows_are_cards_on_phones_and_keep_words_whole(
    live_server, account, new_context
):
    owner = account("applicant")
    proposal_id = _draft(live_server.app, owner.id, [CONTACT, {**CONTACT, "name": "Jo Beispiel"}])
    summary = f"/antraege/{proposal_id}/angaben-pruefen"

    wide = _signed_in(new_context, owner, **DESKTOP)
    visit(wide, summary)
    contacts = wide.locator("#zusammenfassung-contacts")
    expect(contacts.get_by_role("table")).to_be_visible()
    expect(contacts.get_by_role("cell", name=CONTACT["function"]).first).to_be_visible()
    split = wide.evaluate(_SPLIT_WORDS, ".steckbrief .kern-table__cell")
    assert not split, f"words broken between letters: {split}"

    narrow = _signed_in(new_context, owner, **PHONE)
    visit(narrow, summary)
    contacts = narrow.locator("#zusammenfassung-contacts")
    expect(contacts.get_by_role("table")).to_be_hidden()
    cards = contacts.locator(".steckbrief__card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_be_visible()
    expect(cards.first.locator("dt").first).to_have_text("Organisation")
    expect(cards.first).to_contain_text(CONTACT["email"])
    expect(cards.nth(1)).to_contain_text("Jo Beispiel")


def _assert_headings_shrink(page: Page) -> None:
    """No heading is larger than the heading of a higher level it stands under."""
    headings = page.evaluate(_HEADINGS)
    assert len({h["level"] for h in headings}) >= 2, headings
    above: dict[int, float] = {}
    for heading in headings:
        for level, size in above.items():
            if level < heading["level"]:
                assert heading["size"] <= size, f"{page.url}: {heading} is larger than h{level}"
        above = {lvl: s for lvl, s in above.items() if lvl < heading["level"]}
        above[heading["level"]] = heading["size"]


def test_headings_get_smaller_with_each_level(live_server, account, new_context):
    owner = account("applicant")
    proposal_id = _draft(live_server.app, owner.id)
    page = _signed_in(new_context, owner, **DESKTOP)
    for path in (f"/antraege/{proposal_id}/angaben-pruefen", "/gremien/pg-rabe"):
        visit(page, path, check=False)
        _assert_headings_shrink(page)
    with live_server.app.app_context():
        submitted = factories.in_resolution(db.session.get(User, owner.id))["proposal"].id
        db.session.remove()
    visit(page, f"/antraege/{submitted}", check=False)
    _assert_headings_shrink(page)


def test_draft_withdrawn_and_dissolved_have_badges_of_their_own(live_server, account, new_context):
    owner = account("applicant")
    admin = account("admin")
    build_site(live_server.app, owner.id, admin.id)
    page = _signed_in(new_context, owner, **DESKTOP)
    visit(page, "/meine-antraege")
    variants = {}
    for label in ("Entwurf", "Zurückgezogen", "Aufgelöst", "Eingesetzt", "Abgelehnt"):
        badge = page.locator(".kern-badge", has_text=label).first
        expect(badge).to_be_visible()
        variants[label] = badge.evaluate(
            "(b) => [...b.classList].find((c) => c.startsWith('kern-badge--'))"
            " + ' ' + getComputedStyle(b).backgroundColor"
        )
    colours = [variants[label] for label in ("Entwurf", "Zurückgezogen", "Aufgelöst")]
    assert len(set(colours)) == 3, variants
    with live_server.app.app_context():
        withdrawn = db.session.scalars(
            db.select(Proposal.id).where(
                Proposal.owner_id == owner.id, Proposal.state == "withdrawn"
            )
        ).first()
        db.session.remove()
    visit(page, f"/antraege/{withdrawn}", check=False)
    status = page.locator("#status .kern-badge")
    expect(status).to_contain_text("Zurückgezogen")
    expect(status).to_have_class(re.compile(variants["Zurückgezogen"].split()[0]))
    expect(status.locator(".kern-icon")).to_have_count(1)


def _width(page: Page, label: str, **options) -> float:
    return page.get_by_label(label, **options).first.evaluate("(e) => e.offsetWidth")


def test_short_values_get_short_fields(live_server, account, new_context):
    owner = account("applicant")
    proposal_id = _draft(live_server.app, owner.id)
    page = _signed_in(new_context, owner, **DESKTOP)
    visit(page, f"/antraege/{proposal_id}/schritt/basics", check=False)
    full = _width(page, "Vollständiger Name", exact=True)
    assert full > 900
    assert _width(page, "Kurzbezeichnung", exact=True) <= 448
    for label in ("Beginn", "Befristet bis", "Überprüfung der Fortführung"):
        assert _width(page, label) <= 224, label

    with live_server.app.app_context():
        factories.in_resolution()  # the session form lists proposals in resolution
        db.session.remove()
    office = _signed_in(new_context, account("secretariat"), **DESKTOP)
    visit(office, "/dokumente/sitzungsunterlage", check=False)
    assert _width(office, "Sitzung", exact=True) <= 224
    assert _width(office, "Datum", exact=True) <= 224
    visit(office, "/gremien/neu", check=False)
    assert _width(office, "Kurzname") <= 448 < _width(office, "Name", exact=True)
    assert _width(office, "Beginn") <= 224


def test_diagrams_use_fira_sans_and_phones_get_a_link_instead(page, new_context):
    visit(page, "/ablauf")
    family = page.locator("svg.workflow-diagram text").first.evaluate(
        "(t) => getComputedStyle(t).fontFamily"
    )
    assert family.replace('"', "").startswith("Fira Sans"), family
    assert page.evaluate("() => document.fonts.check('15px \"Fira Sans\"')")
    expect(page.get_by_role("link", name="Zum Ablauf als Tabelle")).to_be_hidden()

    phone = new_context(**PHONE).new_page()
    visit(phone, "/ablauf")
    expect(phone.get_by_role("img", name="Ablauf eines Antrags")).to_be_hidden()
    phone.get_by_role("link", name="Zum Ablauf als Tabelle").click()
    expect(phone).to_have_url(re.compile("#uebergaenge$"))
    expect(phone.get_by_role("region", name="Alle Übergänge als Tabelle")).to_be_in_viewport()

    visit(phone, "/gremien/")
    expect(phone.locator("#orgchart")).to_be_hidden()
    expect(phone.get_by_role("link", name="Zu den Listen der Gremien")).to_be_visible()


def test_pages_use_the_house_wording(live_server, account, new_context):
    public = new_context(**DESKTOP).new_page()
    for path in ("/", "/datenschutz", "/impressum", "/barrierefreiheit", "/ablauf", "/gremien/"):
        visit(public, path, check=False)
        text = public.locator("body").inner_text()
        assert not wording_problems(text), (path, wording_problems(text))
    visit(public, "/")
    expect(public.locator("main")).to_contain_text("Prüfer:innen prüfen den Steckbrief")

    office = _signed_in(new_context, account("secretariat"), **DESKTOP)
    live_server.app.config["EXPIRY_WARNING_DAYS"] = 1
    try:
        visit(office, "/")
        alert = office.locator("#befristungen-titel + *")
        count = int(re.match(r"\d+", alert.inner_text().strip()).group(0))
        noun = "befristetes Gremium endet" if count == 1 else "befristete Gremien enden"
        expect(alert).to_contain_text(f"{count} {noun} innerhalb von 1 Tag oder")
        visit(office, "/gremien/befristungen")
        expect(office.locator("main")).to_contain_text("Befristung innerhalb von 1 Tag endet")
    finally:
        live_server.app.config["EXPIRY_WARNING_DAYS"] = 90


def test_no_jargon_the_fingerprint_is_there_for_those_who_check(live_server, account, new_context):
    owner = account("applicant")
    with live_server.app.app_context():
        proposal = factories.in_resolution(db.session.get(User, owner.id))["proposal"]
        found = proposal.id, proposal.latest_version.sha256
        db.session.remove()
    page = _signed_in(new_context, owner, **DESKTOP)
    visit(page, f"/antraege/{found[0]}")
    facts = page.locator("main dl").first
    expect(facts).not_to_contain_text("SHA-256")
    expect(facts).not_to_contain_text("Prüfsumme")
    expect(page.get_by_text(found[1])).to_be_hidden()
    page.get_by_text("Echtheit prüfen").click()
    expect(page.get_by_text(found[1])).to_be_visible()
    assert_accessible(page)

    public = new_context(**DESKTOP).new_page()
    visit(public, "/gibt-es-nicht", status=404)
    expect(public.locator("main")).not_to_contain_text("Fehler 404")
    expect(public.get_by_role("alert")).to_contain_text("Die aufgerufene Seite gibt es nicht.")


def test_end_date_says_when_it_is_needed(live_server, account, new_context):
    owner = account("applicant")
    proposal_id = _draft(live_server.app, owner.id)
    page = _signed_in(new_context, owner, **DESKTOP)
    visit(page, f"/antraege/{proposal_id}/schritt/basics")
    label = page.locator("label", has_text="Befristet bis")
    expect(label).to_contain_text("Pflichtangabe, außer „bis auf Weiteres“")
    expect(label).not_to_contain_text("optional")
    expect(page.get_by_label("Befristet bis")).to_be_visible()
