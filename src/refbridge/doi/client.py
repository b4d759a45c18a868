"""A polite HTTP client for Crossref, doi.org and DataCite: limits, retries, cache, offline.

Politeness here is not a constant. Crossref announces its limits on every response
(``x-rate-limit-limit``, ``x-rate-limit-interval``, ``x-concurrency-limit``), they differ
per request type (a single record vs a list query) and they change, so each
(host, request type) has its own :class:`RateLimiter` that starts cautious and adopts
whatever the server last said. Requests are spaced evenly (no bursts), at most
``concurrency`` are in flight, and a 429 pauses every thread that shares the limiter
until ``Retry-After`` has passed.

Transient failures (429, 5xx, timeouts, connection resets, a 200 whose JSON body is cut
short or turns out to be an HTML page) are retried with exponential backoff and full
jitter; ``Retry-After`` wins when the server gives one. Answers worth keeping (2xx, and
404/410 "not there" answers for a shorter time) go to a SQLite cache with a TTL, and an
offline client answers from that cache only.

Base URLs come from the constructor, else from ``REFBRIDGE_CROSSREF_URL``,
``REFBRIDGE_DOI_URL`` and ``REFBRIDGE_DATACITE_URL``, else the public services.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import re
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import requests

from .. import __version__
from ..errors import NetworkError

__all__ = [
    "DEFAULT_CROSSREF_URL",
    "DEFAULT_DATACITE_URL",
    "DEFAULT_DOI_URL",
    "DoiClient",
    "HttpCache",
    "HttpResponse",
    "Limits",
    "RateLimiter",
    "parse_limits",
]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"
DEFAULT_DATACITE_URL = "https://api.datacite.org"
_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
_NEGATIVE_STATUS = frozenset({400, 404, 410})


@attrs.frozen
class Limits:
    """``limit`` requests per ``interval`` seconds, at most ``concurrency`` at once."""

    limit: float = 5.0
    interval: float = 1.0
    concurrency: int = 1


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$", re.IGNORECASE)
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_limits(headers: Mapping[str, str], current: Limits) -> Limits:
    """The limits a response announces, each header falling back to ``current``."""
    limit, interval, concurrency = current.limit, current.interval, current.concurrency
    with_limit = headers.get("x-rate-limit-limit", "").strip()
    if with_limit.replace(".", "", 1).isdigit() and float(with_limit) > 0:
        limit = float(with_limit)
    match = _INTERVAL.match(headers.get("x-rate-limit-interval", ""))
    if match and float(match.group(1)) > 0:
        interval = float(match.group(1)) * _UNIT[(match.group(2) or "s").lower()]
    with_concurrency = headers.get("x-concurrency-limit", "").strip()
    if with_concurrency.isdigit() and int(with_concurrency) > 0:
        concurrency = int(with_concurrency)
    return Limits(limit, interval, concurrency)


class RateLimiter:
    """Even spacing of request starts plus a bound on requests in flight, changeable live.

    ``margin`` widens the spacing a little so clock jitter never lets ``limit + 1``
    requests land inside one server-side window.
    """

    def __init__(self, limits: Limits, *, margin: float = 0.02) -> None:
        self.limits = limits
        self.margin = margin
        self._cond = threading.Condition()
        self._active = 0
        self._next_start = 0.0
        self._paused_until = 0.0

    @property
    def spacing(self) -> float:
        return self.limits.interval / self.limits.limit * (1.0 + self.margin)

    def update(self, limits: Limits) -> None:
        with self._cond:
            if limits != self.limits:
                self.limits = limits
                self._cond.notify_all()

    def pause(self, seconds: float) -> None:
        """Hold every request on this limiter for ``seconds`` (after a 429)."""
        with self._cond:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._cond:
            while self._active >= self.limits.concurrency:
                self._cond.wait()
            self._active += 1
        try:
            while True:
                with self._cond:
                    now = time.monotonic()
                    start = max(now, self._next_start, self._paused_until)
                    if start <= now:
                        self._next_start = now + self.spacing
                        break
                time.sleep(min(start - now, 1.0))
            yield
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify()


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
        return json.loads(self.body)

    @property
    def is_json(self) -> bool:
        return self.content_type.endswith("json")


class HttpCache:
    """A persistent response cache in one SQLite file, safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS http_cache (key TEXT PRIMARY KEY, url TEXT,"
                " status INTEGER, headers TEXT, body BLOB, stored_at REAL, expires_at REAL)"
            )
            self._db.commit()

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


