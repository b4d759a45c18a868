"""PDF: text in reading order, with the typesetting undone, read with pypdfium2 (PDFium).

Why PDFium: it is Chrome's PDF engine, fast (C++, a binary wheel with no system
dependencies) and robust on broken files, and pypdfium2 exposes per-character positions,
sizes and fonts — everything layout recovery needs. ``benchmarks/readers.py`` measures it;
pdfminer.six (under pdfplumber) gives the same data an order of magnitude slower in pure
Python, so it is not used.

From the characters of a page this reader builds lines (characters sharing a baseline and
running left to right), then:

* **reading order** — lines ending left of the page centre are the left column, lines
  starting right of it the right column, lines crossing it span the page; between spanning
  lines the left column is read before the right one;
* **running headers, footers and page numbers** — a line near the top or bottom edge whose
  text (digits ignored) recurs at the same height on many pages, or that is a bare page
  number, is dropped, so entries that cross a page break join up again;
* **superscripts** — small raised digits and footnote symbols are dropped;
* **italics** — runs in an italic font are wrapped in ``*…*`` (as in Markdown), so titles
  and journal names keep the emphasis the parser uses as a cue;
* **ligatures and special hyphens** — ﬁ ﬂ ﬀ ﬃ ﬄ become letters; PDFium's line-end hyphen
  marks become "-" and soft hyphens are kept at line ends for
  :func:`refbridge.sections.join_wrapped`, which decides whether a line-end hyphen is a
  syllable break or part of "Ефремова-Шершукова" / "80-92";
* **indentation** — a line starting right of its column's left edge gets leading spaces,
  so hanging indents mark continuation lines of an entry.

A PDF without any text layer (a scan) raises :class:`InputError` saying so, rather than
returning an empty document that would look like "no references".
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import InputError, Location, MissingExtraError
from ..model import Document
from . import REGISTRY

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)
_SUPERSCRIPT_MARKS = frozenset("0123456789*†‡§¶,")
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.|стр\.?|с\.)\s*)?\d{1,4}(?:\s*(?:of|из|/)\s*\d{1,4})?\W*$", re.I
)
_EDGE_ZONE = 0.12  # share of the page height at the top and bottom where headers live


@attrs.define
class _Char:
    text: str
    x: float  # left edge
    y: float  # baseline
    size: float
    italic: bool
    x1: float = 0.0  # right edge


@attrs.define
class _Line:
    chars: list[_Char]
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0
    text: str = ""
    column: str = ""
    page: int = 0


def _is_italic(name: bytes, flags: int) -> bool:
    lowered = name.lower()
    return b"italic" in lowered or b"oblique" in lowered or bool(flags & 64)


def _page_chars(pdfium_c: Any, page: Any) -> list[_Char]:
    """Every character with its left and right edges, baseline, size and italic flag.

    The size is the font size times the vertical scale of the character's matrix: many
    producers set the font at 1 pt and scale it with the text matrix, so
    ``FPDFText_GetFontSize`` alone says 1.0 for all text. The font (for italics) is asked
    for only where a word or a run of punctuation starts, and decided once per font.
    """
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        if count <= 0:
            return []
        get_unicode = pdfium_c.FPDFText_GetUnicode
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        get_size = pdfium_c.FPDFText_GetFontSize
        get_matrix = pdfium_c.FPDFText_GetMatrix
        get_font = pdfium_c.FPDFText_GetFontInfo
        box = pdfium_c.FS_RECTF()
        box_ref = ctypes.byref(box)
        matrix = pdfium_c.FS_MATRIX()
        matrix_ref = ctypes.byref(matrix)
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        origin_refs = (ctypes.byref(origin_x), ctypes.byref(origin_y))
        name = ctypes.create_string_buffer(96)
        flags = ctypes.c_int()
        flags_ref = ctypes.byref(flags)
        italics: dict[tuple[bytes, int], bool] = {}
        chars: list[_Char] = []
        text = textpage.get_text_range(0, count)
        aligned = len(text) == count  # no character outside the BMP: one index, one character
        skip = -1
        for index in range(count):
            if index == skip:
                continue
            if aligned:
                char = text[index]
            else:
                char, skip = _unicode_at(get_unicode, raw, index, count)
            if char in "\r\n":
                continue  # PDFium's guess at a line break: lines are rebuilt from positions
            get_box(raw, index, box_ref)
            if char in "\x02\ufffe":
                char = "-"  # PDFium's mark for a hyphen that breaks a word at a line end
            elif char.isspace() or char < " ":
                if char.isspace() and chars:  # typed, or inferred by PDFium from a gap
                    last = chars[-1]
                    chars.append(_Char(" ", box.left, last.y, last.size, last.italic, box.right))
                continue
            get_origin(raw, index, *origin_refs)
            size = get_size(raw, index)
            if get_matrix(raw, index, matrix_ref):
                size *= math.hypot(matrix.c, matrix.d) or 1.0
            previous = chars[-1] if chars else None
            if (
                previous is not None
                and previous.text != " "
                and previous.size == size
                and previous.text.isalpha() == char.isalpha()
            ):
                italic = previous.italic  # fonts change between words, not inside them
            else:
                length = get_font(raw, index, name, 96, flags_ref)
                key = (name.raw[: max(0, min(length, 96) - 1)], flags.value)
                if key not in italics:
                    italics[key] = _is_italic(*key)
                italic = italics[key]
            chars.append(_Char(char, box.left, origin_y.value, size, italic, box.right))
        return _attach_accents(chars)
    finally:
        textpage.close()


def _unicode_at(get_unicode: Any, raw: Any, index: int, count: int) -> tuple[str, int]:
    """The character at ``index`` and the index to skip after it (-1 for none).

    PDFium keeps a character outside the BMP (𝛾, 𝜃 of maths fonts) as two UTF-16 halves, two
    indices with one box; its text API joins them into one Python character, which would
    shift every later character off its box. On such pages indices are read one by one.
    """
    code = get_unicode(raw, index)
    if 0xD800 <= code < 0xDC00 and index + 1 < count:
        low = get_unicode(raw, index + 1)
        if 0xDC00 <= low < 0xE000:
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), index + 1
    if 0xD800 <= code < 0xE000:
        return "\ufffd", -1
    return chr(code), -1


_ACCENTS = {
    "\u00b4": "\u0301",  # ´ acute
    "`": "\u0300",
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "^": "\u0302",
    "\u02dc": "\u0303",  # ˜ tilde
    "\u02d9": "\u0307",  # ˙ dot above
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02da": "\u030a",  # ˚ ring
    "\u02dd": "\u030b",  # ˝ double acute
    "\u00af": "\u0304",  # ¯ macron
    "\u02db": "\u0328",  # ˛ ogonek
}


def _attach_accents(chars: list[_Char]) -> list[_Char]:
    """Put accents typeset as separate glyphs (TeX: "´" over "n") onto their letters: "ń".

    Left alone, such an accent (often written after the whole line) forms a line of its
    own and splits the entry it sits in. Its letter is the one near its baseline whose
    box holds the accent's centre.
    """
    accents = [index for index, char in enumerate(chars) if char.text in _ACCENTS]
    if not accents:
        return chars
    rows: dict[int, list[_Char]] = {}
    for char in chars:
        if char.text.isalpha():
            rows.setdefault(round(char.y / 2), []).append(char)
    dropped: set[int] = set()
    for index in accents:
        accent = chars[index]
        centre = (accent.x + accent.x1) / 2
        reach = max(1, round(accent.size / 2))
        candidates = [
            base
            for row in range(round(accent.y / 2) - reach, round(accent.y / 2) + reach + 1)
            for base in rows.get(row, ())
            if base.x - 0.5 <= centre <= base.x1 + 0.5 and abs(base.y - accent.y) <= base.size
        ]
        if candidates:
            base = min(candidates, key=lambda c: abs(centre - (c.x + c.x1) / 2))
            base.text = unicodedata.normalize("NFC", base.text + _ACCENTS[accent.text])
            dropped.add(index)
    return [char for index, char in enumerate(chars) if index not in dropped]


def _find_gutter(chars: list[_Char], width: float) -> float | None:
    """The x of the empty vertical band between two columns, or None for one column.

    Character boxes are binned across the page; a run of bins near the centre that almost
    no character covers (a title or a running header may cross it) is the gutter. Word
    gaps of justified text are not: the text of other lines runs through them.
    """
    bins = [0] * (int(width / _GUTTER_BIN) + 2)
    left, right = 0.25 * width, 0.75 * width
    for char in chars:  # only the middle of the page matters
        if char.x1 >= left and char.x <= right and char.text != " ":
            first = max(0, int(char.x / _GUTTER_BIN))
            last = min(len(bins) - 1, int(char.x1 / _GUTTER_BIN))
            for index in range(first, last + 1):
                bins[index] += 1
    peak = max(bins, default=0)
    if peak < 20:
        return None
    low, high = int(0.3 * width / _GUTTER_BIN), int(0.7 * width / _GUTTER_BIN)
    best: tuple[int, int] = (0, 0)
    start = None
    for index in range(low, high + 1):
        if bins[index] <= 0.1 * peak:
            start = index if start is None else start
            if index - start + 1 > best[1] - best[0]:
                best = (start, index + 1)
        else:
            start = None
    if (best[1] - best[0]) * _GUTTER_BIN < 6.0:  # narrower than a couple of characters
        return None
    return (best[0] + best[1]) / 2 * _GUTTER_BIN


_GUTTER_BIN = 2.0  # points


def _split_lines(chars: list[_Char], width: float) -> tuple[list[_Line], float | None]:
    """Characters in content order -> lines (same baseline, running rightwards, one column),
    and the x of the gutter between two columns (None when none was found)."""
    gutter = _find_gutter(chars, width)
    lines: list[_Line] = []
    current: list[_Char] = []
    ink: _Char | None = None  # the last character of the line that is not a space
    for char in chars:
        if char.text == " ":
            if current:  # a space's box can be anywhere; only its being there counts
                current.append(char)
            continue
        if ink is not None:
            scale = max(ink.size, char.size, 1.0)
            same_line = abs(char.y - ink.y) <= 0.5 * scale
            forward = char.x >= ink.x - 0.25 * scale  # ligature parts share one box
            across = gutter is not None and ink.x1 <= gutter <= char.x
            if not same_line or not forward or across:
                lines.append(_Line(current))
                current = []
        current.append(char)
        ink = char
    if current:
        lines.append(_Line(current))
    for line in lines:
        line.chars = _judge_spaces(line.chars)
        _measure(line)
    merged = _merge_fragments([line for line in lines if line.text.strip()], gutter)
    split, cuts = _split_at_gutters(merged, width)
    return split, gutter if gutter is not None or not cuts else statistics.median(cuts)


def _judge_spaces(chars: list[_Char]) -> list[_Char]:
    """Word breaks of one line: its spaces, and gaps wider than its own letter spacing.

    Spaces come from the file or from PDFium, which infers them from the fonts' advance
    widths and the text state (character spacing included) and is right far more often
    than box gaps are (measured: 0.3 % word errors against 1.2 % when box gaps decide).
    Where there is no space, a gap is a word break when it is at least 0.2 em and exceeds
    the line's letter spacing (the median gap between characters with no space between
    them: letters outnumber words) by 0.15 em, so letter-spaced or loosely set lines do
    not fall apart ("k inematic") and words placed apart without a space do not run
    together.
    """
    ink = [c for c in chars if c.text != " "]
    if len(ink) < 2:
        return ink
    spaced = set()
    previous = None
    for char in chars:
        if char.text == " ":
            if previous is not None:
                spaced.add(id(previous))
        else:
            previous = char
    gaps = [b.x - a.x1 for a, b in itertools.pairwise(ink) if id(a) not in spaced]
    size = statistics.median(c.size for c in ink)
    letter = max(0.0, statistics.median(gaps)) if len(gaps) >= 4 else 0.0
    threshold = max(0.2 * size, letter + 0.15 * size)
    out = [ink[0]]
    for a, b in itertools.pairwise(ink):
        if id(a) in spaced or b.x - a.x1 >= threshold:
            out.append(_Char(" ", a.x1, a.y, a.size, a.italic, max(a.x1, b.x)))
        out.append(b)
    return out


def _ink_runs(line: _Line) -> list[tuple[float, float]]:
    """The stretches of a line covered by characters, gaps under half an em bridged."""
    runs: list[tuple[float, float]] = []
    for char in line.chars:
        if char.text.isspace():
            continue
        if runs and char.x - runs[-1][1] <= 0.5 * line.size:
            runs[-1] = (runs[-1][0], max(runs[-1][1], char.x1))
        else:
            runs.append((char.x, char.x1))
    return runs


def _split_at_gutters(lines: list[_Line], width: float) -> tuple[list[_Line], list[float]]:
    """Cut lines at a column gutter that the page-wide search did not find.

    A page with few lines, or one that mixes a full-width block with two columns, has no
    gutter empty from top to bottom; the lines of its two columns then run together
    ("… cancer care: a [26] Chow R, …"). A wide gap near the middle of a line is a gutter
    when the nearest lines above it, or those below, or the nearest on both sides, have
    no ink at that place either; word gaps of justified text are not, since the
    neighbouring lines run through them.
    Returns the lines and the x of every cut.
    """
    every_cut: list[float] = []
    runs = [_ink_runs(line) for line in lines]
    by_height = sorted(range(len(lines)), key=lambda i: -lines[i].y)
    rank = {index: position for position, index in enumerate(by_height)}
    out: list[_Line] = []
    for index, line in enumerate(lines):
        cuts = []
        for (_, left_end), (right_start, _) in itertools.pairwise(runs[index]):
            if right_start - left_end < 1.2 * line.size:
                continue
            if not 0.3 < (left_end + right_start) / 2 / width < 0.7:
                continue
            position = rank[index]
            above = by_height[position - 1 :: -1] if position else []
            below = by_height[position + 1 :]
            nearest = sorted(above[:3] + below[:3], key=lambda i: abs(lines[i].y - line.y))
            for side in (above, below, nearest):
                free = _shared_gap(lines, runs, side, line, (left_end, right_start))
                if free is not None:
                    cuts.append((free[0] + free[1]) / 2)
                    break
        if not cuts:
            out.append(line)
            continue
        every_cut += cuts
        pieces: list[list[_Char]] = [[] for _ in range(len(cuts) + 1)]
        for char in line.chars:
            pieces[sum(1 for cut in cuts if (char.x + char.x1) / 2 > cut)].append(char)
        for chars in pieces:
            while chars and chars[-1].text.isspace():
                chars.pop()
            while chars and chars[0].text.isspace():
                chars.pop(0)
            if chars:
                piece = _Line(chars, page=line.page)
                _measure(piece)
                if piece.text:
                    out.append(piece)
    return out, every_cut


def _shared_gap(
    lines: list[_Line],
    runs: list[list[tuple[float, float]]],
    side: list[int],
    line: _Line,
    gap: tuple[float, float],
) -> tuple[float, float] | None:
    """The part of ``gap`` also free of ink in the two or three nearest lines of ``side``
    that reach across it, when it stays wider than a third of an em; else None."""
    free = gap
    seen = 0
    for other in side:
        if abs(lines[other].y - line.y) > 6 * line.size or seen == 3:
            break
        centre = (free[0] + free[1]) / 2
        if not lines[other].x0 < centre < lines[other].x1:
            continue  # a line of one column only: says nothing about the gutter
        seen += 1
        gaps = [(a[1], b[0]) for a, b in itertools.pairwise(runs[other])]
        overlaps = [(max(free[0], a), min(free[1], b)) for a, b in gaps]
        free = max(overlaps, key=lambda o: o[1] - o[0], default=(0.0, 0.0))
        if free[1] - free[0] < line.size / 3:
            return None
    return free if seen >= 2 else None


def _measure(line: _Line) -> None:
    chars = line.chars
    sizes = Counter(round(c.size, 1) for c in chars if not c.text.isspace())
    line.size = sizes.most_common(1)[0][0] if sizes else chars[0].size
    body = [c for c in chars if abs(c.size - line.size) < 0.5] or chars
    line.y = statistics.median(c.y for c in body)
    inked = [c for c in chars if c.text != " "] or chars
    line.x0 = min(c.x for c in inked)
    line.x1 = max(c.x1 for c in inked)
    line.text = _line_text(line)


def _is_superscript(char: _Char, line: _Line) -> bool:
    return (
        char.text in _SUPERSCRIPT_MARKS
        and char.size < 0.8 * line.size
        and char.y > line.y + 0.2 * line.size
    )


def _line_text(line: _Line) -> str:
    """The characters as text: superscript marks dropped, italic runs as ``*…*``."""
    runs: list[tuple[str, bool]] = []
    for char in line.chars:
        if _is_superscript(char, line):
            continue
        text = char.text.translate(_LIGATURES)
        if runs and (runs[-1][1] == char.italic or text.isspace()):
            runs[-1] = (runs[-1][0] + text, runs[-1][1])
        else:
            runs.append((text, char.italic))
    out: list[str] = []
    for text, italic in runs:
        core = text.strip()
        # emphasis marks a word, never a lone number or comma ("*16.*" would hide a marker)
        if italic and any(c.isalpha() for c in core) and not core.startswith("*"):
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{lead}*{core}*{trail}")
        else:
            out.append(text)
    joined = "".join(out).strip()
    # soft hyphens inside a line are invisible; at its end they mark a syllable break
    soft_end = joined.endswith("\u00ad")
    joined = joined.replace("\u00ad", "") + ("\u00ad" if soft_end else "")
    return re.sub(r"[ \t]{2,}", " ", joined)


def _merge_fragments(lines: list[_Line], gutter: float | None) -> list[_Line]:
    """Join fragments of one visual line that a producer wrote as separate text objects."""
    lines.sort(key=lambda line: (-round(line.y), line.x0))
    merged: list[_Line] = []
    for line in lines:
        if merged:
            last = merged[-1]
            gap = line.x0 - last.x1
            across = gutter is not None and last.x1 <= gutter <= line.x0
            if abs(line.y - last.y) <= 0.3 * line.size and gap >= -0.5 * line.size and not across:
                last.chars.extend(
                    [_Char(" ", last.x1, last.y, last.size, False, line.x0), *line.chars]
                    if gap > 0.15 * line.size
                    else line.chars
                )
                _measure(last)
                continue
        merged.append(line)
    return merged


def _order_page(lines: list[_Line], width: float, gutter: float | None) -> list[_Line]:
    """Reading order: spanning lines split the page into bands; in a band, left then right.

    Columns are told apart at the gutter found between them (columns need not be centred:
    The Lancet keeps a margin column for notes), else at the page centre.
    """
    centre = width / 2
    for line in lines:
        if gutter is not None:
            if line.x1 <= gutter + 2:
                line.column = "left"
            elif line.x0 >= gutter - 2:
                line.column = "right"
            else:
                line.column = "span"
        elif line.x0 >= centre - 0.02 * width:
            line.column = "right"
        elif line.x1 <= centre + 0.1 * width:
            line.column = "left"
        else:
            line.column = "span"
    columns = Counter(line.column for line in lines)
    by_height = sorted(lines, key=lambda line: (-line.y, line.x0))
    if columns["left"] < 3 or columns["right"] < 3:
        for line in lines:
            line.column = "single"
        return by_height
    ordered: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []
    for line in by_height:
        if line.column == "span":
            ordered += left + right
            left, right = [], []
            ordered.append(line)
        else:
            (left if line.column == "left" else right).append(line)
    return ordered + left + right


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _line_spacing(pages: list[list[_Line]]) -> float:
    """The usual distance between consecutive baselines of one column."""
    gaps = [
        previous.y - line.y
        for lines in pages
        for previous, line in itertools.pairwise(lines)
        # pieces of one row (table cells, a split line) are not a line's distance apart
        if previous.column == line.column and 0.8 * line.size < previous.y - line.y < 4 * line.size
    ]
    return statistics.median(gaps) if gaps else 0.0


def _spacing_by_size(pages: list[list[_Line]]) -> dict[int, float]:
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


def _edge_lines(lines: list[_Line], height: float, spacing: float) -> list[_Line]:
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


def _drop_running_lines(pages: list[list[_Line]], heights: list[float], spacing: float) -> int:
    """Remove running headers/footers and page numbers in place; returns how many.

    A header is an edge line whose text (digits ignored: page numbers, dates) recurs at the
    same height on at least a quarter of the pages (odd and even pages often differ); a
    bare page number at an edge goes too.
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
            if seen[keys[index][id(line)]] >= needed or _PAGE_NUMBER.match(line.text)
        }
        removed += len(drop)
        pages[index] = [line for line in pages[index] if id(line) not in drop]
    return removed


