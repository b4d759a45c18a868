"""The lines of a document in reading order: columns, running headers, indents, gaps."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable

from .lines import Line

_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.|стр\.?|с\.)\s*)?\d{1,4}(?:\s*(?:of|из|/)\s*\d{1,4})?\W*$", re.I
)
_WEB_ADDRESS = re.compile(r"^\W*(?:https?://|www\.)[\w.-]+(?:/\S*)?\W*$", re.I)
_EDGE_ZONE = 0.12  # share of the page height at the top and bottom where headers live


def order_page(lines: list[Line], width: float, gutters: list[float]) -> list[Line]:
    """Reading order: spanning lines split the page into bands; in a band, column by column.

    Columns are told apart at the gutters found between them (columns need not be
    centred: The Lancet keeps a margin column for notes), else at the page centre. Each
    line gets its column's number ("0", "1", …), "span" or, on a page of one column,
    "single".
    """
    centre = width / 2
    for line in lines:
        if gutters:
            crossed = [g for g in gutters if line.x0 < g - 2 and line.x1 > g + 2]
            before = sum(1 for g in gutters if line.x0 >= g - 2)
            line.column = "span" if crossed else str(before)
        elif line.x0 >= centre - 0.02 * width:
            line.column = "1"
        elif line.x1 <= centre + 0.1 * width:
            line.column = "0"
        else:
            line.column = "span"
    columns = Counter(line.column for line in lines if line.column != "span")
    by_height = sorted(lines, key=lambda line: (-line.y, line.x0))
    if sum(1 for count in columns.values() if count >= 3) < 2:
        for line in lines:
            line.column = "single"
        return by_height
    ordered: list[Line] = []
    band: dict[str, list[Line]] = {}
    for line in by_height:
        if line.column == "span":
            ordered += [line for column in sorted(band, key=int) for line in band[column]]
            band = {}
            ordered.append(line)
        else:
            band.setdefault(line.column, []).append(line)
    return ordered + [line for column in sorted(band, key=int) for line in band[column]]


def _edge_key(text: str) -> str:
    """Digits as #, emphasis marks and spacing ignored: the same header on every page."""
    return re.sub(r"\d+", "#", " ".join(text.replace("*", "").split())).casefold()


def line_spacing(pages: list[list[Line]]) -> float:
    """The usual distance between consecutive baselines of one column."""
    gaps = [
        previous.y - line.y
        for lines in pages
        for previous, line in itertools.pairwise(lines)
        # pieces of one row (table cells, a split line) are not a line's distance apart
        if previous.column == line.column and 0.8 * line.size < previous.y - line.y < 4 * line.size
    ]
    return statistics.median(gaps) if gaps else 0.0


def _spacing_by_size(pages: list[list[Line]]) -> dict[int, float]:
    """The usual baseline distance for each font size (rounded) seen often enough.

    References are often set smaller and tighter than the body text, and entries apart by
    little more than a line: a paragraph gap is judged against lines of its own size.
    """
    gaps: dict[int, list[float]] = {}
    for lines in pages:
        for previous, line in itertools.pairwise(lines):
            gap = previous.y - line.y
            if (
                previous.column == line.column
                and abs(previous.size - line.size) < 0.5
                and 0.8 * line.size < gap < 4 * line.size
            ):
                gaps.setdefault(round(line.size), []).append(gap)
    return {size: statistics.median(found) for size, found in gaps.items() if len(found) >= 5}


def _edge_lines(lines: list[Line], height: float, spacing: float) -> list[Line]:
    """Lines in the top or bottom band of the page set apart from the text block.

    A running header sits above the first line of text with more than the usual line
    spacing between them (a footer below the last); the first line of a column does not.
    """
    heights = sorted({round(line.y, 1) for line in lines})
    found = []
    for line in lines:
        if line.y > height * (1 - _EDGE_ZONE):
            below = [y for y in heights if y < line.y - 0.6 * line.size]
            gap = line.y - below[-1] if below else height
        elif line.y < height * _EDGE_ZONE:
            above = [y for y in heights if y > line.y + 0.6 * line.size]
            gap = above[0] - line.y if above else height
        else:
            continue
        if not spacing or gap > 1.4 * spacing:
            found.append(line)
    return found


