"""``refbridge convert IN OUT [--from FMT] [--to FMT]``: BibTeX/BibLaTeX, CSL-JSON, RIS.

Formats come from the file suffixes (``.bib`` BibLaTeX, ``.bibtex`` BibTeX, ``.json`` /
``.csl.json`` CSL-JSON, ``.jsonl`` CSL-JSON lines, ``.ris`` RIS) or from the content, unless
``--from``/``--to`` name them; ``-`` is standard input or output. Blocks that cannot be read
are reported on stderr as ``FILE, line N: error: …`` and the rest is converted; the exit
status is then 1. Warnings (a duplicate key, a record with no ``ER``) lose nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import formats
from ..errors import FormatError
from ._input import read_input
from ._io import add_encoding_option, description, note, open_output


def register(subparsers: Any) -> None:
    names = formats.format_names()
    parser = subparsers.add_parser(
        "convert",
        description=description(__doc__),
    )
    parser.add_argument("input", metavar="IN", help="input file, or - for standard input")
    parser.add_argument("output", metavar="OUT", help="output file, or - for standard output")
    parser.add_argument("--from", dest="from_format", choices=names, help="input format")
    parser.add_argument("--to", dest="to_format", choices=names, help="output format")
    add_encoding_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.output == "-" and not args.to_format:
        raise FormatError("writing to standard output: name the format with --to")
    to_format = args.to_format or formats.detect_format(args.output)
    result = read_input(
        args.input, kind="bibliography", format=args.from_format, encoding=args.encoding
    )
    problems = [("warning", w) for w in result.notes] + [("error", f) for f in result.failures]
    for kind, problem in sorted(problems, key=lambda p: p[1].location.line or 0):
        print(f"{problem.location}: {kind}: {problem.error}", file=sys.stderr)
    text = formats.dump(result.records, to_format)
    with open_output(args.output) as out:
        out.write(text)
    note(
        f"refbridge convert: {len(result.records)} record(s) written"
        + (f", {len(result.failures)} block(s) could not be read" if result.failures else "")
    )
    return 1 if result.failures else 0
