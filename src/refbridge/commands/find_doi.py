"""``refbridge find-doi [FILE|-]``: find missing DOIs, one reference per line, validated.

Each line is searched in Crossref with ``query.bibliographic`` and the candidates are
validated against the parsed reference; a DOI is printed only when the best candidate
passes the threshold with a clear margin over the runner-up. Everything else says why not.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..doi.find import MIN_MARGIN, THRESHOLD, find_doi
from ..doi.options import add_client_arguments, client_from_args
from ..errors import NetworkError
from ._io import add_output_option, iter_input_lines, open_output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "find-doi",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_output_option(parser)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--min-margin", type=float, default=MIN_MARGIN)
    parser.add_argument("--rows", type=int, default=5, help="candidates to fetch per reference")
    add_client_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    found_any = False
    with client_from_args(args) as client, open_output(args.output) as out:
        if args.format == "table":
            out.write(f"{'line':>4}  {'DOI':<36} {'score':>5} {'margin':>6}  reference\n")
        for number, line in enumerate(iter_input_lines(args.file), 1):
            if not line.strip():
                continue
            try:
                search = find_doi(
                    line,
                    client=client,
                    rows=args.rows,
                    threshold=args.threshold,
                    min_margin=args.min_margin,
                )
            except NetworkError as exc:
                result: dict[str, Any] = {
                    "line": number,
                    "input": line,
                    "doi": "",
                    "score": None,
                    "margin": None,
                    "evidence": [str(exc)],
                    "candidates": [],
                }
            else:
                found_any = found_any or search.found
                result = {
                    "line": number,
                    "input": line,
                    "doi": search.doi,
                    "score": search.score,
                    "margin": search.margin,
                    "evidence": list(search.evidence),
                    "candidates": [
                        {"doi": c.doi, "score": c.score, "search_score": c.search_score}
                        for c in search.candidates
                    ],
                }
            if args.format == "json":
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                score = "-" if result["score"] is None else f"{result['score']:.2f}"
                margin = "-" if result["margin"] is None else f"{result['margin']:.2f}"
                out.write(
                    f"{number:>4}  {result['doi'] or '-':<36} {score:>5} {margin:>6}  {line[:60]}\n"
                )
    return 0 if found_any else 1