def drop_running_lines(pages: list[list[Line]], heights: list[float], spacing: float) -> int:
    """Remove running headers/footers and page numbers in place; returns how many.

    A header is an edge line whose text (digits ignored: page numbers, dates) recurs at the
    same height on at least a quarter of the pages (odd and even pages often differ); a
    bare page number or web address (the journal's site) at an edge goes too, which is
    what a document of three pages has to go by.
    """
    edges = [
        _edge_lines(lines, height, spacing) for lines, height in zip(pages, heights, strict=True)
    ]
    keys = [_row_keys(lines) for lines in edges]
    seen: Counter[tuple[str, int]] = Counter()
    for page_keys in keys:
        seen.update(set(page_keys.values()))
    needed = max(2, round(0.25 * len(pages)))
    removed = 0
    for index, candidates in enumerate(edges):
        drop = {
            id(line)
            for line in candidates
            if seen[keys[index][id(line)]] >= needed
            or _PAGE_NUMBER.match(line.text)
            or _WEB_ADDRESS.match(line.text)
        }
        removed += len(drop)
        pages[index] = [line for line in pages[index] if id(line) not in drop]
    return removed


def _row_keys(lines: list[Line]) -> dict[int, tuple[str, int]]:
    """For each edge line, the text of its whole row (digits as #) and the row's height.

    A header is compared row by row: on one page its words may fall apart at the gutter
    ("Effect of … sanctum" | "leaves on cauda …") and on the next stay one line.
    """
    rows: dict[int, list[Line]] = {}
    for line in lines:
        rows.setdefault(round(line.y / 3), []).append(line)
    keys = {}
    for height, row in rows.items():
        text = " ".join(line.text for line in sorted(row, key=lambda line: line.x0))
        for line in row:
            keys[id(line)] = (_edge_key(text), height)
    return keys


def _local_margins(lines: list[Line], reach: int = 8) -> list[float]:
    """For each line, the left edge of the text around it: its column's nearby lines.

    Taken near the line, not over the whole page, so that a table or a figure label
    further up the column does not make every line of the reference list look indented.
    """
    margins = []
    for index, line in enumerate(lines):
        near = [
            other.x0
            for other in lines[max(0, index - reach) : index + reach + 1]
            if other.column == line.column and len(other.text) >= 8
        ]
        margins.append(min(near, default=line.x0))
    return margins


def _column_right_edges(lines: Iterable[Line]) -> dict[str, float]:
    """The right edge of each justified column (ragged-right columns have none)."""
    ends: dict[str, list[tuple[float, float]]] = {}
    for line in lines:
        if len(line.text) >= 20:
            ends.setdefault(line.column, []).append((line.x1, line.size))
    edges: dict[str, float] = {}
    for column, found in ends.items():
        edge = sorted(x for x, _ in found)[int(0.9 * (len(found) - 1))]
        at_edge = sum(1 for x, size in found if edge - x <= size)
        if len(found) >= 5 and at_edge >= 0.6 * len(found):
            edges[column] = edge
    return edges


#: A distance between lines of one size this many times their usual one is a paragraph gap
#: (Word sets a line with a taller font, a hyperlink in Calibri, up to ~1.2 times apart).
_GAP = 1.3


def emit(pages: list[list[Line]]) -> tuple[list[str], list[int]]:
    """Lines of text with indentation and paragraph gaps, and the page of each line."""
    spacing = line_spacing(pages)
    by_size = _spacing_by_size(pages)
    texts: list[str] = []
    numbers: list[int] = []
    for lines in pages:
        margins = _local_margins(lines)
        right_edges = _column_right_edges(lines)
        previous: Line | None = None
        for line, margin in zip(lines, margins, strict=True):
            if (
                previous is not None
                and previous.column == line.column
                and texts
                and texts[-1]
                and (
                    (spacing and previous.y - line.y > 1.8 * spacing)
                    or (
                        abs(previous.size - line.size) < 0.5
                        and round(line.size) in by_size
                        and previous.y - line.y > _GAP * by_size[round(line.size)]
                    )
                    # in justified text a line ending well short of the right edge ends a
                    # paragraph (or an entry): the next line starts a new one
                    or right_edges.get(line.column, previous.x1) - previous.x1 > 2.5 * previous.size
                )
            ):
                texts.append("")
                numbers.append(line.page)
            indent = line.x0 - margin
            prefix = "    " if indent > 0.6 * line.size else ""
            texts.append(prefix + line.text)
            numbers.append(line.page)
            previous = line
    return texts, numbers
