"""Script and language of one reference entry, and the "(In Russian)" family of marks.

The rules live in :mod:`refbridge.text` (:mod:`~refbridge.text.script`,
:mod:`~refbridge.text.marks`), which every stage shares; this module keeps the names the
bilingual guide documents importable from here.
"""

from __future__ import annotations

from ..text.marks import LanguageMark, find_language_mark, strip_language_mark
from ..text.script import detect_language, entry_script

__all__ = [
    "LanguageMark",
    "detect_language",
    "entry_script",
    "find_language_mark",
    "strip_language_mark",
]
