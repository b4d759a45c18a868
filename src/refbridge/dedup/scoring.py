"""Is this pair of records one work, related works, or unrelated? A score and the reasons.

Each field gives a similarity in [0, 1] or ``None`` when it cannot speak (absent on one side,
or a title in another language). The score is the weighted mean of the fields that speak; a
merge also needs enough of them to speak (``MIN_SUPPORT``). Guards come before the score:
different DOIs never merge; preprint/published, chapter/book and a translation with its
original become relations, never duplicates.

The weights and thresholds were calibrated on the development corpus of
``benchmarks/dedup_corpus.py`` (seed 1) and checked on the test corpus (seed 2); see
``docs/library.md``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs
from rapidfuzz import fuzz

from ..bilingual.features import slug_match, unexplained_numbers
from .keys import RecordKey

__all__ = [
    "CHAPTER_OF",
    "MERGE_THRESHOLD",
    "NONE",
    "PREPRINT_OF",
    "RELATION_THRESHOLD",
    "SAME",
    "TRANSLATION_OF",
    "Explanation",
    "compare",
    "explain",
    "relation_name",
]

# Verdict codes: small ints so millions of them travel cheaply between processes. A negative
# relation code means the relation runs from the second record to the first.
NONE, SAME, PREPRINT_OF, CHAPTER_OF, TRANSLATION_OF = 0, 1, 2, 3, 4
_RELATION_NAMES = {
    PREPRINT_OF: "preprint-of",
    CHAPTER_OF: "chapter-of",
    TRANSLATION_OF: "translation-of",
}

WEIGHTS = {
    "authors": 3.0,
    "title": 4.0,
    "year": 1.0,
    "container": 1.5,
    "volume": 1.5,
    "issue": 1.0,
    "pages": 2.0,
    "isbn": 2.0,
    "publisher": 1.0,
}
MERGE_THRESHOLD = 0.84  # calibrated on the dev corpus: see docs/library.md
RELATION_THRESHOLD = 0.85
MIN_SUPPORT = 5.0  # sum of the weights of the fields that spoke
MIN_TITLE = 0.7  # below this a comparable title vetoes a merge
# The printed strings (records that carry one): calibrated on the dev part of the real corpus
# (benchmarks/dedup_real.py), see docs/library.md.
SAME_WORDING = 0.6  # share of the shorter string's words found in the other
MIN_SHARED_NUMBERS = 2  # numbers both print when the wording differs (a translation)
_DIGITS = re.compile(r"\b\d+\b")
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_FEATURES = tuple(WEIGHTS)


@attrs.frozen
class Explanation:
    """Why two records are, or are not, one work."""

    score: float
    verdict: int
    link: str  # for a merge: same-as, transliteration-of or translation-of; else a relation
    evidence: tuple[str, ...]

    @property
    def same(self) -> bool:
        return self.verdict == SAME


def relation_name(code: int) -> str:
    return _RELATION_NAMES.get(abs(code), "")


def _abbreviation_of(short: list[str], full: list[str]) -> bool:
    """Each word of ``short`` starts a later word of ``full`` in order (Izv. Ross. Akad. Nauk)."""
    j = 0
    for token in short:
        while j < len(full) and not full[j].startswith(token):
            j += 1
        if j == len(full):
            return False
        j += 1
    return True


@lru_cache(maxsize=1 << 16)
def _container(a: str, b: str) -> float:
    """Journal or publisher similarity; an abbreviation of the other name counts 0.95.

    Cached: a corpus names far fewer journals than it has records.
    """
    if a == b:
        return 1.0
    sim = fuzz.ratio(a, b) / 100
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    abbreviated = sim < 0.9 and len(short) < 0.9 * len(full)
    if abbreviated and _abbreviation_of(short.split(), full.split()):
        return 0.95
    return sim


def _authors(ka: RecordKey, kb: RecordKey) -> float:
    a, b = ka.authors, kb.authors
    if a[0] == b[0]:
        first = 1.0
    else:  # a typo in the first author: Ceton / Ceotn, Baaev / Baev
        first = fuzz.ratio(a[0], b[0]) / 100
        first = first if first >= 0.75 else 0.0
    if ka.initial and kb.initial and ka.initial != kb.initial:  # Ivanov A. is not Ivanov V.
        first *= 0.3
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    common = first + sum(1 for k in shorter[1:] if k in longer)
    return 0.6 * first + 0.4 * common / len(shorter)


def _title(a: RecordKey, b: RecordKey) -> float | None:
    """Title similarity; None when the titles are in different languages (a translation)."""
    if a.title == b.title:
        return 1.0
    sim = fuzz.ratio(a.title, b.title) / 100
    if sim < 0.9 and (
        a.translated != b.translated or (a.title_script != b.title_script and sim < 0.6)
    ):
        return None  # one title is a translation of the other: they cannot be compared
    short, long = (a.title, b.title) if len(a.title) <= len(b.title) else (b.title, a.title)
    if sim < 0.95 and len(short) >= 12 and " " in short:  # a dropped subtitle
        sim = max(sim, 0.95 * fuzz.ratio(short, long[: len(short)]) / 100)
    if _DIGITS.findall(a.title) != _DIGITS.findall(b.title):  # "Part 1" vs "Part 2"
        sim = min(sim, 0.5)
    return sim


def _numbers_conflict(a: RecordKey, b: RecordKey) -> bool:
    """Each printing has an identifying number the other lacks (a year, a page, a patent or
    standard number): two works, whatever else they share. Extents ("+352") do not count, nor
    numbers run together by a lost dash ("2627" for "26-27", "22124" for "22–24")."""
    if not a.numbers or not b.numbers:
        return False
    own_a = [n for n in a.numbers - b.numbers if n[0] != "+"]
    own_b = [n for n in b.numbers - a.numbers if n[0] != "+"]
    if not own_a or not own_b:
        return False
    return bool(unexplained_numbers(own_a, b.numbers)) and bool(
        unexplained_numbers(own_b, a.numbers)
    )


def _close(x: str, y: str) -> bool:
    """One surname key, typos and halves of a double name included (Ponomarev-Stepnoi)."""
    if x == y or fuzz.ratio(x, y) >= 75:
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return len(short) >= 5 and (long.startswith(short) or long.endswith(short))


def _same_people(a: RecordKey, b: RecordKey) -> bool | None:
    """Do the first authors agree, in any order (lists reorder names)? None when a side has none
    — unless the other's first author is named in its text (an editor: "Под ред. Петухова")."""
    if not a.authors or not b.authors:
        named, other = (a, b) if a.authors else (b, a)
        if named.authors and named.authors[0][:6] in other.words:
            return True
        return None
    shorter, longer = (a, b) if len(a.authors) <= len(b.authors) else (b, a)
    heads = shorter.authors[:3]
    hits = sum(1 for k in heads if any(_close(k, m) for m in longer.authors))
    return 2 * hits >= len(heads)


