"""Compact per-record match keys: everything deduplication compares, and nothing else.

A :class:`~refbridge.model.Reference` is large and slow to compare a million times over; a
:class:`RecordKey` is a small tuple of normalised strings and numbers made once per record.
Text goes through one script-independent word key (:func:`word_key`, built on
:func:`refbridge.text.surnames.surname_key`), so a Cyrillic title, its transliteration in
any scheme and a re-typed copy meet on the same key.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import NamedTuple

from ..bilingual.features import entry_features, url_key, whole_doi
from ..model import Reference
from ..text import fold, script_of
from ..text.script import is_cyrillic_language
from ..text.surnames import surname_key

__all__ = ["RecordKey", "record_key", "word_key"]

# Words that carry no identity in a title ("the", "of", "и", "в"): skipped in blocking prefixes.
STOP_WORDS = frozenset(
    """a an the of and or in on for to from with by at as is are its into about
    und der die das le la les de des du et en el los del
    и в во на по о об обо с со к ко для из от при до за под над без как что или а это""".split()
)

# Where preprints live: DOI prefixes of the big servers and words that name them.
_PREPRINT_DOI = re.compile(r"^10\.(?:48550|1101|20944|21203|2139|31219|31234|31235|36227)/")
_PREPRINT_WORDS = re.compile(
    r"arxiv|biorxiv|medrxiv|ssrn|preprint|research square|preprints\.org|препринт|osf preprints",
    re.IGNORECASE,
)
_ISBN_CHARS = re.compile(r"[^0-9Xx]")
_NUMBER = re.compile(r"\d+")
_PAGE = re.compile(r"[A-Za-z]?\d+")

_KINDS = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "article",
    "review": "article",
    "review-book": "article",
    "article": "preprint",  # CSL "article": preprints and working papers (Zotero's mapping)
    "book": "book",
    "classic": "book",
    "collection": "book",
    "chapter": "chapter",
    "entry": "chapter",
    "entry-dictionary": "chapter",
    "entry-encyclopedia": "chapter",
    "thesis": "thesis",
    "report": "report",
}


class RecordKey(NamedTuple):
    """What dedup compares about one record (strings are folded, Latin, script-independent)."""

    doi: str  # lower case, no resolver prefix
    isbn: str  # ISBN-13 digits
    year: int  # 0 when unknown
    authors: tuple[str, ...]  # surname keys of the first authors, in order
    initial: str  # key of the first author's first initial ("" when not given)
    n_authors: int
    title: str  # word keys joined by spaces
    title_script: str  # "cyrillic", "latin", "mixed" or ""
    container: str  # word keys joined by spaces
    volume: str
    issue: str
    first_page: str
    last_page: str
    kind: str  # article, preprint, book, chapter, thesis, report or other
    language: str  # the work's language: original_language, else the title's
    original_title: str  # word keys of the title in the original language, if given
    publisher: str  # word keys
    translated: bool  # the title is a translation: the work's language is not the title's
    # Read from the printed string (empty for a record without one), so that a parse error
    # does not hide what two printings share: their words in any script (a bracketed
    # translation included), the numbers that identify the work, and its DOIs and URLs.
    words: frozenset[str]
    numbers: frozenset[str]
    links: frozenset[str]


_NOTHING: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 18)
def word_key(word: str) -> str:
    """One folded word as a script-independent key; numbers stay as they are."""
    if word.isdigit():
        return word
    return sys.intern(surname_key(word) or word)


@lru_cache(maxsize=1 << 16)
def text_key(text: str) -> str:
    """A title or journal name as word keys: Cyrillic and any transliteration agree."""
    return " ".join(word_key(w) for w in fold(text).split())


def _isbn13(value: str) -> str:
    digits = _ISBN_CHARS.sub("", value.split(";")[0].split(",")[0]).upper()
    if len(digits) == 10:
        core = "978" + digits[:9]
        check = (10 - sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(core)) % 10) % 10
        return core + str(check)
    return digits if len(digits) == 13 else ""


def _first_number(value: str) -> str:
    match = _NUMBER.search(value)
    return match.group().lstrip("0") or "0" if match else ""


def _pages(value: str) -> tuple[str, str]:
    found = _PAGE.findall(value)
    if not found:
        return "", ""
    first = found[0].lower()
    last = found[1].lower() if len(found) > 1 else ""
    if last.isdigit() and first.isdigit() and len(last) < len(first):  # 1234-45 means 1234-1245
        last = first[: len(first) - len(last)] + last
    return first, last


def _kind(ref: Reference) -> str:
    kind = _KINDS.get(ref.type, "other")
    if kind in ("article", "report", "other") and (
        _PREPRINT_DOI.match(ref.doi.lower())
        or _PREPRINT_WORDS.search(ref.container_title)
        or _PREPRINT_WORDS.search(ref.genre)
        or _PREPRINT_WORDS.search(ref.number)
    ):
        return "preprint"
    return kind


def _author_key(ref: Reference, index: int) -> str:
    name = ref.authors[index]
    if name.family:
        family = fold(name.family).replace(" ", "")
        return word_key(family) if family else ""
    return sys.intern("".join(word_key(w) for w in fold(name.literal).split()[:3]))


def record_key(ref: Reference, max_authors: int = 4) -> RecordKey:
    """The compact key of one record."""
    script = script_of(ref.title)
    if ref.original_language:
        language = ref.original_language.split("-")[0].lower()
    elif script == "cyrillic":
        language = "ru"
    else:
        language = ref.language.split("-")[0].lower()
    first_page, last_page = _pages(ref.pages)
    given = fold(ref.authors[0].given).split() if ref.authors else []
    original = ref.original_language.split("-")[0].lower()
    translated = bool(original) and (
        (script == "latin" and is_cyrillic_language(original))
        or (script == "cyrillic" and not is_cyrillic_language(original))
    )
    authors = tuple(
        k for k in (_author_key(ref, i) for i in range(min(len(ref.authors), max_authors))) if k
    )
    words = numbers = links = _NOTHING
    if ref.raw:
        printed = entry_features(ref.raw)
        words, numbers = printed.title_keys, printed.numbers
        links = frozenset([*printed.dois, *printed.arxiv, *(url_key(u) for u in printed.urls)])
        if not authors:  # the parser found no authors: those standing next to initials
            authors = tuple(k for k in printed.surname_keys[:max_authors] if k)
    return RecordKey(
        doi=ref.doi.lower() if whole_doi(ref.doi) else "",
        isbn=_isbn13(ref.isbn),
        year=ref.year or 0,
        authors=authors,
        initial=word_key(given[0])[:1] if given else "",
        n_authors=len(ref.authors),
        title=text_key(ref.title)[:200],
        title_script=script,
        container=text_key(ref.container_title or ref.container_title_short)[:160],
        volume=_first_number(ref.volume),
        issue=_first_number(ref.issue),
        first_page=first_page,
        last_page=last_page,
        kind=_kind(ref),
        language=sys.intern(language),
        original_title=text_key(ref.original_title)[:200] if ref.original_title else "",
        publisher=text_key(ref.publisher)[:80] if ref.publisher else "",
        translated=translated,
        words=words,
        numbers=numbers,
        links=links,
    )
