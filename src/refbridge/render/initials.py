"""Given names as initials, ported from citeproc-js (``CSL.Util.Names.initializeWith``).

citeproc-js decides what is an initial, an abbreviation ("Sh.") or a full name word by word,
and its choices show in every style with ``initialize-with``: "John Quincy" → "J. Q.",
"Jean-Paul" → "J.-P.", "JA" → "J.", a lone "J" gets its period, "M. Sh." keeps "Sh.". With
``initialize="false"`` only the initials and abbreviations are normalised ("J" → "J.").
"""

from __future__ import annotations

import functools
import re

# The character classes of citeproc-js's NAME_INITIAL_REGEXP and ROMANESQUE regexps.
LETTERS = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e"
)
_NAME_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
    "\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4"
    "\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)"
    "(\\.)*"
)
_STARTS_ROMANESQUE = re.compile(f"^[&{LETTERS}]")
_ROMANESQUE = re.compile(f"[-0-9{LETTERS}]")
_TRAILING_SPACE = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")


@functools.lru_cache(maxsize=4096)  # names repeat across a list: initialise each once
def initialize(given: str, terminator: str, hyphen: bool, do_initialize: bool = True) -> str:
    """``given`` initialised with ``terminator`` (the style's ``initialize-with``); with
    ``do_initialize`` false, only initials and abbreviations get the terminator."""
    if not given:
        return ""
    if given in ("Lord", "Lady") or (
        not _STARTS_ROMANESQUE.match(given) and "%s" not in terminator
    ):
        return given
    name = given if hyphen else given.replace("-", " ")
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", name))
    name = re.sub("-([a-z])", "\u2013\\1", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name)  # "J.P." → "J. P."
    words = re.split(r"([-\s]+)", name)  # words at even indexes, separators between
    if len(words) == 1:
        tail = re.search(r"[^.]+$", words[0])
        if tail and len(tail.group()) == 1 and tail.group() != tail.group().lower():
            words[0] += "."  # a lone initial without its period
    out = _initials(words, terminator) if do_initialize else _normalised(words, terminator)
    return re.sub("\u2013([a-z])", "-\\1", out).lstrip()


def _tidy(words: list[str]) -> str:
    out = _TRAILING_SPACE.sub("", "".join(words))
    return re.sub(r"[\t\n\x0b\x0c\r ]+", " ", re.sub(r"\s*-\s*", "-", out))


def _initials(words: list[str], terminator: str) -> str:
    count = len(words)
    for i in range(0, count, 2):
        word = words[i]
        if not word:
            continue
        match = _NAME_INITIAL.match(word)
        matched = match is not None
        head, rest, period = match.groups() if match else ("", "", None)
        other_script = not _STARTS_ROMANESQUE.match(word) and len(word) > 1
        if not matched and other_script and "%s" in terminator:  # "%s.": any script's letter
            matched, head, rest = True, word[0], word[1:]
        if matched and rest and period:  # an abbreviation ("Sh.") keeps its letters
            head, rest = head + rest, ""
        if matched and head[:1] == head[:1].upper():
            extra = ""
            if rest:
                upper = ""
                for char in rest:
                    if char != char.upper():
                        break
                    upper += char
                if len(upper) < len(rest):
                    extra = upper.lower()
            words[i] = head + extra
            if "%s" in terminator:
                words[i] = terminator.replace("%s", words[i])
            elif i < count - 1:
                words[i + 1] = terminator + ("-" if "-" in words[i + 1] else "")
            else:
                words.append(terminator)
        elif _ROMANESQUE.search(word) and (not matched or not period):
            words[i] = " " + word
    return _tidy(words)


def _normalised(words: list[str], terminator: str) -> str:
    abbreviated = []
    for i, word in enumerate(words):
        if len(word) > 1 and word.endswith("."):
            words[i] = re.sub(r"^(.*)\.(.*)$", r"\1\2", word)
            abbreviated.append(True)
        else:
            abbreviated.append(len(word) == 1 and word.upper() == word)
    for i in range(0, len(words), 2):
        if not abbreviated[i]:
            continue
        if i < len(words) - 2:
            separator = words[i + 1] if abbreviated[i + 2] else words[i + 1] + " "
            if len(words[i + 2]) > 1:
                words[i + 1] = terminator.removesuffix("\ufeff") + separator
            else:
                words[i + 1] = terminator
        if i == len(words) - 1:
            words[i] += terminator
    return _tidy(words)
