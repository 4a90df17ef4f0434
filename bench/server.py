"""The app under gunicorn on loopback, as in production, for the duration of a benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import Request, send

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SECRET_KEY = "bench-secret-not-for-production"  # noqa: S105


def gunicorn_command(app_spec: str, port: int, workers: int, timeout: int) -> list[str]:
    """The gunicorn command line for `app_spec` on loopback (the venv's gunicorn)."""
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        str(timeout),
        app_spec,
    ]


def wait_until_ready(process: subprocess.Popen, port: int, seconds: float) -> None:
    """Poll /healthz until the server answers 200; RuntimeError if it exits or times out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if send(HOST, port, Request("GET", "/healthz"), timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """Start gunicorn with the production configuration; stop it on exit."""

    def __init__(self, database_url: str, workers: int) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        env = {
            **os.environ,
            "GREMIENPORTAL_CONFIG": "production",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": self.database_url,
            "API_RATE_LIMIT": "1000000 per minute",
            "MAIL_BACKEND": "log",
        }
        # The JSON log lines (security events, one per API token request) go to a file, as
        # in production, instead of the benchmark's terminal.
        self.log = tempfile.TemporaryFile()  # closed in __exit__
        self.process = subprocess.Popen(  # noqa: S603
            gunicorn_command("app:create_app()", self.port, self.workers, timeout=120),
            cwd=ROOT,
            env=env,
            stderr=self.log,
        )
        try:
            wait_until_ready(self.process, self.port, seconds=60)
        except RuntimeError as error:
            tail = self.log_tail()
            self.__exit__()
            raise RuntimeError(f"{error}; its log ends with:\n{tail}") from error
        return self

    def log_tail(self, size: int = 4000) -> str:
        """The end of the server's log (its stderr)."""
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - size))
        return self.log.read().decode(errors="replace")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.log.close()
