"""Tokens and CRF features of a reference string.

Tokenisation keeps character offsets so labelled tokens map straight back to spans of the raw
string. A token is a URL, a DOI, a run of letters/digits, ``//`` (the GOST area separator) or
one punctuation character, which lets the labeller decide for every comma and dot whether it
belongs to a field or separates two.

Features are plain strings. Everything that depends on the token text alone is computed once
per distinct text and kept in the :class:`FeatureExtractor`'s bounded memo (reference strings
repeat "pp", ",", "Т", "2015" endlessly);
only the few features that depend on the position (relative bin, inside brackets, after
``//``, no space before) are built per token. That keeps extraction well under 10 µs per token
in pure Python.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from ..text.identifiers import DOI_START

__all__ = ["FeatureExtractor", "Token", "tokenize"]


class Token(NamedTuple):
    """``text == raw[start:end]``."""

    text: str
    start: int
    end: int


_TOKEN_RE = re.compile(
    rf"""
    (?:https?://|ftp://|www\.)[^\s<>"]*[^\s<>".,;:)\]'»]   # URL without trailing punctuation
    | {DOI_START}[^\s<>"]*[^\s<>".,;:)\]'»]              # bare DOI
    | [^\W_]+                                             # letters and digits
    | //
    | \S                                                  # any other character, alone
    """,
    re.VERBOSE,
)


_new_token = tuple.__new__  # skips NamedTuple.__new__'s argument handling: a third faster


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with their character offsets."""
    return [_new_token(Token, (m.group(), m.start(), m.end())) for m in _TOKEN_RE.finditer(text)]


_HINTS: dict[str, str] = {}


def _hint(kind: str, words: str) -> None:
    for word in words.split():
        _HINTS[word] = kind


_hint("vol", "vol volume volumes vols v т том тт bd band jg jahrgang tome")
_hint("iss", "no nr num number issue iss n № вып выпуск heft h fasc н")
_hint("pp", "pp p pages page s с сс стр pgs")
_hint("ed", "ed eds edn editor editors edited hrsg hg под ред редакцией редактор сост")
_hint("in", "in im dans en в")
_hint("etal", "al др")
_hint(
    "conf",
    "proc proceedings conference conf symposium workshop congress meeting "
    "конференции конференция симпозиума семинара сборник сб трудов труды материалы тез "
    "докладов международной",
)
_hint(
    "jour",
    "journal j review rev letters lett transactions trans bulletin annals "
    "quarterly magazine acta журнал вестник известия изв вузов доклады физика энергия "
    "энергетика атомная ядерная химия",
)
_hint(
    "pub",
    "press publisher publishers publishing verlag books wiley springer elsevier "
    "университет издательство изд издво наука энергоатомиздат атомиздат юрайт",
)
_hint(
    "uni",
    "university univ universität université institute institut dept department "
    "лаборатория институт университета кафедра",
)
_hint(
    "place",
    "london york paris berlin oxford cambridge boston amsterdam moscow leningrad "
    "chicago м спб л киев минск новосибирск екатеринбург обнинск томск казань алматы "
    "астана харьков санкт петербург",
)
_hint(
    "month",
    "january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec января февраля "
    "марта апреля мая июня июля августа сентября октября ноября декабря январь февраль "
    "март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
)
_hint("doi", "doi")
_hint("url", "url http https www режим доступа available online retrieved accessed")
_hint("eres", "электронный ресурс электрон ресурс electronic resource")
_hint("thesis", "thesis dissertation phd дис диссертация автореф канд докт")
_hint("report", "report preprint препринт отчет отчёт tech technical rep")
_hint("date", "дата обращения accessed retrieved")
_hint("isbn", "isbn issn")
_hint("yr", "г гг year")
_hint("and", "and und et и & a")

_SHAPE_RE = (
    (re.compile(r"[A-ZА-ЯЁ]"), "X"),
    (re.compile(r"[a-zа-яё]"), "x"),
    (re.compile(r"\d"), "d"),
)
_REPEAT_RE = re.compile(r"(.)\1+")
_CYR = re.compile(r"[А-Яа-яЁё]")
_LAT = re.compile(r"[A-Za-z]")


