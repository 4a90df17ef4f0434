"""`make bench-instructions`: the read pages' CPU instructions per request, counted by valgrind.

The throughput benchmark (`make bench`) shares the machine's two cores with whatever else
runs on it; its shares of /healthz moved by ±8 points between runs minutes apart. This count
hardly moves: callgrind counts the instructions the app's process executes (user space
only: not the kernel, the database server or an HTTP server), for the same code, data and
Python nearly the same whatever else the machine does (two runs: within 0.3 % for most
pages, 3 % for the anonymous body page). It answers "did this change make the pages
cheaper, and by how much", to a percent or better; the throughput benchmark answers
"how fast is it on this machine".

How: a data set is generated as for `make bench` (PostgreSQL if reachable, else SQLite). A
child process runs under `valgrind --tool=callgrind`, builds the app with the production
configuration, warms every page up, then calls the WSGI app in-process REQUESTS times per
page; a call of ``os.getppid()`` after each page makes callgrind write its counts so far
(``--dump-before=os_getppid``), so each dump holds one page's requests. This needs a Python
whose symbols name its C functions (the pyenv build here does; with a stripped build
callgrind writes no dumps, and the tool says so). The child allocates with Python's own
allocator, as in production: ``PYTHONMALLOC=malloc``, which valgrind's memory checker
wants, would count libc's malloc instead (7 % more instructions for a signed-in page).

Settings: BENCH_SIZE [10000] proposals; BENCH_DATABASES [postgresql]: postgresql or sqlite;
BENCH_REQUESTS [30] per page; BENCH_WRITE [1]: write the section of docs/performance.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.report import write_section
from bench.server import SECRET_KEY

HEADING = "## Instructions per request"
MARKER = "os.getppid"
WARM_UP = 10
SUMMARY_RE = re.compile(rb"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def setting(name: str, default: str) -> str:
    """A BENCH_* environment variable."""
    return os.environ.get(f"BENCH_{name}", default)


# The parent: data, the child under valgrind, the report ----------------------------------


def main() -> None:
    """Generate the data, count, print (and write) the table."""
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    from app import create_app
    from app.extensions import db
    from bench.__main__ import postgres_reachable, prepare, scratch_database
    from bench.scenarios import Session, read_pages
    from config import TestingConfig

    size = int(setting("SIZE", "10000"))
    kind = setting("DATABASES", "postgresql").split(",")[0].strip()
    if kind == "postgresql" and not postgres_reachable():
        kind = "sqlite"
    requests = int(setting("REQUESTS", "30"))
    with scratch_database(kind, size) as url:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET_KEY)
        with app.app_context():
            dataset, _seconds = prepare(app, size)
            pages = {
                name: {
                    "label": label,
                    "path": path,
                    "headers": caller.headers if isinstance(caller, Session) else caller,
                }
                for name, (label, path, caller) in read_pages(app, dataset).items()
            }
            db.session.remove()
            db.engine.dispose()
        counts = count(url, pages, requests)
    rows = per_request(counts, requests)
    section = report(rows, pages, kind, size, requests)
    print(section)
    if setting("WRITE", "1") == "1":
        write_section(HEADING, section)


def count(url: str, pages: dict, requests: int) -> list[int]:
    """Run the child under callgrind; the instructions of start-up and of each page."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder, "pages.json")
        plan.write_text(json.dumps({"pages": pages, "requests": requests}))
        env = {
            **os.environ,
            "GREMIENPORTAL_CONFIG": "production",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": url.replace("+psycopg", ""),
            "API_RATE_LIMIT": "1000000 per minute",
            "MAIL_BACKEND": "log",
        }
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={folder}/callgrind.out",
            "--dump-before=os_getppid*",
            "--dump-instr=no",
            "--collect-jumps=no",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            str(plan),
        ]
        done = subprocess.run(  # noqa: S603 - our own command line
            command,
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace")[-3000:]
            raise RuntimeError(f"the counted child failed ({done.returncode}):\n{tail}")
        return dump_totals(sorted(Path(folder).glob("callgrind.out.*"), key=_part))


def _part(path: Path) -> int:
    return int(path.name.rsplit(".", 1)[1])


def dump_totals(dumps: list[Path]) -> list[int]:
    """The instruction total of each callgrind dump, in the order given."""
    totals = []
    for dump in dumps:
        found = SUMMARY_RE.search(dump.read_bytes())
        if found is None:
            raise RuntimeError(f"no total in {dump.name}")
        totals.append(int(found.group(1)))
    return totals


def per_request(counts: list[int], requests: int) -> list[float]:
    """Instructions per request of each page, from the numbered dumps.

    Dump 1 ends at the first marker (start-up and warm-up); dump k+1 holds page k's requests.
    What runs after the last marker (the interpreter's exit) goes to the unnumbered file,
    which is not read.
    """
    if len(counts) < 2:
        raise RuntimeError(
            f"callgrind wrote {len(counts)} dumps: this Python's symbols may not name "
            f"{MARKER} (--dump-before=os_getppid*)"
        )
    return [total / requests for total in counts[1:]]


def report(rows: list[float], pages: dict, kind: str, size: int, requests: int) -> str:
    """The markdown section: instructions per request and the multiple of /healthz."""
    names = list(pages)
    if len(rows) != len(names):
        raise RuntimeError(f"{len(rows)} counts for {len(names)} pages")
    base = rows[names.index("healthz")]
    lines = [
        HEADING,
        "",
        f"Counted by `make bench-instructions` (`bench/instructions.py`): {kind}, "
        f"{f'{size:,}'.replace(',', ' ')} proposals, {requests} requests per page "
        "in-process under valgrind's callgrind, production configuration. Instructions of "
        "the app's process only (not the kernel, the database server or gunicorn), nearly "
        "the same on every run of the same code and data (within 0.3 % for most pages, 3 % "
        "at most), whatever else the machine does: compare them before and after a change. "
        f"Python {sys.version.split()[0]}.",
        "",
        "| Endpoint | million instructions per request | × /healthz |",
        "|---|---:|---:|",
    ]
    for name, value in zip(names, rows, strict=True):
        lines.append(f"| {pages[name]['label']} | {value / 1e6:.2f} | {value / base:.1f}× |")
    return "\n".join([*lines, ""])


# The child: runs under callgrind ------------------------------------------------------------


def child(plan_file: str) -> None:
    """Warm every page up, then each page's requests, each followed by the marker call.

    Like a browser, the child keeps the session cookie a response sets (see
    ``bench.scenarios.Session``): pages asked with the same first cookie share it.
    """
    from werkzeug.test import EnvironBuilder

    from app import create_app
    from bench.scenarios import COOKIE, session_cookie

    plan = json.loads(Path(plan_file).read_text())
    pages = plan["pages"]
    app = create_app()
    kept: dict[str, str] = {}  # a session's first Cookie header -> the cookie it holds now

    def build(name: str) -> EnvironBuilder:
        headers = dict(pages[name]["headers"])
        if "Cookie" in headers:
            headers["Cookie"] = kept.get(headers["Cookie"], headers["Cookie"])
        return EnvironBuilder(
            path=pages[name]["path"], headers=headers, base_url="http://127.0.0.1:5000"
        )

    environs = {name: build(name) for name in pages}

    def call(name: str) -> None:
        statuses: list[str] = []
        cookies: list[str] = []

        def start_response(status, headers, _exc=None):
            statuses.append(status)
            cookies.extend(
                value
                for key, value in headers
                if key.lower() == "set-cookie" and session_cookie(value) is not None
            )

        body = app.wsgi_app(environs[name].get_environ(), start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        if not statuses or not statuses[0].startswith("200"):
            raise RuntimeError(f"{pages[name]['path']} answered {statuses}")
        first = pages[name]["headers"].get("Cookie")
        if first and cookies:
            kept[first] = f"{COOKIE}={session_cookie(cookies[-1])}"
            for other in pages:
                if pages[other]["headers"].get("Cookie") == first:
                    environs[other] = build(other)

    for name in environs:
        for _ in range(WARM_UP):
            call(name)
    os.getppid()  # marker: start-up and warm-up end here
    for name in environs:
        for _ in range(plan["requests"]):
            call(name)
        os.getppid()  # marker: this page's requests end here


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