def default_cache_path() -> Path:
    """``$REFBRIDGE_CACHE``, else ``$XDG_CACHE_HOME/refbridge/http.sqlite``."""
    if os.environ.get("REFBRIDGE_CACHE"):
        return Path(os.environ["REFBRIDGE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "refbridge" / "http.sqlite"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Transient(Exception):
    def __init__(self, message: str, status: int | None = None, wait: float | None = None):
        super().__init__(message)
        self.status = status
        self.wait = wait


class DoiClient:
    """One ``requests.Session`` shared by every lookup, with limits, retries and a cache.

    ``cache`` is a path, an :class:`HttpCache`, ``None`` (the default file, see
    :func:`default_cache_path`) or ``False`` (no cache). ``offline=True`` never touches
    the network and answers from the cache only, however old the entry.
    """

    def __init__(
        self,
        *,
        crossref_url: str | None = None,
        doi_url: str | None = None,
        datacite_url: str | None = None,
        mailto: str | None = None,
        cache: str | Path | HttpCache | bool | None = None,
        ttl: float = 30 * 86400.0,
        negative_ttl: float = 86400.0,
        offline: bool = False,
        timeout: float = 10.0,
        max_retries: int = 5,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        initial_limits: Limits | None = None,
        margin: float = 0.02,
        session: requests.Session | None = None,
    ) -> None:
        env = os.environ
        self.crossref_url = _base(
            crossref_url or env.get("REFBRIDGE_CROSSREF_URL"), DEFAULT_CROSSREF_URL
        )
        self.doi_url = _base(doi_url or env.get("REFBRIDGE_DOI_URL"), DEFAULT_DOI_URL)
        self.datacite_url = _base(
            datacite_url or env.get("REFBRIDGE_DATACITE_URL"), DEFAULT_DATACITE_URL
        )
        self.mailto = mailto if mailto is not None else env.get("REFBRIDGE_MAILTO", "")
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self.offline = offline
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.initial_limits = initial_limits or Limits()
        self.margin = margin
        self.session = session or requests.Session()
        self.session.max_redirects = 10
        self.session.headers["User-Agent"] = self.user_agent
        self._limiters: dict[tuple[str, str], RateLimiter] = {}
        self._limiters_lock = threading.Lock()
        self.stats: dict[str, int] = {
            "requests": 0,
            "cache_hits": 0,
            "retries": 0,
            "status_429": 0,
            "failures": 0,
        }
        self._stats_lock = threading.Lock()
        self.cache: HttpCache | None
        if cache is False:
            self.cache = None
        elif isinstance(cache, HttpCache):
            self.cache = cache
        else:
            path = default_cache_path() if cache is None or cache is True else Path(cache)
            self.cache = HttpCache(path)

    # -- configuration ------------------------------------------------------------------------
    @property
    def user_agent(self) -> str:
        agent = f"refbridge/{__version__} (https://pypi.org/project/refbridge/"
        return f"{agent}; mailto:{self.mailto})" if self.mailto else f"{agent})"

    def limiter(self, url: str, kind: str = "single") -> RateLimiter:
        """The limiter for this URL's host and request type, made on first use."""
        key = (urllib.parse.urlsplit(url).netloc.lower(), kind)
        with self._limiters_lock:
            if key not in self._limiters:
                self._limiters[key] = RateLimiter(self.initial_limits, margin=self.margin)
            return self._limiters[key]

    def _count(self, name: str) -> None:
        with self._stats_lock:
            self.stats[name] += 1

    # -- requests -----------------------------------------------------------------------------
    def crossref(
        self, path: str, params: Mapping[str, str] | None = None, *, kind: str = "single"
    ) -> HttpResponse:
        """GET a Crossref REST path (already percent-encoded), with ``mailto`` when configured."""
        query = dict(params or {})
        if self.mailto:
            query["mailto"] = self.mailto
        return self.get(f"{self.crossref_url}{path}", params=query, kind=kind, expect_json=True)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        accept: str = "application/json",
        kind: str = "single",
        expect_json: bool = False,
        use_cache: bool = True,
    ) -> HttpResponse:
        """GET with limits, retries and the cache; raises :class:`NetworkError` when it gives up.

        A final 4xx is returned, not raised: "not found" is an answer. With ``expect_json``
        a 2xx body that is not JSON (cut short, or an HTML error page) counts as transient.
        """
        full_url = _with_params(url, params)
        key = _cache_key(full_url, accept)
        if self.cache is not None and use_cache:
            cached = self.cache.get(key, allow_stale=self.offline)
            if cached is not None:
                self._count("cache_hits")
                return cached
        if self.offline:
            raise NetworkError(f"offline: {full_url} is not in the cache", url=full_url)
        limiter = self.limiter(url, kind)
        error = "no attempt made"
        status: int | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                self._count("retries")
            try:
                response = self._attempt(url, params, accept, limiter, expect_json)
            except _Transient as exc:
                error, status = str(exc), exc.status
                if attempt < self.max_retries:
                    time.sleep(max(self._backoff(attempt), exc.wait or 0.0))
                continue
            except requests.TooManyRedirects as exc:
                self._count("failures")
                raise NetworkError(f"redirect loop at {full_url}: {exc}", url=full_url) from exc
            if self.cache is not None and use_cache:
                if 200 <= response.status < 300:
                    self.cache.put(key, response, self.ttl)
                elif response.status in _NEGATIVE_STATUS:
                    self.cache.put(key, response, self.negative_ttl)
            return response
        self._count("failures")
        raise NetworkError(
            f"{full_url}: gave up after {self.max_retries + 1} attempts: {error}",
            url=full_url,
            status_code=status,
        )

    def _attempt(
        self,
        url: str,
        params: Mapping[str, str] | None,
        accept: str,
        limiter: RateLimiter,
        expect_json: bool,
    ) -> HttpResponse:
        with limiter.slot():
            self._count("requests")
            try:
                raw = self.session.get(
                    url, params=params, headers={"Accept": accept}, timeout=self.timeout
                )
                body = raw.content
            except requests.Timeout as exc:
                raise _Transient(f"timed out: {exc}") from exc
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                raise _Transient(f"connection failed: {exc}") from exc
        headers = {k.lower(): v for k, v in raw.headers.items()}
        limiter.update(parse_limits(headers, limiter.limits))
        retry_after = _retry_after(headers.get("retry-after"))
        if raw.status_code == 429:
            self._count("status_429")
            wait = retry_after if retry_after is not None else self._backoff(1)
            limiter.pause(wait)
            raise _Transient("429 Too Many Requests", 429, wait)
        if raw.status_code in _TRANSIENT_STATUS:
            raise _Transient(f"HTTP {raw.status_code}", raw.status_code, retry_after)
        response = HttpResponse(raw.url, raw.status_code, headers, body)
        if expect_json and 200 <= raw.status_code < 300:
            if not response.is_json:
                raise _Transient(
                    f"expected JSON, got {response.content_type or 'no type'}", raw.status_code
                )
            try:
                response.json()
            except ValueError as exc:
                raise _Transient(f"invalid or truncated JSON: {exc}", raw.status_code) from exc
        return response

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter (AWS "full jitter")."""
        return random.uniform(0, min(self.backoff_cap, self.backoff_base * 2**attempt))

    def follow(self, url: str) -> tuple[HttpResponse, tuple[str, ...]]:
        """Fetch a web page's status without its body: the final response and redirect chain.

        Used for non-DOI links; cached like any answer. Raises :class:`NetworkError` for
        redirect loops and when retries are exhausted.
        """
        key = _cache_key(url, "follow")
        if self.cache is not None:
            cached = self.cache.get(key, allow_stale=self.offline)
            if cached is not None:
                self._count("cache_hits")
                chain = json.loads(cached.headers.get("x-refbridge-chain", "[]"))
                return cached, tuple(chain)
        if self.offline:
            raise NetworkError(f"offline: {url} is not in the cache", url=url)
        limiter = self.limiter(url, "page")
        error = ""
        for attempt in range(self.max_retries + 1):
            try:
                with limiter.slot():
                    self._count("requests")
                    raw = self.session.get(
                        url, headers={"Accept": "text/html,*/*"}, timeout=self.timeout, stream=True
                    )
                    raw.close()
            except requests.TooManyRedirects as exc:
                raise NetworkError(f"redirect loop at {url}", url=url) from exc
            except (requests.Timeout, requests.ConnectionError) as exc:
                error = str(exc)
                time.sleep(self._backoff(attempt))
                continue
            if raw.status_code in _TRANSIENT_STATUS and attempt < self.max_retries:
                error = f"HTTP {raw.status_code}"
                wait = _retry_after(raw.headers.get("retry-after")) or 0.0
                time.sleep(max(self._backoff(attempt), wait))
                continue
            chain = tuple(r.url for r in raw.history)
            headers = {k.lower(): v for k, v in raw.headers.items()}
            headers["x-refbridge-chain"] = json.dumps(list(chain))
            response = HttpResponse(raw.url, raw.status_code, headers)
            if self.cache is not None and raw.status_code < 500:
                ttl = self.ttl if raw.status_code < 400 else self.negative_ttl
                self.cache.put(key, response, ttl)
            return response, chain
        raise NetworkError(f"{url}: gave up: {error}", url=url)

    def close(self) -> None:
        self.session.close()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> DoiClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _base(value: str | None, default: str) -> str:
    return (value or default).rstrip("/")


def _with_params(url: str, params: Mapping[str, str] | None) -> str:
    if not params:
        return url
    return f"{url}?{urllib.parse.urlencode(sorted(params.items()))}"


def _cache_key(full_url: str, accept: str) -> str:
    """Cache key: the URL without ``mailto`` (who asks does not change the answer)."""
    parts = urllib.parse.urlsplit(full_url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "mailto"]
    clean = parts._replace(query=urllib.parse.urlencode(sorted(query))).geturl()
    return f"{accept} {clean}"
