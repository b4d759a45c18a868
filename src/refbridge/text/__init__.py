"""Text rules every stage shares: one definition each, and nothing of refbridge imported.

* :mod:`.script` — the script of a string and the language its letters show
  (:func:`script_of`, :func:`detect_language`, :data:`CYRILLIC_LANGUAGES`);
* :mod:`.marks` — the "(In Russian)" family of language marks (:func:`find_language_mark`);
* :mod:`.translit` — Cyrillic -> Latin by a named scheme (:func:`transliterate`);
* :mod:`.surnames` — surname keys and matching across scripts (:func:`surname_key`);
* :mod:`.markdown` — inline Markdown removal (:func:`strip_markdown`);
* :mod:`.identifiers` — DOIs and URLs in running text (:func:`without_identifiers`);
* :mod:`.list_markers` — the marker that opens a list entry ("1.", "[12]", "•");
* :mod:`.fold` and :mod:`.roman` — comparison keys and Roman numerals.

This package is the floor of the house: it imports only the standard library and third-party
packages, so every layer above may use it and none of its rules is written twice.
:mod:`.surnames` (which loads rapidfuzz) is imported by its own path, so that a stage that
only needs the script of a string does not pay for it at start-up.
"""

from __future__ import annotations

from .fold import fold
from .identifiers import find_urls, without_identifiers
from .markdown import strip_markdown
from .marks import LanguageMark, find_language_mark, mark_language, strip_language_mark
from .roman import to_roman
from .script import CYRILLIC_LANGUAGES, detect_language, entry_script, script_of
from .translit import SCHEMES, transliterate

__all__ = [
    "CYRILLIC_LANGUAGES",
    "SCHEMES",
    "LanguageMark",
    "detect_language",
    "entry_script",
    "find_language_mark",
    "find_urls",
    "fold",
    "mark_language",
    "script_of",
    "strip_language_mark",
    "strip_markdown",
    "to_roman",
    "transliterate",
    "without_identifiers",
]
