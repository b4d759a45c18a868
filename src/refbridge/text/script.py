"""Which script a text is written in, and which language its letters show.

One letter count serves every question the package asks of a string: the script of a title
(pairing, DOI matching, deduplication), the language of a reference (the parser), the
language of a whole list (section finding). URLs, DOIs and e-mail addresses are left out
where a whole entry is judged: a Cyrillic entry's URL is Latin.
"""

from __future__ import annotations

import re

from .identifiers import without_identifiers

__all__ = [
    "CYRILLIC_LANGUAGES",
    "detect_language",
    "entry_script",
    "has_cyrillic",
    "is_cyrillic",
    "is_cyrillic_language",
    "letter_counts",
    "script_of",
]

_CYRILLIC = re.compile(r"[\u0400-\u052F]+")  # runs, not letters: counting is several times faster
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]+")

#: Languages written in Cyrillic script (ISO 639-1 codes): a hint for one of them on a
#: string without Cyrillic letters is wrong, and a Latin title of such a work is a translation.
CYRILLIC_LANGUAGES = frozenset("ru uk be bg kk ky mk mn sr tg tt ba cv".split())

# Letters that tell one Cyrillic language from another (Russian has none of them).
_KAZAKH = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
_UKRAINIAN = set("їєґЇЄҐ")
_BELARUSIAN = set("ўЎ")
_DOTTED_I = set("іІ")  # Ukrainian, Belarusian and Kazakh


def is_cyrillic(char: str) -> bool:
    """Whether one character is a Cyrillic letter (Cyrillic and Cyrillic Supplement blocks)."""
    return "\u0400" <= char <= "\u052f"


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` holds any Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


def is_cyrillic_language(code: str) -> bool:
    """Whether a language code ("ru", "kk-KZ", "uk") names a language written in Cyrillic."""
    return code.split("-")[0].lower() in CYRILLIC_LANGUAGES


def letter_counts(text: str) -> tuple[int, int]:
    """Cyrillic and Latin letters (with Latin-1 and Latin Extended accents) of ``text``."""
    return sum(map(len, _CYRILLIC.findall(text))), sum(map(len, _LATIN.findall(text)))


def script_of(text: str) -> str:
    """'cyrillic', 'latin', 'mixed' (both with a real share) or '' (no letters)."""
    cyr, lat = letter_counts(text)
    return _script(cyr, lat)


def _script(cyr: int, lat: int) -> str:
    if not cyr and not lat:
        return ""
    share = cyr / (cyr + lat)
    if share >= 0.85:
        return "cyrillic"
    if share <= 0.15:
        return "latin"
    return "mixed"


def entry_script(text: str) -> str:
    """'cyrillic', 'latin', 'mixed' or '' for an entry, ignoring URLs, DOIs and e-mails."""
    return script_of(without_identifiers(text))


def detect_language(text: str) -> str:
    """The language an entry is written in, as far as its letters tell: ru, kk, uk, be, en or ''.

    URLs, DOIs and e-mail addresses do not count. Cyrillic text is Russian unless letters of
    another alphabet show (Kazakh ә ғ қ ң ө ұ ү һ, Ukrainian ї є ґ, Belarusian ў, or і
    without those); Latin text is taken as English, the language of every "References" list
    we handle. Mixed text goes by the larger share, Cyrillic on a tie.
    """
    body = without_identifiers(text)
    cyrillic, latin = letter_counts(body)
    if not cyrillic and not latin:
        return ""
    if latin > cyrillic:
        return "en"
    letters = set(body)
    if letters & _KAZAKH:
        return "kk"
    if letters & _UKRAINIAN:
        return "uk"
    if letters & _BELARUSIAN:
        return "be"
    if letters & _DOTTED_I:
        return "uk"
    return "ru"
