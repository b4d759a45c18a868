"""Script and language of one reference entry, and the "(In Russian)" family of marks.

A bilingual article carries a Russian list (Cyrillic, with Latin entries for foreign works)
and an English list (Latin, where a Russian work is marked "(In Russian)" or "[in Russian]").
Pairing, the English-list writer and the citation checker all ask the same two questions of
an entry: what script and language is it written in, and which language does it say the work
itself is in. URLs, DOIs and e-mail addresses are ignored: a Cyrillic entry's URL is Latin.
"""

from __future__ import annotations

import re

import attrs

from ..textutil import script_of

__all__ = [
    "LanguageMark",
    "detect_language",
    "entry_script",
    "find_language_mark",
    "strip_language_mark",
]

_NOISE = re.compile(r"https?://\S+|www\.\S+|\b10\.\d{4,9}/\S+|\S+@\S+", re.IGNORECASE)

# Letters that tell one Cyrillic language from another (Russian has none of them).
_KAZAKH = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
_UKRAINIAN = set("їєґЇЄҐ")
_BELARUSIAN = set("ўЎ")
_DOTTED_I = set("іІ")  # Ukrainian, Belarusian and Kazakh

# "(In Russian)", "(In Russ.)", "[in Russian]", "(in Russian, abstract in English)",
# "(на англ. яз.)", "(на русском языке)", "(In Kazakh)"...
_LANGUAGE_WORDS = {
    "ru": r"russ(?:ian)?\.?|рус(?:ск(?:ом|ий))?\.?",
    "en": r"eng(?:lish)?\.?|англ(?:ийском|ийский)?\.?",
    "kk": r"kazakh|kaz\.|каз(?:ахском|\.)",
    "uk": r"ukrainian|ukr\.|укр(?:аинском|\.)",
    "be": r"belarusian|byelorussian|белорусском|белорус\.",
    "de": r"german|ger\.|нем(?:ецком|\.)",
    "fr": r"french|fr\.|франц(?:узском|\.)",
    "zh": r"chinese|chin\.|кит(?:айском|\.)",
}
_WHICH = "|".join(f"(?P<{code}>{words})" for code, words in _LANGUAGE_WORDS.items())
_MARK = re.compile(
    r"[(\[]\s*(?:in|на)\s+(?:" + _WHICH + r")(?:\s*(?:яз(?:ыке)?\.?))?"
    r"(?:\s*[,;]\s*[^()\[\]]{0,60})?\s*[)\]]\.?",
    re.IGNORECASE,
)


@attrs.frozen
class LanguageMark:
    """A mark that names the language of the work, where it stands in the entry."""

    language: str  # ISO 639-1 code: "ru", "en", "kk", ...
    text: str  # the mark as written, e.g. "(In Russ.)"
    start: int
    end: int


def _letters_only(text: str) -> str:
    return _NOISE.sub(" ", text)


def entry_script(text: str) -> str:
    """'cyrillic', 'latin', 'mixed' or '' for an entry, ignoring URLs, DOIs and e-mails."""
    return script_of(_letters_only(text))


def detect_language(text: str) -> str:
    """The language an entry is written in, as far as its letters tell: ru, kk, uk, be, en or ''.

    Cyrillic text is Russian unless letters of another alphabet show (Kazakh ә ғ қ ң ө ұ ү һ,
    Ukrainian ї є ґ, Belarusian ў, or і without those); Latin text is taken as English, the
    language of every "References" list we handle. Mixed text goes by the larger share.
    """
    body = _letters_only(text)
    script = script_of(body)
    if not script:
        return ""
    cyrillic = sum(1 for ch in body if "\u0400" <= ch <= "\u052f")
    latin = sum(1 for ch in body if ch.isascii() and ch.isalpha())
    if script == "latin" or (script == "mixed" and latin > cyrillic):
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


def find_language_mark(text: str) -> LanguageMark | None:
    """The last "(In Russian)"-like mark in ``text``, or None."""
    found = None
    for match in _MARK.finditer(text):
        code = next(name for name, value in match.groupdict().items() if value)
        found = LanguageMark(code, match.group(0), match.start(), match.end())
    return found


def strip_language_mark(text: str) -> str:
    """``text`` without its language mark and the space before it."""
    mark = find_language_mark(text)
    if mark is None:
        return text
    return (text[: mark.start].rstrip() + " " + text[mark.end :].lstrip()).strip()
