"""Public files carry no personal data: every PDF that anyone can download without signing in,
and every file attached to it, leaves out the contact persons of the Steckbrief, and says
which full version it was made from."""

from __future__ import annotations

import json
import re

from app.documents import operations
from tests.documents import factories
from tests.documents.pdfs import flat_text, reader

LINK = re.compile(r'href="(/dokumente/[^"]+\.pdf)"')
SEGMENTS = ("steckbrief", "beschlussvorlage", "beschluss", "sitzungsunterlage")


def _personal_values(content: dict) -> list[str]:
    values = []
    for row in content["contacts"]["contacts"]:
        values += [row[key] for key in ("name", "email", "phone") if row.get(key)]
    return values


def _issue_everything(db, office) -> tuple[dict, list[int]]:
    cast = factories.established()
    issued = [operations.issue_beschluss(cast["decision"], office)]
    other = factories.in_resolution()
    issued.append(operations.issue_vorlage(other["proposal"], office))
    db.session.commit()
    return cast, [document.id for document in issued]


def _public_pdfs(client, document_ids: list[int]) -> dict[str, bytes]:
    """Every PDF an anonymous visitor reaches: the linked ones and any id under any kind."""
    found = {}
    for path in LINK.findall(client.get("/dokumente/beschluesse/").get_data(as_text=True)):
        found[path] = client.get(path)
    for segment in SEGMENTS:
        for document_id in document_ids:
            path = f"/dokumente/{segment}/{document_id}.pdf"
            found[path] = client.get(path)
    return {path: response.data for path, response in found.items() if response.status_code == 200}


def test_no_public_pdf_or_attachment_names_a_contact_person(db, client, office):
    cast, document_ids = _issue_everything(db, office)
    version = cast["proposal"].latest_version
    personal = _personal_values(version.content)
    assert personal and "poststelle@fitko.example" in personal
    pdfs = _public_pdfs(client, document_ids)
    assert len(pdfs) >= 2  # the Beschluss, by its list link and by its id
    for path, data in pdfs.items():
        text = flat_text(data)
        attachments = reader(data).attachments
        assert attachments, path
        for value in personal:
            assert value not in text, (path, value)
            for name, contents in attachments.items():
                assert value.encode() not in contents[0], (path, name, value)


def test_the_attachment_names_the_full_version_it_was_made_from(db, client, office):
    cast, _ids = _issue_everything(db, office)
    version = cast["proposal"].latest_version
    data = client.get("/dokumente/beschluesse/2023-41.pdf")
    assert data.status_code == 200
    attached = json.loads(reader(data.data).attachments["steckbrief.json"][0])
    assert attached["source_sha256"] == version.sha256
    assert attached["source_version"] == version.number
    assert attached["omitted_sections"] == ["contacts"]
    assert "contacts" not in attached["steckbrief"]
    assert attached["steckbrief"]["mandate"] == version.content["mandate"]
    assert version.sha256 in flat_text(data.data)
    assert "ohne die Ansprechpersonen" in flat_text(data.data)


def test_the_office_keeps_the_full_version(db, web, office):
    cast, _ids = _issue_everything(db, office)
    proposal = cast["proposal"]
    web.login(office)
    response = web.client.get(f"/dokumente/antraege/{proposal.id}/versionen/1/steckbrief.pdf")
    assert response.status_code == 200
    attached = reader(response.data).attachments["steckbrief.json"][0]
    assert b"poststelle@fitko.example" in attached
