"""Zotero's conventions in CSL-JSON items, honoured as citeproc-js honours them.

Zotero has no field for many CSL variables, so users and exporters write them into the note
(Zotero's "Extra" field), one per line at its start (``original-date: 1950``,
``container-title-short: J Hist``, ``reviewed-author: Hall || W. C.``) or inline as
``{:event-date: 2004-10-01}``. citeproc-js (``parseNoteFieldHacks``) moves them into the item,
unless the item already has that variable (a date or ``type`` line always wins), and leaves the
rest of the note as it was. Zotero's own names for the short titles (``shortTitle``,
``journalAbbreviation``) stand in for ``title-short`` and ``container-title-short``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..parsing.dates import parse_date
from .context import DATE_VARIABLES, NAME_VARIABLES, Item

_INLINE = re.compile(r"\{:(?:[-_a-z]+|[A-Z]+):[^}]+\}")
_LINE = re.compile(r"^([-_a-z]+|[A-Z]+):\s*([^}]+)$")
_SHORT_TITLE_ALIASES = (
    ("title-short", "shortTitle"),
    ("container-title-short", "journalAbbreviation"),
)


def as_citeproc_reads(item: Item) -> Item:
    """The item with the variables of its note and Zotero's short-title names in place."""
    item = with_note_fields(item)
    missing = [
        (v, alias) for v, alias in _SHORT_TITLE_ALIASES if item.get(alias) and not item.get(v)
    ]
    if not missing:
        return item
    return {**item, **{variable: item[alias] for variable, alias in missing}}


def with_note_fields(item: Item) -> Item:
    """The item with the variables its note carries moved out of the note (the same item
    when its note carries none)."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    out: dict[str, Any] = dict(item)
    names: dict[str, list[dict[str, str]]] = {}
    lines = _inline_fields_on_lines(note).split("\n")
    for i, line in enumerate(lines):
        match = _LINE.match(line)
        if not line.strip():
            continue
        if match is None:
            if i == 0:
                continue
            break  # the free text of the note starts here
        key, value = match.group(1), match.group(2).strip()
        base = key.removeprefix("alt-")
        if key == "type":
            out["type"] = value
        elif base in DATE_VARIABLES:
            if not out.get(key):
                out[key] = _date(value)
        elif out.get(key):
            continue  # the item's own value wins; the line stays in the note
        elif base in NAME_VARIABLES:
            names.setdefault(key, []).append(_name(value))
        else:
            out[key] = value
        lines[i] = ""
    out.update(names)
    out["note"] = "\n".join(lines).strip()
    return out


def _inline_fields_on_lines(note: str) -> str:
    """``{:key: value}`` fields put on lines of their own, while only fields precede them."""
    lines = []
    for number, line in enumerate(note.split("\n")):
        pieces = []
        position = 0
        for index, match in enumerate(_INLINE.finditer(line)):
            before = line[position : match.start()]
            if before.strip() and (number or index) and not _LINE.match(before):
                break
            pieces.append(before + "\n" + match.group(0)[2:-1].strip() + "\n")
            position = match.end()
        lines.append("".join(pieces) + line[position:])
    return "\n".join(lines)


def _date(value: str) -> Mapping[str, Any]:
    """A CSL date from a note line ("2004-10-01/2004-10-14"); what does not read as dates is
    kept whole as the date's literal text."""
    ends = [parse_date(end) for end in value.split("/")] if value.count("/") <= 1 else []
    if ends and all(d is not None and d.year is not None and not d.literal for d in ends):
        return {"date-parts": [d.to_csl()["date-parts"][0] for d in ends if d is not None]}
    return {"literal": value}


def _name(value: str) -> dict[str, str]:
    """A name from a note line: "Family || Given", else one literal name."""
    parts = re.split(r"\s*\|\|\s*", value)
    if len(parts) == 2:
        return {"family": parts[0], "given": parts[1]}
    return {"literal": value}
