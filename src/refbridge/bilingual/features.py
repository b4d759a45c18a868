"""What pairing and citation linking need to know about one entry, read once.

Fields parsed by :func:`refbridge.parsing.parse_reference` are used where present, but the
parser may be wrong or absent (a list given as plain strings), so every feature is also read
from the raw text: DOIs, URLs, years, page ranges, numbers, author surnames next to initials,
and coarse word keys (:func:`~refbridge.text.surnames.surname_key` of each word) that let a
Russian word meet its transliteration in any scheme.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable

import attrs
from rapidfuzz.distance import Levenshtein

from ..doi.syntax import doi_key, find_dois, find_urls
from ..model import Reference
from ..text import strip_markdown
from ..text.identifiers import without_identifiers
from ..text.marks import strip_language_mark
from ..text.script import is_cyrillic
from ..text.surnames import latin_key, surname_key

__all__ = [
    "EntryFeatures",
    "entry_features",
    "identifying_numbers",
    "normalize_url",
    "raw_surnames",
    "slug_match",
    "unexplained_numbers",
    "url_key",
    "whole_doi",
    "word_key",
    "wording_of",
]

_YEAR = re.compile(r"(?<![\d./-])(1[5-9]\d\d|20\d\d)(?![\d/-])")
_RANGE = re.compile(r"(?<!\d)(?<!\d\.)(\d{1,5})\s*[-–—‐‑−]{1,2}\s*(\d{1,5})(?!\d|\.\d)")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’ʹʺ`-]*(?:[-'’ʹʺ`][^\W\d_]+)*")
# Numbers that say nothing about which work it is: the date a web page was read, the extent.
_ACCESS_DATE = re.compile(
    r"(?:дата\s+(?:доступа|обращения)|accessed|access\s+date|retrieved|viewed)\b[^)\]]*",
    re.IGNORECASE,
)
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:1[5-9]|20)\d\d)\b")
# What is left of a URL broken by a space ("https://x.ru/ Data2/1/42938.htm"): a path.
_URL_PATH = re.compile(r"\S*/\S*/\S*|\S+\.(?:html?|pdf|php|aspx?|jsp)\b\S*", re.IGNORECASE)
# A URL broken by a space after a slash ("https://inis.iaea.org/collection/ NCLCollection…"):
# read as one, or every URL of the site would be the same one.
_BROKEN_URL = re.compile(r"((?:https?://|www\.)\S+/)\s+(?=[^\s/]+/)")
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)  # "21st century" = "XXI века"
_CODE = re.compile(r"\b\d+(?:-\d+){2,}\b")  # a report code in groups, not a page range
_DOTTED_NUMBER = re.compile(r"\d+(?:\.\d+)*")  # "NP-T-1.1" is not "NP-T-1.2"
_EXTENT = re.compile(r"(?<![\w.])(\d+)\s*(?:с|c|р|p|pp|стр|s|pages)\.?(?=\s*(?:[.,;:()–—-]|$))")

_UP = "A-ZА-ЯЁ"
_LOW = "a-zа-яё"
_INITIALS = rf"(?:[{_UP}][{_LOW}]?\.\s?-?\s?){{1,3}}"
_SURNAME = rf"[{_UP}][{_LOW}'’`]+(?:-[{_UP}][{_LOW}'’`]+)?"
_SURNAME_FIRST = re.compile(rf"(?<![\w.])({_SURNAME}),?\s+(?P<initials>{_INITIALS})")
_INITIALS_FIRST = re.compile(rf"(?<![\w])(?P<initials>{_INITIALS})\s*({_SURNAME})(?![\w.])")
# Abbreviations that look like initials: "Manual No. NS-R-3", "Vol. 82", "Ed. by".
_NOT_INITIALS = frozenset({"No", "Vol", "Ed", "Eds", "Pp", "Pt", "Nr", "Iss", "Ser", "Fig", "Art"})
_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʹ": "", "ʺ": "", "`": "",
        "-": "",
    }
)  # fmt: skip
_WORD_REWRITES = (
    ("shch", "s"), ("shh", "s"), ("sch", "s"), ("sh", "s"), ("zh", "z"), ("kh", "h"),
    ("ch", "c"), ("ts", "c"), ("cz", "c"), ("tc", "c"), ("x", "ks"), ("w", "v"), ("ph", "f"),
    ("y", "i"), ("j", "i"), ("ii", "i"), ("ia", "a"), ("iu", "u"), ("ie", "e"), ("io", "e"),
)  # fmt: skip
_DOUBLED = re.compile(r"([a-z])\1+")
_WHOLE_WORD = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)")
_INITIAL = re.compile(r"(?<![^\W\d_])[^\W\d_]\.")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_RU_LITTLE_WORDS = frozenset(
    "i v na po s k o dlya dlja pri ot iz ili kak bez pod nad ikh ih ego vo so ob ne".split()
)
_EN_LITTLE_WORDS = frozenset(
    "the of and in for on with a an to by from at as its is are using under between into".split()
)
_SLUG_SIMILARITY = 0.85
_ARXIV = re.compile(
    r"arxiv:?\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE
)
_AUTHOR_ZONE = 200  # authors come first; past this many characters names are editors or noise
_OPENING = 60  # characters in which an entry names its authors
_MAX_GAP_WORDS = 2  # "и", "&", "and", "et"
_BARE_WWW = re.compile(r"(?<![/\w.])www\.[^\s<>()\[\]]+[^\s<>()\[\].,;:]", re.IGNORECASE)


@attrs.frozen
class EntryFeatures:
    """The evidence one entry offers; built by :func:`entry_features`."""

    text: str
    dois: frozenset[str]
    arxiv: frozenset[str]  # arXiv identifiers without their version ("arxiv:1510.03820")
    urls: tuple[str, ...]  # normalised: host/path, lower-case, no scheme or "www."
    years: frozenset[int]
    year: int | None
    pages: frozenset[str]
    numbers: frozenset[str]  # see identifying_numbers
    surnames: tuple[str, ...]
    surname_keys: tuple[str, ...]
    surname_parts: tuple[tuple[str, ...], ...]  # keys of the halves of double surnames
    tokens: tuple[str, ...]
    title_keys: frozenset[str]  # word keys that are not author surnames (title, container)
    opening_keys: frozenset[str]  # word keys of the first words, where authors stand
    wording: str  # "cyrillic", "translit" (Russian in Latin letters), "english" or ""


def whole_doi(doi: str) -> bool:
    """False for a DOI cut short by a line break or a stray space ("10.1016/j. anucene…" reads
    as "10.1016/j"): a suffix of one or two characters would make unrelated works one."""
    return len(doi.partition("/")[2].strip()) > 2


def normalize_url(url: str) -> str:
    """``https://www.Example.org/a/b/`` -> ``example.org/a/b``: what makes two URLs one."""
    url = urllib.parse.unquote(url.strip()).rstrip("/.,;")
    url = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    host, _, path = url.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}" if path else host