def _identifying(key: RecordKey) -> set[str]:
    return {n for n in key.numbers if n[0] != "+"}


def _near_extents(a: RecordKey, b: RecordKey) -> set[str]:
    """Extents two printings give for one book rarely agree to the page (145 / 147 p.): within
    2 % they count as shared."""
    extents_a = [int(n[1:]) for n in a.numbers if n[0] == "+"]
    extents_b = [int(n[1:]) for n in b.numbers if n[0] == "+"]
    return {
        f"+{x}" for x in extents_a for y in extents_b if x != y and abs(x - y) <= 0.02 * max(x, y)
    }


def _printed(a: RecordKey, b: RecordKey, need_people: bool = False) -> tuple[float, str] | None:
    """A match read from the printed strings, parse errors or not: (score, reason), or None.

    No identifying number may conflict, and named people must agree. Then:

    * the same DOI or URL in both strings;
    * the same wording (a re-typed line, a transliteration, a bracketed translation): most of
      the shorter string's words in the other (most of both when only one names its authors:
      not a paper and its proceedings) and numbers in common;
    * a different wording (a translated title): the same people and three numbers in common,
      or two of which one is distinctive (an extent, a page, a volume, a report or standard
      number — not a year or a one-digit count); with nobody named on either side, three
      with a distinctive one, or the very same identifying numbers, or a shared code of four
      digits or more (a standard, a report: "ГОСТ 5632-2014", "ПБЯ-06-09-2016").
    """
    if not (a.words or a.numbers) or not (b.words or b.numbers) or _numbers_conflict(a, b):
        return None
    people = _same_people(a, b)
    if need_people and not people:
        return None
    common = a.numbers & b.numbers | _near_extents(a, b)
    if people is False:  # or a name the parser misread ("Yassin A. Hassan"): the very same
        identifying = sum(1 for n in common if n[0] != "+")  # title and three numbers
        smaller = min(len(a.words), len(b.words))
        if smaller < 3 or len(a.words & b.words) / smaller < 0.9 or identifying < 3:
            return None
    shared = len(common)
    if a.links & b.links:
        return 1.0, _SAME_LINK
    if people and shared and slug_match(a.links, b.links):
        return 0.95, "same people and URL but for a transliterated slug"
    smaller = min(len(a.words), len(b.words))
    needed = SAME_WORDING
    if bool(a.authors) != bool(b.authors):  # a paper and its proceedings: both ways, and more
        smaller, needed = max(len(a.words), len(b.words)), 0.8
    wording = len(a.words & b.words) / smaller if smaller >= 3 else 0.0
    support = min(shared / 3, 1.0)
    if wording >= needed and (
        shared >= 2 or (shared and (people or wording >= 0.8)) or (people and wording >= 0.8)
    ):
        score = (2 * wording + support + (1.0 if people else 0.5)) / 4
        return score, f"printed words {wording:.2f} shared, {shared} numbers, none conflicting"
    # A number that is not a year and not a small count: an extent, a page, a volume, a
    # report, patent or standard number.
    distinctive = any(n[0] == "+" or (len(n) >= 2 and not _YEAR.fullmatch(n)) for n in common)
    enough = shared >= 3 or (shared >= MIN_SHARED_NUMBERS and distinctive)
    nobody = not a.authors and not b.authors  # (one side with authors: see the wording)
    code = any(len(n) >= 4 and not _YEAR.fullmatch(n) for n in common if n[0] != "+")
    if (people and enough) or (
        nobody
        and (
            (shared >= 3 and distinctive)
            or (enough and _identifying(a) == _identifying(b))
            or (code and (shared >= 2 or _identifying(a) == _identifying(b)))
        )
    ):
        score = (wording + 2 * support + 1.0) / 4
        return score, f"{shared} numbers shared, none conflicting, different wording"
    return None


