"""A locked-down URL fetcher: the app's own static files and data: URLs, nothing else."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """The fetcher refused a URL; WeasyPrint logs it and leaves the resource out."""


class StaticOnlyFetcher(URLFetcher):
    """Serve file: URLs inside the allowed roots and data: URLs; refuse everything else."""

    def __init__(self, roots: Iterable[Path | str]) -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """Return the resource, or raise RefusedURL."""
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        if scheme != "file":
            raise RefusedURL(f"Only local static files may be embedded: {url[:100]}")
        path = self.allowed_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def allowed_path(self, url: str) -> Path:
        """The real path of a file: URL if it is a file inside a root; RefusedURL otherwise."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"Remote file URL refused: {url[:100]}")
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            raise RefusedURL(f"File not found: {url[:100]}") from None
        if not path.is_file() or not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL(f"File outside the static folders refused: {url[:100]}")
        return path
