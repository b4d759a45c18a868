"""Pass 1 of the rule segmenter: identifiers and marks anywhere in the string.

URLs and DOIs (also ``<autolinks>`` and URLs broken by a space after a slash), language marks
(:mod:`refbridge.text.marks`), access dates and "Электронный ресурс" become spans first; the
main area ends where the trailing block of such marks begins, the area spans are cut back
around them, and unlabelled text after the last field becomes a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...text.identifiers import DOI_START, URL_START
from ...text.marks import LANGUAGE_MARK
from ...text.script import has_cyrillic
from ..labels import Span
from .spans import GUESS, SURE, make_span, trim_range

__all__ = [
    "LEAD_WORDS",
    "around_markers",
    "find_markers",
    "leftover_notes",
    "main_area_end",
]

# A URL ends at white space, or at an access date glued to it ("…org(дата обращения …)").
_URL = re.compile(
    rf"<?({URL_START}(?:(?!\((?:дата|accessed|last|retrieved)\b)[^\s<>«»\"])+)>?",
    re.IGNORECASE,
)
_URL_CONTINUATION = re.compile(r"\s([\w.\-~%?=&#/]+/?[\w.\-~%?=&#/]*)(?=[\s.,;)]|$)")
# A DOI; one space right after the prefix is a line break of the source ("10.1134/ S00406…").
_DOI = re.compile(rf"(?<![\w/.])({DOI_START}(?:\s(?=[A-Za-z0-9]))?[^\s<>\"«»]+)")
_DOI_MARKER = re.compile(r"(?:DOI|doi)\s*:?\s*$")
_ACCESSED = re.compile(
    r"[(\[]?\s*(?:дата\s+(?:обращения|доступа)|(?:last\s+)?accessed(?:\s+on)?|retrieved(?:\s+on)?)"
    r"\s*:?\s*(?P<date>[^)\]]{4,30}?)\s*[)\]]",
    re.IGNORECASE,
)
_E_RESOURCE = re.compile(r"\[?\s*(?:Электронный\s+|Интернет-?\s*)ресурс\s*\]?", re.IGNORECASE)
_URL_MARKER = re.compile(
    r"(?:URL|Режим\s+доступа|Available\s+(?:at|from|online)|Доступно\s+по)\s*:?\s*$", re.IGNORECASE
)


_LEAD_WORDS = (
    r"URL|DOI|Режим\s+доступа|Available\s+(?:at|from|online)|дата\s+(?:обращения|доступа)|"
    r"(?:last\s+)?accessed(?:\s+on)?|retrieved(?:\s+on)?"
)
#: The words that only lead in a link or an access date ("URL:", "Режим доступа:", "(дата
#: обращения: …)"): part of no field, so no span covers them.
LEAD_WORDS = re.compile(rf"(?<!\w)(?:{_LEAD_WORDS})(?!\w)", re.I)
_TRAILER = re.compile(rf"(?:[\s.,;:<>()\[\]–—-]|{_LEAD_WORDS})*", re.I)


def main_area_end(text: str, lo: int, markers: list[Span]) -> int:
    """Start of the trailing block of identifiers and marks (URL, DOI, "(In Russian)",
    access date); marks in the middle ("Заглавие [Электронный ресурс] // …") do not end it."""
    hi = len(text)
    for mark in sorted(markers, key=lambda s: s.start, reverse=True):
        between = _TRAILER.match(text, mark.end, hi)
        if mark.start < lo or not between or between.end() < hi:
            break
        hi = mark.start
    hi = _before_marker_words(text, lo, hi)
    while hi > lo and text[hi - 1] in " \t<([":
        hi -= 1
    return hi


def around_markers(text: str, spans: list[Span], markers: list[Span]) -> list[Span]:
    """Area spans cut back so no span overlaps a mark found in pass 1."""
    out = []
    for span in spans:
        start, end = span.start, span.end
        for mark in markers:
            if mark.start < end and start < mark.end:
                if mark.start > start:
                    end = mark.start
                else:
                    start = mark.end
        if (start, end) == (span.start, span.end):
            out.append(span)
            continue
        start, end = trim_range(text, start, end, keep_period=span.label in ("author", "editor"))
        if end > start and re.search(r"\w", text[start:end]):
            out.append(Span(span.label, start, end, text[start:end], span.confidence))
    return out


def find_markers(text: str, lo: int) -> Iterator[Span]:
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _URL.finditer(text, lo):
        start, end = m.span(1)
        end = _url_end(text, start, end)
        label = "doi" if re.match(r"https?://(?:dx\.)?doi\.org/", text[start:end], re.I) else "url"
        taken.append((m.start(), max(end, m.end() if text[m.end() - 1] == ">" else end)))
        yield Span(label, start, end, text[start:end], SURE)
    for m in _DOI.finditer(text, lo):
        start, end = m.span(1)
        end = _url_end(text, start, end)
        if free(start, end):
            taken.append((start, end))
            yield Span("doi", start, end, text[start:end], SURE)
    for pattern, label in ((LANGUAGE_MARK, "note"), (_E_RESOURCE, "note")):
        for m in pattern.finditer(text, lo):
            if free(*m.span()):
                taken.append(m.span())
                yield make_span(text, label, m.start(), m.end(), SURE, keep_period=True)
    for m in _ACCESSED.finditer(text, lo):
        if free(*m.span()):
            taken.append(m.span())
            yield Span("accessed", m.start("date"), m.end("date"), m["date"], SURE)


def _url_end(text: str, start: int, end: int) -> int:
    """End of a URL: without trailing punctuation, rejoined when a space broke it after "/"."""
    while True:
        cont = _URL_CONTINUATION.match(text, end)
        if not (text[end - 1] == "/" and cont):
            break
        # After a DOI prefix ("https://doi.org/10.1134/ S0040…") the suffix always follows.
        doi_prefix = re.search(rf"{DOI_START}$", text[start:end])
        if not doi_prefix and "/" not in cont.group(1) and "." not in cont.group(1):
            break
        if has_cyrillic(cont.group(1)):
            break
        end = cont.end(1)
    while end > start and text[end - 1] in ".,;:":
        end -= 1
    if text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end):
        end -= 1
    return end


def _before_marker_words(text: str, lo: int, hi: int) -> int:
    """Move the end of the main area back over "URL:", "DOI:", "Режим доступа:" before a marker."""
    head = text[lo:hi]
    for pattern in (_URL_MARKER, _DOI_MARKER):
        m = pattern.search(head.rstrip())
        if m:
            head = head[: m.start()]
    return lo + len(head.rstrip())


def leftover_notes(text: str, spans: list[Span]) -> list[Span]:
    """Unlabelled text after the last field (a comment, "(см. также …)") becomes a note."""
    if not spans:
        return []
    end = max(s.end for s in spans)
    if not re.search(r"[A-Za-zА-Яа-яЁё]{3}", text[end:]):
        return []
    covered = [(s.start, s.end) for s in spans]
    start, stop = trim_range(text, end, len(text))
    if any(a <= start < b for a, b in covered) or stop <= start:
        return []
    return [Span("note", start, stop, text[start:stop], GUESS)]