_SAME_LINK = "the same DOI, arXiv id or URL in the printed strings, no number conflicting"
_MISPRINT = "one number differs, an identifier or the title and the rest agree: a misprint"
_TRANSLATED_ISSUE = "only the pages differ: a translation journal, or a misprint under one title"


def _misprint(a: RecordKey, b: RecordKey) -> bool:
    """One number differs on each side, as long on both (1992 / 1994, pp. 3-21 / 3-31), and
    is no one-digit count ("Part 1" / "Part 2"), while an identifier (a preprint, report or
    patent number of four digits or more) or the very same title with three other numbers
    agrees, and so do the people (or nobody is named on either side)."""
    own_a = [n for n in a.numbers - b.numbers if n[0] != "+"]
    own_b = [n for n in b.numbers - a.numbers if n[0] != "+"]
    if len(own_a) != 1 or len(own_b) != 1 or min(len(own_a[0]), len(own_b[0])) < 2:
        return False
    if len(own_a[0]) != len(own_b[0]):  # 5632-72 / 5632-2014: two editions, no misprint
        return False
    people = _same_people(a, b)
    if not (people or (people is None and not a.authors and not b.authors)):
        return False
    shared = [n for n in a.numbers & b.numbers if n[0] != "+"]
    if any(len(n) >= 4 and not _YEAR.fullmatch(n) for n in shared):
        return True
    smaller = min(len(a.words), len(b.words))
    return bool(
        people
        and len(shared) >= 3
        and smaller >= 3
        and len(a.words & b.words) / smaller >= 0.9
        and (a.title_script != b.title_script or fuzz.ratio(a.title, b.title) >= 85)
    )


def _translated_issue(a: RecordKey, b: RecordKey) -> bool:
    """Only the pages differ, and that is explained.

    The English list cites the translation journal ("Атомная энергия. 2005. Т. 99, вып. 2.
    С. 136-141" / "Atomic Energy. 2005, v. 99, no. 2, pp. 572-576"): same people, year,
    volume and issue, one title in Cyrillic, the other in Latin letters, worded differently.
    Or the two print the same title (most words shared) and agree on at least three other
    numbers: the pages are a misprint or those of the other edition.
    """
    if not (a.first_page and b.first_page) or not a.year or a.year != b.year:
        return False
    for one, other in ((a, b), (b, a)):
        own = {n for n in one.numbers - other.numbers if n[0] != "+"}
        if not own <= {one.first_page, one.last_page}:
            return False
    if not _same_people(a, b):
        return False
    smaller = min(len(a.words), len(b.words))
    wording = len(a.words & b.words) / smaller if smaller >= 3 else 0.0
    same_title = a.title_script != b.title_script or fuzz.ratio(a.title, b.title) >= 85
    if wording >= 0.8 and same_title:
        return sum(1 for n in a.numbers & b.numbers if n[0] != "+") >= 3
    if not a.volume or a.volume != b.volume or (a.issue and b.issue and a.issue != b.issue):
        return False
    if {a.title_script, b.title_script} != {"cyrillic", "latin"}:
        return False
    return smaller >= 3 and wording < SAME_WORDING and a.first_page != b.first_page


