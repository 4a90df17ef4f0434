"""CPU time per request, by side: the app server, the database server and the load client.

Throughput on a machine that the server, the database and the client share is bounded by
the CPU each request costs all three together. Other jobs on the machine lower the
throughput of whatever is measured while they run, but hardly the CPU time a request costs:
so the CPU per request compares endpoints measured minutes apart, where the throughput
compares only what ran at the same moment. Read from Linux's /proc (user + system time of
the processes); elsewhere the numbers are left out.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:  # gone, or no /proc
        return None
    return text.rsplit(")", 1)[1].split()  # after "(command name)", which may hold spaces


def process_tree(root: int) -> list[int]:
    """``root`` and its children (gunicorn's master and its workers)."""
    pids = [root]
    for entry in PROC.glob("[0-9]*"):
        fields = _stat_fields(int(entry.name))
        if fields and int(fields[1]) == root:  # field 4 of stat: the parent's pid
            pids.append(int(entry.name))
    return pids


def postgres_pids() -> list[int]:
    """The local PostgreSQL server's processes (postmaster, backends, background workers)."""
    pids = []
    for entry in PROC.glob("[0-9]*"):
        try:
            if (entry / "cmdline").read_bytes().startswith(b"postgres"):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far (exited ones count 0)."""
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / TICKS


@dataclass
class Meter:
    """Measures a block: CPU of the server's processes, of PostgreSQL's (if it is used) and
    of this process (the load client's threads; the process does nothing else meanwhile)."""

    server_pid: int
    database: bool
    _start: tuple[float, float, float] = (0.0, 0.0, 0.0)
    _end: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def _read(self) -> tuple[float, float, float]:
        server = cpu_seconds(self._server)
        db = cpu_seconds(self._db) if self.database else 0.0
        return server, db, time.process_time()

    def __enter__(self) -> Meter:
        self._server = process_tree(self.server_pid)
        self._db = postgres_pids() if self.database else []
        self._start = self._read()
        return self

    def __exit__(self, *_exc) -> None:
        self._end = self._read()

    def per_request(self, requests: int) -> dict[str, float]:
        """CPU milliseconds per request: ``cpu_app``, ``cpu_db``, ``cpu_client``, ``cpu``."""
        if not requests or not PROC.is_dir():
            return {}
        app, db, client = (
            (end - start) * 1000 / requests
            for start, end in zip(self._start, self._end, strict=True)
        )
        return {
            "cpu_app": round(app, 2),
            "cpu_db": round(db, 2),
            "cpu_client": round(client, 2),
            "cpu": round(app + db + client, 2),
        }
