"""Lines out of characters: word breaks, columns cut at gutters, the text of a line."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

import attrs

from .chars import Char

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


@attrs.define
class Line:
    """Characters on one baseline in one column; ``column`` is set by the page's order."""

    chars: list[Char]
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0
    text: str = ""
    column: str = ""
    page: int = 0


def _find_gutters(chars: list[Char], width: float) -> list[float]:
    """The x of each empty vertical band between columns, left to right ([] for one).

    Character boxes are binned across the page; a run of bins in the middle three fifths
    that almost no character covers (a title or a running header may cross it) is a
    gutter. Word gaps of justified text are not: the text of other lines runs through
    them. The widest bands are taken first, and one is kept only while every column stays
    at least 15 % of the page wide, so the gap between list numbers and their entries is
    no gutter.
    """
    bins = [0] * (int(width / _GUTTER_BIN) + 2)
    inked = [char for char in chars if char.text != " "]
    left, right = 0.15 * width, 0.85 * width
    for char in inked:
        if char.x1 < left or char.x > right:
            continue  # only the middle of the page matters
        first = max(0, int(char.x / _GUTTER_BIN))
        last = min(len(bins) - 1, int(char.x1 / _GUTTER_BIN))
        for index in range(first, last + 1):
            bins[index] += 1
    peak = max(bins, default=0)
    if peak < 20:
        return []
    bands: list[tuple[int, int]] = []
    start = None
    for index in range(int(0.2 * width / _GUTTER_BIN), int(0.8 * width / _GUTTER_BIN) + 1):
        if bins[index] <= 0.1 * peak:
            start = index if start is None else start
        else:
            if start is not None and (index - start) * _GUTTER_BIN >= 6.0:
                bands.append((start, index))
            start = None
    text_left = min(char.x for char in inked)
    text_right = max(char.x1 for char in inked)
    kept: list[float] = []
    for first, end in sorted(bands, key=lambda band: band[0] - band[1]):  # widest first
        edges = sorted([text_left, text_right, *kept, (first + end) / 2 * _GUTTER_BIN])
        if all(b - a >= 0.15 * width for a, b in itertools.pairwise(edges)):
            kept.append((first + end) / 2 * _GUTTER_BIN)
    return sorted(kept)


def _main_cut(cuts: list[float]) -> list[float]:
    """The gutter the most lines were cut at (two at least, within 8 pt), as a list.

    Table rows are cut at their cells too, so only the best-supported place counts.
    """
    groups: list[list[float]] = []
    for cut in sorted(cuts):
        if groups and cut - groups[-1][-1] <= 8.0:
            groups[-1].append(cut)
        else:
            groups.append([cut])
    best = max(groups, key=len, default=[])
    return [statistics.median(best)] if len(best) >= 2 else []


_GUTTER_BIN = 2.0  # points


def split_lines(chars: list[Char], width: float) -> tuple[list[Line], list[float]]:
    """Characters in content order -> lines (same baseline, running rightwards, one column),
    and the x of the gutters between columns, left to right."""
    gutters = _find_gutters(chars, width)
    lines: list[Line] = []
    current: list[Char] = []
    ink: Char | None = None  # the last character of the line that is not a space
    for char in chars:
        if char.text == " ":
            if current:  # a space's box can be anywhere; only its being there counts
                current.append(char)
            continue
        if ink is not None:
            scale = max(ink.size, char.size, 1.0)
            same_line = abs(char.y - ink.y) <= 0.5 * scale
            forward = char.x >= ink.x - 0.25 * scale  # ligature parts share one box
            across = any(ink.x1 <= gutter <= char.x for gutter in gutters)
            if not same_line or not forward or across:
                lines.append(Line(current))
                current = []
        current.append(char)
        ink = char
    if current:
        lines.append(Line(current))
    for line in lines:
        line.chars = _judge_spaces(line.chars)
        _measure(line)
    merged = _merge_fragments([line for line in lines if line.text.strip()], gutters)
    split, cuts = _split_at_gutters(merged, width)
    return _drop_line_numbers(split), gutters or _main_cut(cuts)


