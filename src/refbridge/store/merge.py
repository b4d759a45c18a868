"""A work's merged view: each field chosen by vote among its records, every source kept.

Merging never overwrites: for each field the value given by most records wins (ties: the
earliest record), a protected value wins over any vote, and every other value stays in
``alternatives`` with the records that gave it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..model import Reference

__all__ = ["MERGE_FIELDS", "FieldValue", "MergedWork", "vote"]

#: Fields of the merged view, in the order they are shown.
MERGE_FIELDS = (
    "type", "authors", "editors", "title", "container_title", "collection_title", "publisher",
    "publisher_place", "issued", "volume", "issue", "pages", "edition", "doi", "isbn", "issn",
    "url", "language", "original_language",
)  # fmt: skip


@attrs.frozen
class FieldValue:
    """A merged field: the chosen value, the records that gave it, and the other values seen."""

    value: Any
    sources: tuple[int, ...]
    alternatives: tuple[tuple[Any, tuple[int, ...]], ...] = ()
    protected: bool = False


@attrs.frozen
class MergedWork:
    """One work's merged view: every field with its source records; nothing is dropped."""

    work_id: int
    records: tuple[int, ...]
    fields: dict[str, FieldValue]

    def to_reference(self) -> Reference:
        values = {name: fv.value for name, fv in self.fields.items()}
        return Reference(id=f"w{self.work_id}", **values)


def vote(
    ids: Sequence[int], records: Sequence[Reference], protected: Mapping[str, int]
) -> dict[str, FieldValue]:
    """Each field of the records ``ids``: by vote, or the record ``protected[field]``'s value."""
    fields: dict[str, FieldValue] = {}
    for name in MERGE_FIELDS:
        seen: dict[Any, list[int]] = {}  # field values are hashable: str, Date, Names
        for rid, ref in zip(ids, records, strict=True):
            value = getattr(ref, name)
            if value not in ("", (), None):
                seen.setdefault(value, []).append(rid)
        if not seen:
            continue
        groups = list(seen.items())
        chosen = max(groups, key=lambda g: (len(g[1]), -g[1][0]))
        is_protected = False
        if name in protected:
            for group in groups:
                if protected[name] in group[1]:
                    chosen, is_protected = group, True
        fields[name] = FieldValue(
            chosen[0],
            tuple(chosen[1]),
            tuple((v, tuple(s)) for v, s in groups if s is not chosen[1]),
            is_protected,
        )
    if "type" not in fields:
        fields["type"] = FieldValue("document", ())
    return fields
