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
# ROMANESQUE_REGEXP: a letter or digit of a script written with spaces between words (a name
# with none is written family-first without a space, "我妻栄"; no italics on such text)
STARTS_ROMANESQUE = re.compile(f"^[&{LETTERS}]")
ROMANESQUE = re.compile(f"[-0-9{LETTERS}]")
_TRAILING_SPACE = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")
# citeproc-js's nameDoppel: a name splits into words at spaces, hyphens and markup tags
_SEPARATOR = re.compile(r"((?:[-\s]*</*(?:i|sc|b|sub|sup)>[-\s]*|[-\s]+))")
_LEADING_TAGS = re.compile(r"^(?:<[^>]+>)*")


@functools.lru_cache(maxsize=4096)  # names repeat across a list: initialise each once
def initialize(given: str, terminator: str, hyphen: bool, do_initialize: bool = True) -> str:
    """``given`` initialised with ``terminator`` (the style's ``initialize-with``); with
    ``do_initialize`` false, only initials and abbreviations get the terminator."""
    if not given:
        return ""
    if given in ("Lord", "Lady") or (
        not STARTS_ROMANESQUE.match(_LEADING_TAGS.sub("", given)) and "%s" not in terminator
    ):
        return given
    name = given if hyphen else given.replace("-", " ")
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", name))
    name = re.sub("-([a-z])", "\u2013\\1", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name)  # "J.P." → "J. P."
    words = _SEPARATOR.split(name)  # words at even indexes, separators between
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
        other_script = not STARTS_ROMANESQUE.match(word) and len(word) > 1
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
                separator = words[i + 1]
                if "-" in separator:
                    words[i + 1] = _merge_tags(separator.replace("-", "", 1), terminator) + "-"
                else:
                    words[i + 1] = _merge_tags(separator, terminator)
            else:
                words.append(terminator)
        elif ROMANESQUE.search(word) and (not matched or not period):
            words[i] = " " + word
    return _tidy(words)


def _normalised(words: list[str], terminator: str) -> str:
    abbreviated = []
    for i, word in enumerate(words):
        bare = _LEADING_TAGS.sub("", word)
        if len(bare) > 1 and bare.endswith("."):
            words[i] = re.sub(r"^(.*)\.(.*)$", r"\1\2", word)
            abbreviated.append(True)
        else:
            abbreviated.append(len(word) == 1 and word.upper() == word)
    for i in range(0, len(words), 2):
        if not abbreviated[i]:
            continue
        if i < len(words) - 2:
            tags = "".join(re.findall(r"<[^>]+>", words[i + 1])) or words[i + 1]
            separator = tags if abbreviated[i + 2] else tags + " "
            if len(words[i + 2]) > 1:
                words[i + 1] = terminator.removesuffix("\ufeff") + separator
            else:
                words[i + 1] = _merge_tags(separator, terminator)
        if i == len(words) - 1:
            words[i] += terminator
    return _tidy(words)


def _merge_tags(separator: str, terminator: str) -> str:
    """The terminator that replaces a separator, keeping the separator's markup tags before
    its trailing space ("</b> " → ".</b> ")."""
    tags = "".join(re.findall(r"-*<[^>]+>-*", separator))
    if not tags:
        return terminator
    match = re.fullmatch(r"(.*\S)?(\s+)", terminator, re.DOTALL)
    if match:
        return (match.group(1) or "") + tags + match.group(2)
    return terminator + tags
