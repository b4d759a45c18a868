"""``refbridge translit [--scheme NAME|all] [TEXT ...]``.

Writes Cyrillic TEXT (or standard input, line by line) in Latin letters. Schemes: bsi (the
journals' "References" default), bgn_pcgn, ala_lc, gost_7_79_b, iso9, icao; ``all`` prints
one line per scheme. ``--no-soft-signs`` drops ь and ъ. ``-`` as the only TEXT also reads
standard input.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..bilingual.translit import SCHEMES, transliterate
from ._io import (
    add_encoding_option,
    add_output_option,
    decode_text,
    description,
    open_output,
    read_input_lines,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "translit",
        description=description(__doc__),
    )
    parser.add_argument("text", nargs="*", metavar="TEXT", help="text (default: stdin lines)")
    parser.add_argument(
        "--scheme", "-s", choices=(*SCHEMES, "all"), default="bsi", help="scheme (default bsi)"
    )
    parser.add_argument("--no-soft-signs", action="store_true", help="drop ь and ъ")
    add_encoding_option(parser)
    add_output_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.text and args.text != ["-"]:
        lines = [_argument_text(" ".join(args.text), args.encoding)]
    else:
        lines = read_input_lines(None, args.encoding)
    soft = not args.no_soft_signs
    with open_output(args.output) as out:
        for line in lines:
            if args.scheme == "all":
                for scheme in SCHEMES:
                    out.write(f"{scheme:<12} {transliterate(line, scheme, soft_signs=soft)}\n")
            else:
                out.write(transliterate(line, args.scheme, soft_signs=soft) + "\n")
    return 0


def _argument_text(text: str, encoding: str | None) -> str:
    """TEXT as given; bytes that were not UTF-8 (kept by Python as surrogates) are decoded as
    ``--encoding`` names or as text input is detected, so a cp1251 terminal still works."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return decode_text(os.fsencode(text), "TEXT", encoding)
    return text
