"""Numbers and page ranges as citeproc-js reads them ("3", "2nd", "iv", "321-28")."""

from __future__ import annotations

import re
from typing import Any

NUMERIC = re.compile(r"^\s*[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:[-–,&]|and)\s*[A-Za-z]?\d+[A-Za-z]?)*\s*$")
_RANGE = re.compile(r"(\d+)\s*[-–—‐]\s*(\d+)")
HYPHEN_RANGE = re.compile(r"\s*-\s*")

_FIRST_TOKEN = re.compile(r"^\s*(?:\d+|[ixv]+)[a-zA-Z]*(?=$|[\s,&\-–])")


def is_numeric(value: Any) -> bool:
    """citeproc-js's test: the value starts with a number ("3", "2nd", "2-е изд.", "iv")."""
    if isinstance(value, int):
        return True
    return bool(value) and bool(_FIRST_TOKEN.match(str(value)))


def _expand_range(first: str, last: str, fmt: str) -> str:
    """The second number of a page range in a CSL page-range-format."""
    if not (first.isdigit() and last.isdigit()):
        return last
    if len(last) < len(first):  # "321-28" → "328" first
        last = first[: len(first) - len(last)] + last
    if fmt == "expanded":
        return last
    if len(first) != len(last):
        return last
    if fmt in ("minimal", "minimal-two"):
        i = 0
        while i < len(first) - 1 and first[i] == last[i]:
            i += 1
        short = last[i:]
        if fmt == "minimal-two" and len(short) < 2 <= len(last):
            short = last[-2:]
        return short
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        n = int(first)
        if n < 100 or n % 100 == 0:
            return last
        if n % 100 < 10:
            return _expand_range(first, last, "minimal")
        if fmt == "chicago-16":
            return _expand_range(first, last, "minimal-two")
        if len(first) == 4 and (int(first) // 100 != int(last) // 100) and fmt != "chicago-16":
            return last
        return _expand_range(first, last, "minimal-two")
    return last


def format_page(value: str, fmt: str, delimiter: str) -> str:
    def repl(match: re.Match[str]) -> str:
        first, last = match.group(1), match.group(2)
        return f"{first}{delimiter}{_expand_range(first, last, fmt) if fmt else last}"

    return _RANGE.sub(repl, value)
