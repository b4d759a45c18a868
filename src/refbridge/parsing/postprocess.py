"""Labelled spans -> a :class:`~refbridge.model.Reference` with CSL fields.

Whatever segmenter produced the spans, the same steps turn them into fields:

* values lose Markdown (``*Journal*`` -> ``Journal``, ``<https://…>`` -> ``https://…``),
  surrounding separators and the markers of their label ("С. 45–50" -> "45-50",
  "Т. 96" -> "96", "№ 2" -> "2", "Под ред." dropped from editors, "//" from containers);
* author/editor segments become names (:mod:`.names`); a trailing "et al." / "и др." is kept
  as ``extra["custom"]["others"]`` — a list of the name variables that were cut short, e.g.
  ``["author"]`` — so the CSL item stays valid and nobody is invented;
* dates go through :mod:`.dates`; "15(3)" in a volume span is volume 15, issue 3, MLA's
  "36.2" volume 36, issue 2, Vancouver's "2010;362(5)" the year, volume 362 and issue 5;
* a dash rule for the authors ("———.") is noted in ``extra["custom"]["same-as-previous"]``
  and :func:`repeat_names` copies the names of the entry above;
* a language mark — "(In Russian)", "(In Russ.)", "[in Russian]", "(In Kazakh)" … anywhere in
  the string (:mod:`refbridge.text.marks`) -> ``original_language``;
* the item type comes from what was found (:func:`detect_type`);
* the language of the string is what its letters show (:func:`refbridge.text.detect_language`:
  "ru", "kk", "uk", "be" for Cyrillic, "en" for Latin), unless the caller knows better.

Confidence: each field's is its span's confidence times a check of its value (a date that
parsed, pages that look like pages, names that split cleanly). The reference's is the mean
of its field confidences, lowered by 0.3 with no title, 0.1 with no date, 0.1 with neither
authors nor a container, and by the share of letters no field covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..model import Date, Name, Reference
from ..text.identifiers import without_identifiers
from ..text.markdown import strip_markdown
from ..text.marks import LanguageMark, find_language_mark, is_language_note
from ..text.script import detect_language, is_cyrillic_language, letter_counts
from .dates import parse_date
from .labels import Span
from .names import ParsedNames, parse_names

__all__ = [
    "REPEATED",
    "clean_issue",
    "clean_pages",
    "clean_volume",
    "detect_type",
    "repeat_names",
    "resolve_language",
    "spans_to_reference",
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
_LETTERS = re.compile(r"[^\W\d_]+")
_RANGE_DASH = re.compile(r"\s*[–—‒-]\s*")
_EXTENT_AFTER = re.compile(r"\s*(?:с|c|стр|p|pp|S)\.", re.UNICODE)
_EXTENT = re.compile(r"^(?P<n>\d+)\s*(?:с|c|стр|p|pp|л|S)\.?$")
_PAGE_MARKER = re.compile(
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
_CONTAINER_MARKER = re.compile(r"^(?://\s*|In:?\s+|В\s+кн\.:?\s*|В:\s*)")
_FIELD_TRIM = " \t,;:/–—-"
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:г|гг|др|т\.д|т\.п|и\s+др|et\s+al|etc|Inc|Ltd|Co|изд|ред)|\b[A-ZА-ЯЁ])\.$"
)

_TEXT_FIELDS = {
    "title": "title",
    "container-title": "container_title",
    "collection-title": "collection_title",
    "publisher": "publisher",
    "location": "publisher_place",
    "edition": "edition",
    "genre": "genre",
    "isbn": "isbn",
}


def spans_to_reference(
    text: str, spans: Sequence[Span], *, language: str | None = None
) -> Reference:
    """Build the record for ``text`` from its labelled ``spans`` (raw keeps ``text`` as given)."""
    by_label: dict[str, list[Span]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        by_label.setdefault(span.label, []).append(span)
    _title_out_of_authors(text, by_label)
    _container_after_in(text, by_label)
    fields: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    others: list[str] = []
    repeated: list[str] = []

    for label, attr in (
        ("author", "authors"),
        ("editor", "editors"),
        ("translator", "translators"),
    ):
        if label not in by_label:
            continue
        parsed = _names(by_label[label], editor=label == "editor")
        if parsed.names:
            fields[attr] = parsed.names
            confidence[label] = _mean(by_label[label]) * parsed.confidence
        if parsed.others:
            others.append(label)
        if parsed.repeated:
            repeated.append(attr)

    for label, attr in _TEXT_FIELDS.items():
        if label in by_label:
            value = _join(by_label[label], label)
            if label == "isbn":
                value = re.sub(r"^ISBN[\s:]*", "", value, flags=re.I)
            if value:
                fields[attr] = value
                confidence[label] = _mean(by_label[label])

    if "date" in by_label:
        date = _first_date(by_label["date"])
        if date is not None:
            fields["issued"] = date
            confidence["issued"] = _mean(by_label["date"]) * (1.0 if date.year else 0.5)
    if "issued" not in fields:
        year = _unlabelled_year(text, spans)
        if year is not None:
            fields["issued"] = Date(year)
            confidence["issued"] = 0.5
    _access_from_notes(by_label)
    if "accessed" in by_label:
        accessed = parse_date(_value(by_label["accessed"][0].text))
        if accessed is not None:
            fields["accessed"] = accessed
            confidence["accessed"] = by_label["accessed"][0].confidence

    for label, cleaner, attr in (
        ("volume", clean_volume, "volume"),
        ("issue", clean_issue, "issue"),
        ("pages", clean_pages, "pages"),
    ):
        if label in by_label:
            span = by_label[label][0]
            if label == "pages" and _is_extent(text, span):
                # "– 472 c." labelled as pages: the book's extent, not a page range.
                fields["number_of_pages"] = re.sub(r"\D", "", _value(span.text))
                continue
            # "Т. 5. Кн. 2" / "Вып. 3, № 2": every volume (issue) span, in order.
            spans_of_label = by_label[label] if label != "pages" else [span]
            values = [cleaner(_value(s.text)) for s in spans_of_label]
            value = ", ".join(dict.fromkeys(v for v in values if v))
            if value:
                fields[attr] = value
                confidence[label] = min(s.confidence for s in spans_of_label)
    _split_locators(fields, confidence)

    for label, attr in (("doi", "doi"), ("url", "url")):
        if label in by_label:
            fields[attr] = _identifier(by_label[label][0].text)
            confidence[label] = by_label[label][0].confidence
    for extra_url in by_label.get("url", [])[1:]:
        by_label.setdefault("note", []).append(extra_url)

    mark = find_language_mark(text)
    notes, extent, number = _notes(by_label.get("note", []), mark)
    if notes:
        fields["note"] = notes
    if extent:
        fields["number_of_pages"] = extent
    if number:
        fields["number"] = number

    if "pages" in fields and not re.search(r"\d", fields["pages"]):
        confidence["pages"] *= 0.5
    fields["original_language"] = mark.language if mark else ""
    fields["language"] = resolve_language(language, text)
    _fold_book_container(text, by_label, fields, confidence)
    fields["type"] = detect_type(text, by_label, fields)
    custom: dict[str, Any] = {"others": others} if others else {}
    if repeated:
        custom[REPEATED] = repeated
    extra: dict[str, Any] = {"custom": custom} if custom else {}
    field_confidence = {k: round(v, 3) for k, v in confidence.items()}
    return Reference(
        raw=text,
        confidence=_reference_confidence(text, spans, fields, field_confidence),
        field_confidence=field_confidence,
        extra=extra,
        **fields,
    )


#: ``extra["custom"]`` key listing the name variables printed as a dash rule ("———."), i.e.
#: the same as the entry above; :func:`repeat_names` fills them in from that entry.
REPEATED = "same-as-previous"


def repeat_names(previous: Reference | None, ref: Reference) -> Reference:
    """``ref`` with the names its dash rule stands for taken from ``previous`` (the entry above
    in the same list); unchanged when it has no dash rule or there is no previous entry."""
    custom = ref.extra.get("custom", {})
    wanted = custom.get(REPEATED)
    if not wanted or previous is None:
        return ref
    names = {attr: getattr(previous, attr) for attr in wanted if getattr(previous, attr)}
    if not names:
        return ref
    rest = {k: v for k, v in custom.items() if k != REPEATED}
    extra = (
        {**ref.extra, "custom": rest}
        if rest
        else {k: v for k, v in ref.extra.items() if k != "custom"}
    )
    return attrs.evolve(ref, extra=extra, **names)


_YEAR_FIRST = re.compile(r"(?P<year>1[5-9]\d\d|20\d\d)\s*[;:,]\s*(?P<rest>\S.*)")
_VOLUME_ISSUE = re.compile(r"(?P<v>[\w–-]+)\s*\((?P<i>[^()]+)\)")
_ISSUE_ONLY = re.compile(r"(?:№|[Nn]o|[Nn]r|[Ii]ssue|n°|N°)\.?\s*\d+[\w/–-]*$")
_VOLUME_DOT_ISSUE = re.compile(r"(?P<v>\d+)\.(?P<i>\d{1,2})")
_VOLUME_COMMA_ISSUE = re.compile(
    r"(?P<v>[\w–-]+)\s*[,;]\s*(?P<i>(?:№|[Nn]o|[Nn]r|[Ii]ss(?:ue)?|n°|N°|[Вв]ып)\.?\s*\d+[\w/–-]*)"
)


def _split_locators(fields: dict[str, Any], confidence: dict[str, float]) -> None:
    """Locators that came in one span: "2010;362(5)" (Vancouver, year first) is the year,
    volume 362 and issue 5; "15(3)" volume 15, issue 3; MLA's "36.2" volume 36, issue 2;
    "v. 48, iss. 2" volume 48, issue 2; a "volume" that is only "no. 146" is the issue."""
    volume = fields.get("volume", "")
    if _ISSUE_ONLY.match(volume) and "issue" not in fields:  # "no. 146" read as the volume
        fields["issue"] = clean_issue(fields.pop("volume"))
        confidence["issue"] = confidence.pop("volume", 0.7)
        volume = ""
    year_first = _YEAR_FIRST.fullmatch(volume) or _YEAR_FIRST.fullmatch(fields.get("issue", ""))
    if year_first and "issued" not in fields:
        fields["issued"] = Date(int(year_first["year"]))
        confidence["issued"] = confidence.get("volume", confidence.get("issue", 0.7))
    if year_first and volume and year_first.string == volume:
        volume = fields["volume"] = year_first["rest"]
    elif year_first:  # "2009;5" as the issue: the number after the year is the volume
        fields.pop("issue")
        if not volume:
            volume = fields["volume"] = year_first["rest"]
            confidence["volume"] = confidence.pop("issue", 0.7)
    if "issue" in fields:
        return
    split = (
        _VOLUME_ISSUE.fullmatch(volume)
        or _VOLUME_DOT_ISSUE.fullmatch(volume)
        or _VOLUME_COMMA_ISSUE.fullmatch(volume)
    )
    if split:
        fields["volume"], fields["issue"] = split["v"], clean_issue(split["i"])
        confidence["issue"] = confidence.get("volume", 0.7)


# What leads from a part to the whole it is in: "In", "In:", "В кн.:", "//", or editors.
_IN_WHOLE = re.compile(r"(?:^|[\s.,;:”\"»])(?:In:?|in:|В\s+кн\.:?|В:|//)(?=\s)")


def _container_after_in(text: str, by_label: dict[str, list[Span]]) -> None:
    """A second title after "In" or the editors is the container ("“Chapter.” In A. Editor
    (ed.), Book Title. Place: Publisher."): the CRF labels a chapter's book as a title at
    times, and two titles would be joined into one."""
    titles = by_label.get("title", [])
    if len(titles) < 2 or "container-title" in by_label:
        return
    first = titles[0]
    for i, later in enumerate(titles[1:], 1):
        gap = text[first.end : later.start]
        editors = any(first.end <= e.start < later.start for e in by_label.get("editor", ()))
        if editors or _IN_WHOLE.search(gap):
            by_label["title"] = titles[:i]
            by_label["container-title"] = [
                Span("container-title", t.start, t.end, t.text, t.confidence) for t in titles[i:]
            ]
            return


# "Said, Edward W. Orientalism": a name ending in an initial, then capitalised words that are
# no name (no initial among them) up to the end of the span.
_NAME_THEN_TITLE = re.compile(
    r"^(?P<names>[A-ZА-ЯЁ][\w'’-]+,(?:\s+[A-ZА-ЯЁ][\w'’-]+)+(?:\s+[A-ZА-ЯЁ]\.)+)"
    r"\s+(?P<title>[A-ZА-ЯЁ][^.,]*[^\W\d_])$"
)


def _title_out_of_authors(text: str, by_label: dict[str, list[Span]]) -> None:
    """With no title found, a title swallowed by the author span comes back out.

    A labeller reading MLA/Chicago books ("Said, Edward W. Orientalism. Pantheon Books,
    1978.") may run the author span over the title: when there is no title span and the one
    author span is "Family, Given I." followed by words with no initial and no comma, those
    words are the title.
    """
    if "title" in by_label or len(by_label.get("author", ())) != 1:
        return
    span = by_label["author"][0]
    m = _NAME_THEN_TITLE.match(span.text)
    if not m or len(m["title"].split()) > 30:
        return
    cut = span.start + m.end("names")
    start = span.start + m.start("title")
    low = round(span.confidence * 0.7, 4)
    by_label["author"] = [Span("author", span.start, cut, text[span.start : cut], low)]
    by_label["title"] = [Span("title", start, span.end, text[start : span.end], low)]


_TRAILING_YEAR = re.compile(r"\((1[5-9]\d\d|20[0-4]\d)\)\s*\.?\s*$")
_YEAR_IN_TEXT = re.compile(r"(?<![\d/.\-–])(1[5-9]\d\d|20[0-4]\d)(?![\d/\-–])")
# Spans whose numbers are no publication year ("Report 2014-2020", "С. 1990-1995", URLs).
_NOT_A_YEAR = frozenset(
    "author editor title container-title collection-title volume issue pages doi url isbn "
    "accessed publisher".split()
)


def _unlabelled_year(text: str, spans: Sequence[Span]) -> int | None:
    """A year outside every field that cannot hold one: "…, 2: 47-60 (1975)." with no date span.

    A fallback for strings whose segmenter found no date; the record's ``issued`` then gets
    confidence 0.5.
    """
    last = _TRAILING_YEAR.search(text)
    if last:  # "… 2: 47-60 (1975)." — a closing parenthesised year is the date, whatever span
        return int(last.group(1))
    blocked = [(s.start, s.end) for s in spans if s.label in _NOT_A_YEAR]
    for m in _YEAR_IN_TEXT.finditer(text):
        if not any(a <= m.start() < b for a, b in blocked):
            return int(m.group(1))
    return None


def _is_extent(text: str, span: Span) -> bool:
    """A bare page count followed by "с."/"c."/"стр."/"p." ("– 472 c.") is a total extent."""
    value = _value(span.text, keep_period=True)
    if _EXTENT.match(value):
        return True
    return value.isdigit() and bool(_EXTENT_AFTER.match(text, span.end))


def _fold_book_container(
    text: str,
    by_label: Mapping[str, Sequence[Span]],
    fields: dict[str, Any],
    confidence: dict[str, float],
) -> None:
    """A lone "container" of a book is the book's own title.

    GROBID puts a monograph's title at the container level, and a labeller trained on it
    may do the same: with no title, a publisher, place or extent, no volume/issue/pages, no
    "//", no "In …" and no editors, the string describes a whole book and the container is
    its title. With a title beside it the container is the book or proceedings the title
    is part of ("Title. Progress in AI, Berlin: Springer") and stays.
    """
    container = fields.get("container_title")
    if not container or fields.get("title") or "//" in text or fields.get("editors"):
        return
    if any(k in fields for k in ("volume", "issue", "pages")):
        return
    if not any(k in fields for k in ("publisher", "publisher_place", "number_of_pages")):
        return
    if any(_CONTAINER_MARKER.match(s.text.strip()) for s in by_label.get("container-title", ())):
        return
    fields["title"] = container
    del fields["container_title"]
    confidence["title"] = confidence.pop("container-title", 1.0)


# -- values -------------------------------------------------------------------------------


def _value(text: str, *, keep_period: bool = False) -> str:
    """A span's text as a field value: no Markdown, no surrounding separators."""
    value = " ".join(strip_markdown(text).split()).strip(_FIELD_TRIM)
    while value.endswith(".") and not keep_period and not _ABBREVIATION_END.search(value):
        value = value[:-1].rstrip(_FIELD_TRIM)
    return value


def _join(spans: Iterable[Span], label: str) -> str:
    values = []
    for span in spans:
        value = _value(span.text)
        if label == "container-title":
            value = _CONTAINER_MARKER.sub("", value).strip(_FIELD_TRIM)
        if label == "location":
            value = _value(span.text, keep_period=True)
        if value:
            values.append(value)
    if label == "title":
        return ". ".join(values)
    return "; ".join(dict.fromkeys(values))


def _names(spans: Sequence[Span], *, editor: bool) -> ParsedNames:
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


def _first_date(spans: Sequence[Span]) -> Date | None:
    for span in spans:
        date = parse_date(strip_markdown(span.text))
        if date is not None:
            return date
    return None


def clean_pages(value: str) -> str:
    """ "С. 45–50" / "pp. 1-6" / "28–35" / "С. 151 – 157" -> "45-50" style ranges."""
    value = _PAGE_MARKER.sub("", value.strip())
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


def _identifier(text: str) -> str:
    value = "".join(text.split()).strip("<>")  # "10.26583/ npe.2017.4.07": a line-break space
    return value.rstrip(".,;")


def _access_from_notes(by_label: dict[str, list[Span]]) -> None:
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


def _notes(spans: Sequence[Span], mark: LanguageMark | None) -> tuple[str, str, str]:
    """Free notes joined with "; " (minus language marks, what lies inside ``mark`` — "abstr.
    in Engl." of "(In Russ., abstr. in Engl.)" — and "Электронный ресурс"), the extent
    ("575 с." -> "575") and a standard's number ("ГОСТ Р 50773-95")."""
    notes, extent, number = [], "", ""
    for span in spans:
        value = _value(span.text, keep_period=True)
        if not value or _E_RESOURCE.match(value) or is_language_note(value):
            continue
        if mark is not None and mark.start <= span.start and span.end <= mark.end:
            continue
        m = _EXTENT.match(value)
        if m and not extent:
            extent = m["n"]
            continue
        if _STANDARD_NUMBER.match(value) and not number:
            number = value
            continue
        notes.append(value.rstrip(".") if value.count(".") == 1 else value)
    return "; ".join(notes), extent, number


# -- language, type, confidence -------------------------------------------------------------


def resolve_language(hint: str | None, text: str) -> str:
    """The caller's language for the string, unless the string's script rules it out.

    Without a hint, the language the letters show (:func:`~refbridge.text.detect_language`:
    "ru", "kk", "uk", "be" or "en"). A caller often knows the language of the whole list
    ("Список литературы" -> "ru"), but such a list can hold an English entry: a hint for a
    Cyrillic-script language on a string without Cyrillic (or the reverse) yields to the script.
    """
    body = without_identifiers(strip_markdown(text))
    detected = detect_language(body)
    if not hint:
        return detected
    cyrillic, latin = letter_counts(body)
    hint_cyrillic = is_cyrillic_language(hint)
    # The script rules a hint out when 85 % of the letters are of the other script.
    if hint_cyrillic and latin >= 0.85 * (cyrillic + latin) > 0:
        return detected
    if not hint_cyrillic and cyrillic >= 0.85 * (cyrillic + latin) > 0:
        return detected
    return hint


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


def _uncovered_letters(text: str, spans: Sequence[Span]) -> int:
    """Letters of ``text`` that no span covers."""
    count, position = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start > position:
            count += _count_letters(text, position, span.start)
        position = max(position, span.end)
    return count + _count_letters(text, position, len(text))


def _count_letters(text: str, start: int, end: int) -> int:
    return sum(map(len, _LETTERS.findall(text, start, end)))


def _mean(spans: Sequence[Span]) -> float:
    return sum(s.confidence for s in spans) / len(spans) if spans else 0.0


def _reference_confidence(
    text: str,
    spans: Sequence[Span],
    fields: Mapping[str, Any],
    field_confidence: Mapping[str, float],
) -> float:
    if not field_confidence:
        return 0.0
    score = sum(field_confidence.values()) / len(field_confidence)
    if not fields.get("title"):
        score -= 0.3
    if not fields.get("issued"):
        score -= 0.1
    if not fields.get("authors") and not fields.get("container_title"):
        score -= 0.1
    letters = _count_letters(text, 0, len(text))
    if letters:
        score -= 0.5 * _uncovered_letters(text, spans) / letters
    return round(min(1.0, max(0.0, score)), 3)
