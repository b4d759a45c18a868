"""Sorting by a style's <sort> keys, as citeproc-js sorts: locale collation, missing values
last, a later key computed only to break a tie, ties kept in input order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .collate import sort_key
from .context import DATE_VARIABLES, NAME_VARIABLES, NUMBER_VARIABLES, Ctx
from .dates import date_sort_key
from .elements import variable_value
from .output import plain_text
from .person import person
from .style import Area

if TYPE_CHECKING:
    from .processor import Processor


def _key_part(proc: Processor, item_id: str, area: Area, level: int) -> tuple[int, Any]:
    kind, ref, descending, overrides = area.sort_keys[level]
    ctx = proc._ctx(item_id, "sort", area)
    ctx.locale = proc.locale
    if overrides:
        ctx.name_options = {**ctx.name_options, **overrides}
    if kind == "variable":
        value = _variable_sort_value(ctx, ref, proc.lang)
    else:
        blob = proc.style.macro(ref)(ctx)
        value = plain_text(blob) if blob is not None else ""
    if value == "" or value is None:
        return (1, ())  # missing values go last either way
    collated = sort_key(value, proc.lang) if isinstance(value, str) else value
    return (0, _Reverse(collated) if descending else collated)


def sorted_ids(proc: Processor, ids: Sequence[str], area: Area, level: int = 0) -> list[str]:
    """Stable sort by the area's keys; a later key is computed only to break a tie."""
    if level >= len(area.sort_keys) or len(ids) < 2:
        return list(ids)  # ties keep the input order, as in citeproc-js
    parts = {item_id: _key_part(proc, item_id, area, level) for item_id in ids}
    ordered = sorted(ids, key=parts.__getitem__)
    out: list[str] = []
    start = 0
    for end in range(1, len(ordered) + 1):
        if end == len(ordered) or parts[ordered[end]] != parts[ordered[start]]:
            out.extend(sorted_ids(proc, ordered[start:end], area, level + 1))
            start = end
    return out


_PART = "\x1f"  # joins a name's parts in a sort key, where they are split apart again


def _variable_sort_value(ctx: Ctx, variable: str, lang: str) -> Any:
    item = ctx.item
    if variable in NAME_VARIABLES:
        names = item.get(variable) or []
        # each name's parts compared one after the other: "Dale, Z." before "Dalebout, A."
        options = {**ctx.name_options, "name-as-sort-order": "all", "sort-separator": _PART}
        people = [person(ctx, n, options, {}, True) for n in names]
        texts = [plain_text(blob) for blob in people if blob is not None]
        if not texts:
            return ""
        return tuple(tuple(sort_key(p, lang) for p in text.split(_PART)) for text in texts)
    if variable in DATE_VARIABLES:
        return date_sort_key(item.get(variable))
    if variable == "citation-number":
        return ((0, ctx.citation_number or 0),)
    value = variable_value(ctx, variable)
    if variable in NUMBER_VARIABLES and value.isdigit():
        return ((0, int(value)),)
    return value


def bibliography_order(proc: Processor) -> tuple[list[str], dict[str, int]]:
    """The bibliography's order and citation numbers, as citeproc-js numbers: an item's number
    is its place in the sorted bibliography, counted from the end when the last sort key on
    citation-number is descending. While the keys are computed, ``proc.numbers`` holds the
    order of first citation (the input order), which a citation-number key sorts by."""
    ids = list(proc.ids)
    numbers = {item_id: i + 1 for i, item_id in enumerate(ids)}
    proc.numbers = numbers
    area = proc.style.bibliography
    if area is None or not area.sort_keys:
        return ids, numbers
    order = sorted_ids(proc, ids, area)
    if area.numbers_descending:
        return order, {item_id: len(order) - i for i, item_id in enumerate(order)}
    return order, {item_id: i + 1 for i, item_id in enumerate(order)}


class _Reverse:
    """Inverts ordering for descending sort keys."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reverse) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)
