"""A key for comparing text, so that the parser, pairing, deduplication and the citation
checker agree on what "the same text" means."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """A key for comparing text: NFKC, case-folded, ё as е, punctuation and spacing collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())
