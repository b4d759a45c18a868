"""Transliteration schemes: hand-checked tables, context rules, case, and iuliia as an oracle."""

from __future__ import annotations

import re
import unicodedata

import pytest

from refbridge.bilingual.translit import SCHEMES, transliterate

iuliia = pytest.importorskip("iuliia")

HAND_CHECKED = [
    # (scheme, Cyrillic, Latin) — BSI from the translit.ru table journals publish.
    ("bsi", "Известия Российской академии наук", "Izvestiya Rossiiskoi akademii nauk"),
    ("bsi", "Соловьёв Объезд Щукин", "Solov'ev Ob''ezd Shchukin"),
    ("bsi", "Ефремова-Шершукова Н. А.", "Efremova-Shershukova N. A."),
    ("bsi", "Юнь П.", "Yun' P."),
    ("bgn_pcgn", "Ельцин Соловьёв Подъезд", "Yel’tsin Solov’yëv Pod”yezd"),
    ("bgn_pcgn", "Тсуров Майя Ыйрат", "T·surov Mayya Yyrat"),
    ("ala_lc", "Юлия Горький Объём", "Iuliia Gor'kii Ob\"em"),
    ("gost_7_79_b", "Цой Цапля Царь Щука Эмиль", "Czoj Czaplya Czar` Shhuka E`mil`"),
    ("gost_7_79_b", "Немец Цирк", "Nemecz Cirk"),
    ("iso9", "Щука Жёлтый Юля", "Ŝuka Žëltyj Ûlâ"),
    ("icao", "Юнь Подъячев Цой Хрущёв", "Iun Podieiachev Tsoi Khrushchev"),
]


@pytest.mark.parametrize(("scheme", "cyrillic", "latin"), HAND_CHECKED, ids=lambda v: str(v)[:20])
def test_hand_checked(scheme: str, cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, scheme) == latin


@pytest.mark.parametrize("scheme", SCHEMES)
def test_case_follows_the_word(scheme: str) -> None:
    title = transliterate("Щукин", scheme)
    assert transliterate("ЩУКИН", scheme) == title.upper()
    assert transliterate("щукин", scheme) == title.lower()
    assert title[0].isupper() and title[1:] == title[1:].lower()


def test_initials_and_latin_pass_through() -> None:
    assert transliterate("Ю.А. Жуков, DOI 10.1/x", "bsi") == "Yu.A. Zhukov, DOI 10.1/x"
    assert transliterate("Ю.А.", "icao") == "Iu.A."


def test_soft_signs_can_be_dropped() -> None:
    assert transliterate("Соловьёв Объезд", "bsi", soft_signs=False) == "Solovev Obezd"


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown transliteration scheme 'klingon'"):
        transliterate("Иванов", "klingon")


def _no_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _latin_yo(text: str) -> str:
    # iuliia emits a Cyrillic ё (and е) where the scheme means a Latin letter.
    return unicodedata.normalize("NFC", text.replace("ё", "ë").replace("Ё", "Ë"))


ORACLES = {
    "icao": (iuliia.ICAO_DOC_9303, str),
    "gost_7_79_b": (iuliia.GOST_779_ALT, str),
    "iso9": (iuliia.GOST_779, _latin_yo),
    "bgn_pcgn": (iuliia.BGN_PCGN, _latin_yo),
    "ala_lc": (
        iuliia.ALA_LC,
        lambda s: _no_marks(s.replace("ʹ", "'").replace("ʺ", '"')).replace("е", "e"),
    ),
}


@pytest.mark.parametrize("scheme", sorted(ORACLES))
def test_agrees_with_iuliia_on_names_and_titles(scheme: str, shared_data) -> None:
    """Every capitalised or lower-case word of the journal's Russian lists and author names."""
    import json

    words: set[str] = set()
    with open(shared_data / "bilingual" / "names.dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            words.update(re.findall(r"[А-Яа-яЁё]+", json.loads(line)["ru_full"]))
    with open(shared_data / "bilingual" / "articles.dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            for entry in json.loads(line)["ru_list"]:
                words.update(re.findall(r"[А-Яа-яЁё]+", entry))
    # Mixed-case acronyms (ЦНИИАтоминформ) differ on purpose: we upper-case a digraph inside caps.
    words = {w for w in words if w[1:] == w[1:].lower()}
    schema, fix = ORACLES[scheme]
    differ = [w for w in sorted(words) if transliterate(w, scheme) != fix(schema.translate(w))]
    assert len(words) > 3000
    assert differ == []
