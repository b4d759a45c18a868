"""Roman numerals, as Word numbering (``lowerRoman``) and CSL ``roman`` page labels print them."""

from __future__ import annotations

__all__ = ["to_roman"]

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def to_roman(number: int) -> str:
    """``number`` in lower-case Roman numerals (14 -> ``xiv``); '' for zero or less."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
