"""``refbridge render FILE --style NAME [--locale ru-RU] [--format text|html|markdown]``.

FILE is a bibliography (CSL-JSON, BibTeX/BibLaTeX, RIS), a list file (one reference per line)
or a document (text, Markdown, HTML, PDF, DOCX, JATS) whose reference lists are extracted and
parsed first, told apart as every command does (docs/cli.md, "What kind of file").
The style is a bundled name (``refbridge render --list-styles``), an alias (apa, chicago,
harvard, mla, vancouver, ieee, gost, gost-author-date) or a path to any ``.csl`` file.
``--citations`` prints the in-text citation of every record after the bibliography. FILE may
be ``-`` for standard input. Records that cannot be read are named on standard error, the
rest is rendered, and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import InputError, Location
from ..model import Reference
from ..render import ALIASES, FORMATS, available_styles, render_citations, render_entries
from ._input import read_input
from ._io import (
    add_encoding_option,
    add_format_option,
    add_output_option,
    add_parser_option,
    description,
    open_output,
    warn,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        description=description(__doc__),
    )
    parser.add_argument(
        "file", metavar="FILE", nargs="?", help="bibliography file or document (- for stdin)"
    )
    parser.add_argument("--style", "-s", default="apa", help="style name or .csl path (apa)")
    parser.add_argument("--locale", "-l", help="locale for the list, e.g. ru-RU or en-GB")
    add_format_option(parser, FORMATS, "text", "output markup")
    add_encoding_option(parser)
    parser.add_argument(
        "--one-locale",
        action="store_true",
        help="use the list's locale for every item (default: each item in its own language)",
    )
    parser.add_argument(
        "--preserve-text",
        action="store_true",
        help="print titles and names as in the data (no title case, no typographic quotes)",
    )
    parser.add_argument(
        "--language-note",
        action="store_true",
        help='end English entries of works published in another language with "(In Russian)"',
    )
    parser.add_argument("--citations", action="store_true", help="also print in-text citations")
    parser.add_argument("--list-styles", action="store_true", help="list bundled styles")
    add_output_option(parser)
    add_parser_option(parser)
    parser.set_defaults(handler=run)


def _references(path: str, encoding: str | None) -> tuple[list[Reference], int]:
    """Records from a bibliography file, or the parsed entries of a document's lists.

    Entries that cannot be read are named on standard error and counted (the second value).
    """
    found = read_input(path, encoding=encoding)
    refs, failures = found.records, found.failures
    warn(found.notes)
    for failure in failures:
        print(f"{failure.location}: error: {failure.error}", file=sys.stderr)
    if not refs:
        raise InputError("no bibliography records and no reference list found",
                         location=Location(found.source))  # fmt: skip
    return refs, len(failures)


def run(args: argparse.Namespace) -> int:
    if args.list_styles:
        aliases: dict[str, list[str]] = {}
        for alias, name in ALIASES.items():
            aliases.setdefault(name, []).append(alias)
        with open_output(args.output) as out:
            for name in available_styles():
                extra = f"  ({', '.join(sorted(aliases[name]))})" if name in aliases else ""
                out.write(f"{name}{extra}\n")
        return 0
    if not args.file:
        raise InputError("name a FILE, - for standard input (or use --list-styles)")
    refs, failed = _references(args.file, args.encoding)
    item_locales = not args.one_locale
    entries = render_entries(
        refs,
        args.style,
        args.locale,
        args.format,
        item_locales=item_locales,
        note_original_language=args.language_note,
        preserve_text=args.preserve_text,
    )
    with open_output(args.output) as out:
        for entry in entries:
            out.write(entry.text + "\n")
        if args.citations:
            out.write("\n")
            cites = render_citations(
                refs, args.style, None, args.locale, args.format, item_locales=item_locales
            )
            for cite in cites:
                out.write(cite + "\n")
    return 1 if failed else 0