def url_key(normalized: str) -> str:
    """A URL with its path words keyed: transliterated slugs (kazaxstan / kazakhstan) meet."""
    host, _, path = normalized.partition("/")
    words = re.split(r"[^0-9a-zа-яё]+", path.lower())
    return host + "/" + "-".join(latin_key(w) if not w.isdigit() else w for w in words if w)


def slug_match(keys_a: Iterable[str], keys_b: Iterable[str]) -> float:
    """How alike the closest two URLs of one host are, by :func:`url_key` (0.0 below 0.85):
    a page cited from a Russian list and from an English one often differs only in the
    transliteration of its slug (kazaxstan / kazakhstan)."""
    best = 0.0
    for key_a in keys_a:
        for key_b in keys_b:
            if key_a.split("/")[0] == key_b.split("/")[0]:
                best = max(best, Levenshtein.normalized_similarity(key_a, key_b))
    return best if best >= _SLUG_SIMILARITY else 0.0


def raw_surnames(text: str) -> tuple[str, ...]:
    """Surnames standing next to initials at the start of an entry, in order, unique.

    The style of the first name found decides ("Dudin, V. A." or "В.А. Дудин"), so the
    initials of "Dearing J.F. Sodium boiling..." are not read as those of "Sodium"; the list
    ends where more than a few words separate two names (the title has begun).
    """
    zone = text[:_AUTHOR_ZONE]
    firsts = [m for m in (p.search(zone) for p in (_SURNAME_FIRST, _INITIALS_FIRST)) if m]
    if not firsts:
        return ()
    first = min(firsts, key=lambda m: m.start())
    pattern = first.re
    out: list[str] = []
    end = first.start()
    for match in pattern.finditer(zone, first.start()):
        if len(zone[end : match.start()].split()) > _MAX_GAP_WORDS:
            break
        if match.group("initials").split(".")[0].strip() in _NOT_INITIALS:
            continue
        name = match.group(1) if pattern is _SURNAME_FIRST else match.group(2)
        if name not in out:
            out.append(name)
        end = match.end()
    return tuple(out)


