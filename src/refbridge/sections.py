"""Find reference lists in a document and split them into entries.

A reference list is found in one of two ways:

1. **Under a heading** — "References", "Bibliography", "Список литературы", "Литература",
   "Әдебиеттер тізімі", … as a plain line, a Markdown ``#`` heading, a bold line or a
   numbered heading ("7. References"), also bilingual ("Список литературы / References")
   and qualified ("References (transliterated)").
2. **Without a heading, at the end of the text** — a run of at least
   :data:`MIN_HEADLESS_ENTRIES` reference-looking entries closing the document, possibly
   followed by a few lines of boilerplate (a licence line) that are not entries.

Either way, entries are decided by a per-entry *reference score*
(:func:`reference_score`): author/initials patterns, years in parentheses, GOST markers
(``//``, ``Т.``, ``№``, ``С.``), page ranges, DOIs and URLs count for; sentence-like prose
(verbs and pronouns such as "is", "we", "является") and sheer length count against. A
heading followed by prose or by a table of contents yields nothing.

Splitting into entries uses structure first — list markers (``-``, ``1.``, ``[1]``,
``1)``), hanging indentation, blank lines, a line that starts with a URL/DOI or in lower
case, a previous line that ends mid-phrase — and then the scores: a fragment that scores
low but is not prose is a wrapped part of the previous entry, not a new one. Wrapped lines
are joined with line-end hyphenation undone where it is a syllable break (checked against
the document's own vocabulary), and kept in compound names ("Ефремова-Шершукова"), page
ranges and URLs.

All patterns are linear-time (no nested quantifiers) and look at most
:data:`SCORE_WINDOW` characters of a line, so a 5 MB line costs milliseconds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .bilingual.script import detect_language
from .model import Document
from .textutil import fold, script_of, strip_markdown

__all__ = [
    "MIN_HEADLESS_ENTRIES",
    "SCORE_THRESHOLD",
    "FoundEntry",
    "FoundList",
    "find_reference_lists",
    "heading_name",
    "join_wrapped",
    "reference_score",
]

#: An entry is a reference when its score reaches this.
SCORE_THRESHOLD = 2.0
#: A list with no heading must have at least this many entries.
MIN_HEADLESS_ENTRIES = 3
#: Only this many leading characters of a line or entry are scored.
SCORE_WINDOW = 1200
#: Lines of boilerplate allowed after a headless list at the end of a text.
_TRAILING_BOILERPLATE = 3
#: How much of an over-long block is scored to decide whether it is a run of references.
_OVERLONG_HEAD = 400
#: A fragment is merged into the previous entry only while that stays shorter than this.
_MAX_MERGED = 1500


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class FoundEntry:
    """One entry as found: text with Markdown kept and wrapped lines joined; 1-based lines."""

    text: str
    line_start: int
    line_end: int
    score: float = 0.0
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, eq=False)


@attrs.frozen
class FoundList:
    """A reference list: its heading ("" when found without one), language and entries."""

    heading: str
    language: str
    entries: tuple[FoundEntry, ...] = attrs.field(converter=_as_tuple)
    line_start: int
    line_end: int
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, eq=False)


# -- headings -------------------------------------------------------------------------------

_HEADING_KEYS = frozenset(
    fold(h)
    for h in """references|reference|reference list|list of references|references cited|
    cited references|bibliography|bibliographic references|bibliographical references|
    literature|literature cited|cited literature|references and notes|notes and references|
    works cited|sources|list of sources|sources and literature|sources and references|
    literature and sources|список литературы|литература|библиографический список|
    библиография|источники|список источников|список использованных источников|
    список использованной литературы|использованная литература|использованные источники|
    список использованных источников и литературы|источники и литература|
    литература и источники|список цитируемой литературы|цитируемая литература|
    библиографические ссылки|пристатейный список литературы|список литературы и источников|
    әдебиеттер|әдебиеттер тізімі|пайдаланылған әдебиеттер|пайдаланылған әдебиеттер тізімі|
    колданылган адебиеттер|пайдаланылган адебиеттер|адебиеттер|адебиеттер тiзiмi""".split("|")
)
_HEADING_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:[*_]{1,3})?\s*")
_HEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.|[A-ZА-Я]\.|§\s?\d{1,2}\.?)\s+(?=\S)"
)
_HEADING_TRAILER = re.compile(r"[\s*_:.]+$")
_PARENTHETICAL = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$")
_HEADING_SEPARATOR = re.compile(r"\s*[/|]\s*")
_MAX_HEADING = 90


def heading_name(line: str) -> str | None:
    """The heading as printed ("Список литературы") if ``line`` is a reference-list heading."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    text = _HEADING_MARKUP.sub("", text)
    text = _HEADING_NUMBER.sub("", text)
    text = _HEADING_TRAILER.sub("", text).strip()
    if not text:
        return None
    core = _PARENTHETICAL.sub("", text)
    parts = [p for p in _HEADING_SEPARATOR.split(core) if p]
    if parts and all(fold(strip_markdown(p)) in _HEADING_KEYS for p in parts):
        return text
    return None


