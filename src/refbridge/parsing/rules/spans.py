"""What every part of the rule segmenter shares: confidence levels, the patterns of personal
names, spans trimmed of separators, the ranges no boundary may cut (emphasis, quotes,
brackets) and sentences cut at periods that end no abbreviation."""

from __future__ import annotations

import re

from ..labels import Span

__all__ = [
    "APA_AUTHORS",
    "GOST_AUTHORS",
    "GUESS",
    "LOW",
    "OTHERS",
    "POSITIONAL",
    "SURE",
    "UP",
    "inside_any",
    "is_abbreviation",
    "make_span",
    "protected_ranges",
    "split_sentences",
    "trim_range",
]

SURE, POSITIONAL, GUESS = 0.9, 0.7, 0.5

# Capitals and small letters: Latin (with Latin-1 and Extended-A accents) and Cyrillic.
UP = "A-ZА-ЯЁÀ-ÖØ-Þ\u0100-\u017f"
LOW = "a-zа-яёß-öø-ÿ\u0100-\u017f"
_INITIAL = rf"[{UP}][{LOW}]{{0,2}}\."
# The last initial may lack its period only right before a comma ("Гулина О.М, Бараненко В.И.");
# elsewhere a lone capital is the title's first word ("Андрианова О.Н. К вопросу …").
_INITIALS = rf"(?:{_INITIAL}(?:\s*-\s*|\s*))*(?:{_INITIAL}|[{UP}](?=,|\s+(?:и\s+др|et\s+al)\b))"
_FAMILY = rf"[{UP}][{LOW}{UP}'’]*(?:-[{UP}{LOW}][{LOW}{UP}'’]*)*"
_PERSON = rf"(?:{_FAMILY}(?:\s*,\s*|\s*){_INITIALS}|{_INITIALS}\s*{_FAMILY}(?![\w.]))"
OTHERS = r"(?:,?\s*(?:и\s+др\.|et\s+al\.?|и\s+соавт\.))"
GOST_AUTHORS = re.compile(rf"{_PERSON}(?:(?:\s*,\s*|\s+(?:and|и)\s+){_PERSON})*{OTHERS}?")
_GIVEN_NAME = rf"[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?"
# "Dudin, V. A." / "Van Dyke, J." / "Mayntz, Renate" / "Ferrand I." / "J. Smith"
_APA_PERSON = (
    rf"(?:{_FAMILY}(?:\s+{_FAMILY})?(?:,\s*(?:{_INITIALS}|{_GIVEN_NAME}(?:\s+{_INITIALS})?)"
    rf"|\s+{_INITIALS})|{_INITIALS}\s*{_FAMILY})"
)
# Between APA names: ", ", ", & ", " & ", " and " — alternatives that never match the same text.
_APA_JOIN = r"(?:\s*,\s*(?:(?:&|and|и)\s+)?|\s+(?:and|и|et)\s+|\s*&\s*)"
APA_AUTHORS = re.compile(
    rf"^\s*{_APA_PERSON}(?:{_APA_JOIN}{_APA_PERSON})*(?:{OTHERS}|,?\s*\.\.\.\s*{_APA_PERSON})?\s*\.?$"
)

# Words ending in "." that do not end a sentence.
_ABBREVIATIONS = frozenset(
    """vol no nos pp p ed eds vs st dr jr inc ltd co corp dept univ trans rev ser
    г гг т тт им др ред изд сер вып с см стр ч кн ун-т ин-т акад проф англ рус""".split()
)
_SENTENCE_END = re.compile(r"[.!?]\*{0,3}\s+|[.]\*{0,3}$")


def make_span(
    text: str, label: str, start: int, end: int, confidence: float, *, keep_period: bool = False
) -> Span:
    """A span over ``text[start:end]`` trimmed of white space and separators at both ends."""
    start, end = trim_range(
        text, start, end, keep_period=keep_period or label in ("author", "editor")
    )
    return Span(label, start, end, text[start:end], confidence)


_LEAD = set(" \t,;:/–—-.")
_TRAIL = set(" \t,;:/–—-")


def trim_range(text: str, start: int, end: int, *, keep_period: bool = False) -> tuple[int, int]:
    while start < end and (text[start] in _LEAD or text.startswith("//", start)):
        start += 1
    while end > start:
        ch = text[end - 1]
        dot = ch == "." and not keep_period and not is_abbreviation(text, start, end - 1)
        if ch in _TRAIL or dot:
            end -= 1
        else:
            break
    return start, end


def is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Is the "." at ``dot`` part of an abbreviation ("2019 г.", "et al.", an initial)?"""
    m = re.search(r"([\wА-Яа-яЁё-]+)$", text[start:dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in _ABBREVIATIONS or word.lower() in ("al", "etc", "др"):
        return True
    return len(word) == 1 and word.isalpha() and word.isupper()


def protected_ranges(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Ranges a sentence or chunk boundary must not fall into: emphasis, quotes, brackets."""
    ranges: list[tuple[int, int]] = []
    for pattern in (
        r"\*{1,3}[^*\s][^*]*?\*{1,3}",
        r"«[^«»]*(?:«[^«»]*»[^«»]*)*»",
        r"“[^“”]*”",
        r"\"[^\"]{1,200}\"",
        r"\([^()]{0,200}\)",
        r"\[[^\[\]]{0,200}\]",
    ):
        ranges.extend(m.span() for m in re.finditer(pattern, text[lo:hi]))
    return [(a + lo, b + lo) for a, b in ranges]


def inside_any(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a < position < b for a, b in ranges)


def split_sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cut ``text[lo:hi]`` at sentence ends that are no abbreviation and not inside emphasis."""
    protected = protected_ranges(text, lo, hi)
    out, start = [], lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        dot = m.start()
        if inside_any(dot, protected) or (text[dot] == "." and is_abbreviation(text, start, dot)):
            continue
        if text[dot] in "!?" and not text[dot + 1 : m.end()].strip():
            # "What does China mean for Kazakhstan? Figures and facts." is one title.
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < hi and text[start:hi].strip():
        out.append((start, hi))
    return [(a, b) for a, b in out if text[a:b].strip(" .*")]
