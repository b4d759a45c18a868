"""Check a hand-labelled file of reference strings before anyone scores a parser against it.

    python benchmarks/check_labelled.py [FILE ...]      (default: benchmarks/data/ru_test.jsonl)

The files are JSON lines in the format of ``../shared/data/parsing/ru_gost.dev.jsonl`` (label
conventions in ``../shared/data/README.md``; the test set is described in
``docs/benchmarks.md``). A wrong gold span poisons every figure measured on it, so each row
must have:

* the keys ``id raw labels fields source script hand_corrected type dataset license``, a
  unique ``id`` and a ``raw`` no other row repeats;
* ``labels`` as ``[label, text, start, end]`` with a known label, ``raw[start:end] == text``,
  in order and not overlapping; no span begins or ends with white space or a separator
  (``,`` ``;`` ``:`` ``/``, a link's closing slash apart), which the conventions leave
  unlabelled;
* ``fields`` saying exactly what the spans say (a list for author, editor and note, one value
  per other label, a list when a label repeats), ``derived.year`` (when given) read from the
  first date span, and a ``type`` from the data's set.

Prints a summary per file and every problem as ``FILE:LINE: id: message``; exits 1 on any.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "data" / "ru_test.jsonl"

#: The labels of the hand-labelled data (a subset of ``refbridge.parsing.labels.LABELS``).
HAND_LABELS = frozenset(
    {
        "author", "editor", "title", "container-title", "location", "publisher", "date",
        "volume", "issue", "pages", "doi", "url", "note",
    }
)  # fmt: skip
#: Labels whose ``fields`` value is always a list (several groups per string are usual).
LIST_LABELS = frozenset({"author", "editor", "note"})
#: The ``type`` values of the data (``ru_gost.dev.jsonl``'s set).
TYPES = frozenset(
    {"journal", "book", "proceedings", "thesis", "report", "preprint", "patent", "standard", "web"}
)
REQUIRED = (
    "id", "raw", "labels", "fields", "source", "script", "hand_corrected", "type", "dataset",
    "license",
)  # fmt: skip
_SEPARATOR_EDGE = ",;:/"
_IDENTIFIERS = frozenset({"url", "doi"})
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def normal_text(text: str) -> str:
    """The text two strings are compared by: NFC, white space collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _expected_fields(labels: list[list[object]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for label, text, _start, _end in labels:
        key = str(label)
        if key in LIST_LABELS:
            fields.setdefault(key, [])
            value = fields[key]
            assert isinstance(value, list)
            value.append(text)
        elif key in fields:
            previous = fields[key]
            fields[key] = [*previous, text] if isinstance(previous, list) else [previous, text]
        else:
            fields[key] = text
    return fields


def _span_problems(raw: str, labels: object) -> list[str]:
    if not isinstance(labels, list) or not labels:
        return ["'labels' is not a non-empty list"]
    problems: list[str] = []
    previous_end = 0
    for number, item in enumerate(labels):
        where = f"span {number}"
        if not (isinstance(item, list) and len(item) == 4):
            problems.append(f"{where}: not [label, text, start, end]")
            continue
        label, text, start, end = item
        if label not in HAND_LABELS:
            problems.append(f"{where}: unknown label {label!r}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw)):
            problems.append(f"{where}: bad offsets {start!r}, {end!r}")
            continue
        if raw[start:end] != text:
            problems.append(f"{where}: raw[{start}:{end}] is {raw[start:end]!r}, not {text!r}")
        if start < previous_end:
            problems.append(f"{where}: starts at {start}, inside or before the previous span")
        previous_end = max(previous_end, end)
        edges = raw[start] + raw[end - 1]
        if label in _IDENTIFIERS:  # a link may end in "/"
            edges = edges.replace("/", "")
        if edges != edges.strip() or any(char in _SEPARATOR_EDGE for char in edges):
            problems.append(f"{where}: {label} {text!r} begins or ends with a space or separator")
    return problems


def row_problems(row: object) -> list[str]:
    """What is wrong with one row (empty when nothing is)."""
    if not isinstance(row, dict):
        return ["not a JSON object"]
    missing = [key for key in REQUIRED if key not in row]
    if missing:
        return [f"missing keys: {', '.join(missing)}"]
    raw = row["raw"]
    if not isinstance(raw, str) or not raw.strip():
        return ["'raw' is not a non-empty string"]
    problems = _span_problems(raw, row["labels"])
    if problems:
        return problems
    labels = row["labels"]
    if row["fields"] != _expected_fields(labels):
        problems.append("'fields' do not match the labelled spans")
    year = (row.get("derived") or {}).get("year")
    dates = [str(text) for label, text, _s, _e in labels if label == "date"]
    found = _YEAR.search(dates[0]) if dates else None
    if year is not None and (found is None or found.group(1) != year):
        problems.append(f"derived year {year!r} is not the year of the first date span")
    if row["type"] not in TYPES:
        problems.append(f"unknown type {row['type']!r}")
    if not isinstance(row["hand_corrected"], bool):
        problems.append("'hand_corrected' is not true or false")
    for key in ("id", "source", "script", "dataset", "license"):
        if not isinstance(row[key], str) or not row[key]:
            problems.append(f"{key!r} is not a non-empty string")
    return problems


def check(path: Path) -> tuple[list[dict[str, object]], list[str]]:
    """The rows of ``path`` and its problems as ``FILE:LINE: id: message``."""
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    ids: dict[str, int] = {}
    raws: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: not JSON: {exc.msg}")
            continue
        found = row_problems(row)
        ident = row.get("id", "?") if isinstance(row, dict) else "?"
        if not found:
            rows.append(row)
            for seen, key in ((ids, str(row["id"])), (raws, normal_text(str(row["raw"])))):
                if key in seen:
                    found.append(f"repeats line {seen[key]}")
                seen.setdefault(key, number)
        problems.extend(f"{path}:{number}: {ident}: {message}" for message in found)
    return rows, problems


def summary(rows: list[dict[str, object]]) -> str:
    """Counts by source, type and label: what the lead pastes into notes."""
    labels: Counter[str] = Counter()
    for row in rows:
        spans = row["labels"]
        assert isinstance(spans, list)
        labels.update(str(span[0]) for span in spans)
    by_source = Counter(str(row["source"]) for row in rows)
    by_type = Counter(str(row["type"]) for row in rows)
    articles = {str(row["id"]).split("#")[0] for row in rows}
    hand = sum(row["hand_corrected"] is True for row in rows)

    def show(counts: Counter[str]) -> str:
        return ", ".join(f"{key} {n}" for key, n in counts.most_common())

    return "\n".join(
        [
            f"rows {len(rows)} from {len(articles)} articles; hand-corrected {hand}",
            f"  by source: {show(by_source)}",
            f"  by type:   {show(by_type)}",
            f"  spans {sum(labels.values())}: {show(labels)}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    args = parser.parse_args(argv)
    failed = False
    for path in args.files:
        rows, problems = check(path)
        print(f"{path}: {len(problems)} problem(s)")
        print(summary(rows))
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
