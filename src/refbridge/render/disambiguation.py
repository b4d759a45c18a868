"""Disambiguation of in-text citations, in CSL's order of methods (citeproc-js's behaviour)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .context import Item
from .initials import initialize
from .output import plain_text

if TYPE_CHECKING:
    from .processor import Processor


def _suffix_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def disambiguate(proc: Processor) -> None:
    """Make ambiguous in-text citations unique, in CSL's order of methods.

    Global given-name rules (APA, Chicago) first add initials or given names to every name
    shared by different people; then for cites still identical: more names (et al.
    expanded), given names, the ``disambiguate`` condition, and last the year suffix.
    Suffix letters follow bibliography order.
    """
    citation = proc.style.citation
    options = citation.options
    rule = options.get("givenname-disambiguation-rule", "by-cite")
    add_given = options.get("disambiguate-add-givenname") == "true"
    proc.given_levels = {}
    proc.states = {i: {} for i in proc.ids}
    if add_given and rule != "by-cite":
        proc.given_levels = _global_given_levels(proc.items, rule)
    groups = _ambiguous(proc, proc.order)
    # Each method is a series of ever stronger settings; the first that splits a group of
    # identical cites is kept for its members, a method that never helps is undone.
    methods: list[list[tuple[str, Any]]] = []
    if add_given and rule == "by-cite":
        methods.append([("given_level", 1), ("given_level", 2)])
    if options.get("disambiguate-add-names") == "true":
        methods.append([("extra_names", n) for n in range(1, 30)])
    methods.append([("disambiguate", True)])
    for group in groups:
        pending = _resolve(proc, group, methods, 0, 0)
        if options.get("disambiguate-add-year-suffix") == "true":
            for members in pending:
                for index, item_id in enumerate(members):
                    proc.suffixes[item_id] = _suffix_letters(index)


def _resolve(
    proc: Processor,
    members: list[str],
    methods: list[list[tuple[str, Any]]],
    method: int,
    start: int,
) -> list[list[str]]:
    """Escalate one method until the group splits; groups still tied go on escalating the
    same method, then the next. Returns the groups no method could split."""
    if method == len(methods):
        return [members]
    before = {i: dict(proc.states[i]) for i in members}
    for step in range(start, len(methods[method])):
        field, value = methods[method][step]
        for item_id in members:
            proc.states[item_id][field] = value
        split = _ambiguous(proc, members)
        if not (len(split) == 1 and len(split[0]) == len(members)):
            out: list[list[str]] = []
            for tied in split:
                out.extend(_resolve(proc, tied, methods, method, step + 1))
            return out
    for item_id in members:  # this method never helped: undo it
        proc.states[item_id] = before[item_id]
    return _resolve(proc, members, methods, method + 1, 0)


def _global_given_levels(items: Sequence[Item], rule: str) -> dict[tuple[str, str], int]:
    people: dict[str, set[str]] = {}
    for item in items:
        for variable in ("author", "editor"):
            names = item.get(variable) or []
            if names:
                for name in names if rule.startswith("all") else names[:1]:
                    if name.get("family"):
                        people.setdefault(name["family"], set()).add(name.get("given", ""))
                break
    levels: dict[tuple[str, str], int] = {}
    for family, givens in people.items():
        if len(givens) < 2:
            continue
        initials = {g: initialize(g, ".", True) for g in givens}
        for given in givens:
            clash = sum(1 for g in givens if initials[g] == initials[given]) > 1
            full = not rule.endswith("with-initials") and clash
            levels[(family, given)] = 2 if full else 1
    if rule.startswith("primary"):
        levels[("", "primary")] = 1  # marker: only the first name of a cite
    return levels


def _cite_text(proc: Processor, item_id: str) -> str:
    ctx = proc._ctx(item_id, "key", proc.style.citation)
    ctx.year_suffix = ""
    blob = proc.style.citation.render(ctx)
    return plain_text(blob) if blob is not None else ""


def _ambiguous(proc: Processor, ids: Sequence[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for item_id in ids:
        groups.setdefault(_cite_text(proc, item_id), []).append(item_id)
    return [members for members in groups.values() if len(members) > 1]
