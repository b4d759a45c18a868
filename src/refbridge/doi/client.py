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
jitter; ``Retry-After`` wins when the server gives one, up to ``max_wait`` seconds (a
longer wait fails the request at once instead of stalling the run). Answers worth keeping
(2xx, and 404/410 "not there" answers for a shorter time) go to a SQLite cache with a TTL,
and an offline client answers from that cache only.

Whatever a server does, a request ends: ``timeout`` bounds each whole request (a body
trickled byte by byte is cut off at the deadline), ``max_bytes`` bounds the body (checked
while streaming), and after ``down_after`` connection failures in a row a host counts as
down for ``down_for`` seconds, so a dead network is reported in seconds, not retried for
every DOI. :meth:`DoiClient.cancel` (Ctrl-C) ends every wait and transfer within a moment.

The constructor reads no environment: :meth:`DoiClient.from_env` takes base URLs, mailto
and cache from ``REFBRIDGE_CROSSREF_URL``, ``REFBRIDGE_DOI_URL``, ``REFBRIDGE_DATACITE_URL``,
``REFBRIDGE_MAILTO`` and ``REFBRIDGE_CACHE``.

The limits live in :mod:`.limits`, the caches and the response type in :mod:`.cache`; this
module re-exports their public names, which callers have always imported from here.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import requests
import urllib3.exceptions

from .. import __version__
from ..errors import NetworkError, RegistryError
from . import shapes
from .cache import BoundedCache, HttpCache, HttpResponse, cache_key, default_cache_path
from .limits import (
    Limits,
    RateLimiter,
    check_cancelled,
    parse_limits,
    retry_after_seconds,
    wait_text,
)

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


class _Transient(Exception):
    def __init__(self, message: str, status: int | None = None, wait: float | None = None):
        super().__init__(message)
        self.status = status
        self.wait = wait


@attrs.define
class _HostHealth:
    failures: int = 0
    down_until: float = 0.0
    reason: str = ""


