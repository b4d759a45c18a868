"""RIS, the tagged format of EndNote, Zotero, Scopus, Web of Science and most databases.

A record is ``TAG  - value`` lines from ``TY`` to ``ER``. Reading is tolerant, because
real exports are untidy: a value wrapped onto the next line is joined back, a record that
never closes with ``ER`` ends at the next ``TY`` (a warning), tags before any ``TY`` are a
located :class:`~refbridge.model.Failure` and reading goes on. Repeated tags (``AU``, ``KW``,
``SN``, ``UR``…) are all read.

Mapping: ``AU``/``A1`` authors, ``ED``/``A2`` editors, ``A4`` translators, ``A3`` series
editors; ``TI``/``T1`` title; ``T2``/``JF``/``JO``/``BT`` container; ``J2``/``JA``/``J1``
its abbreviation; ``T3`` series; ``PY``/``Y1``/``DA`` issued; ``Y2`` accessed; ``VL``, ``IS``,
``M1`` number, ``SP``/``EP`` pages, ``PB``, ``CY``, ``ET``, ``DO``, ``UR``, ``SN`` (told
apart into ISBN and ISSN), ``LA`` (as a language code), ``AB``/``N2`` abstract, ``KW``
keywords, ``N1`` note, ``ID`` the record id. Tags with no CSL variable, extra values of
single-valued tags and an original ``TY`` that CSL cannot tell apart travel in
``Reference.extra["custom"]["ris"]`` and are written back, so RIS -> CSL-JSON -> RIS loses
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from ..errors import Location
from ..model import Date, Failure, Name, Reference
from . import REGISTRY, Format, LoadResult

__all__ = ["dumps", "loads"]

_CUSTOM_KEY = "ris"  # Reference.extra["custom"]["ris"] = {"TY": …, "tags": {TAG: [values]}}

# CSL type -> RIS type, and the RIS types read as each CSL type.
_TY = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "standard": "STAND",
    "legislation": "STAT",
    "bill": "BILL",
    "legal_case": "CASE",
    "hearing": "HEAR",
    "manuscript": "MANSCPT",
    "pamphlet": "PAMP",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "map": "MAP",
    "motion_picture": "MPCT",
    "song": "SOUND",
    "graphic": "ART",
    "personal_communication": "PCOMM",
    "periodical": "JFULL",
    "musical_score": "MUSIC",
    "classic": "CLSWK",
    "figure": "FIGURE",
    "document": "GEN",
}
_FROM_TY = {v: k for k, v in _TY.items()} | {
    "CONF": "paper-conference",
    "EJOUR": "article-journal",
    "INPR": "article-journal",
    "ABST": "article-journal",
    "EBOOK": "book",
    "EDBOOK": "book",
    "SER": "book",
    "CTLG": "book",
    "ECHAP": "chapter",
    "WEB": "webpage",
    "ICOMM": "personal_communication",
    "GOVDOC": "report",
    "UNPB": "manuscript",
    "DBASE": "dataset",
    "AGGR": "dataset",
    "ANCIENT": "classic",
    "CHART": "figure",
    "LEGAL": "legislation",
    "UNBILL": "bill",
    "VIDEO": "motion_picture",
}

_LANGUAGES = {
    "russian": "ru",
    "rus": "ru",
    "русский": "ru",
    "english": "en",
    "eng": "en",
    "английский": "en",
    "kazakh": "kk",
    "kaz": "kk",
    "қазақ": "kk",
    "казахский": "kk",
    "ukrainian": "uk",
    "ukr": "uk",
    "belarusian": "be",
    "bel": "be",
    "german": "de",
    "ger": "de",
    "deu": "de",
    "french": "fr",
    "fre": "fr",
    "fra": "fr",
    "spanish": "es",
    "spa": "es",
    "chinese": "zh",
    "chi": "zh",
    "zho": "zh",
}

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?: (.*))?$")
_ISSN = re.compile(r"^\s*\d{4}-?\d{3}[\dXx](?![\d-])")
_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?(?:/.*)?$")
_PARTICLE = re.compile(r"^((?:[a-z][\w'’]*\s+)+)(?=\S)")

# Tags read into the model (everything else is kept under custom.ris).
_PERSON_TAGS = {"AU": "authors", "A1": "authors", "ED": "editors", "A2": "editors"}
_EXTRA_TAGS = {  # RIS tag -> CSL variable kept in Reference.extra
    "AB": "abstract",
    "N2": "abstract",
    "ST": "title-short",
    "NV": "number-of-volumes",
    "SE": "section",
    "CN": "call-number",
}
_EXTRA_OUT = {var: tag for tag, var in _EXTRA_TAGS.items() if tag != "N2"}


# --------------------------------------------------------------------------------------------
# Reading


@attrs.define
class _Record:
    line: int
    lines: list[str] = attrs.field(factory=list)
    tags: list[tuple[str, str]] = attrs.field(factory=list)


def _records(text: str, source: str, result: LoadResult) -> Iterator[_Record]:
    """Split the text into records; stray lines and unclosed records are reported."""
    record: _Record | None = None
    stray: _Record | None = None
    for number, line in enumerate(text.splitlines(), 1):
        match = _TAG_LINE.match(line.rstrip())
        tag, value = (match.group(1), (match.group(2) or "").strip()) if match else ("", "")
        if tag == "TY":
            if record is not None:
                result.warnings.append(
                    Failure(
                        "\n".join(record.lines),
                        "record has no ER line; it ends where the next TY starts",
                        Location(source, record.line),
                    )
                )
                yield record
            if stray is not None:
                result.failures.append(_stray_failure(stray, source))
                stray = None
            record = _Record(number, [line], [("TY", value)])
        elif record is not None:
            record.lines.append(line)
            if tag == "ER":
                yield record
                record = None
            elif tag:
                record.tags.append((tag, value))
            elif line.strip() and record.tags[-1][0] != "TY":  # a wrapped value: join it
                last_tag, last_value = record.tags[-1]
                record.tags[-1] = (last_tag, f"{last_value} {line.strip()}".strip())
            elif line.strip():  # nothing to continue: the type line does not wrap
                result.failures.append(
                    Failure(
                        line, "not a tag line and nothing to continue", Location(source, number)
                    )
                )
        elif line.strip():
            if stray is None:
                stray = _Record(number)
            stray.lines.append(line)
    if stray is not None:
        result.failures.append(_stray_failure(stray, source))
    if record is not None:
        result.warnings.append(
            Failure(
                "\n".join(record.lines),
                "record has no ER line at the end of the file",
                Location(source, record.line),
            )
        )
        yield record


def _stray_failure(stray: _Record, source: str) -> Failure:
    return Failure(
        "\n".join(stray.lines),
        "lines outside a record (no TY line before them)",
        Location(source, stray.line),
    )


def _name(text: str) -> Name:
    """``Family, Given[, Suffix]``; a name with no comma is an organisation's."""
    if "," not in text:
        return Name(literal=text)
    family, _, rest = (p.strip() for p in text.partition(","))
    given, _, suffix = (p.strip() for p in rest.partition(","))
    particle = ""
    match = _PARTICLE.match(family)
    if match:
        particle, family = match.group(1).strip(), family[match.end() :]
    return Name(family=family, given=given, particle=particle, suffix=suffix)


