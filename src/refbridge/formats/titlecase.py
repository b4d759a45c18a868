"""Which words of a title a style must not re-case, as Better BibTeX decides it.

Styles re-case titles: plain, apalike and biblatex-apa lower-case them (sentence case), CSL
styles capitalise them (title case). Words that must keep their case are protected — with
braces in BibTeX (``{Russia}``), with ``<span class="nocase">`` in CSL-JSON:

- acronyms and words with inner capitals (``DNA``, ``COVID-19``, ``iPhone``, ``McDonald``);
- a capital letter standing alone inside the title (``vitamin D``, ``type I``);
- proper nouns. In a sentence-case title every capitalised word after the first (and after
  a colon) is one. A title-case title cannot say which it has, so its capitalised words are
  protected when they are known proper nouns: capitalised in a sentence-case title of the
  same export, or in the shipped lexicon (``proper_nouns.tsv``: words capitalised inside
  sentence-case titles of 22,000 CC BY/CC0 article references and never lower-cased there).

The first word of a title or subtitle is never protected for being capitalised, and a whole
title is never wrapped (that would stop a style from casing it at all). Words in other
scripts are left alone: BibTeX, biblatex and CSL styles re-case Latin-script titles only.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

__all__ = ["Casing", "build_lexicon", "is_title_case", "protected_spans"]

# A word: letters, digits, apostrophes and inner hyphens (Nagorno-Karabakh counts as one).
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_MINOR = frozenset(
    """a an the and but or nor for so yet as at by in of off on per to up via vs versus with
    from into onto over than that upon out about between among through against within
    without during toward towards under across after before behind beyond despite like
    near since until along amid around""".split()
)
_LEXICON = "proper_nouns.tsv"


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """The shipped proper nouns (lower-cased), read once."""
    text = resources.files(__package__).joinpath(_LEXICON).read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and line[0] != "#"
    )


def _words(title: str) -> list[tuple[int, int, bool]]:
    """(start, end, is the first word) for each word of ``title``: the first word of a title
    or subtitle (parts are split at colons) is the one sentence case keeps capitalised, as
    biblatex-apa and APA do after a colon. After other breaks (a dash, a full stop) a
    capital is kept as written: styles lower-case it."""
    return [(m.start(), m.end(), i == 0) for i, m in enumerate(_WORD.finditer(title))]


def _inner_capitals(word: str) -> bool:
    """A capital after the first character: DNA, iPhone, McDonald, COVID-19, 3D."""
    rest = word[1:]
    return rest != rest.lower()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=8192)  # asked of each title (and part) once to learn, once to protect
def is_title_case(title: str, default: bool = False) -> bool:
    """True when the words a sentence writes in lower case are capitalised (at least four
    capitalised for each lower-case one); ``default`` when fewer than two such words say.
    A title and its subtitle may differ, so :func:`protected_spans` asks each part."""
    votes = Counter(
        _capitalised(title[start:end])
        for start, end, first in _words(title)
        if not first
        and title[start:end].lower() not in _MINOR
        and title[start:end][:1].isalpha()
        and not _inner_capitals(title[start:end])
    )
    if votes.total() < 2:
        return default
    return votes[True] >= 2 and votes[True] >= 4 * votes[False]


def _parts(title: str) -> list[tuple[int, str]]:
    """(offset, text) of the title and each subtitle (split at colons)."""
    out, start = [], 0
    for match in re.finditer(r":", title):
        out.append((start, title[start : match.start()]))
        start = match.end()
    return [*out, (start, title[start:])]


def _sentence_case_proper_nouns(title: str) -> Iterable[str]:
    """Capitalised words inside a sentence-case title: proper nouns, as its author wrote it."""
    whole = is_title_case(title)
    for _, part in _parts(title):
        if is_title_case(part, whole):
            continue
        for start, end, first in _words(part):
            word = part[start:end]
            if not first and _capitalised(word) and not _inner_capitals(word):
                yield word.lower()


def protected_spans(title: str, known: Iterable[str] = ()) -> list[tuple[int, int]]:
    """(start, end) of each word of ``title`` to protect; ``known`` adds proper nouns."""
    return _spans(title, _lexicon() | frozenset(known))


def _spans(title: str, names: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    whole = is_title_case(title)
    for offset, part in _parts(title):
        spans += [(offset + a, offset + b) for a, b in _protected(part, names, whole)]
    merged: list[tuple[int, int]] = []
    for start, end in spans:  # {Caspian Region}, not {Caspian} {Region}
        if merged and not title[merged[-1][1] : start].strip():
            start = merged.pop()[0]
        merged.append((start, end))
    if merged == [(0, len(title))]:  # wrapping the whole title would stop all casing
        return []
    return merged


def _protected(title: str, names: frozenset[str], whole: bool) -> Iterable[tuple[int, int]]:
    """The spans to protect in one part of a title (no colon inside); a part too short to
    tell its case takes the whole title's (``whole``)."""
    title_case = is_title_case(title, whole)
    for start, end, first in _words(title):
        word = title[start:end]
        letters = [c for c in word if c.isalpha()]
        if not any(c.isascii() for c in letters):  # styles re-case Latin script only
            continue
        if _inner_capitals(word) or (len(letters) == 1 and word.isupper() and word != "A"):
            protect = len(letters) > 1 or not first
        elif not _capitalised(word) or first:
            protect = False
        elif title_case:
            protect = word.lower() in names
        else:
            protect = True
        if protect:
            yield start, end