@functools.lru_cache(maxsize=1 << 17)
def word_key(word: str) -> str:
    """A fast, coarse key of one word in either script (a cheaper cousin of ``surname_key``:
    plain string replacements instead of regular expressions, for every word of a list)."""
    text = word.casefold().translate(_TO_LATIN)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isascii())
    for old, new in _WORD_REWRITES:
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", text)


def _word_tokens(text: str) -> list[str]:
    keys = (word_key(w) for w in _WORD.findall(text) if len(w) >= 3)
    return [key[:6] for key in keys if len(key) >= 3]


def entry_features(ref: Reference | str) -> EntryFeatures:
    """Everything pairing and citation linking compare, from the fields and from ``raw``."""
    if isinstance(ref, str):  # a plain string: everything comes from the text
        raw, doi, url, year, page_range, parsed = strip_markdown(ref), "", "", None, "", []
    else:
        raw = strip_markdown(ref.raw) if ref.raw else _synthesized(ref)
        doi, url, year, page_range = ref.doi, ref.url, ref.year, ref.pages
        parsed = [n.family or n.literal for n in ref.authors if n.family or n.literal]
    text = _BROKEN_URL.sub(r"\1", strip_language_mark(raw))
    dois = {doi_key(m.doi) for m in find_dois(text) if whole_doi(m.doi)}
    if doi and whole_doi(doi):
        dois.add(doi_key(doi))
    urls = [normalize_url(u) for u in find_urls(text)]
    urls += [normalize_url(m.group(0)) for m in _BARE_WWW.finditer(text)]
    if url:
        urls.append(normalize_url(url))
    plain = without_identifiers(text)
    years = {int(y) for y in _YEAR.findall(plain)}
    if year is None:
        year = _first_year(plain)
    if year is not None:
        years.add(year)
    pages = {f"{int(a)}-{int(b)}" for a, b in _RANGE.findall(plain) if int(a) < int(b)}
    if "-" in page_range:
        pages.add(page_range)
    surnames = tuple(dict.fromkeys([*parsed, *raw_surnames(plain)]))[:8]
    # URLs and DOIs stay in the words: their path words and numbers are good evidence.
    words = _word_tokens(text)
    tokens = [*words, *(f"#{int(n)}" for n in _NUMBER.findall(text))]
    surname_set = {k[:6] for k in (surname_key(s) for s in surnames)}
    title_keys = frozenset(t for t in words if len(t) >= 4 and t not in surname_set)
    return EntryFeatures(
        text=text,
        dois=frozenset(dois),
        arxiv=frozenset(f"arxiv:{m.group(1).lower()}" for m in _ARXIV.finditer(text)),
        urls=tuple(dict.fromkeys(urls)),
        years=frozenset(years),
        year=year,
        pages=frozenset(pages),
        numbers=frozenset(identifying_numbers(plain)),
        surnames=surnames,
        surname_keys=tuple(surname_key(s) for s in surnames),
        surname_parts=tuple(_part_keys(s) for s in surnames),
        tokens=tuple(tokens),
        title_keys=title_keys,
        opening_keys=frozenset(_word_tokens(plain[:_OPENING])),
        wording=wording_of(plain),
    )


