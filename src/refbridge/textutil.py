"""Small text helpers every stage needs: script of a string, inline Markdown removal, match keys.

Kept here, in one place, so that the parser, the pairing, the deduplication and the citation
checker agree on what "the same text" means.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = re.compile(r"[\u0400-\u04FF\u0500-\u052F]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")

# Inline Markdown as scraped pages carry it: emphasis, <autolinks>, [text](url), backslash escapes.
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|doi:[^>\s]+)>")
# The content excludes the delimiter character, so each scan stops at the next delimiter and a
# pass is linear ("*a " x 5000 would make a lazy ".+?" quadratic). Nesting is undone by passes.
_MD_EMPHASIS = (
    re.compile(r"(\*{1,3})(?=[^\s*])([^*]*?)(?<=[^\s*])\1(?!\*)"),
    re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])([^_]*?)(?<=[^\s_])\1(?![\w_])"),
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$])")

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def script_of(text: str) -> str:
    """'cyrillic', 'latin', 'mixed' (both with a real share) or '' (no letters)."""
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if not cyr and not lat:
        return ""
    share = cyr / (cyr + lat)
    if share >= 0.85:
        return "cyrillic"
    if share <= 0.15:
        return "latin"
    return "mixed"


def strip_markdown(text: str) -> str:
    """Text without inline Markdown: ``*Journal*`` -> ``Journal``, ``<https://x>`` -> ``https://x``."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis: ***bold italic***
        previous = text
        for pattern in _MD_EMPHASIS:
            text = pattern.sub(r"\2", text)
    return _MD_ESCAPE.sub(r"\1", text)


def fold(text: str) -> str:
    """A key for comparing text: NFKC, case-folded, ё as е, punctuation and spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def to_roman(number: int) -> str:
    """``number`` in lower-case Roman numerals (14 -> ``xiv``); '' for zero or less.

    Word numbering (``lowerRoman``) and CSL ``roman`` page labels both need it.
    """
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