def _is_other_heading(line: str) -> bool:
    """A Markdown ``#`` heading or a whole-line bold heading: the end of any list."""
    text = line.strip()
    if text.startswith("#"):
        return bool(re.match(r"#{1,6}\s", text))
    return bool(re.fullmatch(r"(\*\*|__)[^*_]{1,120}\1:?", text))


# -- the reference score --------------------------------------------------------------------

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
_YEAR_PAREN = re.compile(r"\((?:1[5-9]\d\d|20\d\d)[a-zа-я]?(?:,[^()]{0,30})?\)")
_YEAR_GOST = re.compile(r"[.,]\s?(?:1[5-9]\d\d|20\d\d)[a-zа-я]?\s?(?:[.,;]|г\.)")
_GOST_AREA = re.compile(r"[.)»]\s[–—]\s\S")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")
_AUTHOR_START = re.compile(
    rf"^[\"'«“„]?[{_UP}][\w'’\-]{{1,30}},?\s(?:[{_UP}][{_LOW}]?\.\s?-?){{1,3}}"
    rf"|^(?:[{_UP}]\.\s?){{1,3}}[{_UP}][{_LOW}'’\-]{{2,}}"
)
_AUTHOR_ANY = re.compile(
    rf"[{_UP}][{_LOW}'’\-]{{1,30}},?\s(?:[{_UP}][{_LOW}]?\.\s?){{1,3}}"
    rf"|(?:[{_UP}]\.\s?){{2,3}}[{_UP}][{_LOW}'’\-]{{2,}}"
)
_AUTHOR_VANCOUVER = re.compile(
    rf"^[{_UP}][{_LOW}'’\-]{{1,30}}(?:\s[{_UP}][{_LOW}'’\-]{{1,30}})?\s[{_UP}]{{1,3}}[,.]"
)
_AUTHOR_FULL = re.compile(rf"^[{_UP}][{_LOW}'’\-]{{1,30}},\s[{_UP}][{_LOW}]{{1,20}}[\s,.]")
_VOLUME_PAGES = re.compile(
    r"\d{1,4}\s?(?:\(\d{1,4}\))?\s?:\s?[eE]?\d{1,6}(?:\s?[-–]\s?\d{1,6})?\b"
    r"|(?:1[5-9]|20)\d\d\s?;\s?\d"
)
_VENUE = re.compile(
    r"\b(?:Journal|Proceedings|Conference|Symposium|Review|Transactions|Bulletin|Letters|"
    r"Press|Publishers?|Verlag|University|Vestnik|Izvestiya|Trudy|Zhurnal|Report|Manual|"
    r"Handbook|Guide|Patent|GOST|TECDOC)\b|"
    r"(?:Журнал|журнал|Вестник|Известия|Труды|трудов|Сборник|Материалы|конференци|"
    r"Изд-во|Издательство|издательство|Наука|Учебник|учебник|Монография|Диссертация|дис\.|"
    r"ГОСТ|Патент|Отчет|Отчёт|Руководство|Справочник)"
)
_QUOTED_TITLE = re.compile(r"[“«\"][^“”«»\"]{8,300}[”»\"]")
_GOST_SLASHES = re.compile(r"(?<!:)//")
_GOST_MARKERS = re.compile(
    r"(?:^|[\s(.,])(?:Т|Вып|Ч|Кн|Вол|Vol|vol|No|no|Nr|Iss|Issue|pp|Pp|P|С|с|S|Bd|Hft)\.\s?\d"
    r"|№\s?\d|\d\s?(?:с|p|pp|стр|S|р)\.(?![\w])"
)
_PLACE_PUBLISHER = re.compile(
    r"(?:^|[\s.])(?:М|СПб|Л|Киев|Минск|Алматы|Астана|Нур-Султан|Новосибирск|Екатеринбург|"
    r"Казань|Ташкент|Бишкек|Томск|Ростов-на-Дону|M|St\.\s?Petersburg|Moscow|Almaty|Astana|"
    r"Nur-Sultan|Kyiv|Kiev|Minsk|Tashkent|Bishkek|London|New York|Berlin|Oxford|Cambridge|"
    r"Paris|Boston|Chicago|Amsterdam|Leipzig|Heidelberg|Washington|Beijing|Tokyo|Singapore|"
    r"Princeton|Stanford|Toronto|Vienna|Вена|Geneva|Женева|Обнинск|Obninsk)\.?\s?:\s?\S"
)
_PAGE_RANGE = re.compile(r"(?<![\d.])\d{1,5}\s?[-–—]\s?\d{1,5}(?!\d|\.\d)")
_VOLUME_ISSUE = re.compile(r"\d{1,4}\s?\(\d{1,4}(?:[-–]\d{1,4})?\)")
_DOI = re.compile(r"\b10\.\d{4,9}/\S")
_URL = re.compile(r"(?:https?|ftp)://\S|www\.\S")
_ELECTRONIC = re.compile(
    r"URL\s?:|Режим доступа|дата обращения|Электронный ресурс|Retrieved from|Available at|"
    r"Accessed|accessed|ISBN|ISSN|arXiv|Available from",
)
_ORIGINAL_LANGUAGE = re.compile(
    r"[(\[]\s?(?:[Ii]n|на)\s(?:Russ(?:ian|\.)?|Kazakh|Engl(?:ish|\.)?|Ukr(?:ainian|\.)?|"
    r"русском|казахском|английском)(?: language)?\s?[)\]]"
)
_EDITORS = re.compile(
    r"\(Eds?\.?\)|\bEd\.\s|\bEds\.|Под (?:общ\. )?ред\.|et al\.|и др\.|\bin:\s", re.I
)
_EMPHASIS = re.compile(r"(?<![*\w])\*[^*\s][^*]{0,300}\*(?!\*)|(?<![_\w])_[^_\s][^_]{0,300}_(?!_)")
_WORDS = re.compile(r"[^\W\d_]+")
# Words of running text. Not in the list, though they look like it: "I" (an initial, and
# transliterated "и"), "US", "May" (a month), "am" — references are full of them.
_PROSE_WORDS = frozenset(
    """is are was were be been being we our you your he she it its they them their
    this these those that which who whom will would should could can might must shall
    has have had do does did not there here very also however therefore thus because
    что это как является являются был была были было будет будут мы наш наши нас вы он она
    они его ее её их который которая которые которых также однако поэтому если можно нужно
    необходимо не нет очень уже ещё еще этот эта эти этого этой""".split()
)
_PROSE_SHARE = 0.05