def _judge_spaces(chars: list[Char]) -> list[Char]:
    """Word breaks of one line: its spaces, and gaps wider than its own letter spacing.

    Spaces come from the file or from PDFium, which infers them from the fonts' advance
    widths and the text state (character spacing included) and is right far more often
    than box gaps are (``benchmarks/documents.py``, dev part: 0.3 % word errors, against
    1.2 % when box gaps alone decided).
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
            out.append(Char(" ", a.x1, a.y, a.size, a.italic, max(a.x1, b.x)))
        out.append(b)
    return out


def _drop_line_numbers(lines: list[Line]) -> list[Line]:
    """Remove the line numbers of a manuscript or preprint from the left of its lines.

    A line number is a bare number (digits only) that starts a line and stands apart from
    its text, or is a line by itself. They are line numbers when at least eight of them
    are aligned (same right or left edge), count on in equal steps down the page, and sit
    on at least three lines in five: list numbers ("12", "[12]", "12.") mark only the first
    line of each entry, and usually carry punctuation. (A list of one-line entries numbered
    without punctuation loses its numbers here; its lines stay apart.)
    """
    found: list[tuple[Line, list[Char]]] = []
    for line in lines:
        inked = [char for char in line.chars if char.text != " "]
        head: list[Char] = []
        for char in inked:
            if head and char.x - head[-1].x1 > 0.5 * line.size:
                break
            head.append(char)
        digits = "".join(char.text for char in head)
        rest = inked[len(head) :]
        apart = not rest or rest[0].x - head[-1].x1 >= 0.8 * line.size
        if 0 < len(digits) <= 5 and digits.isdigit() and apart:
            found.append((line, head))
    if len(found) < 8 or len(found) < 0.6 * len(lines):
        return lines
    best: list[tuple[Line, list[Char]]] = []
    for edge in (lambda head: head[-1].x1, lambda head: head[0].x):
        groups: dict[int, list[tuple[Line, list[Char]]]] = {}
        for line, head in found:
            groups.setdefault(round(edge(head) / 4), []).append((line, head))
        best = max([best, *groups.values()], key=len)
    if len(best) < 8 or len(best) < 0.6 * len(lines):
        return lines
    best.sort(key=lambda item: -item[0].y)
    values = [int("".join(char.text for char in head)) for _, head in best]
    steps = [b - a for a, b in itertools.pairwise(values)]
    usual = Counter(steps).most_common(1)[0][0]
    if usual <= 0 or sum(1 for step in steps if step == usual) < 0.9 * len(steps):
        return lines
    numbered = {id(line): head for line, head in best}
    out: list[Line] = []
    for line in lines:
        number = numbered.get(id(line))
        if number is None:
            out.append(line)
            continue
        drop = {id(char) for char in number}
        chars = [char for char in line.chars if id(char) not in drop]
        while chars and chars[0].text == " ":
            chars.pop(0)
        if chars:
            line.chars = chars
            _measure(line)
            out.append(line)
    return out


def _ink_runs(line: Line) -> list[tuple[float, float]]:
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


def _split_at_gutters(lines: list[Line], width: float) -> tuple[list[Line], list[float]]:
    """Cut lines at a column gutter that the page-wide search did not find.

    A page with few lines, or one that mixes a full-width block with two columns, has no
    gutter empty from top to bottom; the lines of its two columns then run together
    ("… cancer care: a [26] Chow R, …"). A wide gap near the middle of a line is a gutter
    when the nearest lines above it, or those below, or the nearest on both sides, have
    no ink at that place either; word gaps of justified text are not, since the
    neighbouring lines run through them. Returns the lines and the x of every cut.
    """
    every_cut: list[float] = []
    runs = [_ink_runs(line) for line in lines]
    by_height = sorted(range(len(lines)), key=lambda i: -lines[i].y)
    rank = {index: position for position, index in enumerate(by_height)}
    out: list[Line] = []
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
        pieces: list[list[Char]] = [[] for _ in range(len(cuts) + 1)]
        for char in line.chars:
            pieces[sum(1 for cut in cuts if (char.x + char.x1) / 2 > cut)].append(char)
        for chars in pieces:
            while chars and chars[-1].text.isspace():
                chars.pop()
            while chars and chars[0].text.isspace():
                chars.pop(0)
            if chars:
                piece = Line(chars, page=line.page)
                _measure(piece)
                if piece.text:
                    out.append(piece)
    return out, every_cut


def _shared_gap(
    lines: list[Line],
    runs: list[list[tuple[float, float]]],
    side: list[int],
    line: Line,
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


def _measure(line: Line) -> None:
    """Size, baseline, extent and text of a line from its characters."""
    chars = line.chars
    sizes = Counter(round(c.size, 1) for c in chars if not c.text.isspace())
    line.size = sizes.most_common(1)[0][0] if sizes else chars[0].size
    body = [c for c in chars if abs(c.size - line.size) < 0.5] or chars
    line.y = statistics.median(c.y for c in body)
    inked = [c for c in chars if c.text != " "] or chars
    line.x0 = min(c.x for c in inked)
    line.x1 = max(c.x1 for c in inked)
    line.text = _line_text(line)


def _is_superscript(char: Char, line: Line) -> bool:
    return (
        char.text in _SUPERSCRIPT_MARKS
        and char.size < 0.8 * line.size
        and char.y > line.y + 0.2 * line.size
    )


def _line_text(line: Line) -> str:
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


def _merge_fragments(lines: list[Line], gutters: list[float]) -> list[Line]:
    """Join fragments of one visual line that a producer wrote as separate text objects."""
    lines.sort(key=lambda line: (-round(line.y), line.x0))
    merged: list[Line] = []
    for line in lines:
        if merged:
            last = merged[-1]
            gap = line.x0 - last.x1
            across = any(last.x1 <= gutter <= line.x0 for gutter in gutters)
            if abs(line.y - last.y) <= 0.3 * line.size and gap >= -0.5 * line.size and not across:
                last.chars.extend(
                    [Char(" ", last.x1, last.y, last.size, False, line.x0), *line.chars]
                    if gap > 0.15 * line.size
                    else line.chars
                )
                _measure(last)
                continue
        merged.append(line)
    return merged
