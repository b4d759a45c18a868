"""Grouping the lines of a list region into candidate entries, by structure alone: list
markers, hanging indentation, blank lines, continuation starts and open line ends, and the
line width of text wrapped to a fixed width."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from .headings import ends_list, markdown_level
from .lines import (
    CONTINUATION_START,
    OPEN_END,
    Line,
    attach_bare_markers,
    consistent_markers,
    marker_kind,
)
from .score import (
    SCORE_THRESHOLD,
    SCORE_WINDOW,
    has_year,
    reference_score,
    starts_like_entry,
    starts_with_authors,
)
from .unwrap import URL_TAIL, join_lines


@attrs.define
class Block:
    lines: list[Line]
    after_blank: bool
    text: str = ""
    wrapped: bool = False  # the region is text wrapped to a fixed width
    head: str = ""  # the first SCORE_WINDOW characters of the lines so far, for cheap checks

    def __attrs_post_init__(self) -> None:
        self.head = self.lines[0].body[:SCORE_WINDOW]

    def append(self, line: Line) -> None:
        self.lines.append(line)
        if len(self.head) < SCORE_WINDOW:
            self.head = f"{self.head} {line.body}"[:SCORE_WINDOW]

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def kind(self) -> str:
        return marker_kind(self.first.marker)


@attrs.frozen
class _Layout:
    """How a region marks its entries: list markers, a fixed wrap width, one entry a line."""

    marked: bool
    width: int | None
    one_per_line: bool  # marked entries mostly fit on their line
    longest: int  # the length of the region's longest line


def _is_continuation(line: Line, block: Block, after_blank: bool, layout: _Layout) -> bool:
    if line.marker:
        return False
    previous = block.lines[-1]
    if CONTINUATION_START.match(line.body):
        return True
    if after_blank:
        return False
    if layout.marked:
        # in a marked list an unmarked line belongs to the entry above, unless both are
        # whole references on their own lines (numbering mixed with unnumbered entries):
        # the entry above finished (a year and pages, or its DOI) or, where entries fit on their
        # lines, the line starts with authors or the line above is not a full one — a full
        # "… Nat." then "Commun. 6, 7654 (2015)." is one Nature-style entry wrapped after
        # its journal's abbreviation, not two
        return not (
            line.indent <= block.first.indent
            and _ended(previous.body)
            and (
                (_finished(block) and (layout.one_per_line or starts_like_entry(line.body)))
                or (
                    layout.one_per_line
                    and (
                        starts_with_authors(line.body)
                        or len(previous.raw.rstrip()) < _FULL_LINE * layout.longest
                    )
                )
            )
            and reference_score(line.body)[0] >= SCORE_THRESHOLD
        )
    if line.indent > block.first.indent:
        return True  # hanging indentation
    if OPEN_END.search(previous.body):
        # "…/GenIVRoadmap.pdf," then "Kirillov P.L., …": two whole references, one per line
        # (in text wrapped to a fixed width a line ending in "," goes on)
        return not (
            layout.width is None
            and _starts_whole_entry(line)
            and reference_score(block.head)[0] >= SCORE_THRESHOLD
        )
    if layout.width is None or len(previous.raw.rstrip()) < _FULL_LINE * layout.width:
        return False
    # the line above is full: text wrapped on, unless an entry ended and a new one begins
    if not _ended(previous.body):
        return True
    if starts_like_entry(line.body):
        return False
    return not (line.body[:1].isupper() and _complete(block))


def _starts_whole_entry(line: Line) -> bool:
    """Does the line start like an entry and look like a whole reference by itself?"""
    return starts_like_entry(line.body) and reference_score(line.body)[0] >= SCORE_THRESHOLD


def _ended(text: str) -> bool:
    """Does a line end where an entry may end (a full stop, a bracket, a URL)?"""
    return text.rstrip(" *_").endswith((".", ")", "]")) or bool(URL_TAIL.search(text[-300:]))


def _complete(block: Block) -> bool:
    """Has the block a year and an end like a finished reference?

    "… Prog. Nucl. En. 17(3), p. 231, 1986." is complete; a capital after it starts anew.
    """
    return has_year(block.head) and bool(_ENDS_COMPLETE.search(block.lines[-1].body[-60:]))


def _finished(block: Block) -> bool:
    """Is the block a complete reference, or one with a year that ends in its DOI or URL?"""
    last = block.lines[-1].body
    return _complete(block) or (
        has_year(block.head) and bool(URL_TAIL.search(last.rstrip(" .")[-300:]))
    )


def ends_complete(text: str) -> bool:
    """Has ``text`` a year and an end like a finished reference (a year, pages, a note)?"""
    return has_year(text) and bool(_ENDS_COMPLETE.search(text[-60:]))


_ENDS_COMPLETE = re.compile(
    r"(?:(?:1[5-9]|20)\d\d|\d\s?(?:p|pp|с|р|S|c)|\d\s?[-–]\s?\d+|\([^()]{1,30}\)|\])\.?\s*$"
)


#: In text wrapped to a fixed width, a line at least this share of the width is "full".
_FULL_LINE = 0.8


def _wrap_width(lines: Sequence[Line]) -> int | None:
    """The width of text wrapped to fixed-width lines (copied PDF text), or None.

    Wrapped text has many lines close to one maximum length, and those full lines mostly
    end mid-sentence; a list with one entry per line has full lines ending in "." or ")".
    """
    texts = [line.raw.rstrip() for line in lines if not line.blank]
    if len(texts) < 4:
        return None
    width = max(len(text) for text in texts)
    full = [text for text in texts if len(text) >= _FULL_LINE * width]
    if width > 200 or len(full) < 0.3 * len(texts):
        return None
    open_ended = sum(1 for text in full if not text.rstrip(" *_").endswith((".", ")", "]")))
    return width if open_ended >= 0.5 * len(full) else None


def split_blocks(
    lines: Sequence[Line], vocabulary: frozenset[str], repeated: frozenset[str] = frozenset()
) -> list[Block]:
    """Group the non-blank lines of a region into candidate entries, by structure alone.

    ``repeated`` holds the short lines printed on several pages of the document: in a
    numbered list, those are page furniture (see :func:`_without_page_furniture`).
    """
    blocks: list[Block] = []
    lines = consistent_markers(attach_bare_markers(lines))
    marked = _is_marked(lines)
    if marked and repeated:
        lines = _without_page_furniture(lines, repeated)
    base = min((line.indent for line in lines if not line.blank), default=0)
    hanging = any(line.indent > base for line in lines if not line.blank)
    # indentation or markers tell where entries start; line widths only when nothing else does
    width = None if marked or hanging else _wrap_width(lines)
    longest = max((len(line.raw.rstrip()) for line in lines), default=0)
    layout = _Layout(marked, width, marked and _one_per_line(lines), longest)
    after_blank = False
    for line in lines:
        if line.blank:
            after_blank = True
            continue
        if blocks and _is_continuation(line, blocks[-1], after_blank, layout):
            blocks[-1].append(line)
        else:
            blocks.append(Block([line], after_blank))
        after_blank = False
    for block in blocks:
        block.wrapped = width is not None
        block.text = join_lines([line.body for line in block.lines], vocabulary)
    return blocks


#: A running header has words enough to name the journal or the article; a short line that
#: recurs in a list ("Russian).", "(in Russian).") is the wrapped end of entries, and so is
#: one that starts in lower case or ends mid-phrase (entries of a series of papers).
_RUNNING_HEADER_WORDS = 3


def _is_running_line(line: Line, repeated: frozenset[str]) -> bool:
    text = line.raw.strip()
    return (
        not line.marker
        and text in repeated
        and len(text.split()) >= _RUNNING_HEADER_WORDS
        and not starts_with_authors(text)
        and not CONTINUATION_START.match(text)
        and not OPEN_END.search(text)  # a line of a series' entries, wrapped mid-phrase
    )


def _is_page_number(line: Line) -> bool:
    text = line.raw.strip()
    return text.isdigit() and len(text) <= 4


def _at_page_break(lines: Sequence[Line], i: int) -> bool:
    """Is line ``i`` set apart as a page's furniture is: blank lines on both sides, or a
    page number beside it (a line of an entry has the entry's other lines around it)?"""
    near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return (len(near) == 2 and all(line.blank for line in near)) or any(
        _is_page_number(line) for line in near
    )


def _without_page_furniture(lines: Sequence[Line], repeated: frozenset[str]) -> list[Line]:
    """The lines of a numbered list without a page break's furniture: a running header
    (a short line printed on several pages, not starting with authors or a number), the
    page number beside it, and the blank lines around them — so that an entry broken by
    the page joins up again."""
    drop = [False] * len(lines)
    for i, line in enumerate(lines):
        if not _is_running_line(line, repeated) or not _at_page_break(lines, i):
            continue
        drop[i] = True
        for step in (-1, 1):  # the page number and blank lines on either side
            j = i + step
            while 0 <= j < len(lines) and (lines[j].blank or _is_page_number(lines[j])):
                drop[j] = True
                j += step
    return [line for line, dropped in zip(lines, drop, strict=True) if not dropped]


#: Marked lines needed among the lines from the first marked one to the last for the
#: markers to define the entries (an entry in a narrow PDF column may span a dozen lines).
_MARKED_SHARE = 0.08


def _is_marked(lines: Sequence[Line]) -> bool:
    """Do list markers start the entries? Markers on the first lines, and more than one,
    dense enough where they occur: a list where only the first entry is numbered is not."""
    if not any(line.marker for line in lines[:3]):
        return False
    marked = [i for i, line in enumerate(lines) if line.marker]
    if len(marked) < 2:
        return False
    span = [line for line in lines[marked[0] : marked[-1] + 1] if not line.blank]
    return len(marked) >= _MARKED_SHARE * len(span)


def _one_per_line(lines: Sequence[Line]) -> bool:
    """Is at least half of the marked lines followed by another marked line?"""
    text = [line for line in lines if not line.blank]
    marked = [i for i, line in enumerate(text) if line.marker]
    followed = sum(1 for i in marked if i + 1 < len(text) and text[i + 1].marker)
    return bool(marked) and followed >= 0.5 * len(marked)


def region(lines: Sequence[Line], start: int, stop: int) -> list[Line]:
    """Lines from ``start`` up to ``stop`` or the next ``#`` heading of the list's rank.

    Under "## References" a "### Primary sources" or a bold line is a part of the list
    (:func:`accept_blocks` skips it when references follow); "## Appendix" ends it. Under
    a plain or bold heading, any ``#`` heading ends it. So does the heading of what follows
    a list in print ("Acknowledgements", "Funding: …", see :func:`.headings.ends_list`).
    """
    level = markdown_level(lines[start - 1].raw) if start > 0 else 0
    region: list[Line] = []
    for line in lines[start:stop]:
        rank = 0 if line.blank or line.marker else markdown_level(line.raw)
        if rank and (not level or rank <= level):
            break
        if not line.blank and not line.marker and ends_list(line.raw):
            break
        region.append(line)
    return region
