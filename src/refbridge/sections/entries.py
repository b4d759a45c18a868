"""Which candidate blocks are entries of the list: scored, wrapped fragments joined to the
entry above, low-scoring blocks kept where the numbering vouches for them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from ..text import strip_markdown
from .blocks import Block, ends_complete
from .lines import marker_number
from .score import (
    AUTHOR_START,
    SCORE_THRESHOLD,
    SCORE_WINDOW,
    URLS_IN_TEXT,
    has_year,
    is_prose,
    reference_score,
)
from .unwrap import join_wrapped

#: How much of an over-long block is scored to decide whether it is a run of references.
_OVERLONG_HEAD = 400
#: A fragment is merged into the previous entry only while that stays shorter than this.
_MAX_MERGED = 1500


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class FoundEntry:
    """One entry as found: text with Markdown kept and wrapped lines joined; 1-based lines."""

    text: str
    line_start: int
    line_end: int
    score: float = 0.0
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, eq=False)


@attrs.frozen
class FoundList:
    """A reference list: its heading ("" when found without one), language and entries."""

    heading: str
    language: str
    entries: tuple[FoundEntry, ...] = attrs.field(converter=_as_tuple)
    line_start: int
    line_end: int
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, eq=False)


def accept_blocks(
    blocks: list[Block], vocabulary: frozenset[str] = frozenset()
) -> list[FoundEntry]:
    """Entries from the leading blocks that are references; stop at the first that is not.

    A block is joined to the entry above when it is a wrapped fragment of it (see
    :func:`_is_fragment`). A low-scoring block is kept as an entry when the list goes on
    around it (see :func:`_bridges`): one odd entry never ends a list.
    """
    entries: list[FoundEntry] = []
    marked = any(block.first.marker for block in blocks)
    scored = [reference_score(block.text) for block in blocks]
    for i, block in enumerate(blocks):
        score, why = scored[i]
        if _CITE_THIS.match(block.text):
            break  # the article's own citation, printed after its list (Wiley)
        if entries and _is_fragment(block, score, entries[-1], marked):
            previous = entries[-1]
            text = join_wrapped(previous.text, block.text, vocabulary)
            merged_score, merged_why = reference_score(text)
            entries[-1] = FoundEntry(
                text,
                previous.line_start,
                block.lines[-1].number + 1,
                merged_score,
                (*merged_why, "joined with a wrapped fragment"),
            )
            continue
        if score >= SCORE_THRESHOLD:
            entries.append(_entry(block, score, why))
            continue
        if len(block.text) > 2 * SCORE_WINDOW:
            head_score, head_why = reference_score(block.text[:_OVERLONG_HEAD])
            if head_score >= SCORE_THRESHOLD:
                # several references run together, or a whole page on one line: keep it so
                # that it is reported (as too long to parse) instead of silently dropped
                entries.append(
                    _entry(block, score, [*head_why, f"over-long: {len(block.text)} characters"])
                )
                continue
        if _is_subheading(block) and i + 1 < len(blocks) and scored[i + 1][0] >= SCORE_THRESHOLD:
            continue  # "Primary sources", "Архивные материалы": a part of the list, not an entry
        if entries and _bridges(blocks, scored, i):
            entries.append(_entry(block, score, [*why, "kept: between entries of the list"]))
            continue
        if not entries and _opens_list(blocks, scored, i):
            entries.append(_entry(block, score, [*why, "kept: the list goes on with references"]))
            continue
        break
    return entries


#: "How to cite this article: …" — a citation of the document itself, not of its list.
_CITE_THIS = re.compile(
    r"^[\W_]*(?:how to cite|to cite|please cite|cite) this (?:article|paper)\b", re.I
)


def _is_subheading(block: Block) -> bool:
    text = strip_markdown(block.text).strip().rstrip(":")
    return (
        len(block.lines) == 1
        and 0 < len(text) <= 60
        and not text.endswith((".", ",", ";"))
        and not any(ch.isdigit() for ch in text)
        and not is_prose(text)
    )


def _is_fragment(block: Block, score: float, previous: FoundEntry, marked: bool) -> bool:
    """Is ``block`` the wrapped rest of ``previous`` rather than an entry of its own?

    Only a block right below the entry (no blank line, no list marker) that is not prose
    qualifies, and not a capitalised one after an entry that ended complete (a year, pages);
    then when it does not look like a reference by itself, or — in an unmarked list — when
    it has no year while the entry above has one ("Journal of Things, 12(3), 45–67.
    https://doi.org/…" after a line that ended at a full stop).
    """
    if not block.wrapped or block.after_blank or block.first.marker or is_prose(block.text):
        return False
    if len(previous.text) + len(block.text) >= _MAX_MERGED:
        return False
    if block.text[:1].isupper() and len(block.text) >= 30 and ends_complete(previous.text):
        return False  # "… 17(3), p. 231, 1986." then "Methodology for …": a new entry
    if score < SCORE_THRESHOLD:
        return True
    return (
        not marked
        and not has_year(block.text)
        and has_year(previous.text)
        and not AUTHOR_START.match(strip_markdown(block.text[:100]))
    )


def _bridges(blocks: list[Block], scored: list[tuple[float, list[str]]], i: int) -> bool:
    """May a low-scoring block stay in the list?

    When its number continues the numbering: unless it reads as prose and no reference
    follows. A prose-like block ("… как альтернатива его переработке"): when it has some
    reference evidence and a reference follows at once. Otherwise: when a reference follows
    within :data:`_BRIDGE_AHEAD` blocks, or it has a year and the marker kind of the entry
    above, or it cites a URL or DOI with some other reference evidence.
    """
    block = blocks[i]
    number = marker_number(block.first.marker)
    previous = marker_number(blocks[i - 1].first.marker)
    ahead = _reference_ahead(blocks, scored, i)
    if number is not None and previous is not None and number == previous + 1:
        return ahead or not is_prose(block.text)
    evidence = scored[i][0] >= _SOME_EVIDENCE
    if is_prose(block.text):
        return evidence and i + 1 < len(blocks) and scored[i + 1][0] >= SCORE_THRESHOLD
    return (
        ahead
        or (block.kind == blocks[i - 1].kind and has_year(block.text))
        or (evidence and bool(URLS_IN_TEXT.search(block.text)))
    )


#: A score that is some evidence of a reference, though not enough alone.
_SOME_EVIDENCE = 1.0


#: How many blocks ahead a reference may vouch for low-scoring blocks before it.
_BRIDGE_AHEAD = 8


def _reference_ahead(blocks: list[Block], scored: list[tuple[float, list[str]]], i: int) -> bool:
    """Is there a reference among the next few blocks, with no prose before it?"""
    for j in range(i + 1, min(i + 1 + _BRIDGE_AHEAD, len(blocks))):
        if scored[j][0] >= SCORE_THRESHOLD:
            return True
        if is_prose(blocks[j].text):
            return False
    return False


def _opens_list(blocks: list[Block], scored: list[tuple[float, list[str]]], i: int) -> bool:
    """May a low-scoring first block open the list? One that is not prose or a sub-heading,
    followed by a reference of the same marker kind, and numbered, dated or with some
    reference evidence ("Интернет-ресурс http://…")."""
    block = blocks[i]
    return (
        i + 1 < len(blocks)
        and blocks[i + 1].kind == block.kind
        and scored[i + 1][0] >= SCORE_THRESHOLD
        and (
            block.kind.startswith(("number", "bracket"))
            or has_year(block.text)
            or scored[i][0] >= _SOME_EVIDENCE
        )
        and not is_prose(block.text)
        and not _is_subheading(block)
    )


def _entry(block: Block, score: float, why: list[str]) -> FoundEntry:
    return FoundEntry(
        block.text, block.first.number + 1, block.lines[-1].number + 1, score, tuple(why)
    )
