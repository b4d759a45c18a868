"""DOIs and URLs in running text: where they start, where they end, and text without them.

What a DOI *is* (Crossref's shapes, the repairs copying makes necessary) is decided in
:mod:`refbridge.doi.syntax`; this module only finds the spans that look like one, so that
every stage — section finding, the segmenter, pairing, script detection — agrees on what
is an identifier and what is prose. Patterns that need a DOI or URL start inside a larger
regex compose :data:`DOI_START` and :data:`URL_START` rather than writing their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "DOI_IN_TEXT",
    "DOI_PREFIX",
    "DOI_START",
    "IDENTIFIERS",
    "LINKS",
    "URL_START",
    "doi_spans",
    "find_urls",
    "strip_trailing",
    "without_identifiers",
]

#: Regex source of a DOI prefix: the directory indicator "10." and a registrant code of
#: 4-9 digits (with sub-codes: "10.1000.10") — also percent-encoded, as in a DOI copied out
#: of a URL ("10%2E1000").
DOI_PREFIX = r"10(?:\.|%2[Ee])\d{4,9}(?:\.\d+)*"
#: Regex source of the start of a DOI: the prefix and its slash (or "%2F").
DOI_START = rf"{DOI_PREFIX}(?:/|%2[Ff])"
#: Regex source of the start of a URL.
URL_START = r"(?:https?|ftp)://"

#: A DOI in running text, to its next white space.
DOI_IN_TEXT = re.compile(rf"\b{DOI_START}\S+")
#: A URL (in Markdown's autolink bracket or not) or a DOI, to the next white space.
LINKS = re.compile(rf"<?{URL_START}\S+|\b{DOI_START}\S+")
#: Everything that is an identifier and no prose: URLs, "www." addresses, DOIs (with a
#: "doi:" label), e-mail addresses — these from the start of their token only, so that a long
#: run of text without white space costs linear, not quadratic, time.
IDENTIFIERS = re.compile(
    rf"{URL_START}\S+|www\.\S+|\b(?:doi:?\s*)?{DOI_START}\S+|(?<!\S)\S*@\S+", re.IGNORECASE
)

# What every identifier above contains; cheaper to look for than the identifiers themselves.
_MAYBE_IDENTIFIER = re.compile(r"://|www\.|10(?:\.|%2)|@", re.IGNORECASE)

# Characters that end a sentence or close a quotation, never a DOI or URL.
_TRAILING = ".,;:!?'\"»”’“‘›"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}

_PREFIX_BEFORE = re.compile(
    r"(?:(?:https?://)?(?:www\.)?(?:dx\.)?(?:doi\.org|hdl\.handle\.net)/|doi\s*[:=]?\s*)+$",
    re.IGNORECASE,
)
_START = re.compile(DOI_START, re.IGNORECASE)
_CONTINUES = "-/._\u00ad\u2010\u2011"
_NEXT_LINE = re.compile(r"\r?\n[ \t]*(\S+)")
_URL = re.compile(rf"{URL_START}[^\s<>\"'«»]+", re.IGNORECASE)
_DOI_HOSTS = re.compile(r"^(?:https?://)?(?:www\.)?(?:dx\.)?(?:doi\.org|hdl\.handle\.net)/", re.I)


def without_identifiers(text: str) -> str:
    """``text`` with its URLs, DOIs and e-mail addresses replaced by spaces."""
    if not _MAYBE_IDENTIFIER.search(text):  # most strings have none: skip the substitution
        return text
    return IDENTIFIERS.sub(" ", text)


def strip_trailing(text: str) -> str:
    """``text`` without the sentence punctuation and unbalanced closing brackets after it."""
    while text:
        last = text[-1]
        unbalanced = last in _CLOSERS and text.count(_CLOSERS[last]) < text.count(last)
        if last in _TRAILING or unbalanced:
            text = text[:-1]
        else:
            break
    return text


def doi_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each DOI-like span of ``text``, in order, to be validated by the caller.

    A span reaches from a resolver prefix or ``doi:`` label (if any) to the next white
    space; when a DOI ends a line with a character that cannot end it (``-``, ``/``, ``.``,
    a soft hyphen) it continues on the next line, as PDF text and wrapped lists break them.
    Sentence punctuation and a Markdown ">" or ")" after it are left out.
    """
    position = 0
    while True:
        match = _START.search(text, position)
        if not match:
            return
        start = match.start()
        prefix = _PREFIX_BEFORE.search(text, max(0, start - 80), start)
        if prefix and prefix.end() == start:
            start = prefix.start()
        end = match.end()
        while end < len(text) and not text[end].isspace():
            end += 1
        continuation = _NEXT_LINE.match(text, end)
        while continuation and text[end - 1] in _CONTINUES:
            end = continuation.end()
            continuation = _NEXT_LINE.match(text, end)
        position = max(end, match.end())
        yield start, start + len(strip_trailing(text[start:end]))


def find_urls(text: str, *, include_doi: bool = False) -> Iterator[str]:
    """URLs in ``text`` (trailing punctuation and unbalanced brackets removed).

    DOI resolver URLs are left out unless ``include_doi``: those are checked as DOIs.
    """
    for match in _URL.finditer(text):
        url = strip_trailing(match.group(0))
        if include_doi or not _DOI_HOSTS.match(url):
            yield url
