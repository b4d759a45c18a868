"""Matching personal names across scripts and transliteration schemes.

The keys and the matcher live in :mod:`refbridge.text.surnames`, which every stage shares;
this module keeps the names the bilingual guide documents importable from here.
"""

from __future__ import annotations

from ..text.surnames import NameMatch, best_scheme, latin_key, match_surnames, surname_key

__all__ = ["NameMatch", "best_scheme", "latin_key", "match_surnames", "surname_key"]
