"""Grouping the lines of a list region into candidate entries, by structure alone: list
markers, hanging indentation, blank lines, continuation starts and open line ends, and the
line width of text wrapped to a fixed width."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from .headings import markdown_level
from .lines import CONTINUATION_START, OPEN_END, Line, consistent_markers, marker_kind
from .score import has_year, starts_like_entry
from .unwrap import URL_TAIL, join_wrapped


@attrs.define
class Block:
    lines: list[Line]
    after_blank: bool
    text: str = ""
    wrapped: bool = False  # the region is text wrapped to a fixed width

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def kind(self) -> str:
        return marker_kind(self.first.marker)


def _is_continuation(
    line: Line, block: Block, after_blank: bool, marked: bool, width: int | None
) -> bool:
    if line.marker:
        return False
    previous = block.lines[-1]
    if CONTINUATION_START.match(line.body):
        return True
    if after_blank:
        return False
    if marked:
        return True  # in a marked list every unmarked line belongs to the entry above
    if line.indent > block.first.indent:
        return True  # hanging indentation
    if OPEN_END.search(previous.body):
        return True
    if width is None or len(previous.raw.rstrip()) < _FULL_LINE * width:
        return False
    # the line above is full: text wrapped on, unless an entry ended and a new one begins
    ended = previous.body.rstrip(" *_").endswith((".", ")", "]")) or URL_TAIL.search(previous.body)
    if not ended:
        return True
    if starts_like_entry(line.body):
        return False
    so_far = " ".join(part.body for part in block.lines)
    # "… Prog. Nucl. En. 17(3), p. 231, 1986." is complete; a capital after it starts anew
    return not (line.body[:1].isupper() and has_year(so_far) and _ENDS_COMPLETE.search(so_far))


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


def split_blocks(lines: Sequence[Line], vocabulary: frozenset[str]) -> list[Block]:
    """Group the non-blank lines of a region into candidate entries, by structure alone."""
    blocks: list[Block] = []
    lines = consistent_markers(lines)
    marked = any(line.marker for line in lines[:3])
    base = min((line.indent for line in lines if not line.blank), default=0)
    hanging = any(line.indent > base for line in lines if not line.blank)
    # indentation or markers tell where entries start; line widths only when nothing else does
    width = None if marked or hanging else _wrap_width(lines)
    after_blank = False
    for line in lines:
        if line.blank:
            after_blank = True
            continue
        if blocks and _is_continuation(line, blocks[-1], after_blank, marked, width):
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block([line], after_blank))
        after_blank = False
    for block in blocks:
        block.wrapped = width is not None
        text = block.lines[0].body
        for line in block.lines[1:]:
            text = join_wrapped(text, line.body, vocabulary)
        block.text = text
    return blocks


def region(lines: Sequence[Line], start: int, stop: int) -> list[Line]:
    """Lines from ``start`` up to ``stop`` or the next ``#`` heading of the list's rank.

    Under "## References" a "### Primary sources" or a bold line is a part of the list
    (:func:`accept_blocks` skips it when references follow); "## Appendix" ends it. Under
    a plain or bold heading, any ``#`` heading ends it.
    """
    level = markdown_level(lines[start - 1].raw) if start > 0 else 0
    region: list[Line] = []
    for line in lines[start:stop]:
        rank = 0 if line.blank or line.marker else markdown_level(line.raw)
        if rank and (not level or rank <= level):
            break
        region.append(line)
    return region
