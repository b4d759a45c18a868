"""The ``citation-label`` variable ("Asth00", "BrCh98", "DEFG26"): the item's own label, or
one made as citeproc-js makes it (``getCitationLabel``) from the first name list's family
names and the year, by the default trigraph ``Aaaa00:AaAa00:AaAA00:AAAA00``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .context import NAME_VARIABLES
from .initials import LETTERS
from .textcase import STOP_WORDS

#: One name: the first four letters of the family name and two digits of the year; two
#: names: two letters each; three: two, one, one; four or more: one letter of each of four.
_TRIGRAPH = "Aaaa00:AaAa00:AaAA00:AAAA00"
# citeproc-js's CSL.NAME_VARIABLES order: the first of these an item has gives the label
_NAME_ORDER = sorted(NAME_VARIABLES)
_NOT_LETTER = re.compile(f"[^{LETTERS}]")
_LEADING_PARTICLES = re.compile(r"^([ '\u2019a-z]+\s+)")
_ARTICLE = re.compile(r"^(a\s+|the\s+|an\s+)")


def _params(spec: str) -> list[tuple[list[int], int]]:
    """Per name count: the letters taken from each name, and the year's digits."""
    out = []
    for part in spec.split(":"):
        letters: list[int] = []
        for char in part:
            if char == "A":
                letters.append(1)
            elif char == "a":
                letters[-1] += 1
        out.append((letters, part.count("0")))
    return out


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def citation_label(item: Mapping[str, Any]) -> str:
    """The item's ``citation-label``, or the trigraph label made from its names and year."""
    own = item.get("citation-label")
    if own:
        return str(own)
    params = _params(_TRIGRAPH)
    letters, year_digits = params[0]
    label = ""
    for variable in _NAME_ORDER:
        names = item.get(variable)
        if not names or not isinstance(names, list):
            continue
        letters, year_digits = params[min(len(names), len(params)) - 1]
        for index, name in enumerate(names[: len(letters)]):
            word = str(name.get("literal") or "")
            if name.get("family"):
                word = _LEADING_PARTICLES.sub("", str(name["family"]))
            article = _ARTICLE.match(word.lower())
            if article:
                word = word[article.end() :]
            word = _NOT_LETTER.sub("", word)
            if not word:
                break
            label += _capitalised(word[: letters[index]])
        break
    if not label:
        words = [w for w in str(item.get("title") or "").split() if w not in STOP_WORDS]
        label = _capitalised("".join(words)[: params[0][0][0]])
    year = "0000"
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0] and str(parts[0][0]).strip():
            year = str(parts[0][0])
    return label + year[-year_digits:]