def _shape(text: str) -> str:
    shape = text
    for pattern, char in _SHAPE_RE:
        shape = pattern.sub(char, shape)
    return shape


def _word_features(text: str) -> tuple[str, ...]:
    """Features of a token text alone, without its neighbours."""
    lower = text.lower()
    shape = _shape(text)
    short = _REPEAT_RE.sub(r"\1", shape)
    feats = ["w=" + lower, "sh=" + (shape if len(shape) <= 6 else short), "ss=" + short]
    if text.isdecimal():
        n = len(text)
        feats.append(f"dig={min(n, 5)}")
        if n == 4 and 1500 <= int(text) <= 2039:
            feats.append("year")
        elif n <= 4 and int(text) < 1000:
            feats.append("small")
    elif text[0].isalpha() or text[0].isdigit():
        script = "cyr" if _CYR.search(text) else ("lat" if _LAT.search(text) else "oth")
        feats.append("sc=" + script)
        if len(text) > 3:
            feats.append("s3=" + lower[-3:])
        if any(c.isdigit() for c in text):
            feats.append("alnum")
    elif text.startswith(("http", "www", "ftp")):
        feats.append("URL")
    elif text.startswith("10.") and "/" in text:
        feats.append("DOI")
    else:
        feats.append("punct")
    hint = _HINTS.get(lower)
    if hint and (len(text) > 1 or text.islower() or hint not in ("and", "in")):
        feats.append("h=" + hint)
    return tuple(feats)


class _Views(NamedTuple):
    """A token text's features as seen from itself and from its neighbours (prefixed)."""

    own: tuple[str, ...]
    shape: str  # short shape, for the context of a separator
    as_prev: tuple[str, ...]  # seen from the next token: "-1w=…", "-1ss=…", "-1h=…"
    as_next: tuple[str, ...]
    as_prev2: str  # seen two tokens away: "-2w=…"
    as_next2: str
    punct: bool
    year: bool
    case: int  # 1 a capitalised word of 4+ letters, 0 a lower-case one, -1 anything else


_OPEN = {"(": ")", "[": "]", "«": "»", "“": "”", "„": "“"}
_CLOSE = {")", "]", "»", "”"}


_STYLE_GOST = re.compile(r"//|\s[–—-]\s|\s[–—]\S")
_STYLE_APA = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)")


_POS = tuple(f"pos={k}" for k in range(10))
_SEG = tuple(f"seg={k}" for k in range(6))
_SEGR = tuple(f"segr={k}" for k in range(6))
_FIRST = ("i=0", "i=1", "i=2", "i=3")


def _area_features(cached: list[_Views], bounds: list[int]) -> list[tuple[str, ...]]:
    """Per area (tokens between sentence breaks): its length, capitalisation and year.

    A linear chain sees only a few neighbours; a title in sentence case, a journal in title
    case and a short "Publisher, 2019" area are told apart by the area as a whole.
    """
    out: list[tuple[str, ...]] = []
    for lo, hi in itertools.pairwise(bounds):
        words = upper = 0
        year = False
        for view in cached[lo:hi]:
            if view.case >= 0:
                words += 1
                upper += view.case
            year = year or view.year
        length = hi - lo
        size = (
            "al=1" if length <= 2 else "al=s" if length <= 6 else "al=m" if length <= 16 else "al=l"
        )
        if not words:
            case = "ac=-"
        elif upper == words:
            case = "ac=all"
        elif 2 * upper >= words:
            case = "ac=most"
        elif upper:
            case = "ac=few"
        else:
            case = "ac=none"
        out.append((size, case, "ay") if year else (size, case))
    return out


def _views(text: str) -> _Views:
    own = _word_features(text)
    # A neighbour contributes its word, its short shape and its dictionary hint.
    neighbour = tuple(f for f in own if f.startswith(("w=", "ss=", "h=", "year")))
    return _Views(
        own,
        neighbour[1][3:],
        tuple("-1" + f for f in neighbour),
        tuple("+1" + f for f in neighbour),
        "-2" + neighbour[0],
        "+2" + neighbour[0],
        "punct" in own,
        "year" in own,
        (1 if text[0].isupper() else 0) if len(text) > 3 and text.isalpha() else -1,
    )


