"""The documents by their content: texts, marks, metadata, fonts, attachment, determinism."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest

from app.audit.history import canonical_json
from app.documents import operations
from tests.documents import factories
from tests.documents.pdfs import flat_text, fonts_of, outline_titles, reader, text_of

MAJORITY = (
    "Bundes und von mindestens 11 Ländern, die zusammen mindestens zwei Drittel der "
    "Finanzierungsanteile nach dem Königsteiner Schlüssel auf sich vereinen"
)


def _version_pdf(proposal) -> bytes:
    return operations.steckbrief_pdf(proposal, proposal.latest_version)[1]


def test_steckbrief_shows_every_section_with_reference_version_and_hash(resolution):
    proposal = resolution["proposal"]
    version = proposal.latest_version
    text = flat_text(_version_pdf(proposal))
    from app.proposals.schema import SECTIONS

    for number, section in enumerate(SECTIONS, start=1):
        assert f"{number}. {section.title}" in text
    positions = [text.index(f"{n}. {s.title}") for n, s in enumerate(SECTIONS, start=1)]
    assert positions == sorted(positions)
    assert f"{proposal.reference} · Version 1 · SHA-256 {version.sha256}" in text
    assert "Projektgruppe Barrierefreie Online-Dienste" in text
    assert "31.12.2027" in text and "Erika Mustermann" in text
    assert "ENTWURF" not in text


def test_draft_is_marked_on_every_page(resolution):
    proposal = resolution["proposal"]
    data = operations.steckbrief_pdf(proposal, None)[1]
    pages = text_of(data).split("\f")[:-1]
    assert len(pages) > 1
    assert all("ENTWURF" in page for page in pages)
    assert "SHA-256" not in flat_text(data)


def test_rendering_is_reproducible_and_versions_differ(resolution):
    proposal = resolution["proposal"]
    first, second = _version_pdf(proposal), _version_pdf(proposal)
    assert first == second
    proposal.content = {**proposal.content, "goals": {"goals": [], "non_goals": "Neu."}}
    factories.freeze(proposal, resolution["owner"])
    assert _version_pdf(proposal) != first
    vorlage = operations.vorlage_snapshot(proposal)
    assert operations.vorlage_pdf(vorlage) == operations.vorlage_pdf(vorlage)


def test_archival_metadata_tags_language_and_title(resolution):
    proposal = resolution["proposal"]
    pdf = reader(_version_pdf(proposal))
    catalog = pdf.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "de"
    assert pdf.metadata.title.startswith(f"Gremiensteckbrief {proposal.reference} (Version 1)")
    assert pdf.metadata.author == "Land Hessen"
    assert pdf.metadata.creation_date.date() == date(2026, 3, 2)
    assert len(pdf.trailer["/ID"]) == 2


def test_all_fonts_are_embedded(resolution):
    rows = fonts_of(operations.vorlage_pdf(operations.vorlage_snapshot(resolution["proposal"])))
    assert rows and any("Fira-Sans" in row[0] for row in rows)
    for row in rows:
        assert row[-5] == "yes", row  # the "emb" column


def test_attachment_is_the_canonical_version_json(resolution):
    proposal = resolution["proposal"]
    version = proposal.latest_version
    attachments = reader(_version_pdf(proposal)).attachments
    assert list(attachments) == ["steckbrief.json"]
    data = attachments["steckbrief.json"][0]
    assert data == canonical_json(version.content).encode("utf-8")
    assert hashlib.sha256(data).hexdigest() == version.sha256


def test_vorlage_cover_wording_recommendations_majority_and_annex(resolution):
    proposal = resolution["proposal"]
    text = flat_text(operations.vorlage_pdf(operations.vorlage_snapshot(proposal)))
    assert "Betreff Einsetzung der Projektgruppe Barrierefreie Online-Dienste (PG BOD)" in text
    assert "Eingereicht von Land Hessen" in text
    assert (
        "1. Der IT-Planungsrat beschließt die Einsetzung der Projektgruppe Barrierefreie "
        "Online-Dienste (PG BOD) befristet bis 31.12.2027 nach dem Gremiensteckbrief in der "
        "Anlage." in text
    )
    assert "2. Er bittet die Projektgruppe um jährlichen Bericht an den" in text
    assert "Abschlussbericht zum 31.12.2027" in text
    assert MAJORITY in text
    assert "Sachverhalt Anlass Viele Online-Dienste erfüllen die BITV 2.0 noch nicht." in text
    assert "Rita Prüfer, FITKO" in text and "Empfehlung zur Einsetzung." in text
    assert "Anlage: Gremiensteckbrief" in text and "15. Ansprechpersonen" in text


def test_vorlage_uses_the_office_edit(resolution, office):
    proposal = resolution["proposal"]
    operations.save_resolution_text(proposal, office, "1. Der IT-Planungsrat nimmt Kenntnis.")
    text = flat_text(operations.vorlage_pdf(operations.vorlage_snapshot(proposal)))
    assert "1. Der IT-Planungsrat nimmt Kenntnis." in text
    assert "beschließt die Einsetzung der Projektgruppe" not in text.split("Sachverhalt")[0]


def test_beschluss_header_title_text_and_hash(decided):
    proposal, decision = decided["proposal"], decided["decision"]
    data = operations.beschluss_pdf(decision)
    text = flat_text(data)
    assert "IT-Planungsrat | 03.11.2023 | 42. Sitzung | Beschluss 2023/41" in text
    assert "Einsetzung:" not in text  # the title is the topic, as the council's are
    assert decision.title == "Projektgruppe Barrierefreie Online-Dienste"
    assert "beschließt die Einsetzung der Projektgruppe" in text
    assert "die Anlage nennt ihn ebenfalls. Geschäftsstelle des IT-Planungsrats" in text
    assert proposal.latest_version.sha256 in text
    assert reader(data).metadata.title == f"Beschluss 2023/41: {decision.title}"


def test_beschluss_in_written_procedure_and_recorded_text(db):
    cast = factories.in_resolution()
    decision = factories.decide(
        cast["proposal"],
        session="Umlaufverfahren",
        number="2024/07",
        year=2024,
        sequence=7,
        decided_on=date(2024, 2, 1),
        text="1. Der IT-Planungsrat beschließt die Einsetzung.",
    )
    text = flat_text(operations.beschluss_pdf(decision))
    assert "IT-Planungsrat | 01.02.2024 | Umlaufverfahren | Beschluss 2024/07" in text
    assert "1. Der IT-Planungsrat beschließt die Einsetzung." in text


def test_beschluss_of_a_dissolution(decided):
    proposal = decided["proposal"]
    decision = factories.decide(
        proposal,
        "dissolve",
        number="2025/03",
        year=2025,
        sequence=3,
        decided_on=date(2025, 3, 20),
        session="47",
        title="Auflösung: PG BOD",
    )
    text = flat_text(operations.beschluss_pdf(decision))
    assert "IT-Planungsrat | 20.03.2025 | 47. Sitzung | Beschluss 2025/03" in text
    assert "beschließt die Auflösung der Projektgruppe" in text and "zum 20.03.2025" in text


@pytest.fixture
def bundle(db, office):
    """A Sitzungsunterlage of two proposals in resolution."""
    first = factories.in_resolution()["proposal"]
    second = factories.in_resolution(
        content=factories.complete_steckbrief("arbeitsgruppe", factories.make_body().id)
    )["proposal"]
    document = operations.issue_bundle([first, second], office, "42", date(2026, 6, 18))
    return document, [first, second]


def test_bundle_has_cover_toc_with_page_numbers_and_bookmarks(bundle):
    document, proposals = bundle
    pages = [" ".join(page.split()) for page in text_of(document.data).split("\f")]
    assert "Sitzungsunterlage IT-Planungsrat · 42. Sitzung · 18.06.2026" in pages[0]
    for index, proposal in enumerate(proposals, start=1):
        entry = re.search(rf"{index}\. {proposal.reference}: [^.]+ \.{{3,}} (\d+)", pages[0])
        assert entry, pages[0]
        target = pages[int(entry[1]) - 1]
        assert f"Beschlussvorlage {proposal.reference}: Einsetzung" in target
    titles = outline_titles(document.data)
    for proposal in proposals:
        assert any(title.startswith(f"Beschlussvorlage {proposal.reference}") for title in titles)
    assert "bis auf Weiteres" in flat_text(document.data)


def test_bundle_attaches_each_version(bundle):
    document, proposals = bundle
    attachments = reader(document.data).attachments
    for proposal in proposals:
        name = f"steckbrief-{proposal.reference}-v1.json"
        assert hashlib.sha256(attachments[name][0]).hexdigest() == proposal.latest_version.sha256
