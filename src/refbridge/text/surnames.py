"""Matching personal names across scripts and transliteration schemes.

A surname printed in a Russian list and the same surname in the English list rarely agree
letter for letter: the English one may follow any of half a dozen schemes, or the journal's
habit, or the author's own passport spelling (Еримпашева / Erimpasheva / Yerimpasheva,
Юнь / Yun / Iun, Соловьев / Soloviev / Solov'ev, Штейн / Stein). Two tools:

* :func:`surname_key` — a coarse key, equal for the usual variants, cheap enough to block on;
* :func:`match_surnames` — a scored verdict with evidence: exact under a named scheme, equal
  keys, or a fuzzy key match within a tolerance; and which scheme best explains the spelling.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs
from rapidfuzz.distance import Levenshtein

from .script import has_cyrillic
from .translit import SCHEMES, transliterate

__all__ = ["NameMatch", "best_scheme", "latin_key", "match_surnames", "surname_key"]

# Cyrillic to a deliberately lossy Latin: the key cares about sounds that survive every scheme.
_KEY_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "і": "i", "ї": "i", "є": "e", "ґ": "g", "ў": "v", "ә": "a", "ғ": "g", "қ": "k",
    "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}  # fmt: skip

# Ordered rewrites on the folded Latin form; each collapses spellings schemes disagree on.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"(?<=sh|ch|zh|hh)o|(?<=[^aeiou])[iyj]o", "e"),  # ё: Gorbachov, Solovyov, Khrushchyov
        (r"^x", "h"),  # GOST 7.79 B writes х as x: Xrushhyov
        (r"shch|shh|sch", "s"),
        (r"sh|š", "s"),
        (r"zh|ž", "z"),
        (r"kh", "h"),
        (r"ch|tch|č", "c"),
        (r"x", "ks"),
        (r"ts|tz|cz|tc", "c"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"ck|q", "k"),
        (r"(?:^|(?<=[aeiouy]))[iyj](?=[aeiou])", ""),  # iotated vowels: Yun / Iun, Yerim / Erim
        (r"(?<=[^aeiouy])[iyj](?=[aeiou])", ""),  # Solovyev / Soloviev / Solov'ev
        (r"[yj]", "i"),
        (r"([a-z])\1+", r"\1"),  # doubled letters: Kollegov / Kolegov, -ii / -i
    )
)


@attrs.frozen
class NameMatch:
    """The verdict on two spellings of one surname: a score in [0, 1] and why."""

    score: float
    kind: str  # "exact", "scheme", "key", "fuzzy" or "none"
    scheme: str = ""  # for kind "scheme": the schemes that spell it so, joined by "+"
    evidence: str = ""

    @property
    def matched(self) -> bool:
        return self.kind != "none"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)
def latin_key(text: str) -> str:
    """The coarse key of a Latin string (any scheme): lower-case letters only, rewritten."""
    text = _strip_marks(text).casefold()
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    for pattern, repl in _REWRITES:
        text = pattern.sub(repl, text)
    return text


@functools.lru_cache(maxsize=1 << 16)
def surname_key(surname: str) -> str:
    """A coarse, script-independent key: Еримпашева, Erimpasheva and Yerimpasheva agree.

    Cyrillic letters go through a lossy table, then the same rewrites as Latin spellings;
    hyphenated names keep one key (Ефремова-Шершукова -> ``efremovaserseukova``-like).
    """
    lowered = unicodedata.normalize("NFC", surname).casefold()
    latin = "".join(_KEY_CYRILLIC.get(ch, ch) for ch in lowered)
    return latin_key(latin)


def _fold_latin(text: str) -> str:
    """Compare spellings ignoring case, marks, apostrophes and hyphens (Solov'ev = Solovev)."""
    return "".join(ch for ch in _strip_marks(text).casefold() if ch.isalpha())


def best_scheme(cyrillic: str, latin: str) -> tuple[tuple[str, ...], int]:
    """The schemes whose transliteration of ``cyrillic`` is closest to ``latin``, and the distance.

    Case, marks, apostrophes and hyphens are ignored, so several schemes often tie
    (Юнь / Iun: ala_lc and icao); they come in the order of ``SCHEMES``.
    """
    target = _fold_latin(latin)
    distances = {
        scheme: Levenshtein.distance(_fold_latin(transliterate(cyrillic, scheme)), target)
        for scheme in SCHEMES
    }
    least = min(distances.values())
    return tuple(s for s in SCHEMES if distances[s] == least), least


def match_surnames(a: str, b: str, *, tolerance: float = 0.8) -> NameMatch:
    """Do two surnames, in any scripts, name the same person? Scored, with evidence.

    Order of evidence: identical after folding (1.0); one is a scheme's transliteration of the
    other (0.98); equal coarse keys (0.93); key similarity >= ``tolerance`` (score = similarity
    scaled into 0.6-0.9). Otherwise ``kind="none"`` with the similarity as score.
    """
    if not a.strip() or not b.strip():
        return NameMatch(0.0, "none", evidence="empty name")
    if _fold_latin(a) == _fold_latin(b):
        return NameMatch(1.0, "exact", evidence=f"{a} = {b}")
    cyr, lat = (a, b) if has_cyrillic(a) and not has_cyrillic(b) else (b, a)
    if has_cyrillic(cyr) and not has_cyrillic(lat):
        schemes, distance = best_scheme(cyr, lat)
        if distance == 0:
            named = "+".join(schemes)
            return NameMatch(0.98, "scheme", named, f"{lat} = {cyr} in {named}")
    key_a, key_b = surname_key(a), surname_key(b)
    if key_a and key_a == key_b:
        return NameMatch(0.93, "key", evidence=f"{a} ~ {b} (key {key_a})")
    similarity = Levenshtein.normalized_similarity(key_a, key_b)
    if similarity >= tolerance:
        score = 0.6 + 0.3 * (similarity - tolerance) / (1 - tolerance)
        return NameMatch(round(score, 3), "fuzzy", evidence=f"{a} ≈ {b} ({similarity:.2f})")
    return NameMatch(round(similarity * 0.5, 3), "none", evidence=f"{a} ≠ {b} ({similarity:.2f})")
