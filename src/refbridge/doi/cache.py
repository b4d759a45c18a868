"""What the client keeps: answers (:class:`HttpResponse`), on disk (:class:`HttpCache`,
SQLite with a TTL) and in memory (:class:`BoundedCache`, a small LRU map).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import DoiError

__all__ = ["BoundedCache", "HttpCache", "HttpResponse", "cache_key", "default_cache_path"]


@attrs.frozen
class HttpResponse:
    """The parts of an HTTP answer refbridge uses; ``headers`` have lower-case names."""

    url: str
    status: int
    headers: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    body: bytes = b""
    from_cache: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        value = json.loads(self.body)
        if _SURROGATE_ESCAPE.search(self.body):
            value = _without_lone_surrogates(value)
        return value

    @property
    def is_json(self) -> bool:
        return self.content_type.endswith("json")


# JSON may escape half of a UTF-16 pair (\ud800): decoded alone, no UTF-8 output can hold it
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _without_lone_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _without_lone_surrogates(key): _without_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


class HttpCache:
    """A persistent response cache in one SQLite file, safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS http_cache (key TEXT PRIMARY KEY, url TEXT,"
                " status INTEGER, headers TEXT, body BLOB, stored_at REAL, expires_at REAL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise DoiError(
                f"cannot use the HTTP cache {path} ({exc}); delete it, choose another with"
                " --cache, or run with --no-cache"
            ) from exc

    def get(self, key: str, *, allow_stale: bool = False) -> HttpResponse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT url, status, headers, body, expires_at FROM http_cache WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None or (not allow_stale and row[4] < time.time()):
            return None
        return HttpResponse(row[0], row[1], json.loads(row[2]), bytes(row[3]), from_cache=True)

    def put(self, key: str, response: HttpResponse, ttl: float) -> None:
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO http_cache VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    response.url,
                    response.status,
                    json.dumps(dict(response.headers)),
                    response.body,
                    now,
                    now + ttl,
                ),
            )
            self._db.commit()

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM http_cache")
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()


def default_cache_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/refbridge/http.sqlite`` of ``environ`` (``~/.cache`` when unset)."""
    base = (environ or {}).get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "refbridge" / "http.sqlite"


class BoundedCache:
    """A small thread-safe LRU map: per-client memory that cannot grow without bound."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def cache_key(full_url: str, accept: str) -> str:
    """Cache key: the URL without ``mailto`` (who asks does not change the answer)."""
    parts = urllib.parse.urlsplit(full_url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "mailto"]
    clean = parts._replace(query=urllib.parse.urlencode(sorted(query))).geturl()
    return f"{accept} {clean}"
