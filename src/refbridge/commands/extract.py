"""``refbridge extract FILE… [--format jsonl|json|csljson|biblatex|bibtex|ris] [-o OUT]``.

Every reference list of every file: with ``jsonl`` (the default) one JSON object per list
(``source``, ``heading``, ``language``, ``line_start``, ``line_end``, ``entries`` as CSL-JSON,
``failures``), with ``json`` the same objects in one JSON array; with ``csljson`` one JSON
array of all entries; with ``biblatex`` one BibLaTeX file of all entries, where a document's
Russian and English lists are paired and each English entry is linked to its Russian original
(``related``/``relatedtype``); ``bibtex`` is classic BibTeX, ``ris`` RIS. Without
``--format`` the format follows the suffix of ``-o`` (``.bib``, ``.bibtex``, ``.json``,
``.ris``, ``.jsonl``). Every entry has a citation key (``id``), and a work cited in several
lists (the same English paper in both lists of a bilingual article) is written once. A file
that cannot be read or holds no reference list, and an entry that cannot be parsed, are
reported on stderr by name; the other files are still processed and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import formats
from ..dedup import deduplicate
from ..errors import RefbridgeError
from ..extract import translation_links
from ..formats.citekeys import assign_keys
from ..model import Reference, ReferenceList
from ..readers import REGISTRY
from ._input import read_input
from ._io import (
    add_output_option,
    add_parser_option,
    description,
    note,
    open_output,
    progress,
    write_json,
)

FORMATS = ("jsonl", "json", "csljson", "biblatex", "bibtex", "ris")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        description=description(__doc__),
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="documents to read ('-' for standard input)"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="output format (default: from the suffix of -o, else jsonl)",
    )
    parser.add_argument(
        "--reader",
        choices=REGISTRY.names(),
        help="read every FILE with this reader instead of detecting the format",
    )
    add_output_option(parser)
    add_parser_option(parser)
    parser.set_defaults(handler=run)


def list_to_json(found: ReferenceList, keys: Sequence[str] = ()) -> dict[str, Any]:
    """One found list as the ``jsonl`` output object; ``keys`` are its entries' ids."""
    entries = found.entries
    if keys:
        entries = tuple(attrs.evolve(r, id=k) for r, k in zip(entries, keys, strict=True))
    return {
        "source": found.source,
        "heading": found.heading,
        "language": found.language,
        "line_start": found.line_start,
        "line_end": found.line_end,
        "entries": [r.to_csl() for r in entries],
        "failures": [
            {
                "raw": f.raw,
                "error": f.error,
                "location": str(f.location),
                **(
                    {"entry": f.location.entry, "number": f.location.entry + 1}
                    if f.location.entry is not None
                    else {}
                ),
            }
            for f in found.failures
        ],
    }


def output_format(chosen: str | None, output: str | None) -> str:
    """``--format``, else the one the suffix of ``-o`` names, else ``jsonl``."""
    if chosen:
        return chosen
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if suffix == ".jsonl":
        return "jsonl"
    name = formats.REGISTRY.name_for_suffix(suffix) if suffix else None
    return name if name in FORMATS else "jsonl"


def one_per_work(refs: Sequence[Reference]) -> dict[int, int]:
    """``{index: index of the record kept}`` for records that repeat one work in the same
    language (one paper cited in both lists); translations stay apart."""
    same: dict[int, int] = {}
    for cluster in deduplicate(refs, workers=1, evidence=False):
        first_by_language: dict[str, int] = {}
        for index in sorted(cluster.members):
            language = refs[index].language or "?"
            kept = first_by_language.setdefault(language, index)
            if kept != index:
                same[index] = kept
    return same


def output_text(documents: list[tuple[str, list[ReferenceList]]], fmt: str) -> str:
    """The lists of ``documents`` (path, lists) as ``fmt``, each work once, keys given."""
    lists = [found for _, doc_lists in documents for found in doc_lists]
    references: list[Reference] = [r for found in lists for r in found.entries]
    same = one_per_work(references)
    kept = [i for i in range(len(references)) if i not in same]
    keys = dict(zip(kept, assign_keys([references[i] for i in kept]), strict=True))
    if fmt in ("jsonl", "json"):  # every list whole; a repeated work has its first copy's key
        all_keys = [keys[same.get(i, i)] for i in range(len(references))]
        objects, start = [], 0
        for found in lists:
            objects.append(list_to_json(found, all_keys[start : start + len(found.entries)]))
            start += len(found.entries)
        out = io.StringIO()
        write_json(out, objects, fmt)
        return out.getvalue()
    unique = [attrs.evolve(references[i], id=keys[i]) for i in kept]
    if fmt not in ("biblatex", "bibtex"):
        return formats.dump(unique, fmt)
    position = {index: n for n, index in enumerate(kept)}
    links: dict[int, int] = {}
    offset = 0
    for path, doc_lists in documents:
        linked = translation_links(doc_lists)
        for t, o in linked.links.items():
            t, o = same.get(offset + t, offset + t), same.get(offset + o, offset + o)
            links[position[t]] = position[o]
        offset += sum(len(f.entries) for f in doc_lists)
        if linked.links or linked.refused:
            note(f"refbridge extract: {path}: {len(linked.links)} translation link(s)")
        for refused in linked.refused:
            print(f"refbridge extract: {path}: not linked: {refused}", file=sys.stderr)
    if len(kept) < len(references):
        note(f"refbridge extract: {len(references) - len(kept)} repeated work(s) written once")
    return formats.dump(unique, fmt, translation_of=links)


def run(args: argparse.Namespace) -> int:
    documents: list[tuple[str, list[ReferenceList]]] = []
    status = 0
    for path in progress(args.files, desc="extracting", unit="file"):
        try:
            found = list(read_input(path, format=args.reader).lists)
        except RefbridgeError as exc:
            location = exc.location
            where = "" if location is not None and location.source == path else f"{path}: "
            print(f"refbridge extract: error: {where}{exc}", file=sys.stderr)
            status = 1
            continue
        failures = sum(len(f.failures) for f in found)
        entries = sum(len(f.entries) for f in found)
        if not found or failures:
            status = 1
            print(
                f"refbridge extract: {path}: "
                + (f"{failures} entr{'y' if failures == 1 else 'ies'} could not be parsed"
                   if found else "no reference list found"),
                file=sys.stderr,
            )  # fmt: skip
        note(
            f"refbridge extract: {path}: {len(found)} list(s), {entries} entries"
            + (f", {failures} failed" if failures else "")
        )
        documents.append((path, found))
    text = output_text(documents, output_format(args.format, args.output))
    with open_output(args.output) as out:
        out.write(text)
    return status
