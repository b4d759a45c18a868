"""Command-line options shared by the DOI commands: service URLs, politeness, cache, offline."""

from __future__ import annotations

import argparse
import os
import urllib.parse

from ..doi.client import DoiClient
from ..errors import InputError, Location
from ._io import bounded, check_output_path

_SERVICES = {"crossref": "Crossref REST", "doi": "doi.org", "datacite": "DataCite REST"}

__all__ = ["add_client_arguments", "add_workers_option", "client_from_args"]


def add_workers_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers", type=bounded(int, 1, 64), default=8, help="parallel lookups (default 8)"
    )


def add_client_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("network")
    group.add_argument(
        "--mailto", help="your e-mail, sent to Crossref for its polite pool ($REFBRIDGE_MAILTO)"
    )
    group.add_argument("--cache", metavar="PATH", help="SQLite cache file ($REFBRIDGE_CACHE)")
    group.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    group.add_argument("--offline", action="store_true", help="answer from the cache only")
    group.add_argument(
        "--timeout",
        type=bounded(float, 0.001, 3600.0),
        default=10.0,
        metavar="SECONDS",
        help="deadline of each whole request, body included (default 10)",
    )
    group.add_argument(
        "--max-wait",
        type=bounded(float, 0.0, 86400.0),
        default=60.0,
        metavar="SECONDS",
        help="longest Retry-After to honour; a longer one fails that request (default 60)",
    )
    for service, what in _SERVICES.items():
        group.add_argument(
            f"--{service}-url",
            type=base_url,
            help=f"{what} base (${_variable(service)})",
        )


def base_url(value: str) -> str:
    """A service base URL: http or https with a host, else a usage error naming it."""
    try:
        parts = urllib.parse.urlsplit(value)
        host, _ = parts.hostname, parts.port  # a port that is not a number raises
    except ValueError:  # also an unclosed [IPv6 address
        raise argparse.ArgumentTypeError(f"not a URL: {value!r}") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise argparse.ArgumentTypeError(f"not an http(s) URL with a host: {value!r}")
    return value


def _variable(service: str) -> str:
    return f"REFBRIDGE_{service.upper()}_URL"


def client_from_args(args: argparse.Namespace) -> DoiClient:
    """The client the options ask for; ``$REFBRIDGE_*`` fill in what they leave out."""
    if args.cache and not args.no_cache:
        check_output_path(args.cache)  # a folder, or a missing one, is refused by name
    for service in _SERVICES:
        variable = _variable(service)
        if not getattr(args, f"{service}_url") and os.environ.get(variable):
            try:
                base_url(os.environ[variable])
            except argparse.ArgumentTypeError as exc:
                raise InputError(str(exc), location=Location(f"${variable}")) from None
    return DoiClient.from_env(
        crossref_url=args.crossref_url,
        doi_url=args.doi_url,
        datacite_url=args.datacite_url,
        mailto=args.mailto,
        cache=False if args.no_cache else args.cache,
        offline=args.offline,
        timeout=args.timeout,
        max_wait=args.max_wait,
    )
