"""``refbridge dedup FILE [--input auto|lines|document|bibliography] [--format json|text]``.

Clusters the records of one input into works, without a library. Input (``-`` for stdin): a
list file, one reference per line; a document (text, HTML, PDF, DOCX, JATS, Markdown…) whose
reference lists are extracted; or a BibTeX / CSL-JSON / RIS file — told apart by content as
every command does (docs/cli.md, "What kind of file"), or named with ``--input``. Records are
counted in input order (for lines: one per line, blank and unparseable lines included); the
text output numbers them from 1 (for lines: the line number).

``--format json`` prints a list of clusters, every input index in exactly one cluster, a record
with no duplicate as a one-member cluster: ``{"members": [0, 5], "numbers": [1, 6], "score":
0.97, "links": [...], "relations": [...], "refused": [...], "evidence": [...], "entries":
[{"index": 0, "line": 1, "text": "..."}, ...]}``. ``members`` are 0-based indices, ``numbers``
the same records counted from 1, ``entries`` each member's index beside the 1-based line it
came from (null for bibliography files) and its text. Lines are never merged or split; a line
that does not look like a reference is kept and reported on standard error. ``score`` is the
weakest merge of the cluster (1.0 for one member); each link has its score, margin over the
runner-up and evidence. Entries of a bibliography that cannot be read are named on standard
error and the exit status is then 1, as it is when the input holds no records at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..dedup import Cluster, deduplicate, record_key
from ..dedup.parallel import map_keys
from ..errors import InputError, Location
from ..listfile import entry_json
from ..model import Reference
from ._input import read_input
from ._io import (
    add_encoding_option,
    add_format_option,
    add_output_option,
    add_parser_option,
    bounded,
    description,
    note,
    open_output,
    progress,
    progress_callback,
    source_name,
    warn,
)

_KEY_BATCH = 10_000  # dedup.parallel.map_keys forks its workers for a batch this large


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "dedup",
        description=description(__doc__),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="input file, or - for standard input")
    parser.add_argument(
        "--input",
        choices=("auto", "lines", "document", "bibliography"),
        default="auto",
        help="what FILE is (default: auto, told by its content as docs/cli.md says)",
    )
    add_format_option(parser, ("text", "json"), "text")
    parser.add_argument(
        "--workers", type=bounded(int, 1), default=None, help="processes for scoring (all cores)"
    )
    add_encoding_option(parser)
    add_output_option(parser)
    add_parser_option(parser)
    parser.set_defaults(handler=run)


def read_records(path: str, kind: str, encoding: str | None = None) -> tuple[list[Reference], int]:
    """The records of ``path`` in input order (see the module docstring for numbering).

    Entries that cannot be read are named on standard error and counted (the second value);
    no records at all is an :class:`InputError`.
    """
    found = read_input(
        path,
        kind=None if kind == "auto" else kind,
        encoding=encoding,
        keep_blank=True,  # record i is line i + 1 of a list file
        lines_progress=lambda lines: progress(lines, desc="parsing", unit="line"),
    )
    warn(found.notes)
    for failure in found.failures:
        print(f"{failure.location}: error: {failure.error}", file=sys.stderr)
    if not found.records:
        raise InputError("no records to deduplicate", location=Location(source_name(path)))
    return found.records, len(found.failures)


def _keys(records: list[Reference], workers: int | None) -> list[Any]:
    """The records' comparison keys, computed in batches to draw a progress bar.

    Without a bar the records go to ``deduplicate`` as they are (it computes the same keys).
    """
    update = progress_callback("comparing", unit="record")
    if update is None:
        return list(records)
    keys: list[Any] = []
    for start in range(0, len(records), _KEY_BATCH):
        keys += map_keys(records[start : start + _KEY_BATCH], record_key, workers)
        update(len(keys), len(records))
    return keys


def _text(clusters: list[Cluster], records: list[Reference]) -> str:
    lines = []
    for cluster in clusters:
        if len(cluster.members) < 2 and not cluster.relations:
            continue
        members = " ".join(str(m + 1) for m in cluster.members)
        lines.append(f"[{members}] score {cluster.score:.2f}")
        for m in cluster.members:
            lines.append(f"  {m + 1}: {(records[m].raw or records[m].title)[:100]}")
        for evidence in cluster.evidence:
            lines.append(f"    {evidence}")
    merged = sum(len(c.members) for c in clusters if len(c.members) > 1)
    lines.append(f"{len(records)} records, {len(clusters)} works, {merged} records in merged works")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    records, failed = read_records(args.file, args.input, args.encoding)
    note(f"refbridge dedup: clustering {len(records)} records")
    clusters = deduplicate(_keys(records, args.workers), workers=args.workers)
    with open_output(args.output) as out:
        if args.format == "json":
            data = [
                {
                    **c.to_dict(),
                    "numbers": [m + 1 for m in c.members],
                    "entries": [entry_json(m, records[m]) for m in c.members],
                }
                for c in clusters
            ]
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            out.write(_text(clusters, records))
    if failed:
        print(f"refbridge dedup: not clustered: {failed} unreadable entries", file=sys.stderr)
    return 1 if failed else 0
