"""``refbridge library COMMAND``: the reference library in one SQLite file.

Commands: ``add FILE…`` (documents, BibTeX, CSL-JSON, RIS, ``-`` for standard input; then
deduplicates), ``works``,
``show WORK``, ``dedup``, ``explain RECORD RECORD``, ``not-duplicate RECORD RECORD``,
``protect RECORD FIELD``, ``export [-o FILE] [--format bibtex|biblatex|csljson|ris]`` (the
format follows the suffix of ``-o`` unless named). The library file is ``--library PATH``
(before or after the command name), else ``$REFBRIDGE_LIBRARY``, else ``./refbridge.sqlite``.
Only ``add`` creates a library; the other commands refuse a path where there is none, so a
mistyped ``--library`` is an error rather than an empty library.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .. import formats
from ..errors import RefbridgeError
from ..store import MERGE_FIELDS, Library
from ._io import (
    STDIN,
    add_format_option,
    add_output_option,
    add_parser_option,
    add_quiet_option,
    bounded,
    description,
    open_output,
    progress,
    read_input_bytes,
    source_name,
)

DEFAULT_LIBRARY = "refbridge.sqlite"
EXPORT_FORMATS = ("bibtex", "biblatex", "csljson", "ris")


def _library_path(args: argparse.Namespace) -> str:
    return args.library or os.environ.get("REFBRIDGE_LIBRARY") or DEFAULT_LIBRARY


def _open(args: argparse.Namespace, *, create: bool = False, write: bool = False) -> Library:
    """The library of ``args``: read-only (media included) unless ``write``; only ``create``
    (``library add``) may start a new file, so a mistyped ``--library`` is an error."""
    return Library(_library_path(args), readonly=not (write or create), create=create)


def register(subparsers: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="PATH",
        default=argparse.SUPPRESS,  # so that `refbridge --library PATH library …` is kept
        help=f"library file (default: $REFBRIDGE_LIBRARY or ./{DEFAULT_LIBRARY})",
    )
    add_quiet_option(common, argparse.SUPPRESS)
    parser = subparsers.add_parser(
        "library",
        description=description(__doc__),
    )
    commands = parser.add_subparsers(dest="library_command", metavar="COMMAND", required=True)

    add = commands.add_parser("add", parents=[common], help="import files (idempotent)")
    add.add_argument(
        "files", nargs="+", metavar="FILE", help="documents or bibliography files (- for stdin)"
    )
    add.add_argument("--reader", help="read every FILE with this reader or format")
    add.add_argument("--no-dedup", action="store_true", help="do not deduplicate afterwards")
    add_parser_option(add)
    add.set_defaults(handler=_add)

    works = commands.add_parser("works", parents=[common], help="list works")
    add_format_option(works, ("text", "json"), "text")
    works.add_argument("--all", action="store_true", help="also works of a single record")
    works.set_defaults(handler=_works)

    show = commands.add_parser("show", parents=[common], help="a work's merged fields and sources")
    show.add_argument("work", metavar="WORK", help="a work id (w12) or a record id (r3)")
    add_format_option(show, ("text", "json"), "text")
    show.set_defaults(handler=_show)

    dedup = commands.add_parser("dedup", parents=[common], help="cluster all records into works")
    dedup.add_argument(
        "--workers", type=bounded(int, 1), default=None, help="processes (default: all cores)"
    )
    dedup.set_defaults(handler=_dedup)

    explain = commands.add_parser(
        "explain", parents=[common], help="why two records are (not) one work"
    )
    explain.add_argument("a", metavar="RECORD", help="a record id, e.g. r3")
    explain.add_argument("b", metavar="RECORD", help="the other record id")
    explain.set_defaults(handler=_explain)

    nodup = commands.add_parser(
        "not-duplicate", parents=[common], help="mark two records as different works"
    )
    nodup.add_argument("a", metavar="RECORD", help="a record id, e.g. r3")
    nodup.add_argument("b", metavar="RECORD", help="the other record id")
    nodup.add_argument("--note", default="", help="why they differ (kept with the decision)")
    nodup.set_defaults(handler=_not_duplicate)

    protect = commands.add_parser(
        "protect", parents=[common], help="make a record's field win in its work"
    )
    protect.add_argument("record", metavar="RECORD", help="a record id, e.g. r3")
    protect.add_argument("field", choices=MERGE_FIELDS, help="the field whose value wins")
    protect.set_defaults(handler=_protect)

    export = commands.add_parser("export", parents=[common], help="merged works as a bibliography")
    export.add_argument(
        "--format",
        "-f",
        choices=EXPORT_FORMATS,
        help="bibliography format (default: from the suffix of -o, else csljson)",
    )
    add_output_option(export)
    export.set_defaults(handler=_export)


def _add(args: argparse.Namespace) -> int:
    status = 0
    with _open(args, create=True) as lib:
        for path in progress(args.files, desc="adding files", unit="file"):
            try:
                result = (
                    _add_stdin(lib, args.reader)
                    if path == "-"
                    else lib.add_file(path, format=args.reader)
                )
            except RefbridgeError as exc:
                where = "" if exc.location else f"{source_name(path)}: "
                print(f"refbridge library add: {where}{exc}", file=sys.stderr)
                status = 1
                continue
            state = "added" if result.added else "already in the library"
            name = source_name(path)
            print(f"{name}: {state} as document {result.document_id}, {result.records} records")
            for failure in result.failures:
                print(f"  not parsed: {failure}", file=sys.stderr)
                status = 1  # kept in the library as unparsed, but not a record
            if not result.records and not result.failures:
                print(f"refbridge library add: {name}: no reference list found", file=sys.stderr)
                status = 1
        if not args.no_dedup:
            _print_summary(lib.dedup())
    return status


def _add_stdin(lib: Any, reader: str | None) -> Any:
    """``library add -``: standard input, told apart by its content like any file."""
    return lib.add_bytes(read_input_bytes("-"), source=STDIN, format=reader)


def _print_summary(summary: Any) -> None:
    print(
        f"{summary.records} records in {summary.works} works "
        f"({summary.merges} merges, {summary.relations} relations, {summary.refused} refused)"
    )


def _works(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        works = [w for w in lib.works() if args.all or len(w.records) > 1 or w.relations]
        if args.format == "json":
            data = [
                {"id": w.id, "doi": w.doi, "records": [r.id for r in w.records],
                 "relations": [list(r) for r in w.relations]}
                for w in works
            ]  # fmt: skip
            print(json.dumps(data, ensure_ascii=False, indent=1))
            return 0
        for work in works:
            title = lib.merged(work.id).fields.get("title")
            print(f"{work.id}  {len(work.records)} records  {title.value if title else ''}")
            for kind, target in work.relations:
                print(f"    {kind} {target}")
    return 0


def _show(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        merged = lib.merged(args.work)
        if args.format == "json":
            data = {
                "work": f"w{merged.work_id}",
                "records": [f"r{r}" for r in merged.records],
                "fields": {
                    name: {"value": str(fv.value), "sources": [f"r{s}" for s in fv.sources],
                           "protected": fv.protected,
                           "alternatives": [{"value": str(v), "sources": [f"r{s}" for s in src]}
                                            for v, src in fv.alternatives]}
                    for name, fv in merged.fields.items()
                },
                "links": lib.links(args.work),
            }  # fmt: skip
            print(json.dumps(data, ensure_ascii=False, indent=1))
            return 0
        print(f"w{merged.work_id}: records {', '.join(f'r{r}' for r in merged.records)}")
        for name, fv in merged.fields.items():
            value = "; ".join(map(str, fv.value)) if isinstance(fv.value, tuple) else fv.value
            mark = " (protected)" if fv.protected else ""
            print(f"  {name}: {value}  <- {', '.join(f'r{s}' for s in fv.sources)}{mark}")
            for other, sources in fv.alternatives:
                shown = "; ".join(map(str, other)) if isinstance(other, tuple) else other
                print(f"      also: {shown}  <- {', '.join(f'r{s}' for s in sources)}")
        for link in lib.links(args.work):
            margin = f" margin {link['margin']:.2f}" if link["margin"] is not None else ""
            print(f"  {link['a']} {link['kind']} {link['b']}: score {link['score']:.2f}{margin}")
    return 0


def _dedup(args: argparse.Namespace) -> int:
    with _open(args, write=True) as lib:
        _print_summary(lib.dedup(workers=args.workers))
    return 0


def _explain(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        result = lib.explain(args.a, args.b)
        verdict = "one work" if result.same else result.link or "different works"
        print(f"{args.a} / {args.b}: {verdict} (score {result.score:.3f})")
        for line in result.evidence:
            print(f"  {line}")
    return 0


def _not_duplicate(args: argparse.Namespace) -> int:
    with _open(args, write=True) as lib:
        lib.mark_not_duplicate(args.a, args.b, note=args.note)
        _print_summary(lib.dedup())
    return 0


def _protect(args: argparse.Namespace) -> int:
    with _open(args, write=True) as lib:
        lib.protect(args.record, args.field)
    return 0


def _export(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix if args.output and args.output != "-" else ""
    by_suffix = formats.REGISTRY.name_for_suffix(suffix) if suffix else None
    fmt = args.format or (by_suffix if by_suffix in EXPORT_FORMATS else "csljson")
    with _open(args) as lib:
        text = lib.export(fmt)
    with open_output(args.output) as out:
        out.write(text)
    return 0