def _prose_count(words: Sequence[str]) -> int:
    return sum(1 for w in words if w.lower() in _PROSE_WORDS)


def is_prose(text: str) -> bool:
    """A sentence of running text rather than a citation (verbs, pronouns, a question)."""
    window = text[:SCORE_WINDOW]
    words = _WORDS.findall(_URLS_IN_TEXT.sub(" ", window))
    if len(words) < 5:
        return False
    prose = _prose_count(words)
    stripped = window.rstrip(" *_")
    return (prose >= 2 and prose / len(words) >= _PROSE_SHARE) or stripped.endswith(("?", "!"))


def reference_score(text: str) -> tuple[float, list[str]]:
    """How much ``text`` looks like one bibliographic reference, with the evidence.

    :data:`SCORE_THRESHOLD` separates references from prose; the evidence names every
    feature that counted, for reports and debugging.
    """
    window = text[:SCORE_WINDOW].strip()
    score = 0.0
    why: list[str] = []

    def add(points: float, reason: str) -> None:
        nonlocal score
        score += points
        why.append(f"{points:+g} {reason}")

    if not window:
        return 0.0, ["empty"]
    head = strip_markdown(_MARKER.sub("", window[:100], count=1))
    if _AUTHOR_START.match(head):
        add(1.5, "starts with an author and initials")
    elif _AUTHOR_VANCOUVER.match(head):
        add(1.5, "starts with an author and bare initials")
    elif _AUTHOR_FULL.match(head):
        add(1.0, "starts with 'Surname, Forename'")
    elif _AUTHOR_ANY.search(window):
        add(0.5, "author with initials")
    if _YEAR_PAREN.search(window):
        add(1.5, "year in parentheses")
    elif _YEAR_GOST.search(window):
        add(1.0, "year between separators")
    elif _YEAR.search(window):
        add(0.75, "a year")
    if _GOST_SLASHES.search(window):
        add(1.5, "'//' before the container")
    if _GOST_AREA.search(window):
        add(0.75, "'. – ' between areas")
    markers = len(_GOST_MARKERS.findall(window))
    if markers:
        add(min(markers, 2) * 0.75, "volume/issue/page markers")
    if _PLACE_PUBLISHER.search(window):
        add(0.75, "place: publisher")
    if _PAGE_RANGE.search(window):
        add(0.5, "page range")
    if _VOLUME_ISSUE.search(window):
        add(0.5, "volume(issue)")
    if _VOLUME_PAGES.search(window):
        add(1.0, "volume: pages / year; volume")
    if _VENUE.search(window):
        add(0.5, "journal/publisher word")
    if _QUOTED_TITLE.search(window):
        add(0.5, "quoted title")
    if _DOI.search(window):
        add(1.0, "DOI")
    elif _URL.search(window):
        add(1.0, "URL")
    if _ELECTRONIC.search(window):
        add(0.75, "access/identifier note")
    if _ORIGINAL_LANGUAGE.search(window):
        add(1.0, "original-language note")
    if _EDITORS.search(window):
        add(0.5, "editors / et al.")
    if _EMPHASIS.search(window):
        add(0.5, "emphasised title")

    words = _WORDS.findall(_URLS_IN_TEXT.sub(" ", window))  # "i", "is" inside URLs are no prose
    prose = _prose_count(words)
    share = prose / len(words) if words else 0.0
    if prose >= 3 and share >= 2 * _PROSE_SHARE:
        add(-3.0, f"prose words {share:.0%}")
    elif prose >= 2 and share >= _PROSE_SHARE:
        add(-1.5, f"prose words {share:.0%}")
    elif prose and len(words) >= 25:
        add(-0.75, "a prose word in a long text")
    if len(text) > 1000:
        add(-3.0, f"{len(text)} characters: too long for one reference")
    elif len(text) > 500:
        add(-1.0, f"{len(text)} characters: long")
    if window.rstrip(" *_").endswith(("?", "!", ":")):
        add(-1.0, "ends like a sentence or a lead-in")
    if window[:1].islower():
        add(-1.0, "starts in lower case")
    return score, why


