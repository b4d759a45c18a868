"""Joining the wrapped lines of one entry, with line-end hyphenation undone where it is one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.identifiers import DOI_START
from .score import SCORE_WINDOW

_EMPHASIS_END = re.compile(r"(?<![*\s])\*$")
_EMPHASIS_START = re.compile(r"^\*(?![*\s])")
URL_TAIL = re.compile(rf"(?:(?:https?|ftp):/{{0,2}}|www\.|{DOI_START})\S*$")
_URL_CHARS = re.compile(r"[/._=&?%#\d]")
_URL_HEAD = re.compile(r"^[\w\-./%?=&#~:+]+")
_WORD_TAIL = re.compile(r"([^\W\d_]+)-$")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")


def join_wrapped(first: str, second: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Join two wrapped lines of one entry, undoing line-end hyphenation where it is one.

    * soft hyphen at the end: removed, no space;
    * a URL or DOI broken at ``-/_=&?#``, or anywhere when the next line goes on like a
      URL ("clear.org/info"): joined without a space, nothing removed;
    * digits on both sides of a hyphen or en dash (page ranges, DOIs): joined, dash kept;
    * letter-hyphen then a capital ("Ефремова-" + "Шершукова"): hyphen kept, no space;
    * letter-hyphen then lower case: the hyphen is kept when the document spells the word
      with a hyphen elsewhere, dropped when it spells it solid or not at all.
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    if _EMPHASIS_END.search(first) and _EMPHASIS_START.match(second):
        # "*Russia in the*" + "*21st Century*": one emphasis wrapped over two lines
        return join_wrapped(first[:-1], second[1:], vocabulary)
    if first.endswith("\u00ad"):
        return first[:-1] + second
    url = URL_TAIL.search(first)
    head = _URL_HEAD.match(second)
    if (
        url
        and head
        and second[0] not in "(<"
        and not second[0].isupper()
        # broken after a URL separator, or the next line goes on like a URL ("clear.org/…")
        and (first[-1] in "-/_=&?#%~." or _URL_CHARS.search(head.group()))
    ):
        return first + second
    if first.endswith(("-", "‐", "–")) and first[-2:-1].isdigit() and second[:1].isdigit():
        return first + second
    if first.endswith(("-", "‐")):
        tail = _WORD_TAIL.search(first)
        head = _WORD_HEAD.match(second)
        if tail and head:
            if not second[0].islower():
                return first + second
            solid = (tail.group(1) + head.group(1)).lower()
            hyphenated = f"{tail.group(1)}-{head.group(1)}".lower()
            if hyphenated in vocabulary and solid not in vocabulary:
                return first + second
            return first[:-1] + second
    return f"{first} {second}"


#: How much of the text joined so far :func:`join_lines` shows :func:`join_wrapped`.
_JOIN_TAIL = 1000


def join_lines(pieces: Sequence[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """:func:`join_wrapped` over many lines in linear time.

    Each join looks only at the end of the text so far, so the text is carried as finished
    chunks plus a bounded tail instead of being copied at every line.
    """
    if not pieces:
        return ""
    chunks: list[str] = []
    tail = pieces[0]
    for piece in pieces[1:]:
        if len(tail) > 2 * _JOIN_TAIL:
            chunks.append(tail[:-_JOIN_TAIL])
            tail = tail[-_JOIN_TAIL:]
        tail = join_wrapped(tail, piece, vocabulary)
    chunks.append(tail)
    return "".join(chunks)


_VOCABULARY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def document_vocabulary(lines: Sequence[str]) -> frozenset[str]:
    """Lower-cased words (hyphenated compounds kept whole) used to judge line-end hyphens.

    A word hyphenated across a line end appears as its ``xxx-`` first half; it is left
    out so that it does not vouch for itself.
    """
    words: set[str] = set()
    for line in lines:
        stripped = line.rstrip()
        for match in _VOCABULARY_WORD.finditer(line[:SCORE_WINDOW]):
            if match.end() == len(stripped) - 1 and stripped.endswith("-"):
                continue
            words.add(match.group().lower())
    return frozenset(words)
