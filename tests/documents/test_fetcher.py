"""Nothing a user types can make a PDF fetch or embed anything: the fetcher and escaping."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from weasyprint.urls import path2url

from app.assets import STATIC_FOLDER
from app.documents import operations
from app.pdf import RefusedURL, StaticOnlyFetcher, render_pdf
from app.pdf.render import allowed_roots
from tests.documents import factories
from tests.documents.pdfs import flat_text, reader


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback():
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    _Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.requests
    server.shutdown()
    thread.join(timeout=5)


def _hostile(base: str) -> dict[str, str]:
    return {
        "img": f'<img src="{base}/x">',
        "css": (
            f'<div style="background: url({base}/y)">x</div><style>@import url({base}/z);</style>'
        ),
        "file": '<img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/passwd">p</a>',
    }


def _hostile_content(base: str, body_id: int) -> dict:
    content = factories.complete_steckbrief(body_id=body_id)
    hostile = _hostile(base)
    content["master_data"]["name"] = hostile["img"]
    content["mandate"]["reason"] = hostile["css"]
    content["mandate"]["mandate"] = hostile["file"]
    content["contacts"]["contacts"][0]["name"] = hostile["img"]
    return content


def _image_count(data: bytes) -> int:
    count = 0
    for page in reader(data).pages:
        images = page["/Resources"].get_object().get("/XObject")
        count += len(images.get_object()) if images is not None else 0
    return count


def _assert_inert(data: bytes, requests: list[str]) -> None:
    assert requests == []
    assert list(reader(data).attachments) in ([], ["steckbrief.json"])
    assert _image_count(data) == 0
    assert "root:x:0" not in flat_text(data)


def test_typed_markup_is_printed_literally_and_fetches_nothing(db, loopback, office):
    base, requests = loopback
    body = factories.make_body()
    cast = factories.in_resolution(content=_hostile_content(base, body.id))
    proposal = cast["proposal"]
    operations.save_resolution_text(proposal, office, _hostile(base)["css"])
    for data in (
        operations.steckbrief_pdf(proposal, None)[1],
        operations.steckbrief_pdf(proposal, proposal.latest_version)[1],
        operations.vorlage_pdf(operations.vorlage_snapshot(proposal)),
    ):
        _assert_inert(data, requests)
        text = flat_text(data)
        assert f'<img src="{base}/x">' in text
        assert "file:///etc/passwd" in text


def test_fetcher_blocks_markup_that_reaches_the_renderer(app, loopback):
    base, requests = loopback
    html = (
        f'<html lang="de"><head><title>t</title><link rel="stylesheet" href="{base}/s.css">'
        f"<style>body {{ background: url({base}/bg.png) }}</style></head><body>"
        f"{_hostile(base)['img']}{_hostile(base)['file']}"
        '<img src="file:///etc/hostname"><p>Inhalt</p></body></html>'
    )
    data = render_pdf(html)
    _assert_inert(data, requests)
    assert "Inhalt" in flat_text(data)


PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)


def test_images_from_allowed_sources_do_embed(app):
    data = render_pdf(f'<html lang="de"><body><img src="{PIXEL}" alt="Punkt"></body></html>')
    assert _image_count(data) == 1


@pytest.fixture
def fetcher(app):
    """The fetcher with the app's real roots."""
    return StaticOnlyFetcher(allowed_roots())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x.png",
        "https://example.org/font.woff2",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://remote.example/etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_foreign_urls(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_fetcher_refuses_traversal_out_of_a_root(fetcher, app):
    static = STATIC_FOLDER.resolve()
    for url in (
        path2url(str(static)) + "/../../../../etc/passwd",
        path2url(str(static)) + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        path2url(str(static)),  # a folder, not a file
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_fetcher_refuses_a_symlink_leading_out(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    (root / "leak.css").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher([root]).fetch(path2url(str(root / "leak.css")))


def test_fetcher_serves_static_files_and_data_urls(fetcher, app):
    css = STATIC_FOLDER / "app.css"
    response = fetcher.fetch(path2url(str(css)))
    assert response.read() == css.read_bytes()
    assert response.content_type == "text/css"
    font = allowed_roots()[1] / "fonts" / "fira-sans" / "FiraSans-Regular.woff2"
    assert fetcher.fetch(path2url(str(font))).read()[:4] == b"wOF2"
    assert fetcher.fetch("data:text/plain;base64,SGFsbG8=").read() == b"Hallo"