# -- entry splitting ------------------------------------------------------------------------

_MARKER = re.compile(
    r"^(?P<indent>\s*)(?P<marker>[-*+•·▪◦‣]\s+|\[\d{1,3}\]\s*|\(\d{1,3}\)\s+|\d{1,3}[.)]\s+"
    r"|\d{1,3}\.(?=[A-ZА-ЯЁ«\"“]))"
)
_CONTINUATION_START = re.compile(
    rf"^(?:[{_LOW}]|<?(?:https?|ftp)://|www\.|doi\s?:|DOI\s?:?\s|10\.\d{{4,9}}/|"
    r"\((?:In|in)\s|\[in\s|URL\s?:|[СсPp]p?\.\s?\d|№|\d{1,5}\s?[-–]\s?\d|&\s|и\s|//)"
)
_OPEN_END = re.compile(r"(?:[,;:&\-–—(\u00ad]|//|\s(?:and|in|of|the|и|в|на|с|по|for|to))$")


@attrs.define
class _Line:
    number: int  # 0-based index into the document's lines
    raw: str
    indent: int
    marker: str
    body: str
    blank: bool


def _analyse(number: int, raw: str) -> _Line:
    expanded = raw.expandtabs(4)
    if not expanded.strip():
        return _Line(number, raw, 0, "", "", True)
    match = _MARKER.match(expanded)
    if match and expanded[match.end() :].strip():
        return _Line(
            number,
            raw,
            len(match.group("indent")),
            match.group("marker").strip(),
            expanded[match.end() :].strip(),
            False,
        )
    indent = len(expanded) - len(expanded.lstrip())
    return _Line(number, raw, indent, "", expanded.strip(), False)


def _marker_kind(marker: str) -> str:
    if not marker:
        return ""
    if marker[0].isdigit():
        return "number" + marker[-1]
    if marker[0] in "[(":
        return "bracket" + marker[0]
    return "bullet"


def _marker_number(marker: str) -> int | None:
    digits = re.sub(r"\D", "", marker)
    return int(digits) if digits else None