class Casing:
    """Protection for the titles of one export, which teach it their proper nouns."""

    def __init__(self, titles: Iterable[str] = ()) -> None:
        known = frozenset(w for t in titles for w in _sentence_case_proper_nouns(t))
        self.names = _lexicon() | known

    def spans(self, title: str) -> list[tuple[int, int]]:
        return _spans(title, self.names) if title else []

    def csl(self, title: str) -> str:
        """``title`` with protected words in ``<span class="nocase">`` (CSL-JSON rich text)."""
        out, end = [], 0
        for start, stop in self.spans(title):
            out += [title[end:start], f'<span class="nocase">{title[start:stop]}</span>']
            end = stop
        return "".join([*out, title[end:]])


_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>', re.DOTALL)


def strip_nocase(text: str) -> str:
    """CSL rich text without the ``nocase`` spans :meth:`Casing.csl` adds."""
    return _NOCASE.sub(lambda m: m.group(1), text) if "<span" in text else text


def build_lexicon(titles: Iterable[str]) -> list[tuple[str, int, int]]:
    """(word, times capitalised inside sentence-case titles, times in lower case) for the
    words capitalised there at least four times as often as not: the shipped lexicon's rows."""
    capitalised: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for _, title in (part for text in titles for part in _parts(html.unescape(text))):
        if is_title_case(title):
            continue
        for start, end, first in _words(title):
            word = title[start:end]
            if first or _inner_capitals(word) or not word[:1].isalpha():
                continue
            (capitalised if _capitalised(word) else lower)[word.lower()] += 1
    return sorted(
        (word, count, lower[word])
        for word, count in capitalised.items()
        if count >= 4 * lower[word] and len(word) > 1 and word not in _MINOR
    )


def _main(paths: list[str]) -> None:
    """``python -m refbridge.formats.titlecase csl_records.jsonl…`` prints the lexicon."""
    titles = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if isinstance(row.get("title"), str):  # CSL-JSON records
                    titles.append(row["title"])
                titles += [span[1] for span in row.get("labels", ()) if span[0] == "title"]
    print("# word\tcapitalised\tlower-case  (built by refbridge.formats.titlecase)")
    for word, count, low in build_lexicon(titles):
        print(f"{word}\t{count}\t{low}")


if __name__ == "__main__":
    _main(sys.argv[1:])
