"""The records every stage takes and returns.

All records are frozen attrs classes: change them with :func:`attrs.evolve`, never in place.
Normalisation that must always hold (DOI without resolver prefix, pages with a plain hyphen,
no surrounding white space) lives in converters here, so no stage can forget it.

:meth:`Reference.to_csl` / :meth:`Reference.from_csl` are the one interchange with CSL-JSON,
citeproc-py, the exports and the imports. CSL variables the model has no attribute for travel
in :attr:`Reference.extra`, and refbridge's own bookkeeping (raw string, provenance, confidence,
original language) in the CSL-JSON ``custom`` object, so ``from_csl(to_csl(r)) == r`` always.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .errors import Location

__all__ = [
    "CSL_TYPES",
    "Date",
    "Document",
    "DoiCheck",
    "Failure",
    "Name",
    "Pair",
    "PairingResult",
    "Provenance",
    "Reference",
    "ReferenceList",
    "Work",
]

#: CSL 1.0.2 item types refbridge produces or accepts.
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event figure
    graphic hearing interview legal_case legislation manuscript map motion_picture musical_score
    pamphlet paper-conference patent performance periodical personal_communication post
    post-weblog regulation report review review-book software song speech standard thesis treaty
    webpage""".split()
)

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DASHES = re.compile(r"\s*[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")


def _clean(value: Any) -> str:
    """Strip a text field; None becomes the empty string (our "absent")."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _clean_doi(value: Any) -> str:
    text = _clean(value)
    previous = None
    while previous != text:  # "https://doi.org/https://doi.org/10.1/x" happens in the wild
        previous = text
        text = _DOI_PREFIX.sub("", text).strip()
    return text


def _clean_pages(value: Any) -> str:
    """Page ranges use a plain hyphen, the CSL convention; styles choose the dash."""
    return _DASHES.sub("-", _clean(value))


def _clean_language(value: Any) -> str:
    return _clean(value).replace("_", "-")


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``converter=tuple`` typed so that mypy accepts lists and tuples at the call site."""
    return tuple(value)


def _names(value: Iterable[Name] | None) -> tuple[Name, ...]:
    return tuple(value or ())


def _strings(value: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(_clean(v) for v in (value or ()) if _clean(v))


@attrs.frozen
class Name:
    """A person or an organisation (``literal``), split as CSL splits names."""

    family: str = attrs.field(default="", converter=_clean)
    given: str = attrs.field(default="", converter=_clean)
    particle: str = attrs.field(default="", converter=_clean)  # CSL non-dropping-particle
    dropping_particle: str = attrs.field(default="", converter=_clean)
    suffix: str = attrs.field(default="", converter=_clean)
    literal: str = attrs.field(default="", converter=_clean)

    @literal.validator
    def _check_literal(self, _attr: attrs.Attribute[str], value: str) -> None:
        if value and (self.family or self.given or self.particle or self.suffix):
            raise ValueError(f"a literal name has no parts: {value!r}")

    def to_csl(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        out = {
            "family": self.family,
            "given": self.given,
            "non-dropping-particle": self.particle,
            "dropping-particle": self.dropping_particle,
            "suffix": self.suffix,
        }
        return {k: v for k, v in out.items() if v}

    @classmethod
    def from_csl(cls, data: Mapping[str, Any]) -> Name:
        return cls(
            family=data.get("family", ""),
            given=data.get("given", ""),
            particle=data.get("non-dropping-particle", ""),
            dropping_particle=data.get("dropping-particle", ""),
            suffix=data.get("suffix", ""),
            literal=data.get("literal", ""),
        )

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.particle, self.family) if p)
        return f"{family}, {self.given}" if self.given else family


def _opt_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