_EMPHASIS_END = re.compile(r"(?<![*\s])\*$")
_EMPHASIS_START = re.compile(r"^\*(?![*\s])")
_URL_TAIL = re.compile(r"(?:(?:https?|ftp):/{0,2}|www\.|10\.\d{4,9}/)\S*$")
_URL_CHARS = re.compile(r"[/._=&?%#\d]")
_URL_HEAD = re.compile(r"^[\w\-./%?=&#~:+]+")
_WORD_TAIL = re.compile(r"([^\W\d_]+)-$")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")


def join_wrapped(first: str, second: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Join two wrapped lines of one entry, undoing line-end hyphenation where it is one.

    * soft hyphen at the end: removed, no space;
    * a URL or DOI broken at ``-/_=&?#``, or anywhere when the next line goes on like a
      URL ("clear.org/info"): joined without a space, nothing removed;
    * digits on both sides of a hyphen (page ranges, DOIs): joined, hyphen kept;
    * letter-hyphen then a capital ("Ефремова-" + "Шершукова"): hyphen kept, no space;
    * letter-hyphen then lower case: the hyphen is kept when the document spells the word
      with a hyphen elsewhere, dropped when it spells it solid or not at all.
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    if _EMPHASIS_END.search(first) and _EMPHASIS_START.match(second):
        # "*Russia in the*" + "*21st Century*": one emphasis wrapped over two lines
        return join_wrapped(first[:-1], second[1:], vocabulary)
    if first.endswith("\u00ad"):
        return first[:-1] + second
    url = _URL_TAIL.search(first)
    head = _URL_HEAD.match(second)
    if (
        url
        and head
        and second[0] not in "(<"
        and not second[0].isupper()
        # broken after a URL separator, or the next line goes on like a URL ("clear.org/…")
        and (first[-1] in "-/_=&?#%~." or _URL_CHARS.search(head.group()))
    ):
        return first + second
    if first.endswith(("-", "‐")):
        if first[-2:-1].isdigit() and second[:1].isdigit():
            return first + second
        tail = _WORD_TAIL.search(first)
        head = _WORD_HEAD.match(second)
        if tail and head:
            if not second[0].islower():
                return first + second
            solid = (tail.group(1) + head.group(1)).lower()
            hyphenated = f"{tail.group(1)}-{head.group(1)}".lower()
            if hyphenated in vocabulary and solid not in vocabulary:
                return first + second
            return first[:-1] + second
    return f"{first} {second}"


_VOCABULARY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def document_vocabulary(lines: Sequence[str]) -> frozenset[str]:
    """Lower-cased words (hyphenated compounds kept whole) used to judge line-end hyphens.

    A word hyphenated across a line end appears as its ``xxx-`` first half; it is left
    out so that it does not vouch for itself.
    """
    words: set[str] = set()
    for line in lines:
        stripped = line.rstrip()
        for match in _VOCABULARY_WORD.finditer(line[:SCORE_WINDOW]):
            if match.end() == len(stripped) - 1 and stripped.endswith("-"):
                continue
            words.add(match.group().lower())
    return frozenset(words)


@attrs.define
class _Block:
    lines: list[_Line]
    after_blank: bool
    text: str = ""
    wrapped: bool = False  # the region is text wrapped to a fixed width

    @property
    def first(self) -> _Line:
        return self.lines[0]

    @property
    def kind(self) -> str:
        return _marker_kind(self.first.marker)


def _is_continuation(
    line: _Line, block: _Block, after_blank: bool, marked: bool, width: int | None
) -> bool:
    if line.marker:
        return False
    previous = block.lines[-1]
    if _CONTINUATION_START.match(line.body):
        return True
    if after_blank:
        return False
    if marked:
        return True  # in a marked list every unmarked line belongs to the entry above
    if line.indent > block.first.indent:
        return True  # hanging indentation
    if _OPEN_END.search(previous.body):
        return True
    if width is None or len(previous.raw.rstrip()) < _FULL_LINE * width:
        return False
    # the line above is full: text wrapped on, unless an entry ended and a new one begins
    ended = previous.body.rstrip(" *_").endswith((".", ")", "]")) or _URL_TAIL.search(previous.body)
    if not ended:
        return True
    if _starts_like_entry(line.body):
        return False
    so_far = " ".join(part.body for part in block.lines)
    # "… Prog. Nucl. En. 17(3), p. 231, 1986." is complete; a capital after it starts anew
    return not (line.body[:1].isupper() and _has_year(so_far) and _ENDS_COMPLETE.search(so_far))


_ENDS_COMPLETE = re.compile(
    r"(?:(?:1[5-9]|20)\d\d|\d\s?(?:p|pp|с|р|S|c)|\d\s?[-–]\s?\d+|\([^()]{1,30}\)|\])\.?\s*$"
)


#: In text wrapped to a fixed width, a line at least this share of the width is "full".
_FULL_LINE = 0.8


def _starts_like_entry(text: str) -> bool:
    """Authors first, a quoted title first, or a short title/corporate name and a year."""
    head = strip_markdown(text[:100])
    return bool(
        _AUTHOR_START.match(head)
        or _AUTHOR_VANCOUVER.match(head)
        or _AUTHOR_FULL.match(head)
        or head[:1] in '«“"'
        or _YEAR_PAREN.search(head[:80])
    )


def _wrap_width(lines: Sequence[_Line]) -> int | None:
    """The width of text wrapped to fixed-width lines (copied PDF text), or None.

    Wrapped text has many lines close to one maximum length, and those full lines mostly
    end mid-sentence; a list with one entry per line has full lines ending in "." or ")".
    """
    texts = [line.raw.rstrip() for line in lines if not line.blank]
    if len(texts) < 4:
        return None
    width = max(len(text) for text in texts)
    full = [text for text in texts if len(text) >= _FULL_LINE * width]
    if width > 200 or len(full) < 0.3 * len(texts):
        return None
    open_ended = sum(1 for text in full if not text.rstrip(" *_").endswith((".", ")", "]")))
    return width if open_ended >= 0.5 * len(full) else None


def _consistent_markers(lines: Sequence[_Line]) -> list[_Line]:
    """Demote "markers" that do not belong to the list's own numbering to plain text.

    The list's marker kind is that of its first marked line. A wrapped line that happens to
    start with "38. " (a volume) or "- № 2" (a GOST area dash) is then not a new entry: its
    kind differs, or its number does not continue the sequence (next or next-but-one).
    """
    kind = next(
        (
            _marker_kind(line.marker)
            for line in [ln for ln in lines if not ln.blank][:3]
            if line.marker
        ),
        "",
    )
    last: int | None = None
    out: list[_Line] = []
    for line in lines:
        if line.marker:
            number = _marker_number(line.marker) if kind != "bullet" else None
            fits = _marker_kind(line.marker) == kind and (
                number is None or last is None or last < number <= last + 2
            )
            if fits:
                last = number if number is not None else last
            else:
                line = attrs.evolve(line, marker="", body=line.raw.expandtabs(4).strip())
        out.append(line)
    return out


def _split_blocks(lines: Sequence[_Line], vocabulary: frozenset[str]) -> list[_Block]:
    """Group the non-blank lines of a region into candidate entries, by structure alone."""
    blocks: list[_Block] = []
    lines = _consistent_markers(lines)
    marked = any(line.marker for line in lines[:3])
    base = min((line.indent for line in lines if not line.blank), default=0)
    hanging = any(line.indent > base for line in lines if not line.blank)
    # indentation or markers tell where entries start; line widths only when nothing else does
    width = None if marked or hanging else _wrap_width(lines)
    after_blank = False
    for line in lines:
        if line.blank:
            after_blank = True
            continue
        if blocks and _is_continuation(line, blocks[-1], after_blank, marked, width):
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block([line], after_blank))
        after_blank = False
    for block in blocks:
        block.wrapped = width is not None
        text = block.lines[0].body
        for line in block.lines[1:]:
            text = join_wrapped(text, line.body, vocabulary)
        block.text = text
    return blocks


