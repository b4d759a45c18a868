"""The CSL item type of a parsed reference, from markers in the string and the fields found.

A thesis ("дисс.", "Ph.D."), a standard ("ГОСТ", "ISO"), a patent, legislation, a report or
preprint, a chapter ("In:", editors), a conference paper, a newspaper article, a journal
article, a web page or a book.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..text.markdown import strip_markdown
from .labels import Span

__all__ = ["detect_type"]

# Type markers, matched against lower-cased text (faster than IGNORECASE on long strings).
_THESIS = re.compile(
    r"\b(?:дисс?\.|диссертац|автореф|thesis|dissertation|ph\.?\s?d\b|th[eè]se\b|tesis\b|"
    r"tese\b|tesi\b|dissertação|doktorarbeit|habilitationsschrift|diplomarbeit)"
)
_STANDARD = re.compile(
    r"^(?:ГОСТ|ОСТ|СТО|СП|СНиП|СанПиН|ISO|IEC|ASTM|DIN|РД|НП|ОСПОРБ|НРБ|GOST|OST|SNiP|SanPiN)\b"
)
_LEGISLATION = re.compile(
    r"федеральный закон|\bзакон\b|постановлени|указ\s+президента|\bприказ\b|"
    r"распоряжени|кодекс|\bact\b|\blaw\b|regulation|directive"
)
_PATENT = re.compile(r"\bпатент|\bpatent|авторское свидетельство|свидетельство о регистрации")
_REPORT = re.compile(r"препринт|preprint|\bотч[её]т\b|\breport\b|working paper")
_CONFERENCE = re.compile(
    r"proceedings|proc\.|conference|symposium|congress|workshop|forum|конференц|"
    r"симпозиум|конгресс|семинар|форум|сб\.\s*докл|сборник|труды|материалы|тезисы|докл\."
)
_NEWSPAPER = re.compile(r"газета|newspaper|\bnew york times\b|\bthe times\b")


def detect_type(
    text: str, by_label: Mapping[str, Sequence[Span]], fields: Mapping[str, Any]
) -> str:
    """The CSL item type, from markers in the string and which fields were found."""
    plain_text = strip_markdown(text)
    low = plain_text.lower()
    title = fields.get("title", "")
    low_title = title.lower()
    container = fields.get("container_title", "").lower()
    genre = fields.get("genre", "").lower()
    if _marked(_THESIS, genre) or _marked(_THESIS, low):
        return "thesis"
    if _STANDARD.match(title) or _STANDARD.match(plain_text):
        return "standard"
    if _marked(_PATENT, low[:200]):
        return "patent"
    if not fields.get("authors") and _marked(_LEGISLATION, low_title[:80]):
        return "legislation"
    if (
        _marked(_REPORT, genre)
        or _marked(_REPORT, low_title)
        or "препринт" in low
        or "preprint" in low
    ):
        return "report"
    has_locator = any(k in fields for k in ("volume", "issue", "pages"))
    if container:
        if _marked(_NEWSPAPER, container):
            return "article-newspaper"
        if ("editors" in fields and not fields.get("volume")) or re.match(
            r"(?i)^(?:in:?\s|в кн)", container
        ):
            return "chapter"
        if _marked(_CONFERENCE, container) and not _journal_proceedings(container, fields):
            return "paper-conference"
        if has_locator:
            return "article-journal"
        if fields.get("url") and "//" not in low.replace("://", ""):
            return "webpage"  # GOST's "//" marks a part of a host document, online or not
        return "article-journal"
    if fields.get("url") and not has_locator and not fields.get("publisher"):
        return "webpage"
    if not fields.get("authors") and _marked(_CONFERENCE, low_title):
        return "book"
    if fields.get("publisher") or fields.get("publisher_place") or fields.get("number_of_pages"):
        return "book"
    if has_locator:
        return "article-journal"
    return "book" if title else "document"


# Journals whose name begins "Proceedings": "Proc. IEEE", "Proc. Natl. Acad. Sci. USA",
# "Proceedings of the Royal Society B", "Proc. Am. Math. Soc.", "Proc. Inst. Mech. Eng.".
_JOURNAL_PROCEEDINGS = re.compile(
    r"^proc(?:eedings|\.)?\s+(?:of\s+(?:the\s+)?)?(?:ieee\s*$|the\s+ieee\s*$|natl|national\s+acad|"
    r"royal\s+soc|r\.\s*soc|roy\.|am\.|american|amer\.|london|inst|institution|"
    r"cambridge|edinburgh|japan|indian|estonian|zool|biol|phys|math)"
)


def _journal_proceedings(container: str, fields: Mapping[str, Any]) -> bool:
    """A "Proceedings …" container that is a journal: a known journal name, or volume and
    issue both printed (conference proceedings have no issue numbers)."""
    return bool(_JOURNAL_PROCEEDINGS.match(container)) or (
        bool(fields.get("volume")) and bool(fields.get("issue"))
    )


def _marked(pattern: re.Pattern[str], low: str) -> bool:
    """``pattern.search(low)``, after a cheap test for any of the pattern's hint substrings."""
    hints = _HINTS[pattern]
    return any(h in low for h in hints) and pattern.search(low) is not None


_HINTS: dict[re.Pattern[str], tuple[str, ...]] = {
    _THESIS: ("дис", "автореф", "th", "dissert", "tes", "tesi", "doktor", "habil", "diplom", "ph"),
    _PATENT: ("патент", "patent", "свидетельств"),
    _LEGISLATION: ("закон", "постановлени", "указ", "приказ", "распоряжени", "кодекс", "act",
                   "law", "regulation", "directive"),
    _REPORT: ("препринт", "preprint", "отч", "report", "working paper"),
    _CONFERENCE: ("proc", "conf", "sympos", "congress", "workshop", "forum", "конферен",
                  "симпозиум", "конгресс", "семинар", "форум", "сб.", "сборник", "труды",
                  "материалы", "тезисы", "докл"),
    _NEWSPAPER: ("газета", "newspaper", "times"),
}  # fmt: skip
