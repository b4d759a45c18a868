"""Characters out of PDFium: text, box, baseline, size and italics, accents put back.

One PDFium call per character property; the size is the font size times the character
matrix's vertical scale, the baseline comes from the character origin.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from typing import Any

import attrs


@attrs.define
class Char:
    """One character (or a space) as printed; points, origin at the page's lower left."""

    text: str
    x: float  # left edge
    y: float  # baseline
    size: float  # the font size as printed
    italic: bool
    x1: float = 0.0  # right edge


def _is_italic(name: bytes, flags: int) -> bool:
    lowered = name.lower()
    return b"italic" in lowered or b"oblique" in lowered or bool(flags & 64)


def page_chars(pdfium_c: Any, page: Any) -> tuple[list[Char], float, float]:
    """The characters of a page, and its width and height as they are read.

    Text running up or down the page (an arXiv stamp, a margin note) is left out, unless
    most of the page runs so (a page laid out turned, a landscape table): then the page is
    read turned, along its text, and its width and height change places.
    """
    width, height = page.get_size()
    chars, up, down = _read_chars(pdfium_c, page, 0, width, height)
    if up + down <= len(chars):
        return chars, width, height
    turn = 1 if up >= down else -1
    return _read_chars(pdfium_c, page, turn, width, height)[0], height, width


def _read_chars(
    pdfium_c: Any, page: Any, turn: int, width: float, height: float
) -> tuple[list[Char], int, int]:
    """Every character with its left and right edges, baseline, size and italic flag, read
    along text running up the page (``turn`` 1), down it (-1) or across it (0); and how
    many characters ran up and down instead, left out.

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
            return [], 0, 0
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
        chars: list[Char] = []
        up = down = 0
        skipping = False
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
            if turn == 0:
                left, right = box.left, box.right
            elif turn == 1:
                left, right = box.bottom, box.top
            else:
                left, right = height - box.top, height - box.bottom
            if char in "\x02\ufffe":
                char = "-"  # PDFium's mark for a hyphen that breaks a word at a line end
            elif char.isspace() or char < " ":
                if char.isspace() and chars and not skipping:  # typed, or inferred by PDFium
                    last = chars[-1]
                    chars.append(Char(" ", left, last.y, last.size, last.italic, right))
                continue
            get_origin(raw, index, *origin_refs)
            size = get_size(raw, index)
            if get_matrix(raw, index, matrix_ref):
                size *= math.hypot(matrix.c, matrix.d) or 1.0
                running = 0 if abs(matrix.b) <= abs(matrix.a) else (1 if matrix.b > 0 else -1)
                if running != turn:
                    up += running == 1  # a margin note, an arXiv stamp
                    down += running == -1
                    skipping = True  # and the spaces between its words
                    continue
            skipping = False
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
            baseline = (origin_y.value, width - origin_x.value, origin_x.value)[turn]
            chars.append(Char(char, left, baseline, size, italic, right))
        return _attach_accents(chars), up, down
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


def _attach_accents(chars: list[Char]) -> list[Char]:
    """Put accents typeset as separate glyphs (TeX: "´" over "n") onto their letters: "ń".

    Left alone, such an accent (often written after the whole line) forms a line of its
    own and splits the entry it sits in. Its letter is the one near its baseline whose
    box holds the accent's centre.
    """
    accents = [index for index, char in enumerate(chars) if char.text in _ACCENTS]
    if not accents:
        return chars
    rows: dict[int, list[Char]] = {}
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
