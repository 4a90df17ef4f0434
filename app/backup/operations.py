"""Backups of the database: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app.domain import DomainError


@dataclass(frozen=True)
class BackupResult:
    """Where a backup went and how large it is."""

    path: Path
    size: int


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise DomainError("Eine In-Memory-Datenbank kann nicht gesichert werden.")
    return Path(url.database)


def _pg_env(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL tools; the password goes by environment."""
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    args += ["--dbname", url.database or ""]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(f"Das Programm {name} wurde nicht gefunden (Paket postgresql-client).")
    return path


def create_backup(database_uri: str, target: Path) -> BackupResult:
    """Write a consistent backup of the running database to ``target``."""
    url = make_url(database_uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_file(url), target)
    elif url.get_backend_name() == "postgresql":
        args, env = _pg_env(url)
        command = [_require_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
        _run(command + args, env)
    else:
        raise DomainError(f"Nicht unterstützte Datenbank: {url.get_backend_name()}")
    return BackupResult(target, target.stat().st_size)


def restore_backup(database_uri: str, source: Path) -> None:
    """Replace the database's content with the backup in ``source``."""
    if not source.is_file():
        raise DomainError(f"Die Sicherung {source} gibt es nicht.")
    url = make_url(database_uri)
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_file(url))
    elif url.get_backend_name() == "postgresql":
        args, env = _pg_env(url)
        command = [_require_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
        _run([*command, "--single-transaction", *args, str(source)], env)
    else:
        raise DomainError(f"Nicht unterstützte Datenbank: {url.get_backend_name()}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy page by page with SQLite's online backup API: safe while the app writes."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _check_sqlite_backup(source: Path) -> None:
    """Refuse files that are not an intact SQLite database."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()
        connection.close()
    except sqlite3.DatabaseError as error:
        raise DomainError(f"{source} ist keine SQLite-Sicherung.") from error
    if result != ("ok",):
        raise DomainError(f"Die Sicherung {source} ist beschädigt.")


def _run(command: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise DomainError(f"{Path(command[0]).name} ist fehlgeschlagen: {completed.stderr.strip()}")
