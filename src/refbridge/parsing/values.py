"""Span text -> field values: Markdown, separators and label markers removed.

"С. 45–50" -> "45-50", "Т. 96" -> "96", "№ 2" -> "2", "Под ред." dropped from editors, "//"
from containers; notes sorted into free notes, the extent ("575 с.") and a standard's number,
with language marks (:mod:`refbridge.text.marks`) and "Электронный ресурс" left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..model import Date, Name
from ..text.markdown import strip_markdown
from ..text.marks import LanguageMark, is_language_note
from .dates import parse_date
from .labels import Span
from .names import ParsedNames, parse_names

__all__ = [
    "CONTAINER_MARKER",
    "access_from_notes",
    "clean_issue",
    "clean_pages",
    "clean_volume",
    "field_value",
    "first_date",
    "identifier_value",
    "is_extent",
    "join_values",
    "span_names",
    "split_notes",
]

# A note or a second date that is the access date: "accessed Nov. 13, 2023) (in Russian",
# "(дата обращения: 01.03.2024)".
_ACCESS_NOTE = re.compile(
    r"^[(\[]?\s*(?:(?:last\s+)?accessed(?:\s+on)?|retrieved(?:\s+on)?|дата\s+(?:обращения|доступа))"
    r"\s*:?\s*(?P<date>[^()\[\]]{4,30}?)\s*(?:[)\]].*)?$",
    re.IGNORECASE,
)
_E_RESOURCE = re.compile(r"^\[?\s*(?:Электронный\s+|Интернет-?\s*)ресурс\s*\]?$", re.I)
_STANDARD_NUMBER = re.compile(
    r"^(?:ГОСТ|ОСТ|СТО|СП|СНиП|СанПиН|ОСПОРБ|НРБ|РД|НП|ISO|IEC|ASTM|GOST|OST|SNiP|SanPiN)\b.*\d"
)
_RANGE_DASH = re.compile(r"\s*[–—‒-]\s*")
# a book's extent: pages in Russian/Ukrainian ("с.", "стр."), Kazakh ("б.", "бет"), Latin
# and German letters; "л." (sheets) only where the count stands alone
_PAGE_UNITS = r"(?:с|c|стр|б|бет|p|pp|S)"
_EXTENT_AFTER = re.compile(rf"\s*{_PAGE_UNITS}\.", re.UNICODE)
EXTENT = re.compile(rf"^(?P<n>\d+)\s*(?:{_PAGE_UNITS}|л)\.?$")
# a page marker, with the Cyrillic "Р"/"РР" that OCR and typists put for the Latin "P"/"PP"
PAGE_MARKER = re.compile(
    r"^(?:[Pp]ages?|PAGES?|PP|pp|Pp|P|p|С|C|с|Р|РР|Стр|стр|S)(?![^\W\d_])\s*\.?\s*"
)
# Т./Том/Vol. are markers of the volume number; "V" must be followed by "." or a space, or
# "VII" loses its first letter.
_VOLUME_MARKER = re.compile(
    r"^(?:Т|т|Том|том|Vol|vol|VOL|Volume|volume|V|v|Bd|Tome|tome)(?:\.\s*|\s+)(?=[\dIVXLCDM])"
)
_ISSUE_MARKER = re.compile(r"^(?:№|[Nn]°|No|N|Nr|Вып|вып|Iss|iss|Issue|Number|no)\.?\s*\.?\s*")
_EDITOR_MARKER = re.compile(
    r"^(?:In:?\s+|В\s+кн\.:?\s*|В:\s*|Под\s+(?:общ\.\s+|общей\s+)?ред(?:акцией|\.)?|Отв\.\s*ред\.|"
    r"Ред\.|Ed\.\s+by|Edited\s+by|"
    r"Eds?\.)\s*:?\s*|\s*\((?:Eds?|Ред|ред|Hrsg)\.?\)\s*$",
    re.IGNORECASE,
)
CONTAINER_MARKER = re.compile(r"^(?://\s*|In:?\s+|В\s+кн\.:?\s*|В:\s*)")
_FIELD_TRIM = " \t,;:/–—-"
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:г|гг|др|т\.д|т\.п|и\s+др|et\s+al|etc|Inc|Ltd|Co|изд|ред)|\b[A-ZА-ЯЁ])\.$"
)


def field_value(text: str, *, keep_period: bool = False) -> str:
    """A span's text as a field value: no Markdown, no surrounding separators."""
    value = " ".join(strip_markdown(text).split()).strip(_FIELD_TRIM)
    while value.endswith(".") and not keep_period and not _ABBREVIATION_END.search(value):
        value = value[:-1].rstrip(_FIELD_TRIM)
    return value


def join_values(spans: Iterable[Span], label: str) -> str:
    """The value of a label that has several spans: title parts joined with ". ", others with
    "; " and without repeats."""
    values = []
    for span in spans:
        value = field_value(span.text)
        if label == "container-title":
            value = CONTAINER_MARKER.sub("", value).strip(_FIELD_TRIM)
        if label == "location":
            value = field_value(span.text, keep_period=True)
        if value:
            values.append(value)
    if label == "title":
        return ". ".join(values)
    return "; ".join(dict.fromkeys(values))


