"""CSL-JSON: the interchange format of citeproc, Zotero, pandoc and Crossref.

Reading accepts a JSON array of items, a single item object, or JSON Lines (one item per
line, as ``refbridge parse`` writes them). Items are read one at a time, so a bad item (an
unknown type, a malformed date, a syntax error) becomes a :class:`~refbridge.model.Failure`
naming its line and index, and the items around it are kept. Conversion is
:meth:`Reference.from_csl` / :meth:`Reference.to_csl`, so nothing is lost either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from ..errors import Location
from ..model import Failure, Reference
from . import REGISTRY, Format, LoadResult
from .citekeys import assign_keys
from .titlecase import Casing, strip_nocase

__all__ = ["dumps", "loads"]

_DECODER = json.JSONDecoder()
MAX_DEPTH = 64  # a CSL item nests 4 levels (item, date, date-parts, parts); far more is hostile
_WHITESPACE = " \t\r\n"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _Lines:
    """1-based line numbers of increasing offsets, counted incrementally (linear, not n²)."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.offset:
            return _line_of(self.text, offset)
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _raw_decode(text: str, pos: int) -> tuple[Any, int]:
    """One JSON value from ``pos``; nesting deeper than Python's stack is a decode error."""
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, pos) from None
    if _depth(value) > MAX_DEPTH:
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", text, pos)
    return value, end


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _array_items(text: str, pos: int, source: str) -> Iterator[tuple[int, Any] | Failure]:
    """Decode the items of the array opening at ``pos`` one by one: (offset, value) or Failure."""
    pos = _skip_space(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return
    while pos < len(text):
        try:
            value, end = _raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield Failure(
                text[pos : pos + 200],
                f"invalid JSON: {exc.msg} (column {exc.colno}); the rest of the file is unread",
                Location(source, exc.lineno),
            )
            return
        yield pos, value
        pos = _skip_space(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
        elif pos < len(text) and text[pos] == "]":
            return
        else:
            yield Failure(
                text[pos : pos + 200],
                "invalid JSON: expected ',' or ']' after an item; the rest of the file is unread",
                Location(source, _line_of(text, pos)),
            )
            return
    yield Failure(
        "", "invalid JSON: the array is not closed", Location(source, _line_of(text, pos))
    )


def _json_lines(text: str, source: str) -> Iterator[tuple[int, Any] | Failure]:
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        if line.strip():
            try:
                yield offset, _raw_decode(line.strip(), 0)[0]
            except json.JSONDecodeError as exc:
                yield Failure(
                    line.strip()[:200], f"invalid JSON: {exc.msg}", Location(source, number)
                )
        offset += len(line)


def _values(text: str, source: str) -> Iterator[tuple[int, Any] | Failure]:
    start = _skip_space(text, 0)
    if start == len(text):
        return
    if text[start] == "[":
        yield from _array_items(text, start, source)
        return
    try:
        value, end = _raw_decode(text, start)
    except json.JSONDecodeError as exc:
        yield Failure(text[:200], f"invalid JSON: {exc.msg}", Location(source, exc.lineno))
        return
    if _skip_space(text, end) == len(text):
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            yield from ((start, item) for item in value["items"])  # {"items": [...]} wrappers
        else:
            yield start, value
        return
    yield from _json_lines(text, source)


# Titles a CSL style may re-case (text-case="title"): written with nocase spans.
_CASED = ("title", "container-title", "collection-title", "original-title")
# Text variables that some producers give as arrays: Crossref's CSL has "ISSN": ["…", "…"].
_TEXT_VARIABLES = frozenset(
    """title container-title container-title-short collection-title publisher publisher-place
    ISBN ISSN URL DOI original-title language genre note""".split()
)


#: Variables one of which any real CSL item carries (an item with none describes nothing).
_CORE_VARIABLES = frozenset(
    "type title author editor container-title DOI URL ISBN issued publisher literal note".split()
)


def _reference(item: Any) -> Reference:
    if not isinstance(item, dict):
        raise ValueError(f"a CSL item is a JSON object, not {type(item).__name__}")
    item = {
        key: strip_nocase(value) if key in _CASED and isinstance(value, str) else value
        for key, value in item.items()
    }
    if "error" in item and "type" not in item:  # a `refbridge parse` line for an unparsable input
        raise ValueError(f"the item is an error record: {item['error']}")
    if not _CORE_VARIABLES & item.keys():  # {"a": 1} is JSON, not a bibliographic item
        raise ValueError(f"no CSL variable in it (keys: {', '.join(sorted(item)[:8]) or 'none'})")
    item = {
        key: ", ".join(str(v) for v in value)
        if key in _TEXT_VARIABLES and isinstance(value, list)
        else value
        for key, value in item.items()
    }
    return Reference.from_csl(item)


def loads(text: str, source: str = "<input>") -> LoadResult:
    """Read CSL-JSON (array, single object or JSON Lines) into records, bad items as failures."""
    text = text.lstrip("\ufeff")
    lines = _Lines(text)
    result = LoadResult()
    index = 0
    for value in _values(text, source):
        if isinstance(value, Failure):
            result.failures.append(value)
            continue
        offset, item = value
        location = Location(source, lines.at(offset), index)
        try:
            result.references.append(_reference(item))
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            raw = json.dumps(item, ensure_ascii=False)[:500]
            result.failures.append(Failure(raw, f"not a valid CSL item: {exc}", location))
        index += 1
    return result


def dumps(refs: Sequence[Reference], *, indent: int | None = 2, lines: bool = False) -> str:
    """Records as a CSL-JSON array (UTF-8 text, not escaped), or as JSON Lines with ``lines``.

    Every item gets an ``id``, its citation key (:func:`~.citekeys.assign_keys`): the schema
    requires one, and pandoc and citeproc-js drop or choke on items without. Words a style
    must not re-case are in ``<span class="nocase">`` (:mod:`.titlecase`).
    """
    casing = Casing(ref.title for ref in refs)
    items = []
    for ref, key in zip(refs, assign_keys(refs), strict=True):
        item = attrs.evolve(ref, id=key).to_csl()
        for variable in _CASED:
            if isinstance(item.get(variable), str):
                item[variable] = casing.csl(item[variable])
        items.append(item)
    if lines:
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return json.dumps(items, ensure_ascii=False, indent=indent) + "\n"


def _sniff(head: bytes) -> bool:
    """A JSON array of objects or an object: ``[1] Smith J. …`` is a numbered list, not JSON."""
    return re.match(rb"\s*(\[\s*[{\]]|\{\s*[\"}])", head) is not None


REGISTRY.register(
    "csljson", Format("csljson", loads, dumps), suffixes=(".json", ".csljson"), sniff=_sniff
)
REGISTRY.register(
    "csljsonl", Format("csljsonl", loads, dumps, {"lines": True}), suffixes=(".jsonl",)
)
