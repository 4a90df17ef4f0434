"""The app under gunicorn on loopback, as in production, for the duration of a benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.load import Request, send

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SECRET_KEY = "bench-secret-not-for-production"  # noqa: S105


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
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            str(self.workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "app:create_app()",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if send(HOST, self.port, Request("GET", "/healthz"), timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
