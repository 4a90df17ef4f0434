"""Check the installed (pinned) Python dependencies against PyPI's known vulnerabilities.

`make test` runs this after the linters. It does what `pip-audit --vulnerability-service pypi`
does, with one fallback that lets it work behind the package mirrors this project is built
with (they serve PyPI's project JSON but not the per-release JSON that pip-audit asks for):

1. For every distribution installed in the virtual environment (the resolved closure of
   requirements.txt and requirements-dev.txt), ask PyPI for that release's JSON
   (``/pypi/<name>/<version>/json``); its ``vulnerabilities`` list is authoritative.
2. If the per-release JSON is not available, ask for the project's JSON
   (``/pypi/<name>/json``). Its ``vulnerabilities`` list describes the newest release; it
   settles the question only when the installed release *is* the newest. A vulnerability
   listed there whose ``fixed_in`` versions are all newer than the installed release is
   reported as well.
3. A distribution that neither answer covers is listed as "not auditable" (a warning).

Exit codes: 0 no known vulnerability (or the index is not reachable: the check is skipped,
with a message, so that `make test` works offline); 1 at least one known vulnerability;
2 usage error. ``--strict`` also fails on distributions that could not be audited.

The index is ``AUDIT_PYPI_URL`` (default https://pypi.org); only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata

DEFAULT_INDEX = "https://pypi.org"
TIMEOUT = 15


@dataclass
class Finding:
    name: str
    version: str
    vulnerabilities: list[dict] = field(default_factory=list)
    audited: bool = True
    source: str = ""


def _version_key(text: str) -> tuple:
    """A sort key for plain release numbers ("3.1.10" > "3.1.9"); other text sorts last."""
    parts: list[tuple[int, object]] = []
    for piece in text.replace("-", ".").split("."):
        parts.append((0, int(piece)) if piece.isdigit() else (1, piece))
    return tuple(parts)


def _is_newer(candidate: str, installed: str) -> bool:
    return _version_key(candidate) > _version_key(installed)


def _get_json(url: str) -> dict | None:
    """The JSON at url, or None for 404; other failures raise OSError."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an HTTP(S) index: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def _open(vulnerabilities: Iterable[dict]) -> list[dict]:
    return [v for v in vulnerabilities if not v.get("withdrawn")]


def audit_one(index: str, name: str, version: str) -> Finding:
    """Known vulnerabilities of one installed release (see the module docstring)."""
    release = _get_json(f"{index}/pypi/{name}/{version}/json")
    if release is not None:
        vulns = _open(release.get("vulnerabilities") or [])
        return Finding(name, version, vulns, True, "release")
    project = _get_json(f"{index}/pypi/{name}/json")
    if project is None:
        return Finding(name, version, [], False, "unknown to the index")
    newest = (project.get("info") or {}).get("version", "")
    listed = _open(project.get("vulnerabilities") or [])
    if newest == version:
        return Finding(name, version, listed, True, "project (installed is newest)")
    # Vulnerabilities of the newest release that are fixed only after ours also hit ours.
    hits = [
        v
        for v in listed
        if v.get("fixed_in") and all(_is_newer(fixed, version) for fixed in v["fixed_in"])
    ]
    return Finding(name, version, hits, False, f"project (newest is {newest})")


def installed_distributions() -> list[tuple[str, str]]:
    """(name, version) of every distribution in this interpreter's environment."""
    seen: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            seen.setdefault(name.lower().replace("_", "-"), dist.version)
    return sorted(seen.items())


def reachable(index: str) -> bool:
    try:
        _get_json(f"{index}/pypi/pip/json")
    except (OSError, ValueError):
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="also fail on unauditable ones")
    args = parser.parse_args(argv)
    index = os.environ.get("AUDIT_PYPI_URL", DEFAULT_INDEX).rstrip("/")

    if not reachable(index):
        print(f"dependency audit skipped: {index} is not reachable")
        return 0
    distributions = installed_distributions()
    with ThreadPoolExecutor(max_workers=16) as pool:
        findings = list(pool.map(lambda nv: audit_one(index, *nv), distributions))

    vulnerable = [f for f in findings if f.vulnerabilities]
    unaudited = [f for f in findings if not f.audited]
    for finding in vulnerable:
        for vuln in finding.vulnerabilities:
            fixed = ", ".join(vuln.get("fixed_in") or []) or "no fix yet"
            where = f"{finding.name} {finding.version}"
            print(f"VULNERABLE {where}: {vuln.get('id')} (fixed in {fixed})")
    for finding in unaudited:
        print(f"not auditable: {finding.name} {finding.version} ({finding.source})")
    print(
        f"dependency audit: {len(findings)} distributions, {len(vulnerable)} with known "
        f"vulnerabilities, {len(unaudited)} not auditable"
    )
    if vulnerable:
        return 1
    if args.strict and unaudited:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
