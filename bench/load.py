"""A bounded HTTP load generator: a fixed number of requests (or a time cap), N threads.

Each request opens its own connection (gunicorn's sync workers close after each response
anyway) and is timed from connect to the last byte of the body.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    """One request to send; ``on_response`` sees the status and the response's headers
    (lower-case names), e.g. to track lock versions or to keep a cookie."""

    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expect: tuple[int, ...] = (200,)
    on_response: Callable[[int, dict[str, str]], None] | None = None


@dataclass
class Result:
    """Latencies (ms) of the successful requests, errors and the wall time of the run."""

    name: str
    latencies: list[float]
    errors: int
    seconds: float
    error_sample: str = ""

    @property
    def count(self) -> int:
        """Successful requests."""
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        """Successful requests per second over the whole run."""
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in ms (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    def summary(self) -> dict[str, float]:
        """The figures the report shows."""
        return {
            "requests": self.count,
            "errors": self.errors,
            "rps": round(self.throughput, 1),
            "p50": round(self.percentile(50), 1),
            "p95": round(self.percentile(95), 1),
            "p99": round(self.percentile(99), 1),
            "mean": round(statistics.fmean(self.latencies), 1) if self.latencies else 0.0,
        }


def send(host: str, port: int, request: Request, timeout: float = 60) -> tuple[int, bytes, dict]:
    """Send one request; returns status, body and headers (lower-case names)."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = {"Accept-Encoding": "identity", **request.headers}
        if request.body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(request.method, request.path, body=request.body, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def run(
    name: str,
    host: str,
    port: int,
    make_request: Callable[[int], Request | None],
    *,
    count: int,
    concurrency: int,
    max_seconds: float,
) -> Result:
    """Send up to ``count`` requests from ``concurrency`` threads, stopping at ``max_seconds``.

    ``make_request(thread_index)`` builds the next request of a thread (None: nothing left).
    """
    latencies: list[float] = []
    errors = [0, ""]
    lock = threading.Lock()
    issued = [0]
    start = time.perf_counter()
    deadline = start + max_seconds

    def worker(index: int) -> None:
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= count:
                    return
                issued[0] += 1
            request = make_request(index)
            if request is None:
                return
            began = time.perf_counter()
            try:
                status, body, headers = send(host, port, request)
            except OSError as error:
                status, body, headers = 0, str(error).encode(), {}
            elapsed = (time.perf_counter() - began) * 1000
            if request.on_response:
                request.on_response(status, headers)
            with lock:
                if status in request.expect:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1
                    errors[1] = errors[1] or f"{status} {request.path}: {body[:200]!r}"

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(name, latencies, errors[0], time.perf_counter() - start, errors[1])
