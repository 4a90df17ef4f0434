"""Benchmark of PDF rendering: app vs bare WeasyPrint, first vs later renders, stored download.

Run: .venv/bin/python -m bench.pdf_render   (writes the "PDF rendering" section of
docs/performance.md). Uses a throw-away SQLite database; no timed assertions anywhere.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import weasyprint
from flask import render_template

from app import create_app
from app.documents import operations, snapshots
from app.extensions import db
from app.pdf import render as pdf_render
from config import TestingConfig
from tests.documents import factories
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "performance.md"
HEADING = "## PDF rendering"
LATER_RUNS = 7


def timed(action: Callable[[], object], runs: int) -> float:
    """The median wall time of runs calls, in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bare_render(html: str) -> bytes:
    """WeasyPrint as shipped: default fetcher, fresh fonts and stylesheet parse every time."""
    fonts = weasyprint.text.fonts.FontConfiguration()
    css = weasyprint.CSS(
        string=pdf_render.STYLESHEET.read_text(encoding="utf-8"),
        base_url=weasyprint.urls.path2url(str(pdf_render.allowed_roots()[1] / "fonts")) + "/",
        font_config=fonts,
    )
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[css], font_config=fonts, pdf_variant=pdf_render.PDF_VARIANT, pdf_tags=True
    )


def measure(app) -> dict[str, float]:
    """All timings in one run, in milliseconds."""
    cast = factories.in_resolution()
    proposal = cast["proposal"]
    office = make_user("secretariat")
    db.session.commit()
    doc = operations.vorlage_snapshot(proposal)
    html = render_template("pdf/vorlage.html", doc=doc, meta=snapshots.vorlage_meta(doc))
    pdf_render._resources.cache_clear()
    results = {"app_first": timed(lambda: operations.vorlage_pdf(doc), 1)}
    results["app_later"] = timed(lambda: operations.vorlage_pdf(doc), LATER_RUNS)
    results["bare"] = timed(lambda: bare_render(html), LATER_RUNS)
    document = operations.issue_vorlage(proposal, office)
    db.session.commit()
    results["download"] = timed(lambda: _download(app, cast["owner"], proposal.id), LATER_RUNS)
    results["pages"] = len(weasyprint.HTML(string=html).render().pages)
    results["size_kb"] = document.size / 1024
    return results


def _download(app, owner, proposal_id: int) -> None:
    with app.test_client() as client:
        with client.session_transaction() as session:
            session["_user_id"] = owner.get_id()
            session["login_at"] = session["seen_at"] = int(time.time())
        response = client.get(f"/dokumente/antraege/{proposal_id}/beschlussvorlage.pdf")
        assert response.status_code == 200 and response.data.startswith(b"%PDF")


def machine() -> list[str]:
    """A description of this machine and the software versions."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S607
    return [
        f"- CPU: {cpu}, `nproc` = {nproc}",
        f"- RAM: {memory_kb / 1024 / 1024:.1f} GiB",
        f"- Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"{platform.system()} {platform.release()}",
    ]


def report(results: dict[str, float]) -> str:
    """The markdown section with the table, the ratios and how to reproduce."""
    rows = [
        ("App render, first in the process (fonts and CSS loaded)", results["app_first"]),
        (f"App render, later (median of {LATER_RUNS})", results["app_later"]),
        (f"Bare WeasyPrint render of the same HTML (median of {LATER_RUNS})", results["bare"]),
        (
            f"Download of the stored PDF via test client (median of {LATER_RUNS})",
            results["download"],
        ),
    ]
    table = ["| Measurement | ms |", "|---|---:|"] + [f"| {name} | {ms:.1f} |" for name, ms in rows]
    later = results["app_later"]
    ratios = [
        f"- bare WeasyPrint / app later render: **{results['bare'] / later:.2f}×**",
        f"- app first / app later render: **{results['app_first'] / later:.2f}×**",
        f"- app later render / stored download: **{later / results['download']:.0f}×**",
    ]
    return "\n".join(
        [
            HEADING,
            "",
            f"A Beschlussvorlage of {results['pages']:.0f} pages ({results['size_kb']:.0f} KiB, "
            "PDF/A-3a, tagged, one JSON attachment), rendered inside the app process.",
            "",
            *table,
            "",
            "Ratios:",
            "",
            *ratios,
            "",
            "The app keeps one font configuration and the parsed stylesheet per process "
            "(`app/pdf/render.py`); downloads of issued documents serve stored bytes and never "
            "render.",
            "",
            "Machine:",
            "",
            *machine(),
            "",
            "Reproduce: `.venv/bin/python -m bench.pdf_render` (writes this section).",
            "",
        ]
    )


def write_section(section: str) -> None:
    """Replace (or append) the "PDF rendering" section of docs/performance.md."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n\n"
    if HEADING in text:
        before, _, rest = text.partition(HEADING)
        index = rest.find("\n## ")
        text = before + section + ("\n" + rest[index + 1 :] if index >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")


def main() -> None:
    """Run the benchmark, print the table and write the report."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3")
        with app.app_context():
            db.create_all()
            section = report(measure(app))
            db.engine.dispose()
    print(section)
    write_section(section)


if __name__ == "__main__":
    main()
