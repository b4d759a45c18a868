"""Politeness limits: what a server allows, and the limiter that keeps to it.

Crossref announces its limits on every response (``x-rate-limit-limit``,
``x-rate-limit-interval``, ``x-concurrency-limit``), they differ per request type and they
change, so :func:`parse_limits` reads them from each answer and a :class:`RateLimiter`
adopts them live. ``Retry-After`` (:func:`retry_after_seconds`) pauses a limiter after a 429.
"""

from __future__ import annotations

import email.utils
import math
import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import attrs

from ..errors import NetworkError

__all__ = [
    "Limits",
    "RateLimiter",
    "check_cancelled",
    "parse_limits",
    "retry_after_seconds",
    "wait_text",
]


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
    def slot(
        self, cancel: threading.Event | None = None, max_wait: float = math.inf
    ) -> Iterator[None]:
        """Wait for a free slot and the next start time; ``cancel`` ends the wait.

        A pause longer than ``max_wait`` (a 429 with an hour's Retry-After) fails at once.
        """
        cancel = cancel or threading.Event()
        with self._cond:
            while self._active >= self.limits.concurrency:
                self._cond.wait(0.1)
                check_cancelled(cancel)
            self._active += 1
        try:
            while True:
                with self._cond:
                    now = time.monotonic()
                    start = max(now, self._next_start, self._paused_until)
                    if start <= now:
                        self._next_start = now + self.spacing
                        break
                if start - now > max_wait:
                    raise NetworkError(
                        f"the server asked to wait {wait_text(start - now)} (Retry-After), more"
                        f" than the {max_wait:g} s allowed (--max-wait)"
                    )
                cancel.wait(min(start - now, 0.1))
                check_cancelled(cancel)
            yield
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify()


def check_cancelled(cancel: threading.Event) -> None:
    """Raise the "cancelled" :class:`NetworkError` once ``cancel`` is set."""
    if cancel.is_set():
        raise NetworkError("cancelled")


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); may be huge."""
    if not value:
        return None
    value = value.strip()
    if value.replace(".", "", 1).isdigit():
        seconds = float(value)
        return seconds if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(0.0, when.timestamp() - time.time())


def wait_text(value: float) -> str:
    """A wait in seconds as a message prints it (Retry-After may ask for centuries)."""
    return f"{value:.0f} s" if value < 1e9 else "more than 30 years"
