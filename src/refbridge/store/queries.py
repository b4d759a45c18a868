"""Reading the library's rows back as records: ids as users write them, a stored record as a
:class:`Reference`, a work from its records and links, a stored DOI check as a :class:`DoiCheck`.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable

from ..errors import StoreError
from ..model import DoiCheck, Reference, Work

__all__ = ["doi_check", "record_id", "reference", "work", "work_id", "works"]


def record_id(value: int | str) -> int:
    """``12``, ``"12"`` and ``"r12"`` name record 12."""
    text = str(value).strip().lower().removeprefix("r")
    if not text.isdigit():
        raise StoreError(f"not a record id: {value!r}")
    return int(text)


def work_id(value: int | str) -> int:
    text = str(value).strip().lower().removeprefix("w")
    if not text.isdigit():
        raise StoreError(f"not a work id: {value!r}")
    return int(text)


def reference(rid: int, csl: str) -> Reference:
    data = json.loads(csl)
    data["id"] = f"r{rid}"
    return Reference.from_csl(data)


def work(
    wid: int,
    doi: str,
    records: list[Reference],
    links: Iterable[tuple[str, int, int, int | None]],
) -> Work:
    """A work from its records and the links that start at them (with the target's work)."""
    relations: list[tuple[str, str]] = []
    for kind, a, b, target in links:
        if kind in ("transliteration-of", "translation-of") and target == wid:
            relations.append((kind, f"r{a}>r{b}"))
        elif kind not in ("same-as", "refused") and target != wid:
            relations.append((kind, f"w{target}"))
    return Work(id=f"w{wid}", records=records, doi=doi, relations=tuple(dict.fromkeys(relations)))


#: Works, their records, and the links that start at each record with the target's work:
#: one row per (work, record, link), so any number of works costs one query.
_WORKS = (
    "SELECT w.id, w.doi, r.id, r.csl, l.id, l.kind, l.record_a, l.record_b, rb.work_id"
    " FROM works w"
    " LEFT JOIN records r ON r.work_id = w.id LEFT JOIN links l ON l.record_a = r.id"
    " LEFT JOIN records rb ON rb.id = l.record_b"
)


def works(db: sqlite3.Connection, wid: int | None = None) -> list[Work]:
    """Every work (or work ``wid``) with its records and relations, in one query."""
    where = "" if wid is None else " WHERE w.id = ?"
    rows = db.execute(f"{_WORKS}{where} ORDER BY w.id, r.id, l.id", () if wid is None else (wid,))
    found = []
    for (this, doi), work_rows in itertools.groupby(rows, key=lambda row: row[:2]):
        records: list[Reference] = []
        links: list[tuple[int, tuple[str, int, int, int | None]]] = []
        for _, _, rid, csl, lid, kind, a, b, target in work_rows:
            if rid is not None and (not records or records[-1].id != f"r{rid}"):
                records.append(reference(rid, csl))
            if lid is not None:
                links.append((lid, (kind, a, b, target)))
        found.append(work(this, doi, records, [link for _, link in sorted(links)]))
    return found


def doi_check(result: str) -> DoiCheck:
    """A DOI check stored as :meth:`DoiCheck.to_dict` JSON."""
    data = json.loads(result)
    ref = Reference.from_csl(data["reference"]) if data.get("reference") else None
    return DoiCheck(
        data["input"],
        data["doi"],
        data["status"],
        data.get("agency", ""),
        tuple(data.get("evidence", ())),
        ref,
        tuple(data.get("sources", ())),
    )
