"""``refbridge references-en FILE [--english FILE_EN] [--scheme bsi] [--style apa|vol-no-pp]``.

Writes the English "References" list for the Russian list of FILE: Cyrillic entries
transliterated (authors, title, container), the English title in square brackets where the
article's English list gives one, and "(In Russian)". FILE is a document (its Russian list is
used, and its English list, if it has one, supplies English titles and the authors' own
spellings) or a list file, one reference per line (told apart as every command does:
docs/cli.md, "What kind of file"), or ``-`` for standard input; ``--english`` names a
separate English list.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..bilingual.english_list import STYLES, english_list
from ..bilingual.translit import SCHEMES
from ..errors import InputError
from ..model import ReferenceList
from ._input import read_input
from ._io import add_output_option, description, open_output, warn


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "references-en",
        description=description(__doc__),
    )
    parser.add_argument(
        "file", metavar="FILE", help="document, or one reference per line (- for stdin)"
    )
    parser.add_argument("--english", metavar="FILE_EN", help="the English list to take titles from")
    parser.add_argument(
        "--scheme", "-s", choices=SCHEMES, default="bsi", help="transliteration (default bsi)"
    )
    parser.add_argument("--style", choices=STYLES, default="apa", help="entry layout (default apa)")
    add_output_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    english: ReferenceList | None = None
    found = read_input(args.file)
    try:
        russian, english = found.russian_and_english()
    except InputError:
        russian = found.one_list()
        warn(found.notes)
    if args.english:
        other = read_input(args.english)
        english = other.one_list()
        warn(other.notes)
    lines = english_list(russian, english=english, scheme=args.scheme, style=args.style)
    with open_output(args.output) as out:
        out.write("".join(line + "\n" for line in lines))
    return 0
