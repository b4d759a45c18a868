"""Cyrillic -> Latin transliteration, one table per scheme, with the context rules each needs.

Schemes (names are what :func:`transliterate` and ``refbridge translit --scheme`` accept):

``bsi``
    The "BSI" table of translit.ru that Russian journals ask authors to use for "References"
    (as published e.g. by journal.imbp.ru): ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ы y,
    й i, ё e, э e, ю yu, я ya, ь ``'``, ъ ``''``. ``Российской`` -> ``Rossiiskoi``,
    ``Известия`` -> ``Izvestiya``. Pass ``soft_signs=False`` to drop ь/ъ, as many journals do.
``bgn_pcgn``
    BGN/PCGN 1947: е/ё as ye/yë at the start of a word and after vowels, й, ъ, ь; й y; ь ’;
    ъ ”; the middle dot in т·с, ш·ч and ы/й before а, у, ы, э.
``ala_lc``
    ALA-LC romanization without diacritics or tie bars: й i, ю iu, я ia, ё e, э e, ь ', ъ ".
``gost_7_79_b``
    GOST 7.79-2000 System B (ASCII only): ё yo, й j, х x, ц c before е/и/ы/й else cz,
    щ shh, ъ ``````, ы y`, ь `, э e`.
``iso9``
    ISO 9:1995 = GOST 7.79-2000 System A, one Latin letter (with diacritics) per Cyrillic letter;
    output is NFC, so ``ë`` is one precomposed character, never a Cyrillic ``ё``.
``icao``
    ICAO Doc 9303, used in Russian passports since 2014: ё e, й i, х kh, ц ts, щ shch, ъ ie,
    ь dropped, ю iu, я ia.

Case is carried per letter: an upper-case letter whose output has several characters is
written ``Shch`` inside a capitalised word and ``SHCH`` inside an all-caps word (``ЩУКИН`` ->
``SHCHUKIN``, ``Щукин`` -> ``Shchukin``, ``Ю.`` -> ``Yu.``). Non-Cyrillic characters pass
through unchanged. Ukrainian, Belarusian and Kazakh letters have a best-effort fallback.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping

from .script import is_cyrillic

__all__ = ["SCHEMES", "transliterate"]

_BASE_ASCII = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# Letters of other Cyrillic alphabets (Ukrainian, Belarusian, Kazakh): practical ASCII forms.
_OTHER_ASCII = {
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w", "ә": "a", "ғ": "gh", "қ": "q",
    "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}  # fmt: skip


def _table(**changes: str) -> dict[str, str]:
    return {**_BASE_ASCII, **_OTHER_ASCII, **changes}


_TABLES: dict[str, dict[str, str]] = {
    "bsi": _table(й="i", ь="'", ъ="''", ю="yu", я="ya"),
    "bgn_pcgn": _table(й="y", ё="ë", ь="’", ъ="”", ю="yu", я="ya"),
    "ala_lc": _table(ь="'", ъ='"'),
    "gost_7_79_b": _table(
        ё="yo", й="j", х="x", ц="cz", щ="shh", ъ="``", ы="y`", ь="`", э="e`", ю="yu", я="ya",
        і="i", ї="yi", є="ye", ґ="g`",
    ),
    "iso9": {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "ž",
        "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c",
        "ч": "č", "ш": "š", "щ": "ŝ", "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "è", "ю": "û",
        "я": "â", "і": "ì", "ї": "ï", "є": "ê", "ґ": "g̀", "ў": "ǔ", "ә": "a̋", "ғ": "ġ",
        "қ": "k̦", "ң": "ṇ", "ө": "ô", "ұ": "ū", "ү": "ù", "һ": "ḥ",
    },
    "icao": _table(ъ="ie", ь=""),
}  # fmt: skip

#: The scheme names :func:`transliterate` accepts.
SCHEMES: tuple[str, ...] = tuple(_TABLES)

_VOWELS = set("аеёиоуыэюяіїєәөұү")
_BGN_SOFTENERS = _VOWELS | {"й", "ъ", "ь"}

_Rule = Callable[[str, str, str, str], str]


def _bgn_rule(prev: str, ch: str, nxt: str, out: str) -> str:
    """BGN/PCGN: ye/yë after a word start, vowel or sign; the disambiguating middle dot."""
    if ch in "её" and (not is_cyrillic(prev) or prev in _BGN_SOFTENERS):
        out = "y" + out
    if ch == "э" and is_cyrillic(prev) and prev not in _VOWELS | {"й", "ъ", "ь"}:
        out = "·" + out
    if (ch, nxt) in {("т", "с"), ("ш", "ч")} or (ch in "ый" and nxt and nxt in "ауыэ"):
        out += "·"
    return out


def _gost_b_rule(prev: str, ch: str, nxt: str, out: str) -> str:
    """GOST 7.79 System B: ц is "c" before е, и, ы, й (Latin i, e, y, j follow) and "cz" else."""
    if ch == "ц" and nxt and nxt in "еиый":
        return "c"
    return out


_RULES: Mapping[str, _Rule] = {"bgn_pcgn": _bgn_rule, "gost_7_79_b": _gost_b_rule}


def _cased(out: str, upper: bool, prev: str, nxt: str) -> str:
    """Upper-case output for an upper-case letter: whole if the word is all caps, else title."""
    if not upper or not out:
        return out
    if len(out) == 1:
        return out.upper()
    neighbours = [c for c in (nxt, prev) if c.isalpha()]
    if neighbours and neighbours[0].isupper():
        return out.upper()
    return out[0].upper() + out[1:]


def transliterate(text: str, scheme: str = "bsi", *, soft_signs: bool = True) -> str:
    """Text with every Cyrillic letter written in Latin letters by ``scheme``.

    ``soft_signs=False`` drops ь and ъ whatever the scheme writes for them (journal practice:
    "Solovev" rather than "Solov'ev"). ``scheme`` must be one of :data:`SCHEMES` (a KeyError
    otherwise): names from users are checked where they come in, by
    :func:`refbridge.transliterate`, which raises :class:`~refbridge.errors.UnknownNameError`.
    """
    table = _TABLES[scheme]
    rule = _RULES.get(scheme)
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for i, char in enumerate(text):
        lower = char.lower()
        if lower not in table:
            out.append(char)
            continue
        prev = text[i - 1].lower() if i else ""
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        latin = table[lower]
        if not soft_signs and lower in "ьъ":
            latin = ""
        if rule is not None:
            latin = rule(prev, lower, nxt, latin)
        raw_prev = text[i - 1] if i else ""
        raw_next = text[i + 1] if i + 1 < len(text) else ""
        out.append(_cased(latin, char != lower, raw_prev, raw_next))
    return unicodedata.normalize("NFC", "".join(out))