class DoiClient:
    """One ``requests.Session`` shared by every lookup, with limits, retries and a cache.

    ``cache`` is a path, an :class:`HttpCache`, ``None`` (``~/.cache/refbridge/http.sqlite``;
    :meth:`from_env` honours ``$XDG_CACHE_HOME``) or ``False`` (no cache). ``offline=True``
    never touches the network and answers from the cache only, however old the entry.
    ``timeout`` is the deadline of one whole request (connect, headers and body),
    ``max_wait`` the longest ``Retry-After`` honoured, ``max_bytes`` the largest body
    accepted.
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
        max_wait: float = 60.0,
        max_bytes: int = 16 * 2**20,
        down_after: int = 3,
        down_for: float = 60.0,
        initial_limits: Limits | None = None,
        margin: float = 0.02,
        session: requests.Session | None = None,
    ) -> None:
        if not timeout > 0 or not max_wait >= 0 or max_bytes <= 0:
            raise ValueError("timeout and max_bytes must be positive, max_wait not negative")
        self.crossref_url = _base(crossref_url, DEFAULT_CROSSREF_URL)
        self.doi_url = _base(doi_url, DEFAULT_DOI_URL)
        self.datacite_url = _base(datacite_url, DEFAULT_DATACITE_URL)
        self.mailto = mailto or ""
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self.offline = offline
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_wait = max_wait
        self.max_bytes = max_bytes
        self.down_after = down_after
        self.down_for = down_for
        self.initial_limits = initial_limits or Limits()
        self.margin = margin
        self.session = session or requests.Session()
        self.session.max_redirects = 10
        self.session.headers["User-Agent"] = self.user_agent
        #: Registration agency per DOI prefix, learnt from doi.org (bounded).
        self.agencies = BoundedCache()
        self._limiters: dict[tuple[str, str], RateLimiter] = {}
        self._limiters_lock = threading.Lock()
        self._hosts: dict[str, _HostHealth] = {}
        self._cancel = threading.Event()
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> DoiClient:
        """A client configured by ``$REFBRIDGE_*`` variables; ``options`` that are not None win."""
        env = os.environ if environ is None else environ
        settings: dict[str, Any] = {
            name: env.get(variable)
            for name, variable in (
                ("crossref_url", "REFBRIDGE_CROSSREF_URL"),
                ("doi_url", "REFBRIDGE_DOI_URL"),
                ("datacite_url", "REFBRIDGE_DATACITE_URL"),
                ("mailto", "REFBRIDGE_MAILTO"),
                ("cache", "REFBRIDGE_CACHE"),
            )
            if env.get(variable)
        }
        settings.update((k, v) for k, v in options.items() if v is not None)
        settings.setdefault("cache", default_cache_path(env))
        return cls(**settings)

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

    # -- cancellation and host health ---------------------------------------------------------
    def cancel(self) -> None:
        """Stop: every wait and transfer in progress ends soon with a "cancelled" error."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _sleep(self, seconds: float) -> None:
        if self._cancel.wait(max(0.0, seconds)):
            raise NetworkError("cancelled")

    def host_down(self, url: str) -> str:
        """Why the host of ``url`` counts as down now, or '' when it may be asked."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._stats_lock:
            health = self._hosts.get(host)
            if health is not None and health.down_until > time.monotonic():
                return f"{host} is unreachable ({health.reason}); not asked again for now"
        return ""

    def _host_failed(self, url: str, reason: str) -> None:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._stats_lock:
            health = self._hosts.setdefault(host, _HostHealth())
            health.failures += 1
            health.reason = reason
            if health.failures >= self.down_after:
                health.down_until = time.monotonic() + self.down_for

    def _host_answered(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._stats_lock:
            self._hosts.pop(host, None)

    # -- requests -----------------------------------------------------------------------------
    def crossref(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        *,
        kind: str = "single",
        shape: shapes.Shape | None = None,
    ) -> HttpResponse:
        """GET a Crossref REST path (already percent-encoded), with ``mailto`` when configured."""
        query = dict(params or {})
        if self.mailto:
            query["mailto"] = self.mailto
        url = f"{self.crossref_url}{path}"
        return self.get(url, params=query, kind=kind, expect_json=True, shape=shape)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        accept: str = "application/json",
        kind: str = "single",
        expect_json: bool = False,
        use_cache: bool = True,
        shape: shapes.Shape | None = None,
    ) -> HttpResponse:
        """GET with limits, retries and the cache; raises :class:`NetworkError` when it gives up.

        A final 4xx is returned, not raised: "not found" is an answer. With ``expect_json``
        a 2xx body that is not JSON (cut short, or an HTML error page) counts as transient.
        A 2xx JSON body not of ``shape`` (see :mod:`.shapes`) or over ``max_bytes`` raises
        :class:`RegistryError`, and is not cached.
        """
        full_url = _with_params(url, params)
        key = cache_key(full_url, accept)
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
                    self._sleep(max(self._backoff(attempt), exc.wait or 0.0))
                continue
            except requests.TooManyRedirects as exc:
                self._count("failures")
                raise NetworkError(f"redirect loop at {full_url}", url=full_url) from exc
            except NetworkError as exc:
                self._count("failures")
                exc.url = exc.url or full_url
                raise
            if shape is not None:
                _check_shape(response, shape)
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

    def _before_request(self, url: str) -> None:
        """Fail at once, without asking, when the run is cancelled or the host is down."""
        check_cancelled(self._cancel)
        down = self.host_down(url)
        if down:
            raise NetworkError(down, url=url)

    def _attempt(
        self,
        url: str,
        params: Mapping[str, str] | None,
        accept: str,
        limiter: RateLimiter,
        expect_json: bool,
    ) -> HttpResponse:
        self._before_request(url)
        with limiter.slot(self._cancel, self.max_wait):
            self._before_request(url)  # again: the host may have gone down while we waited
            self._count("requests")
            deadline = time.monotonic() + self.timeout
            try:
                raw = self.session.get(
                    url,
                    params=params,
                    headers={"Accept": accept},
                    timeout=(self.timeout, self.timeout),
                    stream=True,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                reason = _connect_failure(exc)
                if reason:
                    # after a redirect the host that failed is the target's, not the registry's
                    failed = getattr(exc.request, "url", None) or url
                    self._host_failed(failed, reason)
                    where = urllib.parse.urlsplit(failed).netloc
                    raise _Transient(f"cannot connect to {where}: {reason}") from exc
                raise _Transient(_describe(exc)) from exc
            try:
                body = self._read_body(raw, url, deadline)
            finally:
                raw.close()
        self._host_answered(url)
        headers = {k.lower(): v for k, v in raw.headers.items()}
        limiter.update(parse_limits(headers, limiter.limits))
        retry_after = retry_after_seconds(headers.get("retry-after"))
        if raw.status_code in _TRANSIENT_STATUS:
            wait = retry_after
            if raw.status_code == 429:
                self._count("status_429")
                wait = retry_after if retry_after is not None else self._backoff(1)
                limiter.pause(wait)
            if wait is not None and wait > self.max_wait:
                raise NetworkError(
                    f"HTTP {raw.status_code} and Retry-After {wait_text(wait)}, more than the"
                    f" {self.max_wait:g} s allowed (--max-wait)",
                    url=url,
                    status_code=raw.status_code,
                )
            reason = (
                "429 Too Many Requests" if raw.status_code == 429 else f"HTTP {raw.status_code}"
            )
            raise _Transient(reason, raw.status_code, wait)
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

    def _read_body(self, raw: requests.Response, url: str, deadline: float) -> bytes:
        """The body, read in pieces against the deadline, the size cap and cancellation."""
        declared = raw.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise RegistryError(
                f"answer of {int(declared):,} bytes refused (limit {self.max_bytes:,})", url=url
            )
        sock = getattr(getattr(raw.raw, "_connection", None), "sock", None)
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                check_cancelled(self._cancel)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise NetworkError(
                        f"no complete answer within {self.timeout:g} s (body still arriving)",
                        url=url,
                    )
                if sock is not None:
                    sock.settimeout(left)
                chunk = raw.raw.read1(65536, decode_content=True)
                if not chunk:
                    return b"".join(parts)
                size += len(chunk)
                if size > self.max_bytes:
                    raise RegistryError(
                        f"answer larger than {self.max_bytes:,} bytes refused", url=url
                    )
                parts.append(chunk)
        except NetworkError:  # ours (deadline, cancelled): a ConnectionError, so an OSError
            raise
        except (OSError, requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            if time.monotonic() >= deadline:
                raise NetworkError(
                    f"no complete answer within {self.timeout:g} s", url=url
                ) from exc
            raise _Transient(f"answer cut short: {_describe(exc)}") from exc

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter (AWS "full jitter")."""
        return random.uniform(0, min(self.backoff_cap, self.backoff_base * 2**attempt))

    def follow(self, url: str) -> tuple[HttpResponse, tuple[str, ...]]:
        """Fetch a web page's status without its body: the final response and redirect chain.

        Used for non-DOI links; cached like any answer. Raises :class:`NetworkError` for
        redirect loops and when retries are exhausted.
        """
        key = cache_key(url, "follow")
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
            self._before_request(url)
            try:
                with limiter.slot(self._cancel, self.max_wait):
                    self._before_request(url)
                    self._count("requests")
                    raw = self.session.get(
                        url, headers={"Accept": "text/html,*/*"}, timeout=self.timeout, stream=True
                    )
                    raw.close()
            except requests.TooManyRedirects as exc:
                raise NetworkError(f"redirect loop at {url}", url=url) from exc
            except (requests.Timeout, requests.ConnectionError) as exc:
                error = _connect_failure(exc) or _describe(exc)
                self._sleep(self._backoff(attempt))
                continue
            if raw.status_code in _TRANSIENT_STATUS and attempt < self.max_retries:
                error = f"HTTP {raw.status_code}"
                wait = retry_after_seconds(raw.headers.get("retry-after")) or 0.0
                if wait > self.max_wait:
                    break
                self._sleep(max(self._backoff(attempt), wait))
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


