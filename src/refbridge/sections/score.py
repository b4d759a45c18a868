"""The reference score: how much a piece of text looks like one bibliographic reference.

Author/initials patterns, years, GOST markers, page ranges, DOIs and URLs count for;
sentence-like prose and sheer length count against. All patterns are linear-time (no nested
quantifiers) and look at most :data:`SCORE_WINDOW` characters, so a 5 MB line costs
milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import strip_markdown
from ..text.identifiers import DOI_IN_TEXT, LINKS, URL_START
from ..text.list_markers import MARKER
from ..text.marks import LANGUAGE_MARK
from .lines import LOW, UP

#: An entry is a reference when its score reaches this.
SCORE_THRESHOLD = 2.0
#: Only this many leading characters of a line or entry are scored.
SCORE_WINDOW = 1200

# -- the reference score --------------------------------------------------------------------

_YEAR_PAREN = re.compile(r"\((?:1[5-9]\d\d|20\d\d)[a-zа-я]?(?:,[^()]{0,30})?\)")
_YEAR_GOST = re.compile(r"[.,]\s?(?:1[5-9]\d\d|20\d\d)[a-zа-я]?\s?(?:[.,;]|г\.)")
_GOST_AREA = re.compile(r"[.)»]\s[–—]\s\S")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")
AUTHOR_START = re.compile(
    rf"^[\"'«“„]?[{UP}][\w'’\-]{{1,30}},?\s(?:[{UP}][{LOW}]?\.\s?-?){{1,3}}"
    rf"|^(?:[{UP}]\.\s?){{1,3}}[{UP}][{LOW}'’\-]{{2,}}"
)
_AUTHOR_ANY = re.compile(
    rf"[{UP}][{LOW}'’\-]{{1,30}},?\s(?:[{UP}][{LOW}]?\.\s?){{1,3}}"
    rf"|(?:[{UP}]\.\s?){{2,3}}[{UP}][{LOW}'’\-]{{2,}}"
)
_AUTHOR_VANCOUVER = re.compile(
    rf"^[{UP}][{LOW}'’\-]{{1,30}}(?:\s[{UP}][{LOW}'’\-]{{1,30}})?\s[{UP}]{{1,3}}[,.]"
)
_AUTHOR_FULL = re.compile(rf"^[{UP}][{LOW}'’\-]{{1,30}},\s[{UP}][{LOW}]{{1,20}}[\s,.]")
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
_URL = re.compile(rf"{URL_START}\S|www\.\S")
_ELECTRONIC = re.compile(
    r"URL\s?:|Режим доступа|дата обращения|Электронный ресурс|Retrieved from|Available at|"
    r"Accessed|accessed|ISBN|ISSN|arXiv|Available from",
)
# spelled out in both cases rather than re.I, which makes every search several times slower
_EDITORS = re.compile(
    r"\([Ee][Dd][Ss]?\.?\)|\b[Ee][Dd]\.\s|\b[Ee][Dd][Ss]\.|[Пп][Оо][Дд] (?:общ\. )?ред\.|"
    r"[Ee][Tt] [Aa][Ll]\.|[Ии] [Дд][Рр]\.|\b[Ii][Nn]:\s"
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
    words = _WORDS.findall(URLS_IN_TEXT.sub(" ", window))
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
    head = strip_markdown(MARKER.sub("", window[:100], count=1))
    if AUTHOR_START.match(head):
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
    if DOI_IN_TEXT.search(window):
        add(1.0, "DOI")
    elif _URL.search(window):
        add(1.0, "URL")
    if _ELECTRONIC.search(window):
        add(0.75, "access/identifier note")
    if LANGUAGE_MARK.search(window):
        add(1.0, "original-language note")
    if _EDITORS.search(window):
        add(0.5, "editors / et al.")
    if ("*" in window or "_" in window) and _EMPHASIS.search(window):
        add(0.5, "emphasised title")

    words = _WORDS.findall(URLS_IN_TEXT.sub(" ", window))  # "i", "is" inside URLs are no prose
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


URLS_IN_TEXT = LINKS


def starts_with_authors(text: str) -> bool:
    """ "Иванов И.И.", "Smith AB,", "Smith, John," first: how most entries begin."""
    head = strip_markdown(text[:100])
    return bool(
        AUTHOR_START.match(head) or _AUTHOR_VANCOUVER.match(head) or _AUTHOR_FULL.match(head)
    )


def starts_like_entry(text: str) -> bool:
    """Authors first, a quoted title first, or a short title/corporate name and a year."""
    head = strip_markdown(text[:100])
    return starts_with_authors(head) or head[:1] in '«“"' or bool(_YEAR_PAREN.search(head[:80]))


def has_year(text: str) -> bool:
    """A publication year outside URLs and DOIs (which are full of four-digit numbers)."""
    return bool(_YEAR.search(URLS_IN_TEXT.sub(" ", text[:SCORE_WINDOW])))
