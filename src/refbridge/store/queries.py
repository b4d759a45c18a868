"""Reading the library's rows back as records: ids as users write them, a stored record as a
:class:`Reference`, a work from its records and links, a stored DOI check as a :class:`DoiCheck`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..errors import StoreError
from ..model import DoiCheck, Reference, Work

__all__ = ["doi_check", "record_id", "reference", "work", "work_id"]


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