class FeatureExtractor:
    """CRF features of reference strings, with this extractor's memo of per-text views.

    The memo holds at most ``cache_size`` token texts and is emptied when full, so a stream
    of 100k strings never grows memory; each segmenter (and each training run) owns one.
    """

    def __init__(self, cache_size: int = 200_000) -> None:
        self.cache_size = cache_size
        self._cache: dict[str, _Views] = {}

    def _cached(self, text: str) -> _Views:
        entry = self._cache.get(text)
        if entry is None:
            entry = _views(text)
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            self._cache[text] = entry
        return entry

    def sequence(self, text: str, tokens: list[Token]) -> list[list[str]]:
        """CRF feature lists for ``tokens`` of ``text``, one list per token."""
        known = self._cache.get
        cached = [known(t.text) or self._cached(t.text) for t in tokens]
        return _sequence_features(text, tokens, cached)


def _sequence_features(text: str, tokens: list[Token], cached: list[_Views]) -> list[list[str]]:
    n = len(tokens)
    style = []
    if _STYLE_GOST.search(text):
        style.append("g=gost")
    if _STYLE_APA.search(text):
        style.append("g=apa")
    # Sentence breaks (". " after a word, not after an initial) cut the string into areas;
    # each token knows how many areas lie before and after it and how the next one begins
    # (a year or number after "Title. Journal." tells the journal from the title).
    breaks = [
        i
        for i, tok in enumerate(tokens)
        if tok.text == "."
        and i
        and len(tokens[i - 1].text) > 1
        and i + 1 < n
        and tokens[i + 1].start > tok.end
    ]
    total = len(breaks)
    areas = _area_features(cached, [0, *(b + 1 for b in breaks), n])
    out: list[list[str]] = []
    depth = 0
    quote = False
    after_slashes = False
    years_seen = 0
    sentences = 0
    next_area = f"na={cached[breaks[0] + 1].shape}" if breaks else "na=$"
    # What every token of the current area shares, rebuilt only when an area ends.
    shared = (*style, _SEG[0], _SEGR[min(total, 5)], next_area, *areas[0])
    prev_end = -1
    last = n - 1
    for i, tok in enumerate(tokens):
        view = cached[i]
        feats = [*view.own, *shared, _POS[10 * i // n]]
        if i < 4:
            feats.append(_FIRST[i])
        if tok.start == prev_end:
            feats.append("glued")
        if depth:
            feats.append("inbr")
        if quote:
            feats.append("inq")
        if after_slashes:
            feats.append("after//")
        if years_seen:
            feats.append("afteryear")
        if i:
            feats += cached[i - 1].as_prev
            if i >= 2:
                feats.append(cached[i - 2].as_prev2)
        if i < last:
            following_view = cached[i + 1]
            if tokens[i + 1].start == tok.end:
                feats.append("glued+")
            feats += following_view.as_next
            if i + 2 < n:
                feats.append(cached[i + 2].as_next2)
        else:
            feats.append("EOS")
        if view.punct:  # a separator is read in its context: "x|,|d", "X|.|–"
            left = cached[i - 1].shape if i else "^"
            right = following_view.shape if i < last else "$"
            feats.append(f"ctx={left}|{tok.text}|{right}")
        out.append(feats)
        # state after this token
        t = tok.text
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE and depth:
            depth -= 1
        elif t == '"':
            quote = not quote
        elif t == "//":
            after_slashes = True
        elif sentences < total and breaks[sentences] == i:
            sentences += 1
            following = breaks[sentences] + 1 if sentences < total else None
            next_area = f"na={cached[following].shape}" if following is not None else "na=$"
            shared = (
                *style,
                _SEG[min(sentences, 5)],
                _SEGR[min(total - sentences, 5)],
                next_area,
                *areas[sentences],
            )
        elif view.year:
            years_seen += 1
        prev_end = tok.end
    return out
