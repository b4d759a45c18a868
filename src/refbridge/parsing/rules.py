"""The rule segmenter: APA-like and GOST-like reference strings -> labelled spans.

Three passes over the string (offsets always into the string as given, Markdown included):

1. *Identifiers and markers* anywhere: URLs and DOIs (also ``<autolinks>`` and URLs broken by a
   space after a slash), language marks "(In Russian)" / "(In Russ.)" / "[in Russian]"
   (:mod:`refbridge.text.marks`, ``note``), access dates
   "(дата обращения: 22.04.2017)" (``accessed``), "Электронный ресурс" (``note``).
2. *Style*: a parenthesised year near the start, "(2019)" or "(2019, December 6)", makes the
   string APA-like; anything else is read as GOST-like.
3. *Areas*:

   APA — ``Authors. (Date). Title. Container, Volume(Issue), Pages. URL``; a pre-date segment
   that is no list of persons is the title when at most one segment follows the date (web pages:
   "Forum of … . (2019, November 7). The President of Russia. URL") and a corporate author
   otherwise; "In E. Editor (Ed.), Book (pp. 1–6). Publisher." is a chapter; without a volume
   or pages the segment after the title is the site (when there is a URL) or the publisher.

   GOST — ``Authors Title / Responsibility // Container. – Place: Publisher, Year. – Т. 1, № 2.
   – С. 80–92. – 575 с.``: authors are a leading run of "Фамилия И.О." (or "И.О. Фамилия"),
   the title runs to "//", "/", an area dash ". –" or the first marker; what follows is cut
   at separators into chunks that are classified by their markers ("Т.", "№", "Вып.", "С.",
   "pp.", "М.:", a year, "575 с."); unmarked chunks after "//" form the container title.
   The English references of Russian journals ("Author. Title. [Translation]. Journal. 2013,
   no. 4, pp. 127-134.") have no "//": a year with serial locators after the title area
   splits it into title and journal.

Every span gets a confidence: 0.9 for a span a marker or the layout pins down (a DOI, "С. 5–9",
a year in its place), 0.7 for one inferred from position alone (a title, a container), 0.5
for a guess (a pre-date segment read as a corporate author, a journal found without "//").
A GOST reading of a string with no GOST layout at all (no Cyrillic, "//" or area dash) has
every span capped at 0.5. See docs/parsing-rules.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text.identifiers import DOI_START
from ..text.marks import LANGUAGE_MARK
from ..text.script import has_cyrillic
from .dates import parse_date
from .labels import Span

__all__ = ["segment"]

SURE, POSITIONAL, GUESS = 0.9, 0.7, 0.5

# Capitals and small letters: Latin (with Latin-1 and Extended-A accents) and Cyrillic.
_UP = "A-ZА-ЯЁÀ-ÖØ-Þ\u0100-\u017f"
_LOW = "a-zа-яёß-öø-ÿ\u0100-\u017f"
_INITIAL = rf"[{_UP}][{_LOW}]{{0,2}}\."
# The last initial may lack its period only right before a comma ("Гулина О.М, Бараненко В.И.");
# elsewhere a lone capital is the title's first word ("Андрианова О.Н. К вопросу …").
_INITIALS = rf"(?:{_INITIAL}(?:\s*-\s*|\s*))*(?:{_INITIAL}|[{_UP}](?=,|\s+(?:и\s+др|et\s+al)\b))"
_FAMILY = rf"[{_UP}][{_LOW}{_UP}'’]*(?:-[{_UP}{_LOW}][{_LOW}{_UP}'’]*)*"
_PERSON = rf"(?:{_FAMILY}(?:\s*,\s*|\s*){_INITIALS}|{_INITIALS}\s*{_FAMILY}(?![\w.]))"
_OTHERS = r"(?:,?\s*(?:и\s+др\.|et\s+al\.?|и\s+соавт\.))"
_GOST_AUTHORS = re.compile(rf"{_PERSON}(?:(?:\s*,\s*|\s+(?:and|и)\s+){_PERSON})*{_OTHERS}?")
_GIVEN_NAME = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
# "Dudin, V. A." / "Van Dyke, J." / "Mayntz, Renate" / "Ferrand I." / "J. Smith"
_APA_PERSON = (
    rf"(?:{_FAMILY}(?:\s+{_FAMILY})?(?:,\s*(?:{_INITIALS}|{_GIVEN_NAME}(?:\s+{_INITIALS})?)"
    rf"|\s+{_INITIALS})|{_INITIALS}\s*{_FAMILY})"
)
# Between APA names: ", ", ", & ", " & ", " and " — alternatives that never match the same text.
_APA_JOIN = r"(?:\s*,\s*(?:(?:&|and|и)\s+)?|\s+(?:and|и|et)\s+|\s*&\s*)"
_APA_AUTHORS = re.compile(
    rf"^\s*{_APA_PERSON}(?:{_APA_JOIN}{_APA_PERSON})*(?:{_OTHERS}|,?\s*\.\.\.\s*{_APA_PERSON})?\s*\.?$"
)

_CITATION_NUMBER = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}[.)](?!\d))\s*")
# A URL ends at white space, or at an access date glued to it ("…org(дата обращения …)").
_URL = re.compile(
    r"<?((?:https?|ftp)://(?:(?!\((?:дата|accessed|last|retrieved)\b)[^\s<>«»\"])+)>?",
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

_APA_DATE = re.compile(
    r"\(\s*(?P<date>(?:1[5-9]\d\d|20\d\d)[a-zа-я]?(?:,\s*[^()]{1,25})?|n\.\s?d\.|б\.\s?г\.)\s*\)"
)

# Words ending in "." that do not end a sentence.
_ABBREVIATIONS = frozenset(
    """vol no nos pp p ed eds vs st dr jr inc ltd co corp dept univ trans rev ser
    г гг т тт им др ред изд сер вып с см стр ч кн ун-т ин-т акад проф англ рус""".split()
)
_SENTENCE_END = re.compile(r"[.!?]\*{0,3}\s+|[.]\*{0,3}$")


def segment(text: str) -> list[Span]:
    """Label the segments of one reference string (see the module docstring)."""
    spans: list[Span] = []
    lo, hi = 0, len(text)
    number = _CITATION_NUMBER.match(text)
    if number and number.end() < hi:
        spans.append(_span(text, "citation-number", number.start(), number.end(), SURE))
        lo = number.end()
    markers = list(_markers(text, lo))
    spans.extend(markers)
    hi = _main_area_end(text, lo, markers)
    date = _APA_DATE.search(text, lo, hi)
    if date and _apa_date_plausible(text, lo, hi, date):
        spans.extend(_apa(text, lo, hi, date))
    else:
        gost = _gost(text, lo, hi)
        if not _GOST_LAYOUT.search(text):
            # No Cyrillic, no "//", no area dash: the GOST reading is a guess at best.
            gost = [Span(s.label, s.start, s.end, s.text, min(s.confidence, GUESS)) for s in gost]
        spans.extend(gost)
    spans = markers + _around_markers(text, spans[len(markers) :], markers)
    tail = _leftover_notes(text, spans)
    return sorted((s for s in spans + tail if s.end > s.start), key=lambda s: s.start)


_LEAD_WORDS = (
    r"URL|DOI|Режим\s+доступа|Available\s+(?:at|from|online)|дата\s+(?:обращения|доступа)|"
    r"(?:last\s+)?accessed(?:\s+on)?|retrieved(?:\s+on)?"
)
#: The words that only lead in a link or an access date ("URL:", "Режим доступа:", "(дата
#: обращения: …)"): part of no field, so no span covers them.
LEAD_WORDS = re.compile(rf"(?<!\w)(?:{_LEAD_WORDS})(?!\w)", re.I)
_TRAILER = re.compile(rf"(?:[\s.,;:<>()\[\]–—-]|{_LEAD_WORDS})*", re.I)


def _main_area_end(text: str, lo: int, markers: list[Span]) -> int:
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


def _around_markers(text: str, spans: list[Span], markers: list[Span]) -> list[Span]:
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
        start, end = _trim(text, start, end, keep_period=span.label in ("author", "editor"))
        if end > start and re.search(r"\w", text[start:end]):
            out.append(Span(span.label, start, end, text[start:end], span.confidence))
    return out


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


# -- helpers ------------------------------------------------------------------------------


def _span(
    text: str, label: str, start: int, end: int, confidence: float, *, keep_period: bool = False
) -> Span:
    """A span over ``text[start:end]`` trimmed of white space and separators at both ends."""
    start, end = _trim(text, start, end, keep_period=keep_period or label in ("author", "editor"))
    return Span(label, start, end, text[start:end], confidence)


_LEAD = set(" \t,;:/–—-.")
_TRAIL = set(" \t,;:/–—-")


def _trim(text: str, start: int, end: int, *, keep_period: bool = False) -> tuple[int, int]:
    while start < end and (text[start] in _LEAD or text.startswith("//", start)):
        start += 1
    while end > start:
        ch = text[end - 1]
        dot = ch == "." and not keep_period and not _is_abbreviation(text, start, end - 1)
        if ch in _TRAIL or dot:
            end -= 1
        else:
            break
    return start, end


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Is the "." at ``dot`` part of an abbreviation ("2019 г.", "et al.", an initial)?"""
    m = re.search(r"([\wА-Яа-яЁё-]+)$", text[start:dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in _ABBREVIATIONS or word.lower() in ("al", "etc", "др"):
        return True
    return len(word) == 1 and word.isalpha() and word.isupper()


def _protected(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
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


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a < position < b for a, b in ranges)


# -- pass 1: identifiers and markers --------------------------------------------------------


def _markers(text: str, lo: int) -> Iterator[Span]:
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
                yield _span(text, label, m.start(), m.end(), SURE, keep_period=True)
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


def _leftover_notes(text: str, spans: list[Span]) -> list[Span]:
    """Unlabelled text after the last field (a comment, "(см. также …)") becomes a note."""
    if not spans:
        return []
    end = max(s.end for s in spans)
    if not re.search(r"[A-Za-zА-Яа-яЁё]{3}", text[end:]):
        return []
    covered = [(s.start, s.end) for s in spans]
    start, stop = _trim(text, end, len(text))
    if any(a <= start < b for a, b in covered) or stop <= start:
        return []
    return [Span("note", start, stop, text[start:stop], GUESS)]


# -- APA --------------------------------------------------------------------------------------


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cut ``text[lo:hi]`` at sentence ends that are no abbreviation and not inside emphasis."""
    protected = _protected(text, lo, hi)
    out, start = [], lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        dot = m.start()
        if _inside(dot, protected) or (text[dot] == "." and _is_abbreviation(text, start, dot)):
            continue
        if text[dot] in "!?" and not text[dot + 1 : m.end()].strip():
            # "What does China mean for Kazakhstan? Figures and facts." is one title.
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < hi and text[start:hi].strip():
        out.append((start, hi))
    return [(a, b) for a, b in out if text[a:b].strip(" .*")]


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
    return _span(text, label, base + m.start(group), base + m.end(group), conf)


def _apa(text: str, lo: int, hi: int, date: re.Match[str]) -> list[Span]:
    spans = [Span("date", date.start("date"), date.end("date"), date["date"], SURE)]
    pre_start, pre_end = _trim(text, lo, date.start(), keep_period=True)
    sentences = _sentences(text, date.end(), hi)
    title_done = False
    if pre_end > pre_start:
        pre = text[pre_start:pre_end]
        closed = pre.endswith(".") and text[date.end() :].lstrip().startswith(".")
        if _APA_AUTHORS.match(pre) or re.search(rf"{_OTHERS}\s*$", pre):
            spans.append(_span(text, "author", pre_start, pre_end, SURE))
        elif len(sentences) <= 1 or (len(sentences) == 2 and _has_journal_tail(text, sentences)):
            # "Title. (2019, May 6). Site. URL": a title in the author's place.
            spans.append(_span(text, "title", pre_start, pre_end, POSITIONAL if closed else GUESS))
            title_done = True
        else:
            spans.append(_span(text, "author", pre_start, pre_end, GUESS))
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
            spans.append(_span(text, "edition", edition.start(), edition.end(), SURE))
            t_end = edition.start()
        spans.append(_span(text, "title", t_start, t_end, POSITIONAL))
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
        spans.append(_span(text, "container-title", start, start + tail.start(), POSITIONAL))
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
    sentences = _sentences(text, start, end)
    if re.search(r"https?://", text[hi:]):
        first_start, first_end = sentences[0]
        spans.append(_span(text, "container-title", first_start, first_end, POSITIONAL))
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
    start, end = _trim(text, start, end)
    if end <= start:
        return []
    m = re.match(r"^([^:]{1,40}?)\s*:\s+(.+)$", text[start:end])
    if m and not re.search(r"\d", m.group(1)):
        return [
            _span(
                text, "location", start + m.start(1), start + m.end(1), POSITIONAL, keep_period=True
            ),
            _span(text, "publisher", start + m.start(2), start + m.end(2), POSITIONAL),
        ]
    return [_span(text, "publisher", start, end, GUESS)]


# -- GOST ---------------------------------------------------------------------------------------

_CITIES = (
    "Москва|Санкт-Петербург|Ленинград|Новосибирск|Обнинск|Киев|Минск|Томск|Екатеринбург|"
    "Нижний Новгород|Саров|Казань|Алматы|Астана|Нур-Султан|Ростов-на-Дону|Харьков|Дубна|"
    "Самара|Воронеж|Иркутск|Красноярск|Пермь|Уфа|Челябинск|Омск|Владивосток|Волгоград|Ташкент|"
    "Бишкек|Снежинск|Димитровград|Севастополь|Свердловск|Горький|Гатчина|Троицк|Курчатов|"
    "Moscow|Saint Petersburg|St\\. Petersburg|New York|London|Berlin|Cambridge|Oxford|"
    "Amsterdam|Heidelberg|Paris|Boston|Vienna|Geneva|Tokyo|Dordrecht|Hoboken|Singapore|"
    "Moskva|Leningrad|Sankt-Peterburg|Saint-Petersburg|Novosibirsk|Obninsk|Kiev|Kyiv|Minsk|"
    "Tomsk|Ekaterinburg|Yekaterinburg|Nizhny Novgorod|Nizhnii Novgorod|Sarov|Kazan|Almaty|"
    "Astana|Kharkov|Kharkiv|Dubna|Samara|Voronezh|Irkutsk|Krasnoyarsk|Chelyabinsk|Omsk|"
    "Vladivostok|Volgograd|Tashkent|Snezhinsk|Dimitrovgrad|Sevastopol|Ivanovo|Sverdlovsk"
)
_PLACE = rf"(?:{_CITIES}|[{_UP}][{_LOW}]{{0,3}}\.|СПб\.?|Мн\.|Н\.\s*Новгород)"
_PLACE_PUBLISHER = re.compile(rf"^(?P<place>{_PLACE})\s*:\s*(?P<publisher>.*)$")
_PLACE_ALONE = re.compile(rf"^(?P<place>{_CITIES}|М|Л|СПб|Мн)\.?\s*:?$")
_GENERIC_PLACE_PUBLISHER = re.compile(
    rf"^(?P<place>[{_UP}][\w.-]*(?:\s[{_UP}][\w.-]*)?)\s*:\s*(?P<publisher>.+)$"
)
_VOLUME = re.compile(
    r"^(?:Т|т|Том|том|Vol|vol|V|v|Кн|кн|Ч|ч|Part|Часть|часть|Пакет|Bd|Tome)\.?\s*(?:[\dIVXLCDM]+\b)",
)
_ISSUE = re.compile(r"^(?:№|No|no|N|Nr|Вып|вып|Iss|iss|Issue|issue|Bull|Бюл)\.?\s*\.?\s*\d")
_EDITION_CHUNK = re.compile(r"^(?:\d+-?[еэ]\s+изд|\d+(?:st|nd|rd|th)\s+ed|Изд\.\s*\d)", re.I)
_ISBN_CHUNK = re.compile(r"^ISBN\s*[\dXx-]{10,17}$")
# Page markers, with the Cyrillic "Р"/"РР" that OCR and typists put for the Latin "P"/"PP".
_PAGES = re.compile(
    r"^(?:С|C|с|P|PP|pp|Pp|p|Р|РР|Стр|стр|S|Pages?)\s*\.?\s*\d+\s*(?:[–—-]\s*\d+)?\s*$"
)
_EXTENT = re.compile(r"^\d+\s*(?:с|c|стр|p|pp|л|S)\.?$")
_YEAR_CHUNK = re.compile(
    r"^\(?(?:(?:\d{1,2}[–—-]?\d{0,2}\s+)?[A-Za-zА-Яа-яЁё]{3,9}\.?\s+|\d{1,2}\.\d{1,2}\.)?"
    r"(?:1[5-9]\d\d|20\d\d)(?:\s*г\.?|\s*гг\.?)?\)?$"
)
_GENRE = re.compile(
    r"^(?:Дисс?\.?|Диссертация|Автореф|Препринт|Preprint|Отчет|Отчёт|Учебн|Учеб\.|Учебник|"
    r"Монография|Справочник|Патент|Ph\.?\s*D\.?|Thesis|Dissertation|Тез\.|Тезисы)",
)
_CONTAINER_WORDS = re.compile(
    r"^(?:Сб\.|Сборник|Труды|Тр\.|Материалы|Тезисы|Докл|Proc|Proceedings|In:|В кн\.|"
    r"Известия|Вестник)",
)
_EDITOR_MARKER = re.compile(
    r"^(?:Под\s+(?:общ\.\s+|общей\s+)?ред|Ред\.|Отв\.\s*ред|Ed\.|Eds\.|Edited)", re.IGNORECASE
)
# Chunk separators of the GOST areas: "//", "/", ". – ", " – ", ". ", ", ", "; "
# (:func:`_keeps_together` vetoes those inside "Т. 96" or a spaced number range).
_SEPARATOR = re.compile(
    r"\s*//\s*|\s/\s*|/\s+|\s*\.\s*[–—]\s*|\s+[–—]\s*|[–—]\s+|(?<=[.\s])-\s*(?=\S)|\.\s+|,\s+|;\s+"
    r"|\.(?=[–—№])"
)


def _gost(text: str, lo: int, hi: int) -> list[Span]:
    spans: list[Span] = []
    pos = lo
    code = _STANDARD_CODE.match(text, lo)
    if code:
        spans.append(_span(text, "note", code.start(), code.end(), SURE))
        pos = code.end()
    authors = _GOST_AUTHORS.match(text, pos)
    if authors and authors.end() < hi and _authors_plausible(text, authors):
        spans.append(_span(text, "author", authors.start(), authors.end(), SURE))
        pos = authors.end()
    if text[pos:hi].lstrip().startswith("//"):
        first = text.index("//", pos)
        second = text.find("//", first + 2, hi)
        if second < 0:
            # "Соболев И.А., … // Атомная энергия. –1995." — no title at all.
            return spans + _gost_areas(text, pos, hi, True)
        # "… и др. //Магний-фосфатные фиксаторы …// Рос.хим.ж., 2010." — the title in slashes.
        spans.append(_span(text, "title", first + 2, second, POSITIONAL))
        return spans + _gost_areas(text, second, hi, True)
    title_end, container_mode = _title_end(text, pos, hi)
    container = _serial_without_slashes(text, pos, title_end, hi)
    if container:
        spans.append(_span(text, "title", pos, container[0], GUESS))
        spans.append(_span(text, "container-title", container[0], title_end, GUESS))
    elif title_end > pos and re.search(r"\w", text[pos:title_end]):
        spans.append(_span(text, "title", pos, title_end, POSITIONAL))
    spans.extend(_gost_areas(text, title_end, hi, container_mode))
    return spans


# ". 2018, v. 119, pp. 139-147." — a year followed by serial locators.
_SERIAL_TAIL = re.compile(
    r"[.,]?\s*(?:[–—-]\s*)?(?:1[5-9]|20)\d\d\b[^.]{0,12}?"
    r"(?:\b(?:v|vol|no|iss|pp|Т|т|С|Вып|вып)\.|№)"
)


def _serial_without_slashes(text: str, pos: int, title_end: int, hi: int) -> tuple[int, int] | None:
    """The container inside a "title" area of a journal reference printed without "//".

    The English references of Russian journals read "Author A.A. Title. [Translated title].
    Journal. 2018, v. 119, pp. 139-147.": when a year with serial locators follows and there
    is no "//" or "/", the title is the first sentence (through a bracketed translation) and
    the sentences after it are the journal. A guess: such spans get confidence 0.5.
    """
    if "//" in text or " / " in text or not _SERIAL_TAIL.match(text, title_end, hi):
        return None
    sentences = _sentences(text, pos, title_end)
    if len(sentences) < 2:
        return None
    brackets = [i for i, (a, _b) in enumerate(sentences) if text[a:].lstrip().startswith("[")]
    cut = brackets[-1] + 1 if brackets else 1
    if cut >= len(sentences):
        return None
    return sentences[cut][0], title_end


# A standard's code before its title: "ГОСТ Р 50773-95.", "СП 151.13330.2012.", "ОСПОРБ-99/2010."
_STANDARD_CODE = re.compile(
    r"(?:ГОСТ(?:\s+Р)?(?:\s+ИСО)?|ОСТ|СТО|СП|СНиП|СанПиН|ОСПОРБ|НРБ|РД|НП|ISO|IEC|ASTM|"
    r"GOST(?:\s+R)?|OST|SP|SNiP|SanPiN|OSPORB|NRB)"
    r"[\s-]*[\d][\w.\-/*]*(?=\.\s)"
)


def _authors_plausible(text: str, m: re.Match[str]) -> bool:
    """A leading "author" run must be followed by the title, not be the title's first words."""
    after = text[m.end() : m.end() + 2]
    return not after[:1].islower()


_TITLE_STOP = re.compile(
    r"\s*//|\s/\s*|(?<=[»\"”\w)])\s?/(?=\s?[А-ЯA-Z])|\.\s*[–—]\s|\.\s+-\s|\s[–—]\s*(?=(?:М\.|Л\.|СПб|[А-ЯA-Z][а-яa-z]+:|\d{4}))"
    r"|[.,]\s+(?=(?:М\.|Л\.|СПб\.?|Т\.|т\.|Том\s|Вып\.|№|С\.\s*\d|Дисс|Автореф|Препринт|Электронный|"
    r"Патент|Available\s+(?:at|from)|(?:1[5-9]|20)\d\d\b|[А-ЯA-Z][а-яa-z]+:\s))"
    r"|\s:\s(?=(?:дис|Дис|автореф|Автореф)\.?)"
    rf"|\.\s+(?=(?:{_CITIES})[.,:]\s)"
)


def _title_end(text: str, pos: int, hi: int) -> tuple[int, bool]:
    """Where the title ends, and whether what follows is a container ("//", "/ Сборник")."""
    protected = _protected(text, pos, hi)
    for m in _TITLE_STOP.finditer(text, pos, hi):
        if _inside(m.start(), protected) or m.start() == pos:
            continue
        if (
            re.match(r"[.,]\s+(?:1[5-9]|20)\d\d", text[m.start() : m.end() + 4])
            and m.start() - pos < 10
        ):
            continue
        return m.start(), "//" in m.group()
    return hi, False


def _chunks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, separator before) chunks of ``text[lo:hi]``, never cut inside quotes."""
    protected = _protected(text, lo, hi)
    out: list[tuple[int, int, str]] = []
    start, sep = lo, ""
    for m in _SEPARATOR.finditer(text, lo, hi):
        if _inside(m.start(), protected) or (m.start() == start and not m.group().strip()):
            continue
        if _keeps_together(text, start, m):
            continue
        end = m.start()
        if text[end] == "." and _is_abbreviation(text, start, end):
            end += 1  # "… Архангельского А.В. – Саров": the initial keeps its period
        if end > start:
            out.append((start, end, sep))
        start, sep = m.end(), m.group().strip()
    if start < hi:
        out.append((start, hi, sep))
    return [(a, b, s) for a, b, s in out if text[a:b].strip(" .,;:")]


_MARKER_WORDS = frozenset(
    "т том vol v кн ч part № no n nr вып iss с c p pp р рр стр s м л спб мн".split()
)


def _keeps_together(text: str, start: int, sep: re.Match[str]) -> bool:
    """Separators that are no boundary: "Т. 96", "С. 45", "М.: Наука", "С. 151 – 157", "И.И.",
    a period before a lower-case Cyrillic word."""
    before = text[start : sep.start()]
    after = text[sep.end() : sep.end() + 1]
    glyph = sep.group().strip()
    if glyph in ("–", "—", "-") and re.search(r"\d\s*$", before) and after.isdigit():
        return True  # a number range with spaced dashes
    if not glyph.startswith("."):
        return False
    word = re.search(r"([^\s.,;:]+)$", before)
    if not word:
        return False
    if word.group(1).lower() in _MARKER_WORDS and glyph == ".":
        return True
    if glyph == "." and "а" <= after <= "я":
        return True  # "Изд-во Политехн. ун-та": a new area starts with a capital
    return glyph == "." and _is_abbreviation(text, start, sep.start()) and not after.isdigit()


def _gost_areas(text: str, lo: int, hi: int, container_mode: bool) -> list[Span]:
    spans: list[Span] = []
    run: list[tuple[int, int]] = []  # consecutive unmarked chunks
    state = {"container": container_mode, "container_done": False, "after_place": False}

    def flush() -> None:
        if not run:
            return
        start, end = run[0][0], run[-1][1]
        run.clear()
        piece = text[start:end].strip().lstrip("/ ")
        if state["container"] and not state["container_done"]:
            if _EDITOR_MARKER.match(piece):
                spans.append(_span(text, "editor", start, end, SURE))
                return
            spans.append(_span(text, "container-title", start, end, POSITIONAL))
            state["container_done"] = True
        elif _EDITOR_MARKER.match(piece):
            spans.append(_span(text, "editor", start, end, SURE))
        elif _GOST_AUTHORS.fullmatch(piece.rstrip(".")):
            spans.append(_span(text, "author", start, end, POSITIONAL))
        elif _CONTAINER_WORDS.match(piece) and not state["container_done"]:
            spans.append(_span(text, "container-title", start, end, POSITIONAL))
            state["container_done"] = True
        elif _GENRE.match(piece):
            spans.append(_span(text, "genre", start, end, POSITIONAL))
        else:
            spans.append(_span(text, "note", start, end, GUESS))

    for start, end, sep in _chunks(text, lo, hi):
        chunk = text[start:end].strip().rstrip(".,;: ")
        if _EXTENT.match(text[start:end].strip()):
            chunk = text[start:end].strip()
        if sep in ("//", ";") or (sep == "/" and not state["container_done"]):
            flush()
            if sep == "//" or _CONTAINER_WORDS.match(chunk):
                state["container"] = True
        label = _classify(
            chunk,
            in_container=state["container"] and not state["container_done"],
        )
        if label is None:
            run.append((start, end))
            continue
        flush()
        if state["container"]:
            state["container_done"] = True
        if label == "place-publisher":
            m = _PLACE_PUBLISHER.match(chunk) or _GENERIC_PLACE_PUBLISHER.match(chunk)
            if m is None:  # _classify matched one of the two; keep mypy and -O honest
                continue
            offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            spans.append(
                _span(
                    text,
                    "location",
                    offset + m.start("place"),
                    offset + m.end("place"),
                    SURE,
                    keep_period=True,
                )
            )
            if m["publisher"].strip():
                publisher = m["publisher"].strip()
                p_start = offset + m.start("publisher")
                label2 = "date" if _YEAR_CHUNK.match(publisher) else "publisher"
                spans.append(_span(text, label2, p_start, offset + m.end("publisher"), POSITIONAL))
            state["after_place"] = True
        elif label == "location":
            spans.append(_span(text, "location", start, end, POSITIONAL, keep_period=True))
            state["after_place"] = True
        else:
            spans.append(_span(text, label, start, end, SURE, keep_period=label == "note"))
    flush()
    return _publisher_after_place(text, spans)


def _classify(chunk: str, *, in_container: bool) -> str | None:
    """The label a GOST chunk's marker gives it, or None for unmarked text."""
    if _PAGES.match(chunk):
        return "pages"
    if _VOLUME.match(chunk):
        return "volume"
    if _ISSUE.match(chunk):
        return "issue"
    if _EXTENT.match(chunk):
        return "note"
    if _EDITION_CHUNK.match(chunk):
        return "edition"
    if _ISBN_CHUNK.match(chunk):
        return "isbn"
    if _YEAR_CHUNK.match(chunk) and parse_date(chunk):
        return "date"
    if _PLACE_PUBLISHER.match(chunk):
        return "place-publisher"
    if (
        not in_container
        and _GENERIC_PLACE_PUBLISHER.match(chunk)
        and not re.match(r"^(?:Сер|Series|Серия|Cерия|Вып|Ч|Часть|Part|Том|Т)\b", chunk)
    ):
        return "place-publisher"
    if _PLACE_ALONE.match(chunk):
        return "location"
    return None


def _publisher_after_place(text: str, spans: list[Span]) -> list[Span]:
    """Repairs across chunks: "Москва, Наука" (a note after a lone place is the publisher),
    "ГНЦ РФ – ФЭИ" (a dash inside a publisher's name), "Вып. 61. – № 2" (with a "№" the
    "Вып." is the volume)."""
    out = list(spans)
    for i in range(len(out) - 1):
        this, nxt = out[i], out[i + 1]
        if this.label == "location" and nxt.label == "note":
            if not _EXTENT.match(nxt.text) and not re.search(r"\d{4}", nxt.text):
                out[i + 1] = Span("publisher", nxt.start, nxt.end, nxt.text, GUESS)
        elif (
            this.label == "publisher"
            and nxt.label == "note"
            and re.fullmatch(r"\s*[–—-]\s*", text[this.end : nxt.start])
            and not _EXTENT.match(nxt.text)
        ):
            merged = Span("publisher", this.start, nxt.end, text[this.start : nxt.end], GUESS)
            out[i], out[i + 1] = merged, merged
    out = list(dict.fromkeys(out))
    issues = [s for s in out if s.label == "issue"]
    if (
        len(issues) == 2
        and issues[0].text.lower().startswith("вып")
        and "volume" not in {s.label for s in out}
    ):
        first = issues[0]
        out[out.index(first)] = Span("volume", first.start, first.end, first.text, first.confidence)
    return out
