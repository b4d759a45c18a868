"""The APA layout: ``Authors. (Date). Title. Container, Volume(Issue), Pages. URL``.

A pre-date segment that is no list of persons is the title when at most one segment follows
the date (web pages: "Forum of … . (2019, November 7). The President of Russia. URL") and a
corporate author otherwise; "In E. Editor (Ed.), Book (pp. 1–6). Publisher." is a chapter;
without a volume or pages the segment after the title is the site (when there is a URL) or
the publisher.
"""

from __future__ import annotations

import re

from ..labels import Span
from .spans import (
    APA_AUTHORS,
    GUESS,
    OTHERS,
    POSITIONAL,
    SURE,
    make_span,
    split_sentences,
    trim_range,
)

__all__ = ["apa_spans"]

_PAGE_RANGE = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[–—-]\s*[A-Za-z]?\d+[A-Za-z]?)?"
# ", 15(3), 127–139." / " 33(1): 64-68." / ", Vol. 34, No. 2, pp. 237-259." / ", 28–35." at the end.
_JOURNAL_TAIL = re.compile(
    r"(?:,\s*|\s+(?=(?:vol\.\s*)?\d+\s*(?:\([^()]{1,20}\))?\s*[,:]\s*(?:pp?\.\s*)?\d))"
    r"(?:(?:vol\.|т\.)\s*)?(?P<volume>\d+(?:\s*[–—-]\s*\d+)?|[IVXLC]+)?\s*"
    r"(?:\((?P<issue>[^()]{1,20})\))?"
    r"(?:,\s*(?:no\.|№|issue)\s*(?P<issue2>\d[\w/–-]*))?\s*"
    rf"(?:[,:]\s*(?P<pages>(?:pp?\.|с\.)?\s*{_PAGE_RANGE}))?"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)
# "In E. Editor & F. Editor (Eds.), *Book* (pp. 1–6). Publisher."
_IN_BOOK = re.compile(
    r"^(?P<editors>(?:In:?|В:?|В кн\.:?)\s+.+?\s*\((?:Eds?|Ред|ред|Hrsg)\.?\))\s*,?\s*"
    r"(?P<book>.+?)(?:\s*\((?P<pages>(?:pp?\.|С\.|с\.)\s*[^()]+)\))?\s*\.\s*(?P<rest>.*)$",
    re.DOTALL,
)
# "In Proceedings of …, pp. 781-787. Detroit, MI: Morgan Kaufmann." (no editors)
_IN_PROCEEDINGS = re.compile(
    r"^(?P<book>(?:In:?|В:?)\s+.+?)(?:,?\s*(?P<pages>(?:pp?\.|С\.|с\.)\s*\d+\s*[–—-]\s*\d+))?"
    r"\s*\.\s*(?P<rest>.*)$",
    re.DOTALL,
)
_EDITION = re.compile(
    r"\((?P<ed>\d+(?:st|nd|rd|th)?\s*(?:ed\.?|изд\.)|[^()]*\bed\.)\)"
    r"|,\s*\d+(?:st|nd|rd|th)\s+edn?\.?\s*$",
    re.IGNORECASE,
)


def _group(text: str, base: int, m: re.Match[str], group: str, label: str, conf: float) -> Span:
    """A span for ``group`` of a match made on ``text[base:…]``."""
    return make_span(text, label, base + m.start(group), base + m.end(group), conf)


def apa_spans(text: str, lo: int, hi: int, date: re.Match[str]) -> list[Span]:
    spans = [Span("date", date.start("date"), date.end("date"), date["date"], SURE)]
    pre_start, pre_end = trim_range(text, lo, date.start(), keep_period=True)
    sentences = split_sentences(text, date.end(), hi)
    title_done = False
    if pre_end > pre_start:
        pre = text[pre_start:pre_end]
        closed = pre.endswith(".") and text[date.end() :].lstrip().startswith(".")
        if APA_AUTHORS.match(pre) or re.search(rf"{OTHERS}\s*$", pre):
            spans.append(make_span(text, "author", pre_start, pre_end, SURE))
        elif len(sentences) <= 1 or (len(sentences) == 2 and _has_journal_tail(text, sentences)):
            # "Title. (2019, May 6). Site. URL": a title in the author's place.
            spans.append(
                make_span(text, "title", pre_start, pre_end, POSITIONAL if closed else GUESS)
            )
            title_done = True
        else:
            spans.append(make_span(text, "author", pre_start, pre_end, GUESS))
    if not sentences:
        return spans
    rest = sentences
    if not title_done:
        t_start, t_end = rest[0]
        if len(rest) == 1:
            t_end, rest = _split_after_question(text, t_start, t_end)
        else:
            rest = rest[1:]
        edition = _EDITION.search(text, t_start, t_end)
        if edition:
            spans.append(make_span(text, "edition", edition.start(), edition.end(), SURE))
            t_end = edition.start()
        spans.append(make_span(text, "title", t_start, t_end, POSITIONAL))
    if rest:
        spans.extend(_apa_source(text, rest[0][0], rest[-1][1], hi))
    return spans