def span_names(spans: Sequence[Span], *, editor: bool) -> ParsedNames:
    """The names of every author (editor) span, their markers ("Под ред.", "(Eds.)") removed."""
    names: list[Name] = []
    others = repeated = False
    confidences = []
    for span in spans:
        segment = strip_markdown(span.text)
        if editor:
            segment = _EDITOR_MARKER.sub("", segment.strip()).strip()
            segment = _EDITOR_MARKER.sub("", segment).strip()
        parsed = parse_names(segment)
        names.extend(parsed.names)
        others = others or parsed.others
        repeated = repeated or parsed.repeated
        confidences.append(parsed.confidence)
    confidence = min(confidences) if confidences else 0.0
    return ParsedNames(_unique(names), others, confidence, repeated)


def _unique(names: Sequence[Name]) -> tuple[Name, ...]:
    """Names without repeats: GOST prints the first author before the title and again in the
    statement of responsibility ("Петров П.П. Основы … / П.П. Петров, С.С. Сидоров")."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for name in names:
        key = (name.family.casefold(), re.sub(r"[\s.]", "", name.given).casefold(), name.literal)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def first_date(spans: Sequence[Span]) -> Date | None:
    """The first date span that parses as a date."""
    for span in spans:
        date = parse_date(strip_markdown(span.text))
        if date is not None:
            return date
    return None


def clean_pages(value: str) -> str:
    """ "С. 45–50" / "pp. 1-6" / "28–35" / "С. 151 – 157" -> "45-50" style ranges."""
    value = PAGE_MARKER.sub("", value.strip())
    value = _RANGE_DASH.sub("-", value)
    return value.strip(" .,")


def clean_volume(value: str) -> str:
    """ "Т. 96" / "Vol. 3" / "том 1" -> "96" / "3" / "1"; other forms stay as printed.

    The Russian numbering convention (``docs/parsing.md``): Т./Том, Кн. and Ч. are volume
    designations, № and Вып. issue ones. Only the volume marker proper (Т., Vol.) is dropped;
    "Кн. 2" and "Ч. 1" name a book or part and keep their marker, so "Т. 5. Кн. 2" is
    volume "5, Кн. 2".
    """
    return _VOLUME_MARKER.sub("", value.strip()).strip(" .,")


def clean_issue(value: str) -> str:
    """ "№ 2" / "No. 4" / "Вып. 5" / "№. 4" -> "2" / "4" / "5"."""
    return _ISSUE_MARKER.sub("", value.strip()).strip(" .,")


def identifier_value(text: str) -> str:
    """A DOI or URL span as one token: no spaces, no angle brackets or trailing punctuation."""
    value = "".join(text.split()).strip("<>")  # "10.26583/ npe.2017.4.07": a line-break space
    return value.rstrip(".,;")


def access_from_notes(by_label: dict[str, list[Span]]) -> None:
    """A note or a second date that reads "accessed …" / "дата обращения …" (the CRF labels
    the access date so at times) becomes the access date, if no span is one already."""
    for label in ("note", "date"):
        kept = []
        for i, span in enumerate(by_label.get(label, ())):
            m = _ACCESS_NOTE.match(span.text.strip()) if label == "note" or i else None
            if m and "accessed" not in by_label:
                start = span.start + span.text.index(m["date"])
                by_label["accessed"] = [
                    Span("accessed", start, start + len(m["date"]), m["date"], span.confidence)
                ]
            elif not m:
                kept.append(span)
        if label in by_label:
            if kept:
                by_label[label] = kept
            else:
                del by_label[label]


def split_notes(spans: Sequence[Span], mark: LanguageMark | None) -> tuple[str, str, str]:
    """Free notes joined with "; " (minus language marks, what lies inside ``mark`` — "abstr.
    in Engl." of "(In Russ., abstr. in Engl.)" — and "Электронный ресурс"), the extent
    ("575 с." -> "575") and a standard's number ("ГОСТ Р 50773-95")."""
    notes, extent, number = [], "", ""
    for span in spans:
        value = field_value(span.text, keep_period=True)
        if not value or _E_RESOURCE.match(value) or is_language_note(value):
            continue
        if mark is not None and mark.start <= span.start and span.end <= mark.end:
            continue
        m = EXTENT.match(value)
        if m and not extent:
            extent = m["n"]
            continue
        if _STANDARD_NUMBER.match(value) and not number:
            number = value
            continue
        notes.append(value.rstrip(".") if value.count(".") == 1 else value)
    return "; ".join(notes), extent, number


def is_extent(text: str, span: Span) -> bool:
    """A bare page count followed by "с."/"c."/"стр."/"p." ("– 472 c.") is a total extent."""
    value = field_value(span.text, keep_period=True)
    if EXTENT.match(value):
        return True
    return value.isdigit() and bool(_EXTENT_AFTER.match(text, span.end))
