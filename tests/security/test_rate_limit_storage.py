"""The in-process rate-limit storage: fixed windows, expiry, sweeping, no thread per request."""

from __future__ import annotations

import threading

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from app import rate_limit_storage
from app.extensions import limiter
from app.rate_limit_storage import SWEEP_SECONDS, LocalFixedWindowStorage


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for the storage."""
    now = [1_000_000.0]
    monkeypatch.setattr(rate_limit_storage, "_clock", lambda: now[0])
    return now


def test_the_uri_scheme_gives_this_storage():
    assert isinstance(storage_from_string("gremienportal-memory://"), LocalFixedWindowStorage)


def test_a_fixed_window_counts_then_refuses_then_starts_anew(clock):
    limiter_ = FixedWindowRateLimiter(LocalFixedWindowStorage())
    limit = parse("3 per minute")
    assert [limiter_.hit(limit, "198.51.100.7") for _ in range(4)] == [True, True, True, False]
    assert limiter_.hit(limit, "198.51.100.8"), "another key has its own window"
    reset_at, remaining = limiter_.get_window_stats(limit, "198.51.100.7")
    assert remaining == 0
    assert reset_at == pytest.approx(clock[0] + 60)
    clock[0] += 59.9
    assert not limiter_.hit(limit, "198.51.100.7"), "the window has not ended yet"
    clock[0] += 0.2
    assert limiter_.hit(limit, "198.51.100.7"), "a new window after 60 s"
    assert limiter_.get_window_stats(limit, "198.51.100.7")[1] == 2


def test_expired_counters_are_swept_and_clear_and_reset_drop_them(clock):
    storage = LocalFixedWindowStorage()
    for key in ("a", "b", "c"):
        storage.incr(key, 5)
    storage.incr("long", 3600)
    clock[0] += SWEEP_SECONDS + 1
    storage.incr("d", 5)  # the first write after the sweep interval sweeps
    assert set(storage._counters) == {"long", "d"}
    storage.clear("d")
    assert storage.get("d") == 0
    assert storage.reset() == 1
    assert storage.get("long") == 0
    assert storage.check()


def test_the_app_counts_with_it_and_starts_no_thread_per_request(app, client, monkeypatch):
    assert app.config["RATELIMIT_STORAGE_URI"] == "gremienportal-memory://"
    assert isinstance(limiter.storage, LocalFixedWindowStorage)
    started = []
    original = threading.Thread.start

    def counting_start(thread):
        started.append(thread)
        return original(thread)

    monkeypatch.setattr(threading.Thread, "start", counting_start)
    app.config["API_RATE_LIMIT"] = "50 per minute"
    statuses = [client.get("/api/v1/bodies").status_code for _ in range(51)]
    assert statuses == [200] * 50 + [429]
    assert started == []
