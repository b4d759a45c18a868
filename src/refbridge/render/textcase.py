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
    '|<span style="font-variant: small-caps;">|<span class="no(?:case|decor)">|</span>'
    "|</?(?:i|sc|b|sub|sup)>"
)
#: Markup whose text keeps its case (tag → its closing tag), as citeproc-js's text-case skips it.
_PROTECTED = {
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
}
_SMALL_CAPS_SPAN = re.compile(r'(<span)\s+(style="font-variant:)\s*(small-caps);?(")[^>]*(>)')
_CLASS_SPAN = re.compile(r'(<span)\s+(class="no(?:case|decor)")[^>]*(>)')
_SPACES = re.compile("[\u00a0\u0020\u2000-\u200b\u205f\u3000]+")
_QUOTE = re.compile("(^(?:\u2018|\u2019|\u201c|\u201d|\"|')|(?: \"| ')$)")
_OPENERS = {
    ' "': (" '", '"'),
    " '": (' "', "'"),
    "\u2018": ("\u2018", "\u2019"),
    "\u201c": ("\u201c", "\u201d"),
}
_GREEK = re.compile("[\u0370-\u03ff]")


def _turkic_upper(text: str) -> str:
    return text.replace("i", "\u0130").upper()


def _turkic_lower(text: str) -> str:
    return text.replace("I", "\u0131").replace("\u0130", "i").lower()


def _capitalise(word: str, upper: Callable[[str], str] = str.upper) -> str:
    """The first character upper-cased (after leading space), unless it is a lone Greek letter."""
    stripped = word.lstrip()
    if not stripped or (len(stripped) == 1 and _GREEK.match(stripped)):
        return word
    lead = word[: len(word) - len(stripped)]
    return lead + upper(stripped[0]) + stripped[1:]


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

    def __init__(self, mode: str, turkic: bool = False) -> None:
        self.mode = mode
        self.upper = _turkic_upper if turkic else str.upper
        self.lower = _turkic_lower if turkic else str.lower
        self.first = True
        self.after_punctuation = False
        self.last_word: tuple[int, int] | None = None

    def words(self, text: str, index: int, following: str | None) -> str:
        if self.mode in ("lowercase", "uppercase"):
            return (self.lower if self.mode == "lowercase" else self.upper)(text)
        if self.mode == "sentence":
            words = text.split(" ")
            for j, word in enumerate(words):
                if word:
                    words[j] = _capitalise(word, self.upper) if self.first else self.lower(word)
                    self.first = False
            return " ".join(words)
        if self.mode == "title" and not text.strip():
            return text
        strings, spaces = _split(text, _SPACES)
        for j, word in enumerate(strings):
            if not word:
                continue
            lower = self.lower(word)
            if self.mode == "capitalize-first":
                if self.first:
                    strings[j] = _capitalise(word, self.upper) if word == lower else word
                    self.first = False
                    break
                continue
            if self.mode == "capitalize-all":
                strings[j] = _capitalise(word, self.upper) if word == lower else word
                continue
            capitalise = (
                (len(word) > 1 and not _STOP.search(lower))
                or (j == len(strings) - 1 and following == "-")
                or self.first
                or self.after_punctuation
            )
            if capitalise and word == lower:
                strings[j] = _capitalise(word, self.upper)
            self.after_punctuation = self.first = False
            self.last_word = (index, j)
        return _join(strings, spaces)

    def run(self, text: str) -> str:
        if "<span" in text:
            text = _CLASS_SPAN.sub(r"\1 \2\3", _SMALL_CAPS_SPAN.sub(r"\1 \2 \3;\4\5", text))
        strings, tags = _split(text, _PUNCTUATION)
        original = list(strings)
        if strings[0].strip():
            strings[0] = self.words(strings[0], 0, tags[0] if tags else None)
        quotes: list[tuple[str, str, int | None]] = []  # (opener, closer, position) still open
        protected: list[str] = []  # closing tags of the markup spans the text is inside
        track_quotes = self.mode not in ("lowercase", "uppercase")
        for i, tag in enumerate(tags):
            text_after = strings[i + 1]
            if tag in _PROTECTED:
                protected.append(_PROTECTED[tag])
            elif protected and tag == protected[-1]:
                protected.pop()
            if re.search(r"[!?:]$", tag):
                self.after_punctuation = True
            if not protected:
                # citeproc-js passes its whole split here, not the next tag: no hyphen rule
                # after the first piece
                strings[i + 1] = self.words(text_after, i + 1, None)
            elif text_after.strip():
                self.last_word = None
            mismatch = _quote_mismatch(quotes, tag, i) if track_quotes else None
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


_CASES = frozenset("lowercase uppercase capitalize-first capitalize-all sentence title".split())


@functools.lru_cache(maxsize=4096)
def _transform(case: str, text: str, turkic: bool = False) -> str:
    if case in ("lowercase", "uppercase") and "<" not in text and not turkic:
        return text.lower() if case == "lowercase" else text.upper()
    return _Engine(case, turkic).run(text)


def title_case(text: str) -> str:
    return _transform("title", text)


def capitalize_first(text: str) -> str:
    return _transform("capitalize-first", text) if text else text


def apply(case: str, text: str, english: bool = True, language: str = "") -> str:
    """``text`` in CSL text case ``case``; title case applies to English only, as in CSL.

    Markup in the text (``<sup>``, small caps, nocase spans) keeps its case, and Turkish and
    Azerbaijani items take their dotted and dotless i.
    """
    if case not in _CASES or (case == "title" and not english):
        return text
    return _transform(case, text, language[:2].lower() in ("tr", "az"))