def _row_keys(lines: list[_Line]) -> dict[int, tuple[str, int]]:
    """For each edge line, the text of its whole row (digits as #) and the row's height.

    A header is compared row by row: on one page its words may fall apart at the gutter
    ("Effect of … sanctum" | "leaves on cauda …") and on the next stay one line.
    """
    rows: dict[int, list[_Line]] = {}
    for line in lines:
        rows.setdefault(round(line.y / 3), []).append(line)
    keys = {}
    for height, row in rows.items():
        text = " ".join(line.text for line in sorted(row, key=lambda line: line.x0))
        for line in row:
            keys[id(line)] = (_edge_key(text), height)
    return keys


def _local_margins(lines: list[_Line], reach: int = 8) -> list[float]:
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


def _column_right_edges(lines: Iterable[_Line]) -> dict[str, float]:
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


#: A distance between lines of one size this many times their usual one is a paragraph gap.
_GAP = 1.15


def _emit(pages: list[list[_Line]]) -> tuple[list[str], list[int]]:
    """Lines of text with indentation and paragraph gaps, and the page of each line."""
    spacing = _line_spacing(pages)
    by_size = _spacing_by_size(pages)
    texts: list[str] = []
    numbers: list[int] = []
    for lines in pages:
        margins = _local_margins(lines)
        right_edges = _column_right_edges(lines)
        previous: _Line | None = None
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


