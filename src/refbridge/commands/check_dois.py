"""``refbridge check-dois FILE…``: check every DOI (and, on request, every link) in files.

A file is read as a bibliographic file when its suffix names a format (``.bib``, ``.ris``,
``.json``), else as a document whose reference lists are found and parsed. DOIs in entries
that could not be parsed are checked too (against their raw text). A document with no
reference list is scanned line by line, so a plain list of DOIs works as well. ``-`` reads a
document from standard input. ``--format jsonl`` writes one JSON object per DOI (and per link),
``json`` the same objects as one JSON array.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ..doi.check import check_dois, check_urls, cited_dois
from ..doi.options import add_client_arguments, client_from_args
from ..doi.report_html import render_html
from ..doi.syntax import find_dois
from ..errors import FormatError
from ..model import Failure, Reference
from ._io import (
    add_format_option,
    add_output_option,
    bounded,
    open_output,
    progress_callback,
    read_document_input,
    write_json,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-dois",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="documents or bibliographies (- for stdin)"
    )
    add_format_option(parser, ("table", "json", "jsonl", "html"), "table")
    add_output_option(parser)
    parser.add_argument("--urls", action="store_true", help="also check links that are not DOIs")
    parser.add_argument(
        "--workers", type=bounded(int, 1, 64), default=8, help="parallel lookups (default 8)"
    )
    add_client_arguments(parser)
    parser.set_defaults(handler=run)


def read_items(path: str) -> list[Reference | str]:
    """The entries of one file to check: references, or raw strings where parsing failed."""
    from .. import formats

    items: list[Reference | str] = []
    try:  # by suffix only: documents (.txt, .md, .pdf, …) are not bibliographic files
        is_bibliographic = path != "-" and bool(formats.detect_format(path))
    except FormatError:
        is_bibliographic = False
    if is_bibliographic:
        loaded = formats.load(path)
        items.extend(loaded.references)
        items.extend(_citing_a_doi(loaded.failures))
        return items
    from ..extract import extract

    doc = read_document_input(path)
    lists = extract(doc)
    for found in lists:
        items.extend(found.entries)
        items.extend(_citing_a_doi(found.failures))
    if not lists:
        items.extend(line for line in doc.lines if find_dois(line))
    return items


def _citing_a_doi(failures: Sequence[Failure]) -> list[str]:
    """The raw text of unreadable entries that cite a DOI, well formed or not.

    ``check_dois`` takes a string with no DOI in it for a bare, malformed DOI; an unreadable
    entry that cites none has nothing to check.
    """
    citing = []
    for failure in failures:
        if cited_dois(failure.raw):
            citing.append(failure.raw)
        else:
            print(f"{failure.location}: not read, no DOI in it: {failure.error}", file=sys.stderr)
    return citing


def _table(checks: list[Any]) -> str:
    lines = [f"{'status':<12} {'agency':<9} {'DOI':<40} evidence"]
    for check in checks:
        note = next((e for e in check.evidence if e.startswith(("mismatch", "repair"))), "")
        note = note or (check.evidence[-1] if check.evidence else "")
        lines.append(f"{check.status:<12} {check.agency or '-':<9} {check.doi:<40} {note}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    items: list[Reference | str] = []
    for path in args.files:
        items.extend(read_items(path))
    progress = progress_callback("checking DOIs", unit="DOI")
    with client_from_args(args) as client:
        checks = check_dois(items, client=client, workers=args.workers, progress=progress)
        urls = check_urls(items, client=client) if args.urls else []
    with open_output(args.output) as out:
        if args.format in ("json", "jsonl"):
            rows = [check.to_dict() for check in checks]
            rows += [{"url_check": url.to_dict()} for url in urls]
            write_json(out, rows, args.format)
        elif args.format == "html":
            out.write(render_html(checks, urls, title=f"DOI check: {', '.join(args.files)}"))
        else:
            out.write(_table(checks))
            for url in urls:
                out.write(f"{url.status:<12} {'link':<9} {url.url}\n")
    bad = {"malformed", "not_found", "mismatch", "retracted"}
    return 1 if any(c.status in bad for c in checks) else 0