def identifying_numbers(text: str) -> set[str]:
    """The numbers of an entry that tell works apart: year, volume, issue, pages, report,
    patent and standard numbers — not access dates or the extent ("352 с.", "93 p."), which
    differ between two citations of one work. ``text`` has its URLs and DOIs removed.

    An extent is kept with a ``+`` in front ("+352"): equal extents support a match, unequal
    ones do not contradict it (printings count pages differently)."""
    text = _ORDINAL.sub(" ", _URL_PATH.sub(" ", _ACCESS_DATE.sub(" ", text)))
    text = _DATE.sub(lambda m: f"{m.group(1)} {m.group(3)}", text)  # 05.12.2022 = Dec. 5, 2022
    text = _CODE.sub(lambda m: m.group().replace("-", ""), text)  # 01-41-62-53 = 01416253
    extents = {_number(m.group(1)) for m in _EXTENT.finditer(text)}
    text = _EXTENT.sub(" ", text)
    found = {".".join(_number(p) for p in n.split(".")) for n in _DOTTED_NUMBER.findall(text)}
    return found | {f"+{n}" for n in extents}


def unexplained_numbers(own: Iterable[str], other: Iterable[str]) -> list[str]:
    """The numbers of ``own`` that are not two of ``other``'s run together, directly or
    through a "1" (a lost or misread dash: "2627" for "26-27", "22124" for "22–24")."""
    whole = [n for n in other if n.isdigit()]
    joined = {x + y for x in whole for y in whole} | {x + "1" + y for x in whole for y in whole}
    return [n for n in own if n not in joined]


def _number(digits: str) -> str:
    return digits.lstrip("0") or "0"


def wording_of(text: str) -> str:
    """Is an entry worded in Cyrillic, in transliterated Russian, or in English?

    Transliteration is told from English by the little words: "i", "v", "na", "po", "dlya"
    against "the", "of", "and", "for" (a bracketed English translation is not counted).
    """
    if "[" in text:
        text = _BRACKETED.sub(" ", text)
    words = _WORD.findall(text)
    cyrillic = sum(1 for w in words if is_cyrillic(w[0]))
    if cyrillic * 2 > len(words):
        return "cyrillic"
    text = _INITIAL.sub(" ", text)  # the "V." of "Krychko M.V." is no Russian "v"
    lowered = [w.lower() for w in _WHOLE_WORD.findall(text)]  # not the "V" of "V2392M"
    russian = sum(w in _RU_LITTLE_WORDS for w in lowered)
    english = sum(w in _EN_LITTLE_WORDS for w in lowered)
    if russian > english:
        return "translit"
    if english > russian:
        return "english"
    return ""


def _part_keys(surname: str) -> tuple[str, ...]:
    parts = [p for p in re.split(r"[-\s#]+", surname) if p]
    return tuple(surname_key(p) for p in parts) if len(parts) > 1 else ()


def _first_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def _synthesized(ref: Reference) -> str:
    """A stand-in raw string for a record that has none (read from BibTeX, say)."""
    names = ", ".join(str(n) for n in ref.authors)
    parts = [names, str(ref.year or ""), ref.title, ref.container_title, ref.volume, ref.issue]
    parts += [ref.pages, ref.doi, ref.url]
    return ". ".join(p for p in parts if p)
