"""Labelled spans -> a :class:`~refbridge.model.Reference` with CSL fields.

Whatever segmenter produced the spans, the same steps turn them into fields:

* values lose Markdown (``*Journal*`` -> ``Journal``, ``<https://…>`` -> ``https://…``),
  surrounding separators and the markers of their label ("С. 45–50" -> "45-50",
  "Т. 96" -> "96", "№ 2" -> "2", "Под ред." dropped from editors, "//" from containers;
  :mod:`.values`);
* author/editor segments become names (:mod:`.names`); a trailing "et al." / "и др." is kept
  as ``extra["custom"]["others"]`` — a list of the name variables that were cut short, e.g.
  ``["author"]`` — so the CSL item stays valid and nobody is invented;
* dates go through :mod:`.dates`; "15(3)" in a volume span is volume 15, issue 3, MLA's
  "36.2" volume 36, issue 2, Vancouver's "2010;362(5)" the year, volume 362 and issue 5;
* a dash rule for the authors ("———.") is noted in ``extra["custom"]["same-as-previous"]``
  and :func:`repeat_names` copies the names of the entry above;
* a language mark — "(In Russian)", "(In Russ.)", "[in Russian]", "(In Kazakh)" … anywhere in
  the string (:mod:`refbridge.text.marks`) -> ``original_language``;
* the item type comes from what was found (:func:`.item_type.detect_type`);
* the language of the string is what its letters show (:func:`refbridge.text.detect_language`:
  "ru", "kk", "uk", "be" for Cyrillic, "en" for Latin), unless the caller knows better.

Confidence: each field's is its span's confidence times a check of its value (a date that
parsed, pages that look like pages, names that split cleanly). The reference's is the mean
of its field confidences, lowered by 0.3 with no title, 0.1 with no date, 0.1 with neither
authors nor a container, and by the share of letters no field covers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..model import Date, Reference
from ..text.identifiers import without_identifiers
from ..text.markdown import strip_markdown
from ..text.marks import find_language_mark
from ..text.script import detect_language, is_cyrillic_language, letter_counts
from .dates import parse_date
from .item_type import detect_type
from .labels import Span
from .values import (
    CONTAINER_MARKER,
    access_from_notes,
    clean_issue,
    clean_pages,
    clean_volume,
    field_value,
    first_date,
    identifier_value,
    is_extent,
    join_values,
    span_names,
    split_notes,
)

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

_LETTERS = re.compile(r"[^\W\d_]+")

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
        parsed = span_names(by_label[label], editor=label == "editor")
        if parsed.names:
            fields[attr] = parsed.names
            confidence[label] = _mean(by_label[label]) * parsed.confidence
        if parsed.others:
            others.append(label)
        if parsed.repeated:
            repeated.append(attr)

    for label, attr in _TEXT_FIELDS.items():
        if label in by_label:
            value = join_values(by_label[label], label)
            if label == "isbn":
                value = re.sub(r"^ISBN[\s:]*", "", value, flags=re.I)
            if value:
                fields[attr] = value
                confidence[label] = _mean(by_label[label])

    if "date" in by_label:
        date = first_date(by_label["date"])
        if date is not None:
            fields["issued"] = date
            confidence["issued"] = _mean(by_label["date"]) * (1.0 if date.year else 0.5)
    if "issued" not in fields:
        year = _unlabelled_year(text, spans)
        if year is not None:
            fields["issued"] = Date(year)
            confidence["issued"] = 0.5
    access_from_notes(by_label)
    if "accessed" in by_label:
        accessed = parse_date(field_value(by_label["accessed"][0].text))
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
            if label == "pages" and is_extent(text, span):
                # "– 472 c." labelled as pages: the book's extent, not a page range.
                fields["number_of_pages"] = re.sub(r"\D", "", field_value(span.text))
                continue
            # "Т. 5. Кн. 2" / "Вып. 3, № 2": every volume (issue) span, in order.
            spans_of_label = by_label[label] if label != "pages" else [span]
            values = [cleaner(field_value(s.text)) for s in spans_of_label]
            value = ", ".join(dict.fromkeys(v for v in values if v))
            if value:
                fields[attr] = value
                confidence[label] = min(s.confidence for s in spans_of_label)
    _split_locators(fields, confidence)

    for label, attr in (("doi", "doi"), ("url", "url")):
        if label in by_label:
            fields[attr] = identifier_value(by_label[label][0].text)
            confidence[label] = by_label[label][0].confidence
    for extra_url in by_label.get("url", [])[1:]:
        by_label.setdefault("note", []).append(extra_url)

    mark = find_language_mark(text)
    notes, extent, number = split_notes(by_label.get("note", []), mark)
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
    if any(CONTAINER_MARKER.match(s.text.strip()) for s in by_label.get("container-title", ())):
        return
    fields["title"] = container
    del fields["container_title"]
    confidence["title"] = confidence.pop("container-title", 1.0)


# -- language and confidence -------------------------------------------------------------


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
