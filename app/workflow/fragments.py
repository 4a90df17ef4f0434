"""Rendered parts of the proposal page, cached per process.

A fragment is cached under a key that holds everything its HTML is made of, read from the
database in the same request (a frozen version's id and SHA-256, the names it shows, the
remarks with their authors' current names, the lock version ...). A change to any of them is a
new key, so no entry is ever invalidated and every worker process is right on its own.
Templates change only with a deploy (a restart) unless Jinja reloads them (development): then
an entry remembers the template objects it was rendered with, and one of an edited template
(Jinja builds a new object) is not used.

CSRF tokens differ per session and request: a cached form holds a placeholder that each
request replaces with its own token.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from flask import current_app
from flask_wtf.csrf import generate_csrf
from jinja2 import Template
from markupsafe import Markup, escape

CSRF_PLACEHOLDER = "\x00csrf\x00"


class FragmentCache:
    """A bounded, thread-safe LRU map from a key to rendered HTML."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple[Template, ...], str]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, templates: tuple[Template, ...]) -> str | None:
        """The HTML under key, if it was rendered with these very template objects."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or len(entry[0]) != len(templates):
                return None
            if any(old is not new for old, new in zip(entry[0], templates, strict=True)):
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, templates: tuple[Template, ...], html: str) -> None:
        """Remember html under key; drop the least recently used entry when full."""
        with self._lock:
            self._entries[key] = (templates, html)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


# A Steckbrief is ~15 kB, an action form ~2 kB: a few MB per process at most.
CACHE = FragmentCache(512)


def templates(*names: str) -> tuple[Template, ...]:
    """The current template objects (Jinja's own cache; reloaded ones are new objects), when
    templates are reloaded at all (development); otherwise they change only with a restart."""
    env = current_app.jinja_env
    if not env.auto_reload:
        return ()
    return tuple(env.get_template(name) for name in names)


def rendered(html: str) -> Markup:
    """Output of an autoescaping template (a macro's or a partial's): safe as it is."""
    return Markup(html)  # noqa: S704 - rendered by Jinja with autoescape on


def cached(key: Hashable, names: tuple[str, ...], render: Callable[[], str]) -> Markup:
    """The fragment under key, rendered by render() on a miss."""
    used = templates(*names)
    html = CACHE.get(key, used)
    if html is None:
        html = str(render())
        CACHE.put(key, used, html)
    return rendered(html)


def cached_form(key: Hashable, names: tuple[str, ...], render: Callable[[], str]) -> Markup:
    """A form fragment whose CSRF token is this request's, cached with a placeholder."""
    token = str(escape(generate_csrf()))
    used = templates(*names)
    html = CACHE.get(key, used)
    if html is None:
        html = str(render()).replace(token, CSRF_PLACEHOLDER)
        CACHE.put(key, used, html)
    return rendered(html.replace(CSRF_PLACEHOLDER, token))