@attrs.frozen
class Date:
    """A (partial) calendar date; ``literal`` keeps a date we could not split ("n.d.", "б. г.")."""

    year: int | None = attrs.field(default=None, converter=_opt_int)
    month: int | None = attrs.field(default=None, converter=_opt_int)
    day: int | None = attrs.field(default=None, converter=_opt_int)
    literal: str = attrs.field(default="", converter=_clean)

    @month.validator
    def _check_month(self, _attr: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and not 1 <= value <= 12:
            raise ValueError(f"month out of range: {value}")

    @day.validator
    def _check_day(self, _attr: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and not 1 <= value <= 31:
            raise ValueError(f"day out of range: {value}")

    def to_csl(self) -> dict[str, Any]:
        if self.year is None:
            return {"literal": self.literal} if self.literal else {}
        # date-parts only: CSL processors print a literal beside the parts (citeproc-js:
        # "2008 5" + "2008" → "2008 52008"), so a split date goes out without its printed form
        return {"date-parts": [[p for p in (self.year, self.month, self.day) if p is not None]]}

    @classmethod
    def from_csl(cls, data: Mapping[str, Any] | None) -> Date | None:
        if not data:
            return None
        parts = (data.get("date-parts") or [[]])[0] or []
        if not parts and "raw" in data:
            return cls(literal=data["raw"])
        values: list[int | None] = [int(p) for p in parts[:3] if str(p).strip().isdigit()]
        values += [None] * (3 - len(values))
        return cls(year=values[0], month=values[1], day=values[2], literal=data.get("literal", ""))

    def __str__(self) -> str:
        if self.year is None:
            return self.literal
        return "-".join(
            f"{p:02d}" if i else str(p)
            for i, p in enumerate((self.year, self.month, self.day))
            if p is not None
        )


@attrs.frozen
class Provenance:
    """Where a record came from: document, which list in it, which entry, which lines (1-based)."""

    document: str = ""
    list_index: int | None = None
    entry_index: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    page: int | None = None

    def location(self) -> Location:
        return Location(self.document, self.line_start, self.entry_index)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provenance:
        return cls(**{f.name: data.get(f.name, f.default) for f in attrs.fields(cls)})


# Attribute name -> CSL variable, for the plain string variables.
_CSL_TEXT = {
    "title": "title",
    "container_title": "container-title",
    "container_title_short": "container-title-short",
    "collection_title": "collection-title",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "number_of_pages": "number-of-pages",
    "edition": "edition",
    "number": "number",
    "genre": "genre",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "language": "language",
    "note": "note",
    "original_title": "original-title",
}
_CSL_NAMES = {"authors": "author", "editors": "editor", "translators": "translator"}
_CSL_DATES = {"issued": "issued", "accessed": "accessed"}
_CUSTOM = "refbridge"


@attrs.frozen
class Reference:
    """One bibliographic record, as parsed from a string or read from a file.

    Empty string / empty tuple / None mean "absent". ``raw`` is the text exactly as found
    (Markdown emphasis and all); every other field is clean.
    """

    type: str = attrs.field(default="document", converter=_clean)
    id: str = attrs.field(default="", converter=_clean)
    authors: tuple[Name, ...] = attrs.field(default=(), converter=_names)
    editors: tuple[Name, ...] = attrs.field(default=(), converter=_names)
    translators: tuple[Name, ...] = attrs.field(default=(), converter=_names)
    issued: Date | None = None
    accessed: Date | None = None
    title: str = attrs.field(default="", converter=_clean)
    original_title: str = attrs.field(default="", converter=_clean)
    container_title: str = attrs.field(default="", converter=_clean)
    container_title_short: str = attrs.field(default="", converter=_clean)
    collection_title: str = attrs.field(default="", converter=_clean)
    publisher: str = attrs.field(default="", converter=_clean)
    publisher_place: str = attrs.field(default="", converter=_clean)
    volume: str = attrs.field(default="", converter=_clean)
    issue: str = attrs.field(default="", converter=_clean)
    pages: str = attrs.field(default="", converter=_clean_pages)
    number_of_pages: str = attrs.field(default="", converter=_clean)
    edition: str = attrs.field(default="", converter=_clean)
    number: str = attrs.field(default="", converter=_clean)
    genre: str = attrs.field(default="", converter=_clean)
    doi: str = attrs.field(default="", converter=_clean_doi)
    url: str = attrs.field(default="", converter=_clean)
    isbn: str = attrs.field(default="", converter=_clean)
    issn: str = attrs.field(default="", converter=_clean)
    language: str = attrs.field(default="", converter=_clean_language)
    original_language: str = attrs.field(default="", converter=_clean_language)
    note: str = attrs.field(default="", converter=_clean)
    raw: str = ""
    provenance: Provenance | None = None
    confidence: float | None = None
    field_confidence: Mapping[str, float] = attrs.field(factory=dict, hash=False)
    extra: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    @type.validator
    def _check_type(self, _attr: attrs.Attribute[str], value: str) -> None:
        if value not in CSL_TYPES:
            raise ValueError(f"not a CSL item type: {value!r}")

    # -- CSL-JSON ---------------------------------------------------------------------------
    def to_csl(self) -> dict[str, Any]:
        """This record as one CSL-JSON item (CSL 1.0.2 variable names)."""
        out: dict[str, Any] = {"type": self.type}
        if self.id:
            out["id"] = self.id
        for attr, var in _CSL_NAMES.items():
            names = getattr(self, attr)
            if names:
                out[var] = [n.to_csl() for n in names]
        for attr, var in _CSL_DATES.items():
            date = getattr(self, attr)
            if date is not None:
                out[var] = date.to_csl()
        for attr, var in _CSL_TEXT.items():
            value = getattr(self, attr)
            if value:
                out[var] = value
        out.update(self.extra)
        custom: dict[str, Any] = {}
        if self.raw:
            custom["raw"] = self.raw
        if self.original_language:
            custom["original-language"] = self.original_language
        if self.provenance is not None:
            custom["provenance"] = self.provenance.to_dict()
        if self.confidence is not None:
            custom["confidence"] = self.confidence
        if self.field_confidence:
            custom["field-confidence"] = dict(self.field_confidence)
        printed = {  # a split date's printed form: kept here, since processors print a literal
            var: date.literal
            for attr, var in _CSL_DATES.items()
            if (date := getattr(self, attr)) is not None and date.year is not None and date.literal
        }
        if printed:
            custom["printed-dates"] = printed
        if custom:
            out.setdefault("custom", {})
            out["custom"] = {**out["custom"], _CUSTOM: custom}
        return out

    @classmethod
    def from_csl(cls, data: Mapping[str, Any]) -> Reference:
        """Build a record from one CSL-JSON item; unknown variables go to :attr:`extra`."""
        data = dict(data)
        kwargs: dict[str, Any] = {"type": data.pop("type", "document") or "document"}
        if "id" in data:
            kwargs["id"] = str(data.pop("id"))
        for attr, var in _CSL_NAMES.items():
            if var in data:
                kwargs[attr] = tuple(Name.from_csl(n) for n in data.pop(var) or ())
        for attr, var in _CSL_TEXT.items():
            if var in data:
                kwargs[attr] = data.pop(var)
        custom = dict(data.pop("custom", {}) or {})
        ours = custom.pop(_CUSTOM, {}) or {}
        printed = ours.get("printed-dates") or {}
        for attr, var in _CSL_DATES.items():
            if var in data:
                date = Date.from_csl(data.pop(var))
                if date is not None and isinstance(printed.get(var), str) and not date.literal:
                    date = attrs.evolve(date, literal=printed[var])
                kwargs[attr] = date
        if custom:
            data["custom"] = custom
        kwargs["raw"] = ours.get("raw", "")
        kwargs["original_language"] = ours.get("original-language", "")
        if "provenance" in ours:
            kwargs["provenance"] = Provenance.from_dict(ours["provenance"])
        kwargs["confidence"] = ours.get("confidence")
        kwargs["field_confidence"] = dict(ours.get("field-confidence", {}))
        kwargs["extra"] = data
        return cls(**kwargs)

    # -- conveniences -----------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    def first_author_family(self) -> str:
        """The first author's family name, or the organisation's name, or ''."""
        if not self.authors:
            return ""
        first = self.authors[0]
        return first.family or first.literal


@attrs.frozen
class Failure:
    """A piece of input that could not become a record: kept, located and explained."""

    raw: str
    error: str
    location: Location = attrs.field(factory=Location)

    def __str__(self) -> str:
        return f"{self.location}: {self.error}"


@attrs.frozen
class ReferenceList:
    """A reference list found in a document: its heading, language and entries in order."""

    heading: str = ""
    language: str = ""
    entries: tuple[Reference, ...] = attrs.field(default=(), converter=_as_tuple)
    failures: tuple[Failure, ...] = attrs.field(default=(), converter=_as_tuple)
    source: str = ""
    line_start: int | None = None
    line_end: int | None = None

    def __len__(self) -> int:
        return len(self.entries)


@attrs.frozen
class Document:
    """A document read into lines of plain text in reading order.

    Readers for formats that carry reference lists as structure (JATS) also fill
    ``structured_lists``: those are taken as given, not found and parsed again.
    """

    source: str
    format: str
    lines: tuple[str, ...] = attrs.field(converter=_as_tuple)
    line_pages: tuple[int, ...] | None = None
    structured_lists: tuple[ReferenceList, ...] = attrs.field(default=(), converter=_as_tuple)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@attrs.frozen
class Pair:
    """Entry ``a`` of one list and entry ``b`` of another are one work in two languages."""

    a: int
    b: int
    score: float
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)


@attrs.frozen
class PairingResult:
    """Accepted pairs plus the entries of each list left unmatched (never forced)."""

    pairs: tuple[Pair, ...] = attrs.field(default=(), converter=_as_tuple)
    unmatched_a: tuple[int, ...] = attrs.field(default=(), converter=_as_tuple)
    unmatched_b: tuple[int, ...] = attrs.field(default=(), converter=_as_tuple)


@attrs.frozen
class Work:
    """A cluster of records that are one work, with typed links to related works."""

    id: str
    records: tuple[Reference, ...] = attrs.field(converter=_as_tuple)
    doi: str = attrs.field(default="", converter=_clean_doi)
    relations: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_as_tuple)


@attrs.frozen
class DoiCheck:
    """The verdict on one DOI as cited: see :mod:`refbridge.doi.check` for the statuses."""

    input: str
    doi: str
    status: str
    agency: str = ""
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    reference: Reference | None = None
    #: Where the DOI is cited ("refs.bib, line 3, entry smith2019"); several when one
    #: DOI is cited in several places with the same verdict.
    sources: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "doi": self.doi,
            "status": self.status,
            "agency": self.agency,
            "evidence": list(self.evidence),
            "reference": self.reference.to_csl() if self.reference else None,
            "sources": list(self.sources),
        }
