"""The "(In Russian)" family: marks that say which language a cited work is written in.

An English "References" list of a Russian journal ends the entry of a Russian work with
"(In Russian)", "(In Russ.)", "[in Russian]" or "(In Russ., abstr. in Engl.)"; a Russian
list writes "(на русском языке)", "(на англ. яз.)"; Kazakh, Ukrainian, German … works are
marked the same way. The segmenter cuts the mark out of the fields, the parser reads the
language from it (``original_language``), pairing and DOI matching ignore it — all with the
one pattern here.
"""

from __future__ import annotations

import re

import attrs

__all__ = [
    "LANGUAGE_MARK",
    "LanguageMark",
    "find_language_mark",
    "is_language_note",
    "mark_language",
    "strip_language_mark",
]

# The words a mark names a language with (English and Russian, full and abbreviated), by
# ISO 639-1 code; each code is the name of its group, the only named groups of the pattern.
# Abbreviations are whole words: "(in Russia)" is no mark.
_LANGUAGE_WORDS = {
    "ru": r"russian|russ|rus|русском|русский|русск|рус",
    "en": r"english|engl|eng|английском|английский|англ",
    "kk": r"kazakh|kaz|казахском|казахский|каз",
    "uk": r"ukrainian|ukr|украинском|украинский|укр",
    "be": r"belarusian|byelorussian|белорусском|белорусский|белорус",
    "de": r"german|ger|немецком|немецкий|нем",
    "fr": r"french|fr|французском|французский|франц",
    "zh": r"chinese|chin|китайском|китайский|кит",
    "uz": r"uzbek|узбекском|узбекский",
    "ky": r"kyrgyz|kirghiz|киргизском|кыргызском",
    "tt": r"tatar|татарском",
    "ba": r"bashkir|башкирском",
    "az": r"azerbaijani|azeri|азербайджанском",
    "hy": r"armenian|армянском",
    "ka": r"georgian|грузинском",
    "tg": r"tajik|таджикском",
    "mn": r"mongolian|монгольском",
    "tr": r"turkish|турецком",
    "bg": r"bulgarian|болгарском",
    "sr": r"serbian|сербском",
    "cs": r"czech|чешском",
    "pl": r"polish|польском|польский",
    "ro": r"romanian|румынском",
    "hu": r"hungarian|венгерском",
    "lv": r"latvian|латышском",
    "lt": r"lithuanian|литовском",
    "et": r"estonian|эстонском",
    "es": r"spanish|span|испанском|испанский",
    "pt": r"portuguese|португальском",
    "it": r"italian|ital|итальянском|итальянский",
    "ja": r"japanese|японском|японский",
    "ko": r"korean|корейском",
}
_WHICH = "|".join(f"(?P<{code}>{words})" for code, words in _LANGUAGE_WORDS.items())

#: A language mark: "(" or "[", "in"/"на", the language (a word or its abbreviation, a
#: period), "language"/"языке"/"яз.", then an optional note on the abstract or a second
#: language ("(In Russ., abstr. in Engl.)", "(in Russian with English summary)", "(in Kazakh
#: and Russian)") and the closing bracket — or the end of the text, where a string was cut
#: after the mark's words.
LANGUAGE_MARK = re.compile(
    r"[(\[]\s*(?:in|на)\s+(?:" + _WHICH + r")\b\.?"
    r"(?:\s*(?:language|яз(?:ыке|\.)?))?"
    r"(?:\s*(?:[,;]|\s(?=with\b|and\b|abstr|summ|резюме|аннот|с\s|и\s))[^()\[\]]{0,60}?)?"
    r"\s*(?:[)\]]\.?|$)",
    re.IGNORECASE,
)


@attrs.frozen
class LanguageMark:
    """A mark that names the language of the work, where it stands in the entry."""

    language: str  # ISO 639-1 code: "ru", "en", "kk", ...
    text: str  # the mark as written, e.g. "(In Russ.)"
    start: int
    end: int


def find_language_mark(text: str) -> LanguageMark | None:
    """The last "(In Russian)"-like mark in ``text``, or None."""
    if "(" not in text and "[" not in text:
        return None
    found = None
    for match in LANGUAGE_MARK.finditer(text):
        found = LanguageMark(str(match.lastgroup), match.group(0), match.start(), match.end())
    return found


def mark_language(text: str) -> str:
    """The language code the last mark in ``text`` names ("(In Kazakh)" -> "kk"), or ''."""
    mark = find_language_mark(text)
    return mark.language if mark else ""


def is_language_note(text: str) -> bool:
    """Whether a note is a language mark: one that opens ``text`` ("(In Russian). …"), or all
    of it with its brackets trimmed by a labeller ("in Russian", "In Russ.")."""
    text = text.strip()
    if LANGUAGE_MARK.match(text):
        return True
    return LANGUAGE_MARK.fullmatch(f"({text.strip('()[]. ')})") is not None


def strip_language_mark(text: str) -> str:
    """``text`` without its language mark and the space before it."""
    mark = find_language_mark(text)
    if mark is None:
        return text
    return (text[: mark.start].rstrip() + " " + text[mark.end :].lstrip()).strip()