def _accept_blocks(
    blocks: list[_Block], vocabulary: frozenset[str] = frozenset()
) -> list[FoundEntry]:
    """Entries from the leading blocks that are references; stop at the first that is not.

    A block is joined to the entry above when it is a wrapped fragment of it (see
    :func:`_is_fragment`). A low-scoring block is kept as an entry when it sits inside a
    marked list between entries of the same marker kind (numbering continues, or the next
    block is a reference).
    """
    entries: list[FoundEntry] = []
    marked = any(block.first.marker for block in blocks)
    scored = [reference_score(block.text) for block in blocks]
    for i, block in enumerate(blocks):
        score, why = scored[i]
        if entries and _is_fragment(block, score, entries[-1], marked):
            previous = entries[-1]
            text = join_wrapped(previous.text, block.text, vocabulary)
            merged_score, merged_why = reference_score(text)
            entries[-1] = FoundEntry(
                text,
                previous.line_start,
                block.lines[-1].number + 1,
                merged_score,
                (*merged_why, "joined with a wrapped fragment"),
            )
            continue
        if score >= SCORE_THRESHOLD:
            entries.append(_entry(block, score, why))
            continue
        if len(block.text) > 2 * SCORE_WINDOW:
            head_score, head_why = reference_score(block.text[:_OVERLONG_HEAD])
            if head_score >= SCORE_THRESHOLD:
                # several references run together, or a whole page on one line: keep it so
                # that it is reported (as too long to parse) instead of silently dropped
                entries.append(
                    _entry(block, score, [*head_why, f"over-long: {len(block.text)} characters"])
                )
                continue
        if entries and block.kind == blocks[i - 1].kind and _bridges(blocks, scored, i):
            entries.append(_entry(block, score, [*why, "kept: between entries of the list"]))
            continue
        if not entries and _opens_list(blocks, scored, i):
            entries.append(_entry(block, score, [*why, "kept: the list goes on with references"]))
            continue
        if _is_subheading(block) and i + 1 < len(blocks) and scored[i + 1][0] >= SCORE_THRESHOLD:
            continue  # "Primary sources", "Архивные материалы": a part of the list, not an entry
        break
    return entries


