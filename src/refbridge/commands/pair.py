"""``refbridge pair FILE_A [FILE_B] [--format table|json] [--threshold T]``.

Pairs the entries of two reference lists one to one (Russian with English, typically). Each
FILE is a list file -- one reference per line, never re-split; indices count its non-blank
lines, and a line that does not look like a reference is kept and reported on stderr with its
line number -- or a document (its largest reference list is used), told apart as every command
does (docs/cli.md, "What kind of file"); one FILE may be ``-`` for standard input. With one
FILE, the Russian and the English list found in that document are paired (A = Russian,
B = English). The table numbers entries from 1.

``--format json`` prints ``{"pairs": [{"a": i, "b": j, "a_number": i + 1, "b_number": j + 1,
"score": s, "evidence": [...]}, ...], "unmatched_a": [...], "unmatched_b": [...],
"unmatched_a_numbers": [...], "unmatched_b_numbers": [...]}``: ``a``, ``b`` and ``unmatched_*``
are 0-based indices into list A and list B, the ``*number*`` fields the same counted from 1;
each pair also gives ``a_line``/``b_line`` (the 1-based line of the file where the entry
starts) and ``a_text``/``b_text``, and ``unmatched_a_entries``/``unmatched_b_entries`` list
``{"index", "line", "text"}`` for the unmatched entries.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..bilingual.pairing import ACCEPT_THRESHOLD, pair_lists
from ..listfile import entry_json, line_of
from ..model import PairingResult, ReferenceList
from ._input import read_input
from ._io import add_format_option, add_output_option, bounded, description, open_output, warn


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pair",
        description=description(__doc__),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file_a", metavar="FILE_A", help="document, or one reference per line")
    parser.add_argument("file_b", metavar="FILE_B", nargs="?", help="the other list")
    add_format_option(parser, ("table", "json"), "table")
    parser.add_argument(
        "--threshold",
        type=bounded(float, 0.0, 1.0),
        default=ACCEPT_THRESHOLD,
        help=f"lowest score accepted as a pair (default {ACCEPT_THRESHOLD})",
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="the lists only overlap: do not let leftover entries compete again",
    )
    add_output_option(parser)
    parser.set_defaults(handler=run)


def result_to_json(result: PairingResult, a: ReferenceList, b: ReferenceList) -> dict[str, Any]:
    """The documented JSON shape of a pairing: indices, each entry's line and text."""
    return {
        "pairs": [
            {"a": p.a, "b": p.b, "a_number": p.a + 1, "b_number": p.b + 1, "score": p.score,
             "evidence": list(p.evidence),
             "a_line": line_of(a.entries[p.a]), "b_line": line_of(b.entries[p.b]),
             "a_text": a.entries[p.a].raw, "b_text": b.entries[p.b].raw}
            for p in result.pairs
        ],
        "unmatched_a": list(result.unmatched_a),
        "unmatched_b": list(result.unmatched_b),
        "unmatched_a_numbers": [i + 1 for i in result.unmatched_a],
        "unmatched_b_numbers": [i + 1 for i in result.unmatched_b],
        "unmatched_a_entries": [entry_json(i, a.entries[i]) for i in result.unmatched_a],
        "unmatched_b_entries": [entry_json(i, b.entries[i]) for i in result.unmatched_b],
    }  # fmt: skip


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(result: PairingResult, a: ReferenceList, b: ReferenceList) -> str:
    """A fixed-width table: one row per pair, then the unmatched entries of each list."""
    lines = [f"{'A':>4} {'B':>4} {'score':>6}  {'entry A':<44} entry B"]
    for p in result.pairs:
        lines.append(
            f"{p.a + 1:>4} {p.b + 1:>4} {p.score:>6.3f}  {_short(a.entries[p.a].raw, 44):<44} "
            f"{_short(b.entries[p.b].raw, 44)}"
        )
    for name, indices, lst in (("A", result.unmatched_a, a), ("B", result.unmatched_b, b)):
        for i in indices:
            lines.append(f"unmatched {name} {i + 1:>4}: {_short(lst.entries[i].raw, 80)}")
    lines.append(
        f"{len(result.pairs)} pairs; unmatched: {len(result.unmatched_a)} in A, "
        f"{len(result.unmatched_b)} in B"
    )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if args.file_b:
        first, second = read_input(args.file_a), read_input(args.file_b)
        a, b = first.one_list(), second.one_list()
        warn([*first.notes, *second.notes])
    else:
        a, b = read_input(args.file_a).russian_and_english()
    result = pair_lists(a, b, threshold=args.threshold, complete=not args.partial)
    with open_output(args.output) as out:
        if args.format == "json":
            out.write(json.dumps(result_to_json(result, a, b), ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(render_table(result, a, b))
    return 0
