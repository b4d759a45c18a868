"""``refbridge parse [FILE|-]``: reference strings in, CSL-JSON lines out.

The contract outside evaluation scripts rely on: one input line -> exactly one output line, in
order, streamed (no line waits for the end of the input). A line that parses becomes one CSL-JSON
item (CSL variable names, ``issued.date-parts``, ``author`` as family/given objects; refbridge's
own bookkeeping only under ``custom.refbridge``). A line that does not — blank lines included,
so the numbering never shifts — becomes ``{"error": "...", "line": N, "input": "..."}``; the
echoed input is cut to :data:`ECHO_LIMIT` characters so a 5 MB junk line stays a short record.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..model import Failure
from ..parsing import DEFAULT_SEGMENTER, SEGMENTERS, parse_references
from ._io import add_output_option, iter_input_lines, open_output

ECHO_LIMIT = 1_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="parse reference strings (one per line) into CSL-JSON lines",
        description=(
            "Read one reference string per line and write one CSL-JSON object per line "
            '(JSON Lines), in the same order; a line that cannot be parsed gives {"error": ...}.'
        ),
    )
    parser.add_argument("input", nargs="?", default="-", help="input file, or - for stdin")
    add_output_option(parser)
    parser.add_argument(
        "--segmenter",
        choices=SEGMENTERS.names(),
        default=None,
        help=f"which segmenter labels the strings (default: {DEFAULT_SEGMENTER})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    source = "<stdin>" if args.input in (None, "-") else args.input
    with open_output(args.output) as out:
        results = parse_references(
            iter_input_lines(args.input), source=source, segmenter=args.segmenter
        )
        for result in results:
            if isinstance(result, Failure):
                record: dict[str, Any] = error_record(result)
            else:
                record = result.to_csl()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
    return 0


def error_record(failure: Failure) -> dict[str, Any]:
    """The JSON object written for a line that could not be parsed."""
    text = failure.raw
    if len(text) > ECHO_LIMIT:
        text = text[:ECHO_LIMIT] + "…"
    return {"error": failure.error, "line": failure.location.line, "input": text}
