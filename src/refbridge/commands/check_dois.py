"""``refbridge check-dois FILE…``: check every DOI (and, on request, every link) in files.

Each FILE (``-`` for standard input) is a bibliography (BibTeX, RIS, CSL-JSON), a list file
(one reference per line, never re-split; odd lines reported with their line number; a file
whose every line is a DOI is a list of DOIs) or a document whose reference lists are found and
parsed, told apart as every command does (docs/cli.md, "What kind of file"); in a document
with no reference list, the lines that cite a DOI are checked. DOIs in entries that could not
be parsed are checked too (against their raw text). ``--format jsonl`` writes one JSON
object per DOI (and per link), ``json`` the same objects as one JSON array.

Every DOI gets one row, whatever the registries answer, with where it is cited (file,
line, BibTeX key); a DOI cited several times is looked up once. Entries that cite no DOI
get no row (``find-doi`` looks for theirs). Ctrl-C stops at once and
still writes the rows finished. The exit status is 1 when any DOI is not fine.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from ..doi.check import CheckInterrupted, check_dois, check_urls, cited_dois, only_a_doi
from ..doi.report_html import render_html
from ..model import Document, DoiCheck, Failure, Provenance, Reference
from ._doi import add_client_arguments, add_workers_option, client_from_args
from ._input import read_input
from ._io import (
    add_format_option,
    add_output_option,
    description,
    open_output,
    progress_callback,
    rows_survive_ctrl_c,
    warn,
    write_json,
)

#: Statuses that make the exit status 1: something to fix, or something not checked.
NOT_FINE = frozenset({"malformed", "not_found", "mismatch", "retracted", "unreachable", "error"})


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-dois",
        description=description(__doc__),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="documents or bibliographies (- for stdin)"
    )
    add_format_option(parser, ("table", "json", "jsonl", "html"), "table")
    add_output_option(parser)
    parser.add_argument("--urls", action="store_true", help="also check links that are not DOIs")
    add_workers_option(parser)
    add_client_arguments(parser)
    parser.set_defaults(handler=run)


def read_items(path: str) -> list[Reference | str]:
    """The entries of one file to check: references, or raw strings where parsing failed."""
    found = read_input(path)
    if found.kind == "bibliography":
        warn(found.notes)
        return [*_located(found.records, path), *_citing_a_doi(found.failures)]
    if found.kind == "lines":
        records = [ref for ref in found.records if ref.raw.strip()]
        if records and all(only_a_doi(ref.raw) for ref in records):  # a list of DOIs
            return [_doi_line(found.source, ref) for ref in records]
        warn(found.notes)
        return list(records)
    items: list[Reference | str] = [*found.records, *_citing_a_doi(found.failures)]
    if not found.lists and found.document is not None:
        items.extend(ref for ref in _doi_lines(found.document) if cited_dois(ref.raw))
    return items


def _doi_line(source: str, ref: Reference) -> Reference:
    """A line that is only a DOI, as an entry that knows its line and nothing else."""
    line = ref.provenance.line_start if ref.provenance else None
    return Reference(raw=ref.raw.strip(), provenance=Provenance(document=source, line_start=line))


def _doi_lines(doc: Document) -> list[Reference]:
    """Each non-empty line of a document as an entry that knows its line."""
    return [
        Reference(raw=line.strip(), provenance=Provenance(document=doc.source, line_start=number))
        for number, line in enumerate(doc.lines, 1)
        if line.strip()
    ]


def _located(references: Sequence[Reference], path: str) -> list[Reference]:
    """Entries of a bibliographic file, each with its file and the line of its key."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    starts = {
        match.group(1): text.count("\n", 0, match.start()) + 1
        for match in re.finditer(r"@\w+\s*[{(]\s*([^\s,]+)\s*,", text)
    }
    located = []
    for index, ref in enumerate(references):
        if ref.provenance is None:
            line = starts.get(ref.id)
            where = Provenance(
                document=path, entry_index=None if ref.id else index, line_start=line
            )
            ref = attrs.evolve(ref, provenance=where)
        located.append(ref)
    return located


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
        if check.sources:
            lines.append(f"{'':<12} cited at {'; '.join(check.sources)}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    items: list[Reference | str] = []
    for path in args.files:
        items.extend(read_items(path))
    progress = progress_callback("checking DOIs", unit="DOI")
    interrupted = False
    checks: list[DoiCheck] = []
    urls: list[Any] = []
    with rows_survive_ctrl_c(), client_from_args(args) as client:
        try:
            checks = check_dois(items, client=client, workers=args.workers, progress=progress)
            urls = check_urls(items, client=client) if args.urls else []
        except CheckInterrupted as stop:
            checks, urls, interrupted = checks or stop.checks, stop.urls, True
            print(
                f"\nrefbridge check-dois: interrupted; writing the {len(checks)} rows finished",
                file=sys.stderr,
            )
    _write(args, checks, urls)
    _report_unreachable(checks)
    if interrupted:
        return 130
    return 1 if any(c.status in NOT_FINE for c in checks) else 0


def _write(args: argparse.Namespace, checks: list[DoiCheck], urls: list[Any]) -> None:
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


def _report_unreachable(checks: list[DoiCheck]) -> None:
    """One line on stderr when DOIs could not be checked, with the commonest reason."""
    unreachable = [c for c in checks if c.status == "unreachable"]
    if not unreachable:
        return
    reasons = collections.Counter(c.evidence[-1] if c.evidence else "" for c in unreachable)
    print(
        f"refbridge check-dois: {len(unreachable)} of {len(checks)} DOIs could not be checked:"
        f" {reasons.most_common(1)[0][0]}",
        file=sys.stderr,
    )
