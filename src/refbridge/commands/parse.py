"""``refbridge parse [FILE|-]``: reference strings in, CSL-JSON lines out.

The contract outside evaluation scripts rely on: one input line -> exactly one output line, in
order, streamed (no line waits for the end of the input). A line that parses becomes one CSL-JSON
item (CSL variable names, ``issued.date-parts``, ``author`` as family/given objects; refbridge's
own bookkeeping only under ``custom.refbridge``). A line that does not — blank lines included,
so the numbering never shifts — becomes ``{"error": "...", "line": N, "input": "..."}``; the
echoed input is cut to :data:`~._io.ECHO_LIMIT` characters so a 5 MB junk line stays a short record.
``--format json`` writes the same objects as one JSON array instead. Lines end at LF or CRLF
(a bare CR stays inside its line). The exit status is 1 when a non-blank line was not parsed.
A line that parses but does not look like a reference is written all the same and reported on
standard error with its line number.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from ..errors import Location
from ..listfile import line_of, oddity
from ..model import Failure
from ..parsing import parse_references
from ._io import (
    add_encoding_option,
    add_format_option,
    add_output_option,
    add_parser_option,
    description,
    echo,
    iter_input_lines,
    note,
    open_output,
    progress,
    source_name,
    warn,
    write_json,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "parse",
        description=description(__doc__),
    )
    parser.add_argument("input", nargs="?", default="-", help="input file, or - for stdin")
    add_output_option(parser)
    add_format_option(parser, ("jsonl", "json"), "jsonl", "one object per line, or one array")
    add_encoding_option(parser)
    add_parser_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    lines = iter_input_lines(args.input, args.encoding)
    failed = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal failed
        source = source_name(args.input)
        results = parse_references(
            progress(lines, desc="parsing", unit="line"),
            source=source,
        )
        for result in results:
            if isinstance(result, Failure):
                failed += bool(result.raw.strip())
                yield error_record(result)
            else:
                if why := oddity(result.raw):
                    warn([Failure(result.raw, why, Location(source, line_of(result)))])
                yield result.to_csl()

    with open_output(args.output) as out:
        write_json(out, records(), args.format)
    if failed:
        note(f"refbridge parse: {failed} non-blank line(s) could not be parsed")
    return 1 if failed else 0


def error_record(failure: Failure) -> dict[str, Any]:
    """The JSON object written for a line that could not be parsed."""
    return {"error": failure.error, "line": failure.location.line, "input": echo(failure.raw)}
