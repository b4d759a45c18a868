"""CSL text-case transforms, ported from citeproc-js's text-case engine
(``CSL.Output.Formatters``), whose choices every citeproc-js user sees.

The string is cut at punctuation and quotation marks; words are the space-separated runs
between them. Title case capitalises every all-lower-case word of two letters or more that is
not a stop word, the first word, and a word after ":", "?" or "!"; a stop word that ends the
title is capitalised too. A word with any capital is left alone ("iPhone", "mRNA"), lone Greek
letters stay as they are ("α-amylase"), and an unpaired quotation mark undoes the change made
to the character after it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# citeproc-js's CSL.SKIP_WORDS, joined into a regular expression as citeproc-js joins them
# (unescaped: "v." also matches "vi"; multi-word entries never match one word).
STOP_WORDS = """about above across afore after against al along alongside amid amidst among amongst
    anenst apropos apud around as aside astride at athwart atop barring before behind below
    beneath beside besides between beyond but by circa despite down during et except for
    forenenst from given in inside into lest like modulo near next notwithstanding of off on
    onto out over per plus pro qua sans since than through throughout thruout till to toward
    towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with within
    without or yet so and nor a an the de d' von van c ca""".split()
_STOP = re.compile(r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join(STOP_WORDS) + r")(?=[!?:]*\s+|-|$))")
_PUNCTUATION = re.compile(
    "\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
)
_SPACES = re.compile("[\u00a0\u0020\u2000-\u200b\u205f\u3000]+")
_QUOTE = re.compile("(^(?:\u2018|\u2019|\u201c|\u201d|\"|')|(?: \"| ')$)")
_OPENERS = {
    ' "': (" '", '"'),
    " '": (' "', "'"),
    "\u2018": ("\u2018", "\u2019"),
    "\u201c": ("\u201c", "\u201d"),
}
_GREEK = re.compile("[\u0370-\u03ff]")


def _capitalise(word: str) -> str:
    """The first character upper-cased (after leading space), unless it is a lone Greek letter."""
    stripped = word.lstrip()
    if not stripped or (len(stripped) == 1 and _GREEK.match(stripped)):
        return word
    lead = word[: len(word) - len(stripped)]
    return lead + stripped[0].upper() + stripped[1:]


def _split(text: str, pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """(strings, separators) as citeproc-js's Doppeler cuts them; strings[i] precedes sep[i]."""
    separators = [m.group() for m in pattern.finditer(text)]
    strings = pattern.split(text)
    for i in range(len(separators) - 1, -1, -1):
        if separators[i] == "'" and strings[i + 1]:  # an apostrophe stays with its word
            strings[i + 1] = "'" + strings[i + 1]
            separators[i] = ""
    return strings, separators


def _join(strings: list[str], separators: list[str]) -> str:
    return "".join(s + t for s, t in zip(strings, [*separators, ""], strict=True))


class _Engine:
    """One pass of citeproc-js's ``_textcaseEngine`` with the word rule of one transform."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.first = True
        self.after_punctuation = False
        self.last_word: tuple[int, int] | None = None

    def words(self, text: str, index: int, following: str | None) -> str:
        if self.mode == "sentence":
            words = text.split(" ")
            for j, word in enumerate(words):
                if word:
                    words[j] = _capitalise(word) if self.first else word.lower()
                    self.first = False
            return " ".join(words)
        if self.mode == "title" and not text.strip():
            return text
        strings, spaces = _split(text, _SPACES)
        for j, word in enumerate(strings):
            if not word:
                continue
            lower = word.lower()
            if self.mode == "capitalize-first":
                if self.first:
                    strings[j] = _capitalise(word) if word == lower else word
                    self.first = False
                    break
                continue
            if self.mode == "capitalize-all":
                strings[j] = _capitalise(word) if word == lower else word
                continue
            capitalise = (
                (len(word) > 1 and not _STOP.search(lower))
                or (j == len(strings) - 1 and following == "-")
                or self.first
                or self.after_punctuation
            )
            if capitalise and word == lower:
                strings[j] = _capitalise(word)
            self.after_punctuation = self.first = False
            self.last_word = (index, j)
        return _join(strings, spaces)

    def run(self, text: str) -> str:
        strings, tags = _split(text, _PUNCTUATION)
        original = list(strings)
        if strings[0].strip():
            strings[0] = self.words(strings[0], 0, tags[0] if tags else None)
        quotes: list[tuple[str, str, int | None]] = []  # (opener, closer, position) still open
        for i, tag in enumerate(tags):
            text_after = strings[i + 1]
            if re.search(r"[!?:]$", tag):
                self.after_punctuation = True
            # citeproc-js passes its whole split here, not the next tag: no hyphen rule after
            # the first piece
            strings[i + 1] = self.words(text_after, i + 1, None)
            mismatch = _quote_mismatch(quotes, tag, i)
            if mismatch is not None:
                strings[mismatch + 1] = original[mismatch + 1][:1] + strings[mismatch + 1][1:]
                self.last_word = None
            if text_after.strip():
                self.first = self.after_punctuation = False
        for _opener, _closer, position in quotes:
            if position is not None:
                strings[position + 1] = original[position + 1][:1] + strings[position + 1][1:]
        if self.last_word is not None:
            index, j = self.last_word
            words, spaces = _split(strings[index], _SPACES)
            if len(words[j]) > 1 and _STOP.search(words[j].lower()):
                words[j] = _capitalise(words[j])
            strings[index] = _join(words, spaces)
        return _join(strings, tags)


def _quote_mismatch(quotes: list[tuple[str, str, int | None]], tag: str, i: int) -> int | None:
    """Tracks quotation marks; the position of one left unpaired, whose next character goes
    back to its original case."""
    match = _QUOTE.search(tag)
    if match is None:
        return None
    mark = match.group(1)
    if mark in ("\u201c", "\u2018", ' "', " '"):
        opener, closer = _OPENERS[mark]
        if not quotes or mark == quotes[-1][0]:
            quotes.append((opener, closer, i))
            return None
        previous = quotes.pop()[2]
        quotes.append((opener, closer, None))
        return previous
    if quotes and mark == quotes[-1][1]:
        quotes.pop()
        return None
    return i


@functools.lru_cache(maxsize=4096)
def title_case(text: str) -> str:
    return _Engine("title").run(text)


@functools.lru_cache(maxsize=4096)
def capitalize_first(text: str) -> str:
    return _Engine("capitalize-first").run(text) if text else text


@functools.lru_cache(maxsize=4096)
def capitalize_all(text: str) -> str:
    return _Engine("capitalize-all").run(text)


@functools.lru_cache(maxsize=4096)
def sentence_case(text: str) -> str:
    return _Engine("sentence").run(text)


_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "lowercase": str.lower,
    "uppercase": str.upper,
    "capitalize-first": capitalize_first,
    "capitalize-all": capitalize_all,
    "sentence": sentence_case,
}


def apply(case: str, text: str, english: bool = True) -> str:
    """``text`` in CSL text case ``case``; title case applies to English only, as in CSL."""
    if case == "title":
        return title_case(text) if english else text
    transform = _TRANSFORMS.get(case)
    return transform(text) if transform is not None else text
