"""Markdown removal with a fast path: most reference strings carry no Markdown at all."""

from __future__ import annotations

import re

from ..textutil import strip_markdown

_MARKUP = re.compile(r"[*_<\[\\]")


def plain(text: str) -> str:
    """``strip_markdown(text)``, skipped when no Markdown character occurs in ``text``."""
    return strip_markdown(text) if _MARKUP.search(text) else text
