"""Inline Markdown as scraped pages and converted documents carry it, and text without it.

Emphasis (``*Journal*``), autolinks (``<https://x>``), links (``[text](url)``) and backslash
escapes; block structure (headings, list markers) is the section finder's business.
"""

from __future__ import annotations

import re

from .identifiers import URL_START

__all__ = ["strip_markdown"]

# The link text stops at the next "[" too, so that a page of unmatched "[" is read in linear
# time ("[a [b](u)" is the link "[b](u)", as CommonMark reads it).
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_AUTOLINK = re.compile(rf"<({URL_START}[^>\s]+|doi:[^>\s]+)>")
# The content excludes the delimiter character, so each scan stops at the next delimiter and a
# pass is linear ("*a " x 5000 would make a lazy ".+?" quadratic). Nesting is undone by passes.
_MD_EMPHASIS = (
    re.compile(r"(\*{1,3})(?=[^\s*])([^*]*?)(?<=[^\s*])\1(?!\*)"),
    re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])([^_]*?)(?<=[^\s_])\1(?![\w_])"),
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$])")
# A character one of the patterns above needs: most reference strings have none.
_MARKUP = re.compile(r"[*_<\[\\]")


def strip_markdown(text: str) -> str:
    """Text without inline Markdown: ``*Journal*`` -> ``Journal``, ``<https://x>`` -> ``https://x``."""
    if not _MARKUP.search(text):
        return text
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis: ***bold italic***
        previous = text
        for pattern in _MD_EMPHASIS:
            text = pattern.sub(r"\2", text)
    return _MD_ESCAPE.sub(r"\1", text)
