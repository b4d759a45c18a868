"""``refbridge extract FILE… [--format jsonl|csljson|bibtex] [-o OUT]``.

Every reference list of every file: with ``jsonl`` (the default) one JSON object per list
(``source``, ``heading``, ``language``, ``line_start``, ``line_end``, ``entries`` as CSL-JSON,
``failures``); with ``csljson`` one JSON array of all entries; with ``bibtex`` one BibLaTeX
file of all entries. A file that cannot be read is reported on stderr by name and the other
files are still processed; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any

from ..errors import FormatError, RefbridgeError
from ..extract import extract
from ..model import Reference, ReferenceList
from ..readers import REGISTRY, read_bytes
from ._io import add_output_option, description, open_output

FORMATS = ("jsonl", "csljson", "bibtex")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="find and parse the reference lists of documents",
        description=description(__doc__),
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="documents to read ('-' for standard input)"
    )
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="jsonl", help="output format (default jsonl)"
    )
    parser.add_argument(
        "--reader",
        choices=REGISTRY.names(),
        help="read every FILE with this reader instead of detecting the format",
    )
    add_output_option(parser)
    parser.set_defaults(handler=run)


def list_to_json(found: ReferenceList) -> dict[str, Any]:
    """One found list as the ``jsonl`` output object."""
    return {
        "source": found.source,
        "heading": found.heading,
        "language": found.language,
        "line_start": found.line_start,
        "line_end": found.line_end,
        "entries": [r.to_csl() for r in found.entries],
        "failures": [
            {"raw": f.raw, "error": f.error, "location": str(f.location)} for f in found.failures
        ],
    }


def _render(lists: list[ReferenceList], fmt: str) -> str:
    references: list[Reference] = [r for found in lists for r in found.entries]
    if fmt == "jsonl":
        return "".join(json.dumps(list_to_json(f), ensure_ascii=False) + "\n" for f in lists)
    if fmt == "csljson":
        return json.dumps([r.to_csl() for r in references], ensure_ascii=False, indent=2) + "\n"
    try:
        bibtex = importlib.import_module("refbridge.formats.bibtex")
    except ImportError as exc:
        raise FormatError(f"BibTeX output is not available: {exc}") from None
    return str(bibtex.dumps(references))


def run(args: argparse.Namespace) -> int:
    lists: list[ReferenceList] = []
    status = 0
    for path in args.files:
        try:
            source = (
                read_bytes(sys.stdin.buffer.read(), "<stdin>", args.reader) if path == "-" else path
            )
            found = extract(source, format=args.reader)
        except RefbridgeError as exc:
            location = exc.location
            where = "" if location is not None and location.source == path else f"{path}: "
            print(f"refbridge extract: error: {where}{exc}", file=sys.stderr)
            status = 1
            continue
        failures = sum(len(f.failures) for f in found)
        entries = sum(len(f.entries) for f in found)
        print(
            f"refbridge extract: {path}: {len(found)} list(s), {entries} entries"
            + (f", {failures} failed" if failures else ""),
            file=sys.stderr,
        )
        lists.extend(found)
    text = _render(lists, args.format)
    with open_output(args.output) as out:
        out.write(text)
    return status
