"""Fire one request many times at once against gunicorn and judge the answers.

Each request is prepared first (a browser's form, with the version it was rendered with),
then all are released together by a barrier, so they reach the server's workers at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bench.reliability_load import Browser

BURST = 10  # simultaneous requests per race: enough to collide on 2 workers, bounded
SUCCESS = frozenset({200, 302, 303})

Answer = tuple[int, str, dict]


def at_once(calls: list[Callable[[], tuple[int, bytes, dict]]]) -> list[Answer]:
    """Run every call in its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(calls))

    def fire(call) -> Answer:
        barrier.wait(timeout=60)
        status, body, headers = call()
        return status, body.decode(errors="replace"), headers

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(fire, calls))


def posts(browsers: list[Browser], path: str, fields_of: Callable[[int], dict | list]):
    """BURST POSTs of one form, spread over the browsers (windows), as callables."""
    return [lambda n=n: browsers[n % len(browsers)].post(path, fields_of(n)) for n in range(BURST)]


def judge(answers: list[Answer], *, also: Callable[[Answer], bool] = lambda _a: False):
    """Every answer is a success, the German 409 or an accepted idempotent answer (``also``);
    returns the statuses. No 500, no other 4xx."""
    statuses = [status for status, _body, _headers in answers]
    for answer in answers:
        status, body, headers = answer
        if status == 409:
            assert '<html lang="de"' in body, body[:800]  # a German page, never a traceback
            continue
        assert status in SUCCESS or also(answer), (statuses, body[:800])
        if status in (302, 303):
            assert "/anmelden" not in headers.get("location", ""), headers
    return statuses


def wins(statuses: list[int]) -> int:
    """How many requests went through (redirect or answer page)."""
    return sum(status in SUCCESS for status in statuses)


def windows(app, user_id: int, port: int, count: int = 2) -> list[Browser]:
    """``count`` signed-in sessions of one person (two browser windows, two devices)."""
    return [Browser.signed_in(app, user_id, port) for _ in range(count)]
