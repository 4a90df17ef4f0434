"""The benchmark's report: tables for docs/performance.md, a profile, the Sitzungsunterlage."""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path

from flask import render_template

from app import create_app
from app.extensions import db
from bench.pdf_render import REPORT, bare_render, machine, timed
from config import TestingConfig

WEB_HEADING = "## Web pages and API"
BUNDLE_HEADING = "## PDF: Sitzungsunterlage"
PROFILE_REQUESTS = 20
GET_PAGES = (
    "registry",
    "registry_fresh",
    "body",
    "body_fresh",
    "api_bodies",
    "api_proposals",
    "office_queue",
    "my_proposals",
)
SIGNED_IN = {
    "office_queue": "office",
    "proposal": "office",
    "my_proposals": "applicant",
    "registry_fresh": "office",
    "body_fresh": "office",
}

# The project's own code, wherever the checkout lies.
APP_DIR = (Path(__file__).resolve().parent.parent / "app").as_posix() + "/"


def _number(value: float) -> str:
    return f"{value:,.1f}".replace(",", " ")


def _cpu(page: dict, base: float | None) -> tuple[str, str]:
    """The CPU cells: milliseconds per request (app + db + client) and the share of /healthz
    it allows (the healthz request's CPU over this one's)."""
    if "cpu" not in page or not page["cpu"]:
        return "–", "–"
    cells = f"{page['cpu_app']:.2f} + {page['cpu_db']:.2f} + {page['cpu_client']:.2f}"
    return cells, f"{base / page['cpu']:.0%}" if base else "–"


