"""``refbridge find-doi [FILE|-]``: find missing DOIs, one reference per line, validated.

Each line is searched in Crossref with ``query.bibliographic`` and the candidates are
validated against the parsed reference; a DOI is printed only when the best candidate
passes the threshold with a clear margin over the runner-up. Everything else says why not.
``--format jsonl`` writes one JSON object per line as it is done, ``json`` one JSON array.
The exit status is 1 when no DOI was found or a search failed (the other lines are written).
Every non-blank line gets its row, whatever Crossref answers; Ctrl-C stops and keeps the rows
written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from ..doi.find import MIN_MARGIN, THRESHOLD, find_doi
from ..errors import Location, RefbridgeError
from ..listfile import oddity
from ..model import Failure
from ._doi import add_client_arguments, client_from_args
from ._io import (
    add_encoding_option,
    add_format_option,
    add_output_option,
    add_parser_option,
    bounded,
    description,
    echo,
    iter_input_lines,
    open_output,
    progress,
    rows_survive_ctrl_c,
    source_name,
    warn,
    write_json,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "find-doi",
        description=description(__doc__),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE|-", help="one reference per line (stdin)"
    )
    add_format_option(parser, ("table", "json", "jsonl"), "table")
    add_output_option(parser)
    add_parser_option(parser)
    add_encoding_option(parser)
    parser.add_argument(
        "--threshold",
        type=bounded(float, 0.0, 1.0),
        default=THRESHOLD,
        help=f"lowest validation score to accept a DOI, 0-1 (default {THRESHOLD})",
    )
    parser.add_argument(
        "--min-margin",
        type=bounded(float, 0.0, 1.0),
        default=MIN_MARGIN,
        help=f"lead needed over the runner-up, 0-1 (default {MIN_MARGIN})",
    )
    parser.add_argument(
        "--rows",
        type=bounded(int, 1, 100),
        default=5,
        help="candidates to fetch per reference (default 5)",
    )
    add_client_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    found_any = failed = interrupted = False

    def results(client: Any) -> Iterator[dict[str, Any]]:
        nonlocal found_any, failed, interrupted
        lines = progress(
            iter_input_lines(args.file, args.encoding), desc="finding DOIs", unit="line"
        )
        try:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                if why := oddity(line):
                    warn([Failure(line, why, Location(source_name(args.file), number))])
                result = _search(number, line, client, args)
                failed = failed or "error" in result
                found_any = found_any or bool(result["doi"])
                yield result
        except KeyboardInterrupt:  # stop here: the rows so far are whole (a JSON array closes)
            client.cancel()
            interrupted = True
            print("\nrefbridge find-doi: interrupted", file=sys.stderr)

    with rows_survive_ctrl_c(), client_from_args(args) as client, open_output(args.output) as out:
        if args.format in ("json", "jsonl"):
            write_json(out, results(client), args.format)
        else:
            out.write(f"{'line':>4}  {'DOI':<36} {'score':>5} {'margin':>6}  reference\n")
            for result in results(client):
                _write_row(out, result)
    if interrupted:
        return 130
    return 0 if found_any and not failed else 1


def _search(number: int, line: str, client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """One line's row: the search and its validation, or why there is none."""
    result: dict[str, Any] = {"line": number, "input": echo(line), "doi": "", "score": None}
    result.update(margin=None, evidence=[], candidates=[])
    try:
        search = find_doi(
            line,
            client=client,
            rows=args.rows,
            threshold=args.threshold,
            min_margin=args.min_margin,
        )
    except RefbridgeError as exc:  # network down, malformed answer
        result.update(evidence=[str(exc)], error=str(exc))
        return result
    except Exception as exc:  # one line's failure is its row, never the end of the run
        reason = f"unexpected {type(exc).__name__}: {exc}"
        result.update(evidence=[reason], error=reason)
        return result
    result.update(doi=search.doi, score=search.score, margin=search.margin)
    result["evidence"] = list(search.evidence)
    result["candidates"] = [
        {"doi": c.doi, "score": c.score, "search_score": c.search_score} for c in search.candidates
    ]
    return result


def _write_row(out: Any, result: dict[str, Any]) -> None:
    score = "-" if result["score"] is None else f"{result['score']:.2f}"
    margin = "-" if result["margin"] is None else f"{result['margin']:.2f}"
    doi = result["doi"] or ("error" if "error" in result else "-")
    out.write(f"{result['line']:>4}  {doi:<36} {score:>5} {margin:>6}  {result['input'][:60]}\n")