def _features(a: RecordKey, b: RecordKey) -> dict[str, float | None]:
    title = _title(a, b) if a.title and b.title else None
    translated = title is None and bool(a.title and b.title)
    out: dict[str, float | None] = dict.fromkeys(_FEATURES)
    if a.authors and b.authors:
        out["authors"] = _authors(a, b)
    out["title"] = title
    if a.year and b.year:
        gap = abs(a.year - b.year)
        out["year"] = 1.0 if gap == 0 else 0.6 if gap == 1 else 0.0
    if a.container and b.container:
        sim = _container(a.container, b.container)
        out["container"] = None if translated and sim < 0.6 else sim
    for name in ("volume", "issue", "isbn"):
        va, vb = getattr(a, name), getattr(b, name)
        if va and vb:
            out[name] = 1.0 if va == vb else 0.0
    if a.first_page and b.first_page:
        if a.first_page != b.first_page:
            out["pages"] = 0.0
        else:
            out["pages"] = (
                0.3 if a.last_page and b.last_page and a.last_page != b.last_page else 1.0
            )
    if a.publisher and b.publisher and a.kind == b.kind and a.kind in ("book", "thesis", "report"):
        out["publisher"] = _container(a.publisher, b.publisher)
    return out


def _score(features: dict[str, float | None]) -> tuple[float, float]:
    total = support = 0.0
    for name, value in features.items():
        if value is not None:
            weight = WEIGHTS[name]
            total += weight * value
            support += weight
    return (total / support if support else 0.0), support


def _enough(features: dict[str, float | None], support: float) -> bool:
    """Enough evidence to merge: a title that agrees, or (translated titles) matching pages."""
    if support < MIN_SUPPORT or (features["authors"] is None and features["title"] is None):
        return False
    if features["title"] is not None and features["title"] < MIN_TITLE and features["pages"] != 1.0:
        return False  # titles that disagree this much are two works, unless the pages agree
    if features["title"] is None:  # translated titles: identifiers must agree instead
        same_year = features["year"] == 1.0
        if (features["year"] or 0.0) < 0.6 or (features["authors"] or 0.0) < 0.9:
            return False
        return (
            features["isbn"] == 1.0
            or (features["pages"] == 1.0 and (same_year or features["volume"] == 1.0))
            or (same_year and (features["publisher"] or 0.0) >= 0.9)
        )  # not journal + volume + issue: two papers of one author in one issue are common
    return True


def _relation(a: RecordKey, b: RecordKey, f: dict[str, float | None]) -> int:
    """A relation code when the pair is two related works, else NONE."""
    kinds = {a.kind, b.kind}
    authors = f["authors"] if f["authors"] is not None else 0.5
    if (
        "preprint" in kinds
        and len(kinds) == 2
        and kinds <= {"preprint", "article", "report", "other"}
    ):
        title = f["title"] or 0.0
        if abs(a.year - b.year) <= 2 and 0.4 * authors + 0.6 * title >= RELATION_THRESHOLD:
            return PREPRINT_OF if a.kind == "preprint" else -PREPRINT_OF
        return NONE
    if kinds == {"chapter", "book"}:
        chapter, book = (a, b) if a.kind == "chapter" else (b, a)
        same_isbn = bool(chapter.isbn) and chapter.isbn == book.isbn
        in_book = bool(chapter.container) and fuzz.ratio(chapter.container, book.title) >= 85
        if same_isbn or (in_book and abs(a.year - b.year) <= 1):
            return CHAPTER_OF if a.kind == "chapter" else -CHAPTER_OF
        return NONE
    for src, dst, code in ((a, b, TRANSLATION_OF), (b, a, -TRANSLATION_OF)):
        if not (src.original_title and dst.title and authors >= 0.6):
            continue
        if src.title_script != dst.title_script:  # the translation names the original's title
            if fuzz.ratio(src.original_title, dst.title) >= 85:
                return code
        elif dst.translated and (f["title"] or 0.0) >= 0.85:  # or shares a rendering's title
            return code
    return NONE


def _related_kinds(ka: str, kb: str) -> bool:
    """Kinds that make two records related works rather than one: preprint/article, chapter/book."""
    return ka != kb and bool({ka, kb} & {"preprint", "chapter", "book"})


# Kinds one work may show under (a parser or a user may call a thesis a book); "other" fits all.
_COMPATIBLE_KINDS = {
    frozenset(p) for p in (("book", "thesis"), ("article", "report"), ("book", "report"))
}


