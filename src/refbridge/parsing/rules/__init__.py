"""The rule segmenter: APA-like and GOST-like reference strings -> labelled spans.

Three passes over the string (offsets always into the string as given, Markdown included):

1. *Identifiers and markers* anywhere (:mod:`.markers`): URLs and DOIs, language marks
   "(In Russian)" / "(In Russ.)" / "[in Russian]" (:mod:`refbridge.text.marks`, ``note``),
   access dates "(дата обращения: 22.04.2017)" (``accessed``), "Электронный ресурс" (``note``).
2. *Style*: a parenthesised year near the start, "(2019)" or "(2019, December 6)", makes the
   string APA-like; anything else is read as GOST-like.
3. *Areas*: APA (:mod:`.apa`) — ``Authors. (Date). Title. Container, Volume(Issue), Pages.
   URL``; GOST (:mod:`.gost`) — ``Authors Title / Responsibility // Container. – Place:
   Publisher, Year. – Т. 1, № 2. – С. 80–92. – 575 с.``, also without "//" as the English
   references of Russian journals print it. :mod:`.spans` holds what the passes share.

Every span gets a confidence: 0.9 for a span a marker or the layout pins down (a DOI, "С. 5–9",
a year in its place), 0.7 for one inferred from position alone (a title, a container), 0.5
for a guess (a pre-date segment read as a corporate author, a journal found without "//").
A GOST reading of a string with no GOST layout at all (no Cyrillic, "//" or area dash) has
every span capped at 0.5. See docs/parsing-rules.md.
"""

from __future__ import annotations

import re

from ..labels import Span
from .apa import apa_spans
from .gost import gost_spans
from .markers import LEAD_WORDS, around_markers, find_markers, leftover_notes, main_area_end
from .spans import GUESS, SURE, make_span

__all__ = ["LEAD_WORDS", "segment"]

_CITATION_NUMBER = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}[.)](?!\d))\s*")
_APA_DATE = re.compile(
    r"\(\s*(?P<date>(?:1[5-9]\d\d|20\d\d)[a-zа-я]?(?:,\s*[^()]{1,25})?|n\.\s?d\.|б\.\s?г\.)\s*\)"
)


def segment(text: str) -> list[Span]:
    """Label the segments of one reference string (see the module docstring)."""
    spans: list[Span] = []
    lo, hi = 0, len(text)
    number = _CITATION_NUMBER.match(text)
    if number and number.end() < hi:
        spans.append(make_span(text, "citation-number", number.start(), number.end(), SURE))
        lo = number.end()
    markers = list(find_markers(text, lo))
    spans.extend(markers)
    hi = main_area_end(text, lo, markers)
    date = _APA_DATE.search(text, lo, hi)
    if date and _apa_date_plausible(text, lo, hi, date):
        spans.extend(apa_spans(text, lo, hi, date))
    else:
        gost = gost_spans(text, lo, hi)
        if not _GOST_LAYOUT.search(text):
            # No Cyrillic, no "//", no area dash: the GOST reading is a guess at best.
            gost = [Span(s.label, s.start, s.end, s.text, min(s.confidence, GUESS)) for s in gost]
        spans.extend(gost)
    spans = markers + around_markers(text, spans[len(markers) :], markers)
    tail = leftover_notes(text, spans)
    return sorted((s for s in spans + tail if s.end > s.start), key=lambda s: s.start)


_GOST_LAYOUT = re.compile(r"[А-Яа-яЁё]|//|\.\s*[–—]\s")


def _apa_date_plausible(text: str, lo: int, hi: int, date: re.Match[str]) -> bool:
    """An APA date sits early, or closes its area: "Title. (2019, May 6). Site."."""
    after = text[date.end() :].lstrip()
    if after.startswith(":") or re.match(r"[,;]?\s*\d", after):
        return False  # MLA-like "Journal 10.7 (1971): 7-30": the year closes the locators
    if date.start() - lo < 80:
        return True
    closes_area = text[date.end() :].lstrip().startswith(".")
    return closes_area and text[: date.start()].rstrip().endswith(".") and date.start() - lo < 400
