"""``refbridge references-en FILE [--english FILE_EN] [--scheme bsi] [--style apa|vol-no-pp]``.

Writes the English "References" list for the Russian list of FILE: Cyrillic entries
transliterated (authors, title, container), the English title in square brackets where the
article's English list gives one, and "(In Russian)". FILE is a document (its Russian list is
used, and its English list, if it has one, supplies English titles and the authors' own
spellings) or one reference per line, or ``-`` for standard input; ``--english`` names a
separate English list.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..bilingual.english_list import STYLES, english_list
from ..bilingual.lists import load_entries, russian_and_english
from ..bilingual.translit import SCHEMES
from ..errors import InputError
from ..model import ReferenceList
from ._io import add_output_option, description, open_output, read_document_input, warn


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
    doc = read_document_input(args.file)
    try:
        russian, english = russian_and_english(doc)
    except InputError:
        russian, notes = load_entries(doc)
        warn(notes)
    if args.english:
        english, notes = load_entries(args.english)
        warn(notes)
    lines = english_list(russian, english=english, scheme=args.scheme, style=args.style)
    with open_output(args.output) as out:
        out.write("".join(line + "\n" for line in lines))
    return 0