def _compatible_kinds(ka: str, kb: str) -> bool:
    return ka == kb or "other" in (ka, kb) or frozenset((ka, kb)) in _COMPATIBLE_KINDS


def compare(a: RecordKey, b: RecordKey) -> tuple[float, int]:
    """The pair's score and verdict code (fast path: no evidence strings)."""
    score, verdict, _ = _decide(a, b)
    return score, verdict


def _decide(a: RecordKey, b: RecordKey) -> tuple[float, int, str]:
    """Score, verdict and, for a merge read from the printed strings, its reason."""
    if a.doi and a.doi == b.doi and {a.kind, b.kind} != {"chapter", "book"}:
        return 1.0, SAME, ""  # (a chapter may be printed with its book's DOI)
    f = _features(a, b)
    score, support = _score(f)
    if (
        a.links
        and b.links
        and a.links & b.links
        and not _numbers_conflict(a, b)
        and not (a.doi and b.doi)
    ):
        return max(score, MERGE_THRESHOLD), SAME, _SAME_LINK  # whatever the parser's kinds
    related = False
    if a.kind != b.kind or a.original_title or b.original_title:
        relation = _relation(a, b, f)
        if relation != NONE:
            return score, relation, ""
        related = _related_kinds(a.kind, b.kind)
    if a.doi and b.doi:  # different DOIs
        return score, NONE, ""
    if _numbers_conflict(a, b):
        if _translated_issue(a, b):
            return max(score, MERGE_THRESHOLD), SAME, _TRANSLATED_ISSUE
        if _misprint(a, b):
            return max(score, MERGE_THRESHOLD), SAME, _MISPRINT
        return score, NONE, ""
    if (
        not related
        and score >= MERGE_THRESHOLD
        and _enough(f, support)
        and _compatible_kinds(a.kind, b.kind)
    ):
        return score, SAME, ""
    if related and {a.kind, b.kind} == {"preprint", "article"}:
        return score, NONE, ""  # a preprint and its published version: related works
    # Parsers err on kinds (book / article / chapter): the strings decide, but a chapter and
    # a book are one only when the same people wrote them (not a paper and its proceedings).
    printed = _printed(a, b, need_people=related and "chapter" in (a.kind, b.kind))
    if printed:
        return max(score, printed[0], MERGE_THRESHOLD), SAME, printed[1]
    return score, NONE, ""


def _link_kind(a: RecordKey, b: RecordKey, f: dict[str, float | None]) -> str:
    if a.title_script != b.title_script and {a.title_script, b.title_script} >= {"cyrillic"}:
        return "transliteration-of" if f["title"] is not None else "translation-of"
    if f["title"] is None and a.title and b.title:
        return "translation-of"
    return "same-as"


def explain(a: RecordKey, b: RecordKey) -> Explanation:
    """The verdict on a pair with human-readable evidence, field by field."""
    score, verdict, printed = _decide(a, b)
    f = _features(a, b)
    evidence: list[str] = []
    if a.doi and a.doi == b.doi:
        evidence.append(f"same DOI {a.doi}")
    elif a.doi and b.doi:
        evidence.append(f"different DOIs {a.doi} / {b.doi}: never merged")
    for name in _FEATURES:
        value = f[name]
        if value is not None:
            evidence.append(f"{name} {value:.2f}")
    if f["title"] is None and a.title and b.title:
        evidence.append("titles in different languages: not compared")
    if a.kind != b.kind:
        evidence.append(f"kinds {a.kind} / {b.kind}")
    _, support = _score(f)
    evidence.append(f"score {score:.3f} over fields weighing {support:g}")
    if _numbers_conflict(a, b):
        only = sorted((a.numbers ^ b.numbers) - {n for n in a.numbers | b.numbers if n[0] == "+"})
        evidence.append(f"numbers conflict ({', '.join(only[:6])}): never merged")
    if printed:
        evidence.append(printed)
    if verdict == SAME:
        link = _link_kind(a, b, f)
        evidence.append(f"one work ({link}): score >= {MERGE_THRESHOLD}")
    elif verdict != NONE:
        link = relation_name(verdict)
        subject = "first" if verdict > 0 else "second"
        evidence.append(f"related works: the {subject} record is a {link} the other")
    else:
        link = ""
        if score >= MERGE_THRESHOLD and not (a.doi and b.doi and a.doi != b.doi):
            evidence.append("not merged: too few fields to decide")
        elif not (a.doi and b.doi and a.doi != b.doi):
            evidence.append(f"not merged: score < {MERGE_THRESHOLD}")
    return Explanation(round(score, 4), verdict, link, tuple(evidence))