def _check_shape(response: HttpResponse, shape: shapes.Shape) -> None:
    """A 2xx JSON answer must have the documented shape (other answers are the caller's)."""
    if not (200 <= response.status < 300 and response.is_json):
        return
    try:
        body = response.json()
    except ValueError:
        return
    shapes.checked(body, shape)


def _connect_failure(exc: BaseException) -> str:
    """A short reason when ``exc`` means the host could not be reached at all, else ''."""
    if isinstance(exc, requests.ConnectTimeout):
        return "connection timed out"
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "host name not resolved"
    if isinstance(reason, urllib3.exceptions.NewConnectionError):  # before its base class
        cause = reason.__cause__ or reason.__context__
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
        return "cannot open a connection"
    if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):
        return "connection timed out"
    return ""


def _describe(exc: BaseException) -> str:
    """A one-line reason for a failed transfer, without urllib3's object reprs."""
    if isinstance(exc, requests.Timeout | TimeoutError):
        return "timed out"
    text = str(exc)
    for known in ("Connection reset", "Connection aborted", "Remote end closed", "IncompleteRead"):
        if known.lower() in text.lower():
            return known.lower()
    return text.split(":", 1)[0][:80] or type(exc).__name__


def _base(value: str | None, default: str) -> str:
    """A base URL without its trailing slash; the public service when none is given."""
    return (value or default).rstrip("/")


def _with_params(url: str, params: Mapping[str, str] | None) -> str:
    if not params:
        return url
    return f"{url}?{urllib.parse.urlencode(sorted(params.items()))}"