def _split_after_question(text: str, start: int, end: int) -> tuple[int, list[tuple[int, int]]]:
    """ "Title? Journal, 19, 162-184." read as one sentence: cut after the "?" when a journal
    tail follows it. Returns the title's end and what is left as sentences."""
    for m in re.finditer(r"[?!]\s+", text[start:end]):
        cut = start + m.end()
        tail = _JOURNAL_TAIL.search(text, cut, end)
        if tail and tail.start() > cut and (tail["volume"] or tail["pages"]):
            return start + m.start() + 1, [(cut, end)]
    return end, []


def _apa_source(text: str, start: int, end: int, hi: int) -> list[Span]:
    """What follows the title: a chapter's book, a journal with locators, a site or a publisher."""
    region = text[start:end]
    spans: list[Span] = []
    book = _IN_BOOK.match(region)
    if book:
        spans.append(_group(text, start, book, "editors", "editor", SURE))
        spans.append(_group(text, start, book, "book", "container-title", POSITIONAL))
        if book["pages"]:
            spans.append(_group(text, start, book, "pages", "pages", SURE))
        return spans + _publisher(text, start + book.start("rest"), end)
    tail = _JOURNAL_TAIL.search(region)
    if tail and tail.start() > 0 and (tail["volume"] or tail["issue"] or tail["pages"]):
        spans.append(make_span(text, "container-title", start, start + tail.start(), POSITIONAL))
        volume = tail["volume"]
        if volume and not tail["pages"] and not tail["issue"] and _is_page_range(volume):
            return [*spans, _group(text, start, tail, "volume", "pages", SURE)]
        for group, label in (("volume", "volume"), ("issue", "issue"), ("issue2", "issue")):
            if tail[group]:
                spans.append(_group(text, start, tail, group, label, SURE))
        if tail["pages"]:
            spans.append(_group(text, start, tail, "pages", "pages", SURE))
        return spans
    proceedings = _IN_PROCEEDINGS.match(region)
    if proceedings:
        spans.append(_group(text, start, proceedings, "book", "container-title", POSITIONAL))
        if proceedings["pages"]:
            spans.append(_group(text, start, proceedings, "pages", "pages", SURE))
        return spans + _publisher(text, start + proceedings.start("rest"), end)
    sentences = split_sentences(text, start, end)
    if re.search(r"https?://", text[hi:]):
        first_start, first_end = sentences[0]
        spans.append(make_span(text, "container-title", first_start, first_end, POSITIONAL))
        if len(sentences) > 1:
            spans.extend(_publisher(text, sentences[1][0], end))
        return spans
    return spans + _publisher(text, start, end)


def _has_journal_tail(text: str, sentences: list[tuple[int, int]]) -> bool:
    start, end = sentences[-1]
    tail = _JOURNAL_TAIL.search(text[start:end])
    return bool(tail and (tail["volume"] or tail["pages"]))


def _is_page_range(value: str) -> bool:
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    return len(numbers) == 2 and numbers[1] > numbers[0]


def _publisher(text: str, start: int, end: int) -> list[Span]:
    """ "Place: Publisher" or "Publisher" (APA books, GOST publication areas)."""
    start, end = trim_range(text, start, end)
    if end <= start:
        return []
    m = re.match(r"^([^:]{1,40}?)\s*:\s+(.+)$", text[start:end])
    if m and not re.search(r"\d", m.group(1)):
        return [
            make_span(
                text, "location", start + m.start(1), start + m.end(1), POSITIONAL, keep_period=True
            ),
            make_span(text, "publisher", start + m.start(2), start + m.end(2), POSITIONAL),
        ]
    return [make_span(text, "publisher", start, end, GUESS)]
