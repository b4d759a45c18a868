"""Opening a library file: the connection, its checks and migrations, transactions, and
SQLite's errors turned into :class:`StoreError` messages that name the file.

* One file, WAL journal: many readers and one writer at a time (``busy_timeout`` waits for the
  writer instead of failing). The schema is versioned with ``PRAGMA user_version`` and upgraded
  by the ordered :data:`MIGRATIONS` when a library is opened for writing.
* A library opened for writing is checked first (``PRAGMA quick_check``): a damaged file is a
  :class:`StoreError` naming the problem before anything is added. ``readonly=True`` opens it
  for reading only (also on read-only media); ``create=False`` refuses a path where there is
  no library, so a mistyped ``--library`` does not start an empty one.
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Location, StoreError
from .schema import MIGRATIONS

__all__ = ["is_busy", "open_database", "schema_version", "store_error", "write"]

#: Extended result codes: another connection wrote since this transaction's snapshot.
_BUSY = 5


def open_database(
    given: str | Path, *, timeout: float, readonly: bool, create: bool
) -> sqlite3.Connection:
    """The library's connection, checked and (for writing) migrated to the current schema."""
    path = Path(given)
    if not path.exists() and (readonly or not create):
        raise StoreError(
            "no library here (mistyped --library? `refbridge library add FILE` creates one)",
            location=Location(str(given)),
        )
    if path.is_dir():
        raise StoreError("this is a folder, not a library file", location=Location(str(given)))
    if not readonly and path.exists() and not os.access(path, os.W_OK):
        raise StoreError("the library is read-only here", location=Location(str(given)))
    try:
        db = _connect(path, timeout, readonly)
        db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        db.execute("PRAGMA foreign_keys=ON")
        if readonly:
            _check_schema(db, path)
        else:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            _check_integrity(db, path)
            _migrate(db, path)
    except sqlite3.Error as exc:
        raise store_error(path, exc) from exc
    return db


def _connect(path: Path, timeout: float, readonly: bool) -> sqlite3.Connection:
    if not readonly:
        return sqlite3.connect(path, timeout=timeout, isolation_level=None)
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}"
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", timeout=timeout, isolation_level=None, uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:  # WAL on read-only media: no -shm can be made there
        if db is not None:
            db.close()
        return sqlite3.connect(
            f"{uri}?immutable=1", timeout=timeout, isolation_level=None, uri=True
        )


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """What went wrong, in words, with the library's path."""
    text = str(exc)
    if "not a database" in text:
        text = "not a refbridge library (not an SQLite database, or its header is damaged)"
    elif "malformed" in text or "corrupt" in text:
        text = f"the library file is damaged ({exc}); restore it from a copy"
    elif "locked" in text or "busy" in text:
        text = "the library is busy (another refbridge is writing it); try again"
    elif "readonly" in text or "read-only" in text:
        text = "the library is read-only here"
    elif "unable to open" in text:
        text = "cannot open the library file (missing folder, or no permission)"
    return StoreError(text, location=Location(str(path)))


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY, including BUSY_SNAPSHOT (another connection wrote since our snapshot)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    return code & 0xFF == _BUSY if code is not None else "locked" in str(exc)


def _check_integrity(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file before anything is written to it."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        raise StoreError(
            f"the library file is damaged ({'; '.join(problems)}); restore it from a copy",
            location=Location(str(path)),
        )


def _check_schema(db: sqlite3.Connection, path: Path) -> None:
    version = schema_version(db)
    if version != len(MIGRATIONS):
        state = "newer than this refbridge" if version > len(MIGRATIONS) else "older"
        raise StoreError(
            f"library schema {version} is {state} ({len(MIGRATIONS)} expected); open it"
            " for writing with a matching refbridge to upgrade it",
            location=Location(str(path)),
        )


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise StoreError(
            f"library schema {version} is newer than this refbridge knows "
            f"({len(MIGRATIONS)}); upgrade refbridge",
            location=Location(str(path)),
        )
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(
            "not a refbridge library (an SQLite database of something else)",
            location=Location(str(path)),
        )
    for number in range(version, len(MIGRATIONS)):
        with write(db):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={number + 1}")


@contextmanager
def write(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it is committed, or none of it."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
