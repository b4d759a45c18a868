"""Collation keys for bibliography sorting, by the style's language.

citeproc-js compares sort keys with ``Intl.Collator(lang, {sensitivity: "base",
ignorePunctuation: true, numeric: true})``. This module builds keys with the same ordering for
Latin and Cyrillic text without ICU: case and accents ignored (ё sorts with е, as in Russian
dictionaries, while й stays its own letter), punctuation ignored, digit runs compared as numbers
and before letters, and the scripts ordered the way the language expects — Cyrillic before Latin
for Russian (as GOST R 7.0.5 requires), Latin before Cyrillic otherwise. A space is a word
boundary that sorts before any letter or digit ("de Frinkle" < "De la Cruz" < "Defoe"): citeproc-js
turns the spaces of a key into a separator the collator does not ignore.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..text.script import is_cyrillic, is_cyrillic_language

# Russian: й is a letter of its own, ё a variant of е; letters Unicode does not decompose
# but the root collation treats as variants of a base letter.
_OWN_LETTERS = {
    "й": "й",
    "ё": "е",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ı": "i",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}


def _script_rank(char: str, cyrillic_first: bool) -> int:
    if is_cyrillic(char):
        return 0 if cyrillic_first else 2
    if char.isascii() or ord(char) < 0x250:
        return 1
    return 3  # other scripts after both


@lru_cache(maxsize=65536)
def sort_key(text: str, lang: str = "en") -> tuple[tuple[int, int | str], ...]:
    """A key whose ordering follows the collation citeproc-js uses for ``lang``."""
    cyrillic_first = is_cyrillic_language(lang)
    key: list[tuple[int, int | str]] = []
    digits = ""
    for char in text.lower():
        if char.isdigit():
            digits += char
            continue
        if digits:
            key.append((0, int(digits)))
            digits = ""
        if char == " ":  # a word boundary: citeproc-js's key separator, before any letter
            key.append((-1, 0))
            continue
        if not char.isalpha():
            continue  # ignorePunctuation: punctuation and symbols do not count
        base = _OWN_LETTERS.get(char)
        if base is None:
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
            base = base or char
        key.append((1 + _script_rank(base[0], cyrillic_first), base))
    if digits:
        key.append((0, int(digits)))
    return tuple(key)