def _is_subheading(block: _Block) -> bool:
    text = strip_markdown(block.text).strip().rstrip(":")
    return (
        len(block.lines) == 1
        and 0 < len(text) <= 60
        and not text.endswith((".", ",", ";"))
        and not any(ch.isdigit() for ch in text)
        and not is_prose(text)
    )


def _is_fragment(block: _Block, score: float, previous: FoundEntry, marked: bool) -> bool:
    """Is ``block`` the wrapped rest of ``previous`` rather than an entry of its own?

    Only a block right below the entry (no blank line, no list marker) that is not prose
    qualifies, and then when it does not look like a reference by itself, or — in an
    unmarked list — when it has no year while the entry above has one ("Journal of Things,
    12(3), 45–67. https://doi.org/…" after a line that ended at a full stop).
    """
    if not block.wrapped or block.after_blank or block.first.marker or is_prose(block.text):
        return False
    if len(previous.text) + len(block.text) >= _MAX_MERGED:
        return False
    if score < SCORE_THRESHOLD:
        return True
    return (
        not marked
        and not _has_year(block.text)
        and _has_year(previous.text)
        and not _AUTHOR_START.match(strip_markdown(block.text[:100]))
    )


def _has_year(text: str) -> bool:
    """A publication year outside URLs and DOIs (which are full of four-digit numbers)."""
    return bool(_YEAR.search(_URLS_IN_TEXT.sub(" ", text[:SCORE_WINDOW])))


def _bridges(blocks: list[_Block], scored: list[tuple[float, list[str]]], i: int) -> bool:
    """May a low-scoring marked block stay in the list? Not prose, and: the numbering
    continues, or it has a year, or the next block is a reference."""
    block = blocks[i]
    if is_prose(block.text):
        return False
    number = _marker_number(block.first.marker)
    previous = _marker_number(blocks[i - 1].first.marker)
    if number is not None and previous is not None and number == previous + 1:
        return True
    if _has_year(block.text):
        return True
    return i + 1 < len(blocks) and scored[i + 1][0] >= SCORE_THRESHOLD


def _opens_list(blocks: list[_Block], scored: list[tuple[float, list[str]]], i: int) -> bool:
    """May a low-scoring first block open the list? A numbered or dated block that is not
    prose or a sub-heading, followed by a reference of the same marker kind."""
    block = blocks[i]
    return (
        i + 1 < len(blocks)
        and blocks[i + 1].kind == block.kind
        and scored[i + 1][0] >= SCORE_THRESHOLD
        and (block.kind.startswith(("number", "bracket")) or _has_year(block.text))
        and not is_prose(block.text)
        and not _is_subheading(block)
    )


def _entry(block: _Block, score: float, why: list[str]) -> FoundEntry:
    return FoundEntry(
        block.text, block.first.number + 1, block.lines[-1].number + 1, score, tuple(why)
    )


def _markdown_level(line: str) -> int:
    """1-6 for a Markdown ``#`` heading, 0 for anything else."""
    match = re.match(r"\s*(#{1,6})\s", line)
    return len(match.group(1)) if match else 0


