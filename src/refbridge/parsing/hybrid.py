"""The default segmenter: the rules where they recognise the layout, the CRF everywhere else.

The hand-written rules (:mod:`.rules`) know two layouts precisely — GOST (``Фамилия И.О.
Заглавие // Журнал. – 2015. – Т. 3, № 2. – С. 5–9.``) and APA (``Family, I. (2019). Title.
Journal, 3(2), 5–9.``) — and get those nearly always right, down to conventions the training
data does not share. On anything else (the long tail of English styles, garbled strings)
they fall apart, where the CRF (:mod:`.crf`), trained on 58k strings of many styles, holds up.

So: the rules' answer is taken when it is *complete and sure* — it has a title, a date and
an author, editor, container or publisher (or, for a web resource or a standard that prints
neither date nor author, a title and a URL), no span is a guess (confidence below
:data:`TRUST`), and its spans cover at least :data:`COVERAGE` of the string's letters and
digits (not counting the words that lead in a link or access date: "URL", "дата обращения")
— and the string is one the rules beat the CRF on (Cyrillic, or an APA string marked
"(In Russian)"; see :func:`_rules_layout`).
Otherwise the CRF labels the string. Each span keeps the confidence its segmenter gave it.
"""

from __future__ import annotations

import re

from ..text.marks import mark_language
from ..text.script import has_cyrillic
from . import crf, rules
from .labels import Span

__all__ = ["COVERAGE", "TRUST", "rules_trusted", "segment"]

#: Lowest span confidence for which the rules' answer is taken (their "guess" level is 0.5).
TRUST = 0.7
#: Share of the string's letters and digits the rules' spans must cover.
COVERAGE = 0.9

_APA_YEAR = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?[),]", re.IGNORECASE)
_SOURCE = frozenset(("author", "editor", "container-title", "publisher"))
_FIELDS = frozenset(("author", "title", "container-title", "date", "volume", "issue", "pages"))


def _rules_layout(text: str) -> bool:
    """Where the rules are trusted: Cyrillic strings, and APA strings of Russian works marked
    "(In Russian)" / "(in Russ.)" ("Family, I. (2019). Title. Journal, 3(2), 5–9. (In Russian)").

    On other Latin-script strings the CRF was better even where the rules' answer looked
    complete (dev: English 0.844 → 0.859, JATS 0.940 → 0.957, the GOST "//" and APA "(2019)"
    layouts included), and so it was on the marked strings of the journal's dev articles in
    the GOST-like "Title. Journal. 2014, vol. 16, no. 6, pp. 1–9 (in Russian)" form, where the
    rules folded the journal into the title.
    """
    if has_cyrillic(text):
        return True
    year = _APA_YEAR.search(text)
    return year is not None and mark_language(text[year.end() :]) == "ru"


def rules_trusted(text: str, spans: list[Span]) -> bool:
    """Whether the rules' ``spans`` for ``text`` are complete and sure enough to keep."""
    if not _rules_layout(text):
        return False
    labels = {s.label for s in spans}
    if "title" not in labels or not labels & {"date", "url"}:
        return False
    if not labels & _SOURCE and "url" not in labels:
        return False
    if any(s.confidence < TRUST for s in spans if s.label in _FIELDS):
        return False
    total = sum(ch.isalnum() for ch in rules.LEAD_WORDS.sub("", text))
    covered = sum(ch.isalnum() for s in spans for ch in s.text)
    return covered >= COVERAGE * total


def segment(text: str) -> list[Span]:
    """Spans of ``text``: the rules' when :func:`rules_trusted`, else the CRF's (the rules
    are not run on a string whose layout they are never trusted on)."""
    if _rules_layout(text):
        spans = rules.segment(text)
        if rules_trusted(text, spans):
            return spans
    return crf.segment(text)
