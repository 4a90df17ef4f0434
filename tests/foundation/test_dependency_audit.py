"""scripts/audit_dependencies.py against a loopback HTTP index that plays PyPI; the locks."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
FLASK_VERSION = metadata.version("flask")


def _load_script():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class FakeIndex:
    """Answers /pypi/<name>/json and /pypi/<name>/<version>/json from a table."""

    def __init__(self) -> None:
        # name -> {"newest": version or None (= installed), "vulns": [...], "release": bool}
        self.projects: dict[str, dict] = {}
        self.requests: list[str] = []

    def answer(self, path: str) -> dict | None:
        parts = path.strip("/").split("/")
        if len(parts) < 3 or parts[0] != "pypi":
            return None
        name = parts[1].lower()
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "0"
        spec = self.projects.get(name, {})
        if len(parts) == 4:  # per-release JSON
            if not spec.get("release"):
                return None
            return {"info": {"version": parts[2]}, "vulnerabilities": spec.get("vulns", [])}
        newest = spec.get("newest") or installed
        return {"info": {"version": newest}, "vulnerabilities": spec.get("vulns", [])}


@pytest.fixture
def index() -> Iterator[tuple[FakeIndex, str]]:
    fake = FakeIndex()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(self.path)
            body = fake.answer(self.path)
            if body is None:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_script(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), *args],
        env={"AUDIT_PYPI_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_clean_environment_passes_and_every_distribution_is_asked(index) -> None:
    fake, url = index
    result = run_script(url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 with known vulnerabilities" in result.stdout
    asked = {path.split("/")[2].lower() for path in fake.requests}
    assert {"flask", "weasyprint", "sqlalchemy", "jinja2"} <= asked


def test_known_vulnerability_in_the_installed_release_fails(index) -> None:
    fake, url = index
    fake.projects["flask"] = {
        "release": True,
        "vulns": [{"id": "PYSEC-TEST-1", "fixed_in": ["99.0"], "withdrawn": None}],
    }
    result = run_script(url)
    assert result.returncode == 1
    assert f"VULNERABLE flask {FLASK_VERSION}: PYSEC-TEST-1 (fixed in 99.0)" in result.stdout


def test_withdrawn_advisories_do_not_count(index) -> None:
    fake, url = index
    fake.projects["flask"] = {
        "release": True,
        "vulns": [{"id": "PYSEC-TEST-2", "fixed_in": ["99.0"], "withdrawn": "2026-01-01"}],
    }
    assert run_script(url).returncode == 0


def test_project_json_fallback_when_installed_is_newest(index) -> None:
    # No per-release JSON (as behind our mirror): the project JSON decides for the newest.
    fake, url = index
    fake.projects["flask"] = {"vulns": [{"id": "GHSA-TEST-3", "fixed_in": []}]}
    result = run_script(url)
    assert result.returncode == 1
    assert "GHSA-TEST-3" in result.stdout


def test_older_release_is_not_auditable_but_a_later_fix_still_hits_it(index) -> None:
    fake, url = index
    fake.projects["flask"] = {"newest": "99.0"}
    result = run_script(url)
    assert result.returncode == 0
    assert f"not auditable: flask {FLASK_VERSION}" in result.stdout
    assert run_script(url, "--strict").returncode == 1

    later_fix = {"id": "PYSEC-TEST-4", "fixed_in": ["99.1"]}
    fake.projects["flask"] = {"newest": "99.0", "vulns": [later_fix]}
    result = run_script(url)
    assert result.returncode == 1
    assert "PYSEC-TEST-4" in result.stdout


def test_unreachable_index_skips_with_a_message() -> None:
    result = run_script("http://127.0.0.1:9")
    assert result.returncode == 0
    assert "dependency audit skipped" in result.stdout


def test_version_order_is_numeric() -> None:
    script = _load_script()
    assert script._is_newer("3.1.10", "3.1.9")
    assert not script._is_newer("3.1.9", "3.1.10")
    assert not script._is_newer("2.0", "2.0")


# --- the locks the audited environment is installed from ------------------------------------

ROOT = SCRIPT.parents[1]


def _locked(name: str) -> dict[str, tuple[str, list[str]]]:
    """A compiled lock's requirements: normalised name -> (version, hashes)."""
    logical = (ROOT / name).read_text().replace("\\\n", " ")
    pins: dict[str, tuple[str, list[str]]] = {}
    for line in logical.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        assert "==" in words[0], f"{name}: not pinned: {line}"
        project, version = words[0].split("==")
        hashes = [w.removeprefix("--hash=") for w in words[1:] if w.startswith("--hash=sha256:")]
        assert hashes and len(hashes) == len(words) - 1, f"{name}: {words[0]} without hashes"
        pins[_normalised(project)] = (version, hashes)
    return pins


def _normalised(project: str) -> str:
    return project.split("[")[0].lower().replace("_", "-").replace(".", "-")


def _direct(name: str) -> dict[str, str]:
    """The direct dependencies an .in file names: normalised name -> pinned version."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            project, version = line.split("==")
            pins[_normalised(project)] = version
    return pins


def test_every_locked_requirement_is_pinned_and_hashed_and_the_locks_agree() -> None:
    runtime = _locked("requirements.txt")
    dev = _locked("requirements-dev.txt")
    assert {"flask", "redis", "limits", "werkzeug"} <= runtime.keys()
    for project, (version, _hashes) in runtime.items():
        assert dev[project][0] == version, project
    for source, lock in (("requirements.in", runtime), ("requirements-dev.in", dev)):
        for project, version in _direct(source).items():
            assert lock[project][0] == version, (source, project)


def test_the_environment_is_installed_from_the_lock() -> None:
    for project, (version, _hashes) in _locked("requirements-dev.txt").items():
        assert metadata.version(project) == version, project