def _region(lines: Sequence[_Line], start: int, stop: int) -> list[_Line]:
    """Lines from ``start`` up to ``stop`` or the next ``#`` heading of the list's rank.

    Under "## References" a "### Primary sources" or a bold line is a part of the list
    (:func:`_accept_blocks` skips it when references follow); "## Appendix" ends it. Under
    a plain or bold heading, any ``#`` heading ends it.
    """
    level = _markdown_level(lines[start - 1].raw) if start > 0 else 0
    region: list[_Line] = []
    for line in lines[start:stop]:
        rank = 0 if line.blank or line.marker else _markdown_level(line.raw)
        if rank and (not level or rank <= level):
            break
        region.append(line)
    return region


# -- language -------------------------------------------------------------------------------

_URLS_IN_TEXT = re.compile(r"<?(?:https?|ftp)://\S+|10\.\d{4,9}/\S+")


def _list_language(heading: str, entries: Sequence[FoundEntry]) -> str:
    scripts = [
        script_of(_URLS_IN_TEXT.sub(" ", strip_markdown(e.text[:SCORE_WINDOW]))) for e in entries
    ]
    cyrillic = sum(1 for s in scripts if s == "cyrillic" or s == "mixed")
    latin = sum(1 for s in scripts if s == "latin")
    heading_script = script_of(heading)
    if heading_script == "cyrillic" or (heading_script != "latin" and cyrillic > latin):
        # A Cyrillic list is Russian unless most entries show another alphabet's letters.
        counts = Counter(detect_language(e.text[:SCORE_WINDOW]) for e in entries)
        other = [(n, lang) for lang, n in counts.items() if lang in ("kk", "uk", "be")]
        return max(other)[1] if other and max(other)[0] * 2 > len(entries) else "ru"
    if heading_script == "latin" or latin:
        return "en"
    return ""


# -- finding lists --------------------------------------------------------------------------


def _found(
    heading: str, heading_line: int | None, entries: list[FoundEntry], why: str
) -> FoundList:
    start = heading_line if heading_line is not None else entries[0].line_start
    return FoundList(
        heading=heading,
        language=_list_language(heading, entries),
        entries=tuple(entries),
        line_start=start,
        line_end=entries[-1].line_end,
        evidence=(why, f"{len(entries)} entries"),
    )


def _headless_start(lines: Sequence[_Line]) -> tuple[int, int] | None:
    """The line span of a reference run that closes the document, if any (0-based)."""
    end = len(lines)
    while end and lines[end - 1].blank:
        end -= 1
    skipped = 0
    last = end - 1
    while last >= 0:
        line = lines[last]
        if not line.blank:
            if reference_score(line.body)[0] >= SCORE_THRESHOLD:
                break
            skipped += 1
            if skipped > _TRAILING_BOILERPLATE:
                return None
        last -= 1
    if last < 0:
        return None
    first = last
    while first > 0:
        line = lines[first - 1]
        if not line.blank and (
            reference_score(line.body)[0] < SCORE_THRESHOLD
            and not _CONTINUATION_START.match(line.body)
            and (is_prose(line.body) or _is_other_heading(line.raw) or len(line.body) > 500)
        ):
            break
        first -= 1
    return first, last + 1


def find_reference_lists(doc: Document) -> list[FoundList]:
    """Every reference list in ``doc``, in document order (see the module docstring)."""
    lines = [_analyse(i, raw) for i, raw in enumerate(doc.lines)]
    vocabulary = document_vocabulary(doc.lines)
    headings = [(i, name) for i, raw in enumerate(doc.lines) if (name := heading_name(raw))]
    found: list[FoundList] = []
    for k, (at, name) in enumerate(headings):
        stop = headings[k + 1][0] if k + 1 < len(headings) else len(lines)
        blocks = _split_blocks(_region(lines, at + 1, stop), vocabulary)
        entries = _accept_blocks(blocks, vocabulary)
        if entries:
            found.append(_found(name, at + 1, entries, f"under the heading {name!r}"))
    if found:
        return found
    span = _headless_start(lines)
    if span is not None:
        blocks = _split_blocks(lines[span[0] : span[1]], vocabulary)
        # the run may begin with the tail of the paragraph before it: skip leading prose
        while blocks and reference_score(blocks[0].text)[0] < SCORE_THRESHOLD:
            blocks.pop(0)
        entries = _accept_blocks(blocks, vocabulary)
        if len(entries) >= MIN_HEADLESS_ENTRIES:
            found.append(_found("", None, entries, "a run of references closing the text"))
    return found
