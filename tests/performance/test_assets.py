"""Static assets: same origin, versioned URLs cached for a year, gzip for CSS, 304 answers."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin, urlsplit

import pytest

from app import assets

IMMUTABLE = "public, max-age=31536000, immutable"
REFERENCE_RE = re.compile(r'<(?:link|script|img)\b[^>]*\b(?:href|src)="([^"]+)"')
CSS_URL_RE = re.compile(r'url\("?(\./[^")]+)"?\)')


def _assets_of(page: str) -> list[str]:
    """The URLs a page makes the browser fetch (stylesheets, scripts, images)."""
    return [url.replace("&amp;", "&") for url in REFERENCE_RE.findall(page)]


def test_registry_page_references_only_versioned_same_origin_assets(client):
    page = client.get("/gremien/")
    assert page.status_code == 200
    assets = _assets_of(page.get_data(as_text=True))
    assert len(assets) == 3  # two KERN stylesheets and app.css: nothing else to fetch
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/"), url
        assert url.startswith("/assets/kern-") or "?v=" in url, f"{url} is not versioned"
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url
        assert "Set-Cookie" not in response.headers


def test_fonts_referenced_by_the_versioned_stylesheet_are_immutable_too(client):
    page = client.get("/gremien/").get_data(as_text=True)
    fonts_css = next(url for url in _assets_of(page) if url.endswith("fira-sans.css"))
    css = client.get(fonts_css).get_data(as_text=True)
    fonts = CSS_URL_RE.findall(css)
    assert fonts
    for relative in fonts:
        response = client.get(urljoin(fonts_css, relative))
        assert response.status_code == 200
        assert response.data[:4] == b"wOF2"
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert "Content-Encoding" not in response.headers  # woff2 is compressed already


def test_css_is_gzipped_for_clients_that_accept_it(client):
    page = client.get("/").get_data(as_text=True)
    kern = next(url for url in _assets_of(page) if url.endswith("kern.min.css"))
    plain = client.get(kern)
    packed = client.get(kern, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 4
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_conditional_get_answers_304(client, encoding):
    page = client.get("/").get_data(as_text=True)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    for url in _assets_of(page):
        first = client.get(url, headers=headers)
        etag = first.headers["ETag"]
        again = client.get(url, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.data == b""
        since = client.get(
            url, headers={**headers, "If-Modified-Since": first.headers["Last-Modified"]}
        )
        assert since.status_code == 304, url


def test_app_css_url_changes_with_its_content(app, client):
    page = client.get("/").get_data(as_text=True)
    url = next(url for url in _assets_of(page) if "app.css" in url)
    stale = url.split("?v=")[0] + "?v=000000000000"
    response = client.get(stale)
    assert response.status_code == 200  # still served, but not as immutable
    assert "immutable" not in response.headers["Cache-Control"]


def test_unknown_kern_version_and_other_files_are_404(client):
    assert client.get("/assets/kern-0.0.1/kern.min.css").status_code == 404
    page = client.get("/").get_data(as_text=True)
    kern = next(url for url in _assets_of(page) if url.endswith("kern.min.css"))
    assert client.get(kern.replace("kern.min.css", "js/kern-kopfzeile.js")).status_code == 404
    assert client.get(kern.replace("kern.min.css", "../package.json")).status_code == 404


def test_signed_in_users_get_the_same_cacheable_assets(client, user_factory, web):
    web.login(user_factory("applicant"))
    page = client.get("/").get_data(as_text=True)
    assert "Angemeldet als" in page
    for url in _assets_of(page):
        response = client.get(url)
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert "Set-Cookie" not in response.headers


def _app_css_url(client, **kwargs) -> str:
    page = client.get("/impressum", **kwargs).get_data(as_text=True)
    return next(url for url in _assets_of(page) if "app.css" in url)


def test_asset_urls_follow_the_mount_point_and_the_file(app, client, monkeypatch, tmp_path):
    (tmp_path / "app.css").write_text("body { color: black; }", encoding="utf-8")
    monkeypatch.setattr(assets, "STATIC_FOLDER", tmp_path)
    first = _app_css_url(client)
    mounted = _app_css_url(client, environ_overrides={"SCRIPT_NAME": "/gremienportal"})
    assert mounted == "/gremienportal" + first
    (tmp_path / "app.css").write_text("body { color: navy; }", encoding="utf-8")
    changed = _app_css_url(client)
    assert changed != first, "a changed file gets a new version in its URL"
    assert changed.split("?v=")[0] == first.split("?v=")[0]
    assert client.get(changed).get_data(as_text=True) == "body { color: navy; }"