def _parse_date(text: str) -> Date | None:
    """``2019``, ``2019/12/06/``, ``2019-12-06``, ``2019///Spring`` or a literal date."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        return Date(literal=text)
    try:
        date = Date(*(int(g) if g else None for g in match.groups()))
    except ValueError:
        return Date(literal=text)
    return (
        date if _date_text(date) in (text, text.rstrip("/")) else attrs.evolve(date, literal=text)
    )


def _date_text(date: Date) -> str:
    """A Date as RIS writes it: ``2019`` or ``2019/12/06``."""
    if date.year is None:
        return date.literal
    return "/".join(
        f"{p:02d}" if i else f"{p:04d}"
        for i, p in enumerate((date.year, date.month, date.day))
        if p is not None
    )


class _Tags:
    """A record's tags in order, consumed as they are mapped; leftovers are kept."""

    def __init__(self, tags: list[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for tag, value in tags:
            if value:
                self.values.setdefault(tag, []).append(value)

    def take(self, *tags: str) -> str:
        """The first value of the first present tag (consumed), or ''."""
        for tag in tags:
            values = self.values.get(tag)
            if values:
                value = values.pop(0)
                if not values:
                    del self.values[tag]
                return value
        return ""

    def take_all(self, *tags: str) -> list[str]:
        return [v for tag in tags for v in self.values.pop(tag, [])]


def _language(text: str) -> str:
    return _LANGUAGES.get(text.strip().lower(), text.strip())


def _record_to_reference(record: _Record) -> Reference:
    tags = _Tags(record.tags)
    ty = tags.take("TY").upper()
    csl_type = _FROM_TY.get(ty, "document")
    kwargs: dict[str, Any] = {"type": csl_type, "id": tags.take("ID")}
    for tag, attr in _PERSON_TAGS.items():
        names = tuple(_name(v) for v in tags.take_all(tag))
        kwargs[attr] = kwargs.get(attr, ()) + names
    kwargs["translators"] = tuple(_name(v) for v in tags.take_all("A4"))
    extra: dict[str, Any] = {}
    series_editors = [_name(v).to_csl() for v in tags.take_all("A3")]
    if series_editors:
        extra["collection-editor"] = series_editors
    kwargs["title"] = tags.take("TI", "T1")
    kwargs["container_title"] = tags.take("T2", "JF", "JO", "BT")
    kwargs["container_title_short"] = tags.take("J2", "JA", "J1")
    kwargs["collection_title"] = tags.take("T3")
    kwargs["volume"] = tags.take("VL")
    kwargs["issue"] = tags.take("IS")
    kwargs["number"] = tags.take("M1")
    kwargs["genre"] = tags.take("M3")
    start, end = tags.take("SP"), tags.take("EP")
    if csl_type == "book" and start.isdigit() and not end:
        kwargs["number_of_pages"] = start  # a whole book's SP is its number of pages
    elif start and end and start != end:
        kwargs["pages"] = f"{start}-{end}"
    else:
        kwargs["pages"] = start or end
    kwargs["edition"] = tags.take("ET")
    kwargs["publisher"] = tags.take("PB")
    kwargs["publisher_place"] = tags.take("CY", "PP")
    year, full = _parse_date(tags.take("PY", "Y1")), _parse_date(tags.take("DA"))
    if year and full and full.year == year.year and year == Date(year.year):
        kwargs["issued"] = full
    else:
        kwargs["issued"] = year or full
        if year and full:  # two different dates: the second is kept as written
            tags.values.setdefault("DA", []).insert(0, _date_text(full))
    kwargs["accessed"] = _parse_date(tags.take("Y2"))
    kwargs["doi"] = tags.take("DO")
    kwargs["url"] = tags.take("UR")
    for value in tags.take_all("SN"):
        attr = "issn" if _ISSN.match(value) else "isbn"
        if attr in kwargs:
            tags.values.setdefault("SN", []).append(value)
        else:
            kwargs[attr] = value
    kwargs["language"] = _language(tags.take("LA"))
    kwargs["note"] = tags.take("N1")
    kwargs["original_title"] = tags.take("OP")
    for tag, var in _EXTRA_TAGS.items():
        if var not in extra and tag in tags.values:
            extra[var] = tags.take(tag)
    keywords = tags.take_all("KW")
    kept: dict[str, Any] = {}
    if keywords:
        extra["keyword"] = ", ".join(keywords)
        if _split_keywords(extra["keyword"]) != keywords:  # a keyword with a comma in it
            kept["KW"] = keywords
    if _TY.get(csl_type) != ty:
        kept["TY"] = ty
    if tags.values:
        kept["tags"] = tags.values
    if kept:
        extra["custom"] = {_CUSTOM_KEY: kept}
    kwargs["extra"] = extra
    return Reference(**kwargs)


def _split_keywords(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def loads(text: str, source: str = "<input>") -> LoadResult:
    """Read RIS text into records; bad records are failures naming their first line."""
    result = LoadResult()
    for index, record in enumerate(_records(text.lstrip("\ufeff"), source, result)):
        try:
            result.references.append(_record_to_reference(record))
        except ValueError as exc:
            result.failures.append(
                Failure("\n".join(record.lines), str(exc), Location(source, record.line, index))
            )
    return result


# --------------------------------------------------------------------------------------------
# Writing


def _name_text(name: Name) -> str:
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.dropping_particle, name.particle, name.family) if p)
    parts = [family, name.given]
    if name.suffix:
        parts.append(name.suffix)
    return ", ".join(parts)


def _kept(ref: Reference) -> Mapping[str, Any]:
    custom = ref.extra.get("custom")
    kept = custom.get(_CUSTOM_KEY) if isinstance(custom, Mapping) else None
    return kept if isinstance(kept, Mapping) else {}


def _record_lines(ref: Reference) -> list[tuple[str, str]]:
    kept = _kept(ref)
    original_ty = str(kept.get("TY", ""))
    ty = original_ty if _FROM_TY.get(original_ty) == ref.type else _TY.get(ref.type, "GEN")
    out: list[tuple[str, str]] = [("TY", ty)]

    def add(tag: str, value: Any) -> None:
        if value:
            out.append((tag, str(value)))

    add("ID", ref.id)
    for name in ref.authors:
        add("AU", _name_text(name))
    for name in ref.editors:
        add("ED", _name_text(name))
    for name in ref.translators:
        add("A4", _name_text(name))
    for data in ref.extra.get("collection-editor") or ():
        if isinstance(data, Mapping):
            add("A3", _name_text(Name.from_csl(data)))
    add("TI", ref.title)
    add("T2", ref.container_title)
    add("J2", ref.container_title_short)
    add("T3", ref.collection_title)
    if ref.issued is not None:
        date = ref.issued
        if date.year is None or (date.literal and _parse_date(date.literal) == date):
            add("PY", date.literal)
        else:
            add("PY", date.year)
            if date.month is not None:
                add("DA", _date_text(date))
    if ref.accessed is not None:
        add("Y2", _date_text(ref.accessed))
    add("VL", ref.volume)
    add("IS", ref.issue)
    add("M1", ref.number)
    start, dash, end = ref.pages.partition("-")
    if dash and start and end and "," not in ref.pages and "-" not in end:
        add("SP", start)
        add("EP", end)
    elif ref.pages:
        add("SP", ref.pages)
        if ref.type == "book":  # SP alone would be read as the book's number of pages
            add("EP", ref.pages)
    elif ref.type == "book":
        add("SP", ref.number_of_pages)  # RIS's book SP is the number of pages
    add("ET", ref.edition)
    add("M3", ref.genre)
    add("PB", ref.publisher)
    add("CY", ref.publisher_place)
    add("SN", ref.isbn)
    add("SN", ref.issn)
    add("DO", ref.doi)
    add("UR", ref.url)
    add("LA", ref.language)
    for var, tag in _EXTRA_OUT.items():
        value = ref.extra.get(var)
        if isinstance(value, str | int | float):
            add(tag, value)
    add("OP", ref.original_title)
    keyword = ref.extra.get("keyword")
    if isinstance(keyword, str):
        exact = kept.get("KW")
        keywords = exact if exact and ", ".join(exact) == keyword else _split_keywords(keyword)
        for word in keywords:
            add("KW", word)
    add("N1", ref.note)
    for tag, values in (kept.get("tags") or {}).items():
        for value in values:
            add(tag, value)
    return out


def dumps(refs: Sequence[Reference]) -> str:
    """Records as RIS: ``TAG  - value`` lines, each record closed by ``ER  -``, UTF-8."""
    chunks = []
    for ref in refs:
        lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in _record_lines(ref)]
        chunks.append("\n".join([*lines, "ER  - "]) + "\n")
    return "\n".join(chunks)


def _sniff(head: bytes) -> bool:
    return re.match(rb"^\s*TY  - ", head.lstrip(b"\xef\xbb\xbf")) is not None


REGISTRY.register("ris", Format("ris", loads, dumps), suffixes=(".ris",), sniff=_sniff)