def _table(run: dict) -> list[str]:
    pages = run["pages"]
    base = pages["healthz"]["rps"] or 1
    base_cpu = pages["healthz"].get("cpu")
    size = f"{run['size']:,}".replace(",", " ")
    lines = [
        f"**{run['db']}, {size} proposals** (data loaded in {run['load_seconds']:.0f} s)",
        "",
        "| Endpoint | req/s | × /healthz | p50 ms | p95 ms | p99 ms | ok / errors "
        "| CPU ms/req: app + db + client | × /healthz by CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in pages.values():
        cpu_cells, cpu_share = _cpu(page, base_cpu)
        lines.append(
            f"| {page['label']} | {_number(page['rps'])} | {page['rps'] / base:.0%} | "
            f"{page['p50']} | {page['p95']} | {page['p99']} | "
            f"{page['requests']} / {page['errors']} | {cpu_cells} | {cpu_share} |"
        )
    return [*lines, ""]


# Every read page and its target share of /healthz: public pages (no sign-in) 30 %, pages
# for a signed-in user or an API token 25 %.
PUBLIC_TARGET = 0.30
SIGNED_IN_TARGET = 0.25
TARGETS = {
    "registry": PUBLIC_TARGET,
    "body": PUBLIC_TARGET,
    "api_bodies": PUBLIC_TARGET,
    "registry_304": PUBLIC_TARGET,
    "body_304": PUBLIC_TARGET,
    "api_bodies_304": PUBLIC_TARGET,
    "registry_fresh": SIGNED_IN_TARGET,
    "body_fresh": SIGNED_IN_TARGET,
    "api_proposals": SIGNED_IN_TARGET,
    "api_proposals_deep": SIGNED_IN_TARGET,
    "office_queue": SIGNED_IN_TARGET,
    "my_proposals": SIGNED_IN_TARGET,
    "proposal": SIGNED_IN_TARGET,
}
READ_PAGES = tuple(TARGETS)


def paired_share(healthz: dict, page: dict) -> dict[str, float | None]:
    """A page's share of /healthz from one pair of bursts measured back to back: by
    throughput (its requests/s over healthz's) and by CPU (healthz's CPU per request over
    its own; None without CPU figures)."""
    by_cpu = healthz["cpu"] / page["cpu"] if page.get("cpu") and healthz.get("cpu") else None
    return {"rps": page["rps"] / (healthz["rps"] or 1), "cpu": by_cpu}


def shares(page: dict, healthz: dict) -> tuple[float, float | None, tuple[float, float] | None]:
    """A read page's share of /healthz: by throughput, by CPU and the throughput's range.

    With paired measurements (``paired``, one per round): their medians and the range of
    the throughput shares. Without (an older raw file): the best round's requests/s over
    the best healthz round's, the CPU averaged over the rounds.
    """
    pairs = page.get("paired")
    if pairs:
        by_rps = [pair["rps"] for pair in pairs]
        by_cpu = [pair["cpu"] for pair in pairs if pair["cpu"] is not None]
        return (
            statistics.median(by_rps),
            statistics.median(by_cpu) if by_cpu else None,
            (min(by_rps), max(by_rps)),
        )
    best = paired_share(healthz, page)
    return best["rps"], best["cpu"], None


def _share_cell(target: float, by_rps: float, by_cpu: float | None, spread) -> str:
    text = f"{by_rps:.0%}" if by_cpu is None else f"{by_rps:.0%} / {by_cpu:.0%}"
    if spread:
        text += f" ({spread[0]:.0%}–{spread[1]:.0%})"
    lowest = min(by_rps, 1 if by_cpu is None else by_cpu)
    below = round(lowest * 100) < round(target * 100)  # as printed
    return f"**{text}**" if below else text


def _target(runs: list[dict]) -> list[str]:
    """Per read page and data set: its share of /healthz by throughput and by CPU."""
    heads = [f"{run['db']} {run['size']:,}".replace(",", " ") for run in runs]
    lines = [
        "Share of `/healthz` (target ≥ 30 % for public pages, ≥ 25 % for signed-in and token "
        "pages), median of the rounds' paired measurements: by throughput / by CPU per "
        "request, and in brackets the lowest and highest share by throughput of a round:",
        "",
        "| Endpoint | target | " + " | ".join(heads) + " |",
        "|---|---:|" + "---:|" * len(runs),
    ]
    for name in READ_PAGES:
        cells = []
        for run in runs:
            page = run["pages"].get(name)
            share = None if page is None else shares(page, run["pages"]["healthz"])
            cells.append("–" if share is None else _share_cell(TARGETS[name], *share))
        label = runs[0]["pages"][name]["label"] if name in runs[0]["pages"] else name
        lines.append(f"| {label} | {TARGETS[name]:.0%} | " + " | ".join(cells) + " |")
    return [*lines, "", "Bold: a median below the page's target.", ""]


def _scaling(runs: list[dict]) -> list[str]:
    """p50 of the largest data set over the smallest, per database and endpoint."""
    lines = []
    for kind in dict.fromkeys(run["db"] for run in runs):
        mine = sorted((run for run in runs if run["db"] == kind), key=lambda run: run["size"])
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        lines += [
            f"**{kind}: {large['size']:,} vs {small['size']:,} proposals** (target ≤ 1.5×)".replace(
                ",", " "
            ),
            "",
            "| Endpoint | p50 large / small | req/s small / large | × /healthz small → large "
            "| within target |",
            "|---|---:|---:|---:|---|",
        ]
        for name, page in large["pages"].items():
            before = small["pages"][name]
            ratio = page["p50"] / before["p50"] if before["p50"] else float("nan")
            slowdown = before["rps"] / page["rps"] if page["rps"] else float("nan")
            shares = [
                run["pages"][name]["rps"] / (run["pages"]["healthz"]["rps"] or 1)
                for run in (small, large)
            ]
            verdict = "yes" if max(ratio, slowdown) <= 1.5 else "**no**"
            lines.append(
                f"| {page['label']} | {ratio:.2f}× | {slowdown:.2f}× | "
                f"{shares[0]:.0%} → {shares[1]:.0%} | {verdict} |"
            )
        lines.append("")
    return lines


def web_section(runs: list[dict], outcome: dict) -> str:
    """The markdown section with all tables."""
    started = datetime.fromtimestamp(outcome["started"], UTC)
    load_average = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    requests = os.environ.get("BENCH_REQUESTS", "450")
    lines = [
        WEB_HEADING,
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `make bench` "
        f"(web measurements {outcome['seconds'] / 60:.0f} min; load average (1/5/15 min) "
        "at the start "
        f"{outcome['load_start']}, at the end {load_average}). "
        f"gunicorn {version('gunicorn')} with {outcome['workers']} sync workers on loopback, "
        "production configuration; the client (`bench/load.py`) runs on the same machine with "
        f"{os.environ.get('BENCH_CONCURRENCY', '4')} threads and a new connection per request. "
        f"Per endpoint {requests} requests in {os.environ.get('BENCH_ROUNDS', '3')} rounds, after "
        "10 warm-up requests; the data sets of a database are served at the same time and "
        "measured in turn, and the best round is reported (the machine's load drifts). "
        "In every round a read page is measured right after a burst of `/healthz` with as "
        "many requests; the targets are judged on the median of these paired shares. "
        "Each round is capped at "
        f"{os.environ.get('BENCH_SECONDS', '20')} s. The CPU columns (`bench/cpu.py`) give "
        "the CPU time one request cost the gunicorn processes, the PostgreSQL server and the "
        'load client, read from /proc over the same round; "× /healthz by CPU" is the '
        "healthz request's CPU over the endpoint's: the throughput share that the CPU cost "
        "alone allows on a machine the three share, unaffected by other load that comes and "
        "goes.",
        "",
        "Machine:",
        "",
        *machine(),
        f"- SQLAlchemy {version('sqlalchemy')}, psycopg {version('psycopg')}, "
        f"Flask {version('flask')}, PostgreSQL server from `BENCH_POSTGRES`",
        "",
    ]
    for run in runs:
        lines += _table(run)
    lines += ["### Read pages against their targets", "", *_target(runs)]
    lines += ["### Scaling", "", *_scaling(runs)]
    profiled = [run for run in runs if run.get("profile")]
    if profiled:
        lines += ["### Profile of the slowest page", "", *profiled[-1]["profile"], ""]
    lines += [
        "Reproduce: `make bench` (default sizes), or "
        "`BENCH_SIZES=1000,10000,100000 make bench`; see the docstring of `bench/__main__.py` "
        "for every setting. Raw numbers: `$TMPDIR/gremienportal-bench.json`.",
        "",
    ]
    return "\n".join(lines)


def _group(filename: str) -> str:
    path = filename.replace(os.sep, "/")
    for marker, name in (
        (APP_DIR, "app code"),
        ("/sqlalchemy/", "SQLAlchemy"),
        ("/psycopg", "database driver"),
        ("sqlite3", "database driver"),
        ("/jinja2/", "Jinja (runtime)"),
        ("/templates/", "templates"),
        ("/flask_babel/", "Babel (translations)"),
        ("/babel/", "Babel (translations)"),
        ("/gettext.py", "Babel (translations)"),
        ("/werkzeug/", "Werkzeug/Flask"),
        ("/flask", "Werkzeug/Flask"),
        ("/wtforms/", "WTForms"),
        ("/markupsafe/", "Jinja (runtime)"),
    ):
        if marker in path:
            return name
    if "<template>" in path:
        return "templates"
    return "other"


def profile_slowest(app, dataset, results: dict) -> list[str]:
    """cProfile 20 in-process requests of the slowest GET page; time by package, top functions."""
    name = max(
        (n for n in results if n in (*GET_PAGES, "proposal")), key=lambda n: results[n]["p50"]
    )
    path = results[name]["label"].split()[1]
    if name == "proposal":
        path = f"/antraege/{dataset.show_proposal_id}"
    client = app.test_client()
    who = SIGNED_IN.get(name)
    if who:
        from app.models import User

        user = db.session.get(User, getattr(dataset, f"{who}_id"))
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["login_at"] = session["seen_at"] = int(time.time())
    headers = {"Authorization": f"Bearer {dataset.api_token}"}
    client.get(path, headers=headers)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(PROFILE_REQUESTS):
        with app.app_context():
            client.get(path, headers=headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values()) or 1
    groups: dict[str, float] = {}
    for (filename, _, _), row in stats.stats.items():
        groups[_group(filename)] = groups.get(_group(filename), 0) + row[2]
    lines = [
        f"`{path}` ({results[name]['label']}), {PROFILE_REQUESTS} requests in-process under "
        "cProfile; own time by package:",
        "",
        "| Package | share of own time |",
        "|---|---:|",
        *[
            f"| {group} | {seconds / total:.0%} |"
            for group, seconds in sorted(groups.items(), key=lambda item: -item[1])
        ],
        "",
        "Top functions of the app by cumulative time (ms per request):",
        "",
    ]
    own = [
        (row[3] / PROFILE_REQUESTS * 1000, f"{Path(file).name}:{func}")
        for (file, _, func), row in stats.stats.items()
        if APP_DIR in file.replace(os.sep, "/")
    ]
    lines += [f"- `{label}`: {ms:.1f}" for ms, label in sorted(own, reverse=True)[:10]]
    return lines


def pdf_bundle(count: int = 20) -> dict:
    """A Sitzungsunterlage of `count` Beschlussvorlagen: app render vs bare WeasyPrint."""
    from app.documents import operations, snapshots
    from app.pdf.render import PdfAttachment
    from tests.documents import factories

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/pdf.sqlite3")
        with app.app_context():
            db.create_all()
            proposals = [factories.in_resolution()["proposal"] for _ in range(count)]
            vorlagen = [operations.vorlage_snapshot(proposal) for proposal in proposals]
            doc = snapshots.bundle("42", date(2026, 12, 3), vorlagen)
            meta = snapshots.bundle_meta(doc)
            attachments = [
                PdfAttachment(
                    f"steckbrief-{item['reference']}.json",
                    item["steckbrief"]["json"].encode(),
                    "Gremiensteckbrief (JSON)",
                    doc["moment"],
                )
                for item in vorlagen
            ]
            html = render_template("pdf/sitzung.html", doc=doc, meta=meta)
            pdf = operations._render("pdf/sitzung.html", doc, meta, attachments)  # warm
            app_ms = timed(
                lambda: operations._render("pdf/sitzung.html", doc, meta, attachments), 2
            )
            bare_ms = timed(lambda: bare_render(html), 1)
            db.engine.dispose()
    return {"count": count, "app_ms": app_ms, "bare_ms": bare_ms, "size_kb": len(pdf) / 1024}


def bundle_section(result: dict) -> str:
    """The markdown of the Sitzungsunterlage measurement."""
    return "\n".join(
        [
            BUNDLE_HEADING,
            "",
            f"A Sitzungsunterlage with {result['count']} Beschlussvorlagen "
            f"({result['size_kb']:.0f} KiB, {result['count']} JSON attachments), measured by "
            "`make bench` right after the web pages on the same machine.",
            "",
            "| Measurement | ms |",
            "|---|---:|",
            f"| App render (median of 2, after a warm-up render) | {result['app_ms']:.0f} |",
            f"| Bare WeasyPrint render of the same HTML (1 run) | {result['bare_ms']:.0f} |",
            "",
            f"Bare / app: **{result['bare_ms'] / result['app_ms']:.2f}×**; per Vorlage the app "
            f"needs {result['app_ms'] / result['count']:.0f} ms.",
            "",
        ]
    )


def write_section(heading: str, section: str) -> None:
    """Replace (or append) one section of docs/performance.md."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n\n"
    if heading in text:
        before, _, rest = text.partition(heading)
        index = rest.find("\n## ")
        text = before + section + ("\n" + rest[index + 1 :] if index >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")
