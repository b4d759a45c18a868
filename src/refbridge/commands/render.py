"""``refbridge render FILE --style NAME [--locale ru-RU] [--format text|html|markdown]``.

FILE is a bibliography (CSL-JSON, BibTeX/BibLaTeX, RIS: by suffix or content) or a document
(text, Markdown, HTML, PDF, DOCX, JATS) whose reference lists are extracted and parsed first.
The style is a bundled name (``refbridge render --list-styles``), an alias (apa, chicago,
harvard, mla, vancouver, ieee, gost, gost-author-date) or a path to any ``.csl`` file.
``--citations`` prints the in-text citation of every record after the bibliography.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import formats
from ..errors import FormatError, InputError
from ..model import Reference
from ..render import ALIASES, FORMATS, available_styles, render_citations, render_entries
from ._io import add_output_option, description, open_output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        description=description(__doc__),
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help="bibliography file or document")
    parser.add_argument("--style", "-s", default="apa", help="style name or .csl path (apa)")
    parser.add_argument("--locale", "-l", help="locale for the list, e.g. ru-RU or en-GB")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text", help="output markup")
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
    parser.set_defaults(handler=run)


def _references(path: str) -> list[Reference]:
    """Records from a bibliography file, or the parsed entries of a document's lists."""
    try:
        fmt = formats.detect_format(
            path, Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
        )
    except FormatError:
        fmt = None
    if fmt is not None:
        result = formats.load(path, fmt)
        for failure in result.failures:
            print(f"{failure.location}: error: {failure.error}", file=sys.stderr)
        return list(result.references)
    from ..extract import extract  # documents need the readers and the parser

    lists = extract(path)
    if not lists:
        raise InputError(f"{path}: no bibliography records and no reference list found")
    refs: list[Reference] = []
    for found in lists:
        for failure in found.failures:
            print(f"{failure.location}: error: {failure.error}", file=sys.stderr)
        refs.extend(found.entries)
    return refs


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
        raise InputError("render: name a FILE (or use --list-styles)")
    if not Path(args.file).is_file():
        raise InputError(f"{args.file}: no such file")
    refs = _references(args.file)
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
    return 0
