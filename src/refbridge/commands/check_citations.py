"""``refbridge check-citations DOC [--format table|json] [--list N]``.

Finds the in-text citations of DOC (author–year, narrative, numeric; Latin or Cyrillic),
links each to an entry of the reference list in the body's language, and reports citations
with no entry, entries never cited, year mismatches, spellings and author orders that differ
from the list, and ambiguous citations. ``--list N`` picks the N-th list found (counting
from 1) instead; a document with no list is an error. Entries are numbered from 1 in the
table; the JSON gives ``entry`` (0-based index) and ``number`` (1-based). DOC may be ``-`` for
standard input. Exit status 0 whether or not problems are found; 1 if DOC cannot be read.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..citations import CitationReport, check_citations
from ..errors import InputError, Location
from ..extract import extract
from ._io import (
    add_format_option,
    add_output_option,
    bounded,
    description,
    open_output,
    read_document_input,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-citations",
        description=description(__doc__),
    )
    parser.add_argument("document", metavar="DOC", help="the document to check, or - for stdin")
    add_format_option(parser, ("table", "json"), "table")
    parser.add_argument(
        "--list", type=bounded(int, 1), metavar="N", help="check against the N-th list found"
    )
    parser.add_argument("--reader", help="read DOC with this reader instead of detecting it")
    add_output_option(parser)
    parser.set_defaults(handler=run)


def render_table(report: CitationReport) -> str:
    """Links (line, citation, entry, score) then problems, fixed width."""
    entries = report.reference_list.entries
    lines = [f"list: {report.reference_list.heading or '(unnamed)'} ({len(entries)} entries)"]
    lines.append(f"{'line':>5}  {'citation':<40} {'entry':>5} {'score':>6}  entry starts")
    for link in report.links:
        text = " ".join(link.citation.text.split())
        text = text if len(text) <= 40 else text[:39] + "…"
        if link.entry is None:
            lines.append(f"{link.citation.line:>5}  {text:<40} {'-':>5} {link.score:>6.2f}")
            continue
        start = " ".join(entries[link.entry].raw.split())[:40]
        lines.append(
            f"{link.citation.line:>5}  {text:<40} {link.entry + 1:>5} {link.score:>6.2f}  {start}"
        )
    lines.append("")
    lines.append(f"problems ({len(report.issues)}):")
    for issue in report.issues:
        lines.append(f"  {issue.kind:<17} {issue.message}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    doc = read_document_input(args.document, args.reader)
    chosen = None
    if args.list is not None:
        lists = [lst for lst in extract(doc) if lst.entries]
        if args.list > len(lists):
            raise InputError(
                f"--list {args.list}: the document has {len(lists)} list(s)",
                location=Location(doc.source),
            )
        chosen = lists[args.list - 1]
    report = check_citations(doc, reference_list=chosen)
    if not report.reference_list.entries:
        raise InputError("no reference list found to check against", location=Location(doc.source))
    with open_output(args.output) as out:
        if args.format == "json":
            out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(render_table(report))
    return 0
