"""Command-line options shared by the DOI commands: service URLs, politeness, cache, offline."""

from __future__ import annotations

import argparse

from ..commands._io import bounded, check_output_path
from .client import DoiClient

__all__ = ["add_client_arguments", "client_from_args"]


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
    group.add_argument("--crossref-url", help="Crossref REST base ($REFBRIDGE_CROSSREF_URL)")
    group.add_argument("--doi-url", help="doi.org base ($REFBRIDGE_DOI_URL)")
    group.add_argument("--datacite-url", help="DataCite REST base ($REFBRIDGE_DATACITE_URL)")


def client_from_args(args: argparse.Namespace) -> DoiClient:
    """The client the options ask for; ``$REFBRIDGE_*`` fill in what they leave out."""
    if args.cache and not args.no_cache:
        check_output_path(args.cache)  # a folder, or a missing one, is refused by name
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
