"""``refbridge dedup FILE [--input auto|lines|document|bibliography] [--format json|text]``.

Clusters the records of one input into works, without a library. Input: one reference per line
(``.txt``, no suffix, or ``-`` for stdin), a document (HTML, PDF, DOCX, JATS, Markdown…) whose
reference lists are extracted, or a BibTeX / CSL-JSON / RIS file. Records are numbered from 0 in
input order (for lines: the line number minus one, blank and unparseable lines included).

``--format json`` prints a list of clusters, every input index in exactly one cluster, a record
with no duplicate as a one-member cluster: ``{"members": [0, 5], "score": 0.97, "links": [...],
"relations": [...], "refused": [...], "evidence": [...]}``. ``score`` is the weakest merge of the
cluster (1.0 for one member); each link has its score, margin over the runner-up and evidence.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..dedup import Cluster, deduplicate
from ..errors import ParseError
from ..model import Reference
from ._io import add_output_option, description, iter_input_lines, open_output

_BIBLIOGRAPHY = (".bib", ".bibtex", ".json", ".csljson", ".ris")
_LINES = ("", ".txt", ".lst")


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
        help="what FILE is (default: by suffix; .txt and stdin are one reference per line)",
    )
    parser.add_argument("--format", "-f", choices=("json", "text"), default="text")
    parser.add_argument("--workers", type=int, default=None, help="processes for scoring")
    add_output_option(parser)
    parser.set_defaults(handler=run)


def _kind(path: str, requested: str) -> str:
    if requested != "auto":
        return requested
    suffix = "" if path == "-" else Path(path).suffix.lower()
    if suffix in _BIBLIOGRAPHY:
        return "bibliography"
    return "lines" if suffix in _LINES else "document"


def read_records(path: str, kind: str) -> list[Reference]:
    """The records of ``path`` in input order (see the module docstring for numbering)."""
    if kind == "bibliography":
        from ..formats import load

        return list(load(path).references)
    if kind == "document":
        from ..extract import extract

        return [ref for found in extract(path) for ref in found.entries]
    from ..parsing import parse_reference

    records = []
    for line in iter_input_lines(path):
        try:
            records.append(parse_reference(line) if line.strip() else Reference(raw=line))
        except ParseError:
            records.append(Reference(raw=line))  # kept as its own one-member cluster
    return records


def _text(clusters: list[Cluster], records: list[Reference]) -> str:
    lines = []
    for cluster in clusters:
        if len(cluster.members) < 2 and not cluster.relations:
            continue
        members = " ".join(str(m) for m in cluster.members)
        lines.append(f"[{members}] score {cluster.score:.2f}")
        for m in cluster.members:
            lines.append(f"  {m}: {(records[m].raw or records[m].title)[:100]}")
        for evidence in cluster.evidence:
            lines.append(f"    {evidence}")
    merged = sum(len(c.members) for c in clusters if len(c.members) > 1)
    lines.append(f"{len(records)} records, {len(clusters)} works, {merged} records in merged works")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    records = read_records(args.file, _kind(args.file, args.input))
    clusters = deduplicate(records, workers=args.workers)
    with open_output(args.output) as out:
        if args.format == "json":
            json.dump([c.to_dict() for c in clusters], out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            out.write(_text(clusters, records))
    return 0
