"""An in-process storage for Flask-Limiter's fixed windows, without a thread per request.

The ``limits`` package's ``memory://`` storage starts a timer thread on every counter
increment whose previous timer has run out (every 10 ms), only to drop expired counters;
under steady traffic that is one thread start per request. This storage drops an expired
counter when it is next read (as ``memory://`` does too) and sweeps the others at most once
every ``SWEEP_SECONDS``, inside the request that happens to come then.

Like ``memory://`` it counts per process: with several gunicorn workers each worker counts
on its own (docs/security.md). It supports the fixed-window strategy only, which is what
the app configures (``RATELIMIT_STRATEGY``). URI: ``gremienportal-memory://``.
"""

from __future__ import annotations

import threading
import time

from limits.storage import Storage

SWEEP_SECONDS = 10.0


def _clock() -> float:
    """Seconds since the epoch (a seam for the tests)."""
    return time.time()


class LocalFixedWindowStorage(Storage):
    """Counters with an expiry time, in a dict guarded by one lock."""

    STORAGE_SCHEME = ["gremienportal-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        self._counters: dict[str, tuple[int, float]] = {}  # key → (count, expires at)
        self._lock = threading.Lock()
        self._next_sweep = _clock() + SWEEP_SECONDS
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        """Nothing here raises storage errors of its own."""
        return ValueError

    def _sweep(self, now: float) -> None:
        if now >= self._next_sweep:
            self._counters = {k: v for k, v in self._counters.items() if v[1] > now}
            self._next_sweep = now + SWEEP_SECONDS

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add ``amount`` to the key's counter; a new window expires in ``expiry`` seconds."""
        now = _clock()
        with self._lock:
            self._sweep(now)
            count, expires = self._counters.get(key, (0, 0.0))
            if expires <= now:
                count, expires = 0, now + expiry
            count += amount
            self._counters[key] = (count, expires)
            return count

    def get(self, key: str) -> int:
        """The key's count in its current window (0 after the window ended)."""
        count, expires = self._counters.get(key, (0, 0.0))
        return count if expires > _clock() else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now if it has none)."""
        now = _clock()
        expires = self._counters.get(key, (0, 0.0))[1]
        return expires if expires > now else now

    def check(self) -> bool:
        """Always healthy: it lives in this process."""
        return True

    def reset(self) -> int:
        """Drop every counter; returns how many there were."""
        with self._lock:
            count = len(self._counters)
            self._counters = {}
        return count

    def clear(self, key: str) -> None:
        """Drop one key's counter."""
        with self._lock:
            self._counters.pop(key, None)
