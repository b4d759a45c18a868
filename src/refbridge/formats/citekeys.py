"""Citation keys: stable, readable, ASCII, unique within one export.

A key is the first author's family name, the year and the first significant word of the
title, in lower case (Google Scholar's scheme): ``dudin2019foreign``. Cyrillic is
transliterated (BSI scheme, the one Russian journals use for "References"), so a Russian
record and its English version get the same key stem: ``Дудин`` -> ``dudin``. With no author,
the editor stands in; with neither, the title's first two significant words.

The same input always gives the same keys. Keys that collide within one export are all
suffixed ``a``, ``b``, ``c``… in input order (like 2019a/2019b in author-date styles),
and a record's existing :attr:`~refbridge.model.Reference.id` is kept when it is a valid key.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

from ..model import Reference
from ..text.translit import transliterate

__all__ = ["assign_keys", "base_key", "is_valid_key"]

# Characters BibTeX, biber and pandoc all accept in a key without quoting.
_VALID_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]{1,100}$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STOPWORDS = frozenset(
    """a an the of on in at to for from by with and or but as about into over under between
    is are was were be been its it this that these those via vs toward towards
    der die das des den dem ein eine und von zu im am la le les de du des et un une
    в во на о об обо и или к ко по с со для из от у за при над под про без до а но же ли
    как что это его ее их то""".split()
)


def is_valid_key(key: str) -> bool:
    """True for a key every BibTeX tool reads as is: ASCII letters, digits and ``_:.+/-``."""
    return bool(_VALID_KEY.match(key))


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits only; Cyrillic transliterated first."""
    if not text.isascii():
        text = transliterate(text, "bsi")
        text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _significant_words(text: str) -> Iterator[str]:
    for match in _WORD.finditer(text):
        word = match.group()
        if word.lower() not in _STOPWORDS and _ascii(word):
            yield _ascii(word)


def _name_stem(ref: Reference) -> str:
    for names in (ref.authors, ref.editors):
        for name in names[:1]:
            if name.literal:  # an organisation: its first significant word
                return next(_significant_words(name.literal), "")
            family = " ".join(p for p in (name.particle, name.family) if p)
            return _ascii(family)
    return ""


def base_key(ref: Reference) -> str:
    """The key for ``ref`` before collisions are resolved: ``family`` + ``year`` + ``word``."""
    words = _significant_words(ref.title or ref.container_title)
    stem = _name_stem(ref)
    if not stem:
        stem = next(words, "")
    year = str(ref.year) if ref.year is not None else ""
    key = f"{stem}{year}{next(words, '')}"
    return key[:60] or "ref"


def _suffixes() -> Iterator[str]:
    """a, b, …, z, aa, ab, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    size = 1
    while True:
        for n in range(len(letters) ** size):
            out = ""
            for _ in range(size):
                n, r = divmod(n, len(letters))
                out = letters[r] + out
            yield out
        size += 1


def assign_keys(refs: Sequence[Reference]) -> list[str]:
    """One unique key per record, in order; see the module docstring for the rules."""
    wanted = [ref.id if is_valid_key(ref.id) else base_key(ref) for ref in refs]
    counts = Counter(wanted)
    taken = {key for key in wanted if counts[key] == 1}
    suffixes: dict[str, Iterator[str]] = {}
    keys = []
    for key in wanted:
        if counts[key] == 1:
            keys.append(key)
            continue
        suffix_iter = suffixes.setdefault(key, _suffixes())
        candidate = key + next(suffix_iter)
        while candidate in taken:
            candidate = key + next(suffix_iter)
        taken.add(candidate)
        keys.append(candidate)
    return keys
