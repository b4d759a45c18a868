"""``refbridge extract FILE… [--format jsonl|json|csljson|bibtex] [-o OUT]``.

Every reference list of every file: with ``jsonl`` (the default) one JSON object per list
(``source``, ``heading``, ``language``, ``line_start``, ``line_end``, ``entries`` as CSL-JSON,
``failures``), with ``json`` the same objects in one JSON array; with ``csljson`` one JSON
array of all entries; with ``bibtex`` one BibLaTeX file of all entries, where a document's
Russian and English lists are paired and each English entry is linked to its Russian original
(``related``/``relatedtype``). A file that cannot be read or holds no reference list, and an
entry that cannot be parsed, are reported on stderr by name; the other files are still
processed and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any

from ..errors import RefbridgeError
from ..extract import extract, translation_links
from ..model import Reference, ReferenceList
from ..readers import REGISTRY
from ._io import (
    add_format_option,
    add_output_option,
    add_parser_option,
    description,
    note,
    open_output,
    progress,
    read_document_input,
    write_json,
)

FORMATS = ("jsonl", "json", "csljson", "bibtex")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        description=description(__doc__),
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="documents to read ('-' for standard input)"
    )
    add_format_option(parser, FORMATS, "jsonl")
    parser.add_argument(
        "--reader",
        choices=REGISTRY.names(),
        help="read every FILE with this reader instead of detecting the format",
    )
    add_output_option(parser)
    add_parser_option(parser)
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
            {
                "raw": f.raw,
                "error": f.error,
                "location": str(f.location),
                **(
                    {"entry": f.location.entry, "number": f.location.entry + 1}
                    if f.location.entry is not None
                    else {}
                ),
            }
            for f in found.failures
        ],
    }


def _render(documents: list[tuple[str, list[ReferenceList]]], fmt: str) -> str:
    lists = [found for _, doc_lists in documents for found in doc_lists]
    references: list[Reference] = [r for found in lists for r in found.entries]
    if fmt in ("jsonl", "json"):
        out = io.StringIO()
        write_json(out, (list_to_json(f) for f in lists), fmt)
        return out.getvalue()
    if fmt == "csljson":
        return json.dumps([r.to_csl() for r in references], ensure_ascii=False, indent=2) + "\n"
    from ..formats import bibtex

    links: dict[int, int] = {}
    offset = 0
    for path, doc_lists in documents:
        found = translation_links(doc_lists)
        links.update({offset + t: offset + o for t, o in found.links.items()})
        offset += sum(len(f.entries) for f in doc_lists)
        if found.links or found.refused:
            note(f"refbridge extract: {path}: {len(found.links)} translation link(s)")
        for refused in found.refused:
            print(f"refbridge extract: {path}: not linked: {refused}", file=sys.stderr)
    return bibtex.dumps(references, translation_of=links)


def run(args: argparse.Namespace) -> int:
    documents: list[tuple[str, list[ReferenceList]]] = []
    status = 0
    for path in progress(args.files, desc="extracting", unit="file"):
        try:
            found = extract(read_document_input(path, args.reader))
        except RefbridgeError as exc:
            location = exc.location
            where = "" if location is not None and location.source == path else f"{path}: "
            print(f"refbridge extract: error: {where}{exc}", file=sys.stderr)
            status = 1
            continue
        failures = sum(len(f.failures) for f in found)
        entries = sum(len(f.entries) for f in found)
        if not found or failures:
            status = 1
            print(
                f"refbridge extract: {path}: "
                + (f"{failures} entr{'y' if failures == 1 else 'ies'} could not be parsed"
                   if found else "no reference list found"),
                file=sys.stderr,
            )  # fmt: skip
        note(
            f"refbridge extract: {path}: {len(found)} list(s), {entries} entries"
            + (f", {failures} failed" if failures else "")
        )
        documents.append((path, found))
    text = _render(documents, args.format)
    with open_output(args.output) as out:
        out.write(text)
    return status