def _count_images(pdfium_c: Any, page: Any) -> int:
    raw = page.raw
    return sum(
        1
        for i in range(pdfium_c.FPDFPage_CountObjects(raw))
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i))
        == pdfium_c.FPDF_PAGEOBJ_IMAGE
    )


def _open(data: bytes, source: str) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise MissingExtraError("Reading PDF", "pdf", "pypdfium2") from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower() or "security" in reason.lower():
            raise InputError(
                "the PDF is encrypted (password-protected); remove the password first, "
                "e.g. with 'qpdf --decrypt in.pdf out.pdf'",
                location=Location(source),
            ) from None
        raise InputError(
            f"not a readable PDF (corrupt or truncated): {reason}", location=Location(source)
        ) from None


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF's text layer into lines in reading order (see the module docstring)."""
    pdf = _open(data, source)
    import pypdfium2.raw as pdfium_c

    try:
        pages: list[list[_Line]] = []
        heights: list[float] = []
        images = 0
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                width, height = page.get_size()
                lines, gutter = _split_lines(_page_chars(pdfium_c, page), width)
                if not lines:
                    images += _count_images(pdfium_c, page)
                for line in lines:
                    line.page = number + 1
                    line.chars = []  # text and geometry are all we keep: frees the characters
                pages.append(_order_page(lines, width, gutter))
                heights.append(height)
            finally:
                page.close()
        page_count = len(pdf)
    except InputError:
        raise
    except Exception as exc:  # PDFium errors on a damaged page: name the file, not a traceback
        raise InputError(f"cannot read the PDF: {exc}", location=Location(source)) from None
    finally:
        pdf.close()
    if page_count == 0:
        raise InputError("the PDF has no pages", location=Location(source))
    if not any(pages):
        if images:
            raise InputError(
                f"the PDF has no text layer ({page_count} page(s) of images): it looks "
                "scanned; run OCR first (e.g. 'ocrmypdf in.pdf out.pdf') and read the result",
                location=Location(source),
            )
        raise InputError("the PDF contains no text", location=Location(source))
    spacing = _line_spacing(pages)
    removed = _drop_running_lines(pages, heights, spacing) if page_count > 1 else 0
    texts, numbers = _emit(pages)
    return Document(
        source=source,
        format="pdf",
        lines=tuple(texts),
        line_pages=tuple(numbers),
        metadata={
            "pages": page_count,
            "pages_without_text": [i + 1 for i, lines in enumerate(pages) if not lines],
            "running_lines_removed": removed,
        },
    )


def _sniff_pdf(head: bytes) -> bool:
    return head[:1024].lstrip().startswith(b"%PDF-")


REGISTRY.register("pdf", read_pdf, suffixes=(".pdf",), sniff=_sniff_pdf)

__all__ = ["read_pdf"]
