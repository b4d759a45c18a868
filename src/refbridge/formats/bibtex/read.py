"""Reading BibTeX/BibLaTeX: bibtexparser's blocks, our macro resolution, records."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    MonthIntMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
)
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
    String,
)

from ...errors import Location
from ...model import Date, Failure, Name, Reference
from .. import LoadResult, latex
from .datamodel import allowed
from .fields import (
    _CSL_DATE_VARS,
    _CSL_NAME_VARS,
    _CUSTOM_KEY,
    _ENTRY_TYPE,
    _FIELD_TO_CSL_VAR,
    _FIELD_TO_EXTRA,
    _NAME_FIELDS,
    _NOT_INHERITED,
    _VERBATIM_FIELDS,
    _parse_date,
    _year_month_date,
    digest,
    sort_key,
)
from .types import _PERIODICAL_TYPES, _WEB_TYPES, _csl_type, _language_code, _type_row

__all__ = ["loads", "translation_links"]


MAX_VALUE_CHARS = 1_000_000  # one field after @string expansion; real values are < 10 kB
MAX_EXPANDED_CHARS = 20_000_000  # all expansions of one file together


class _ResolveStrings(LibraryMiddleware):
    """Resolve ``@string`` macros, including ``#`` concatenations of quoted, braced and
    macro parts (bibtexparser's own middleware only replaces a value that is a lone macro).
    Unknown macros are left as written (``month = jan`` is for the month middleware).

    Expansion is bounded (a doubling chain of 40 macros would otherwise make terabytes):
    a value over :data:`MAX_VALUE_CHARS`, or expansions over :data:`MAX_EXPANDED_CHARS`
    in all, are refused; the blocks concerned are listed in :attr:`refused`."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        self.macros: dict[str, str | None] = {}  # None: refused, too large
        self.refused: dict[int, str] = {}  # id(block) -> why
        self.budget = MAX_EXPANDED_CHARS
        self.as_read: dict[int, list[tuple[str, str]]] = {}  # id(entry) -> fields, delimited

    @classmethod
    def metadata_key(cls) -> str:
        return "refbridge_resolve_strings"

    @staticmethod
    def _parts(value: str) -> list[str] | None:
        """Split ``a # "b" # {c}`` at top-level ``#``; None when the value has none."""
        if "#" not in value:
            return None
        parts, depth, quoted, start = [], 0, False, 0
        for i, char in enumerate(value):
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0 and (i == 0 or value[i - 1] != "\\"):
                quoted = not quoted
            elif char == "#" and depth == 0 and not quoted:
                parts.append(value[start:i].strip())
                start = i + 1
        if not parts:
            return None
        parts.append(value[start:].strip())
        return parts

    def _macro(self, name: str) -> str | None:
        value = self.macros.get(name.lower())
        if value is None and name.lower() in self.macros:
            raise ValueError(f"uses @string {name!r}, which was refused as too large")
        return value

    def _resolve(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        stripped = value.strip()
        parts = self._parts(stripped)
        if parts is None:
            return (self._macro(stripped) or value) if stripped.isalnum() else value
        pieces = []
        for part in parts:
            macro = None if part[:1] in ('"', "{") else self._macro(part)
            if part[:1] in ('"', "{") and part[-1:] in ('"', "}"):
                pieces.append(part[1:-1])
            elif macro is not None:
                pieces.append(macro[1:-1])
            else:
                pieces.append(part)
        size = sum(map(len, pieces))
        if size > MAX_VALUE_CHARS or size > self.budget:
            raise ValueError(
                f"@string expansion too large ({size:,} characters; at most "
                f"{min(MAX_VALUE_CHARS, self.budget):,} more allowed)"
            )
        self.budget -= size
        return "{" + "".join(pieces) + "}"

    def transform(self, library: Library) -> Library:
        self.macros, self.refused, self.budget = {}, {}, MAX_EXPANDED_CHARS
        for string in library.strings:  # in file order: a macro may use earlier ones
            try:
                resolved = self._resolve(string.value)
            except ValueError as exc:
                self.macros[string.key.lower()] = None
                self.refused[id(string)] = str(exc)
                continue
            if not (isinstance(resolved, str) and resolved[:1] in ('"', "{")):
                resolved = "{" + str(resolved) + "}"
            self.macros[string.key.lower()] = resolved
        for entry in library.entries:
            self.resolve_entry(entry)
        return library

    def resolve_entry(self, entry: Entry) -> None:
        try:
            for field in entry.fields:
                field.value = self._resolve(field.value)
        except ValueError as exc:
            entry.fields = []
            self.refused[id(entry)] = str(exc)
        self.as_read[id(entry)] = [(f.key, str(f.value)) for f in entry.fields]


def _parse(text: str) -> tuple[Library, list[Entry | None], _ResolveStrings]:
    """bibtexparser's split plus our stack; entries with repeated fields (which bibtexparser
    sets aside untransformed) are put through the same stack, last value winning. Also
    returns the resolver, which knows each entry's fields as read and the refused blocks."""
    resolver = _ResolveStrings()
    block_stack = [
        RemoveEnclosingMiddleware(),
        NormalizeFieldKeys(),
        MonthIntMiddleware(),
        SeparateCoAuthors(name_fields=_NAME_FIELDS),
    ]
    library = bibtexparser.parse_string(text, parse_stack=[resolver, *block_stack])
    rescued: list[Entry | None] = []
    for block in library.blocks:
        inner = block.ignore_error_block if isinstance(block, DuplicateFieldKeyBlock) else None
        entry = inner if isinstance(inner, Entry) else None
        if entry is not None:
            entry.fields = list({f.key.lower(): f for f in entry.fields}.values())
            resolver.resolve_entry(entry)
            for middleware in block_stack:
                transformed = middleware.transform_block(entry, library)
                entry = transformed if isinstance(transformed, Entry) else None
                if entry is None:
                    break
        rescued.append(entry)
    return library, rescued, resolver


_RUSSIAN_MONTHS = re.compile(
    r"^(?:(янв)|(фев)|(мар)|(апр)|(ма[йя])|(июн)|(июл)|(авг)|(сен)|(окт)|(ноя)|(дек))[а-я]*\.?$"
)


def _month(value: Any) -> Any:
    """A month bibtexparser left as text, if it is a Russian name (дек, декабрь, декабря)."""
    if isinstance(value, str):
        match = _RUSSIAN_MONTHS.match(value.strip().lower())
        if match:
            return match.lastindex
    return value


def _same_date(parts: Date, date: Date | None) -> bool:
    """True when year/month/day fields say what the ``date`` field says (or less)."""
    return (
        date is not None
        and parts.year == date.year
        and parts.month in (None, date.month)
        and parts.day in (None, date.day)
        and not parts.literal
    )


def _date_to_csl(text: str) -> dict[str, Any]:
    """A date-valued field as a CSL date object (for CSL date variables kept in ``extra``)."""
    if "/" in text:
        ends = [_parse_date(p) for p in text.split("/", 1)]
        if all(d is not None and d.year is not None and not d.literal for d in ends):
            return {"date-parts": [d.to_csl()["date-parts"][0] for d in ends if d]}
    date = _parse_date(text)
    return date.to_csl() if date else {}


def _name(raw: str) -> Name:
    """One BibTeX name (``von Last, Jr, First`` or ``First von Last``) as a Name."""
    raw = raw.strip()
    parts = parse_single_name_into_parts(raw, strict=False)
    if (
        not (parts.first or parts.von or parts.jr)
        and len(parts.last) == 1
        and latex.is_one_group(parts.last[0])
    ):
        return Name(literal=latex.decode(parts.last[0][1:-1]))
    return Name(
        family=latex.decode(" ".join(parts.last)),
        given=latex.decode(" ".join(parts.first)),
        particle=latex.decode(" ".join(parts.von)),
        suffix=latex.decode(" ".join(parts.jr)),
    )


def _names(value: Any) -> tuple[Name, ...]:
    raws = value if isinstance(value, list) else [value]
    names = (_name(raw) for raw in raws if str(raw).strip())
    return tuple(n for n in names if n != Name())


class _Fields:
    """The fields of one entry, consumed as they are mapped; what is left is kept raw."""

    def __init__(self, entry: Entry) -> None:
        self.raw: dict[str, Any] = {f.key: f.value for f in entry.fields}

    def take(self, *keys: str) -> str:
        """Decoded text of the first present field among ``keys`` (consumed), or ''."""
        for key in keys:
            if key in self.raw:
                value = self.raw.pop(key)
                return str(value).strip() if key in _VERBATIM_FIELDS else latex.decode(str(value))
        return ""

    def take_raw(self, key: str) -> Any:
        return self.raw.pop(key, None)

    def __contains__(self, key: str) -> bool:
        return key in self.raw


def _inherit(entry: Entry, parents: Mapping[str, Entry]) -> bool:
    """Copy missing fields from the ``crossref``/``xref`` parent; False if it is absent."""
    parent_key = entry.fields_dict.get("crossref") or entry.fields_dict.get("xref")
    if parent_key is None:
        return True
    parent = parents.get(str(parent_key.value).strip().lower())
    if parent is None:
        return False
    have = set(entry.fields_dict)
    for field in parent.fields:
        key = field.key
        if key in _NOT_INHERITED:
            continue
        if key == "title" and entry.entry_type.startswith(("in", "supp", "bookin")):
            key = "booktitle"
        elif key == "author" and entry.entry_type in ("inbook", "bookinbook", "suppbook"):
            key = "bookauthor"
        if key not in have:
            entry.set_field(Field(key, field.value))
            have.add(key)
    return True


def _entry_to_reference(entry: Entry) -> Reference:
    fields = _Fields(entry)
    entry_type = entry.entry_type.lower()
    subtype = str(fields.raw.get("entrysubtype", "")).strip()
    csl_type, used_subtype = _csl_type(entry_type, subtype)
    if used_subtype:
        fields.take_raw("entrysubtype")
    kwargs: dict[str, Any] = {"type": csl_type, "id": entry.key}
    extra: dict[str, Any] = {}

    truncated: list[str] = []  # "A and B and others": the list is known to be incomplete
    for attr, key in (("authors", "author"), ("editors", "editor"), ("translators", "translator")):
        if key in fields:
            raws = fields.take_raw(key)
            raws = raws if isinstance(raws, list) else [raws]
            if len(raws) > 1 and str(raws[-1]).strip().lower() == "others":
                raws, truncated = raws[:-1], [*truncated, key]
            kwargs[attr] = _names(raws)

    title = fields.take("title")
    subtitle = fields.take("subtitle")
    kwargs["title"] = f"{title}: {subtitle}" if title and subtitle else title or subtitle
    # The field our writer uses for a value comes first, so a second candidate field that
    # is also present stays a field of its own (kept raw) and nothing is overwritten.
    if csl_type in _PERIODICAL_TYPES:
        kwargs["container_title"] = fields.take("journaltitle", "journal", "booktitle")
    elif csl_type in _WEB_TYPES:  # the site's name
        kwargs["container_title"] = fields.take(
            "organization", "howpublished", "journaltitle", "booktitle"
        )
    else:
        kwargs["container_title"] = fields.take("booktitle", "journaltitle", "journal")
    kwargs["container_title_short"] = fields.take("shortjournal")
    kwargs["collection_title"] = fields.take("series")
    if csl_type in ("thesis", "report"):
        kwargs["publisher"] = fields.take("institution", "school", "publisher")
    else:
        kwargs["publisher"] = fields.take("publisher", "institution", "school")
    kwargs["publisher_place"] = fields.take("location", "address")
    kwargs["volume"] = fields.take("volume")
    if csl_type in _PERIODICAL_TYPES:  # an article's number is its issue; eid its own number
        kwargs["issue"] = fields.take("number", "issue")
        kwargs["number"] = fields.take("eid")
    else:
        kwargs["issue"] = fields.take("issue")
        kwargs["number"] = fields.take("number")
    kwargs["pages"] = fields.take("pages").replace("--", "-")
    kwargs["number_of_pages"] = fields.take("pagetotal")
    kwargs["edition"] = fields.take("edition")
    kwargs["genre"] = fields.take("type")
    kwargs["doi"] = fields.take("doi")
    kwargs["url"] = fields.take("url")
    howpublished = str(fields.raw.get("howpublished", "")).strip()
    if kwargs["url"] and howpublished in (kwargs["url"], f"\\url{{{kwargs['url']}}}"):
        fields.take_raw("howpublished")  # written from url by our bibtex dialect
    kwargs["isbn"] = fields.take("isbn")
    kwargs["issn"] = fields.take("issn")
    kwargs["language"] = _language_code(fields.take("langid") or fields.take("language"))
    # our writer puts the original language in `language` where origlanguage is not allowed
    original = fields.take("origlanguage") or (
        fields.take("language") if not allowed(entry_type, "origlanguage") else ""
    )
    kwargs["original_language"] = _language_code(original)
    if str(fields.raw.get("eprinttype", "")).strip().lower() == "pubmed" and "eprint" in fields:
        fields.take_raw("eprinttype")
        extra["PMID"] = fields.take("eprint")
    kwargs["original_title"] = fields.take("origtitle")
    kwargs["note"] = fields.take("note")

    date_text = fields.take("date")
    year, month, day = fields.take("year"), _month(fields.take_raw("month")), fields.take("day")
    from_parts = _year_month_date(year, month, day)
    issued = _parse_date(date_text) if date_text else from_parts
    if date_text and from_parts is not None and not _same_date(from_parts, issued):
        # year/month/day that contradict date: kept as written, never dropped
        fields.raw.update({k: v for k, v in (("year", year), ("day", day)) if v})
        if month is not None:
            fields.raw["month"] = month
    elif month is not None and (issued is None or not isinstance(month, int)):
        fields.raw["month"] = month  # no year to date it, or unreadable ("Spring"): kept
    kwargs["issued"] = issued
    kwargs["accessed"] = _parse_date(fields.take("urldate"))

    for key in list(fields.raw):
        var = _FIELD_TO_EXTRA.get(key) or _FIELD_TO_CSL_VAR.get(key)
        if var is None or var in extra:
            continue
        if var in _CSL_NAME_VARS:
            extra[var] = [n.to_csl() for n in _names(fields.take_raw(key))]
        elif var in _CSL_DATE_VARS:
            extra[var] = _date_to_csl(fields.take(key))
        else:
            extra[var] = fields.take(key)

    if "key" in fields and fields.take("key") != sort_key(Reference(**kwargs)):
        fields.raw["key"] = entry.fields_dict["key"].value  # the user's own: kept
    kept: dict[str, Any] = {}
    row = _type_row(csl_type)
    if entry_type not in (row.biblatex, row.bibtex):
        kept["entrytype"] = entry_type  # @inbook, @proceedings…: written back as they were
    if truncated:
        kept["others"] = truncated
    if fields.raw:
        kept["fields"] = {k: _raw_text(v) for k, v in fields.raw.items()}
    if kept:
        extra["custom"] = {_CUSTOM_KEY: kept}
    kwargs["extra"] = extra
    return Reference(**kwargs)


def _raw_text(value: Any) -> str:
    """A field value as BibTeX source text (name lists re-joined, month numbers as text)."""
    if isinstance(value, list):
        return " and ".join(str(v) for v in value)
    return str(value)


def _failure_from_block(block: ParsingFailedBlock, source: str) -> Failure:
    line = (block.start_line or 0) + 1
    error = block.error
    if isinstance(block, DuplicateBlockKeyBlock):
        kept = (
            "the first definition is used"
            if isinstance(block.ignore_error_block, String)
            else "read as a separate record"
        )
        message = f"duplicate key {block.key!r}; {kept}"
    elif isinstance(block, DuplicateFieldKeyBlock):
        repeated = ", ".join(sorted(block.duplicate_keys))
        message = f"repeated field(s) {repeated}; the last value of each is kept"
    elif getattr(error, "abort_reason", ""):
        message = f"syntax error, block skipped: {error.abort_reason.strip()}"  # type: ignore[attr-defined]
    elif isinstance(error, Exception) and str(error):
        message = str(error)
    else:
        message = f"cannot parse the block ({type(error).__name__})"
    return Failure(block.raw or "", message, Location(source, line))


def loads(text: str, source: str = "<input>", dialect: str = "biblatex") -> LoadResult:
    """Read BibTeX/BibLaTeX text into records; bad blocks are failures with their line.

    Each record keeps its entry as read (``extra["custom"]["bibtex"]["source"]``), so that
    writing it unchanged in the same ``dialect`` gives the same fields, byte for byte.
    """
    library, rescued, resolver = _parse(text.lstrip("\ufeff"))
    refused = resolver.refused
    result = LoadResult()
    for string in library.strings:
        if id(string) in refused:
            location = Location(source, (string.start_line or 0) + 1)
            result.failures.append(Failure(string.raw or "", refused[id(string)], location))
    entries: list[tuple[Entry, int]] = []  # (entry, index among entries)
    read_as: list[list[tuple[str, str]]] = []
    types: list[str] = []
    for block, rescued_entry in zip(library.blocks, rescued, strict=True):
        duplicate = (
            block.ignore_error_block if isinstance(block, DuplicateBlockKeyBlock) else rescued_entry
        )
        if isinstance(block, Entry):
            entries.append((block, len(entries)))
        elif isinstance(duplicate, Entry) and isinstance(block, ParsingFailedBlock):
            # Lose nothing: a second entry with a used key, or one with a repeated field,
            # is still read; the problem is reported as a warning.
            entries.append((duplicate, len(entries)))
            result.warnings.append(_failure_from_block(block, source))
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(duplicate, String):
            result.warnings.append(_failure_from_block(block, source))
        elif isinstance(block, ParsingFailedBlock):
            result.failures.append(_failure_from_block(block, source))
    parents = {entry.key.lower(): entry for entry, _ in entries}
    for entry, index in entries:
        location = Location(source, (entry.start_line or 0) + 1, index)
        if not _ENTRY_TYPE.match(entry.entry_type) or id(entry) in refused:
            error = refused.get(id(entry)) or (
                f"not an entry: {entry.entry_type!r} is not an entry type"
            )
            result.failures.append(Failure(entry.raw or "", error, location))
            continue
        if not _inherit(entry, parents):
            result.warnings.append(
                Failure(entry.raw or "", "crossref target not found; read without it", location)
            )
        try:
            result.references.append(_entry_to_reference(entry))
        except (InvalidNameError, ValueError) as exc:
            result.failures.append(Failure(entry.raw or "", str(exc), location))
            continue
        read_as.append(resolver.as_read.get(id(entry), []))
        types.append(entry.entry_type)
    refs = _original_languages(result.references)
    result.references[:] = [
        _with_source(ref, entry_type, fields, dialect)
        for ref, entry_type, fields in zip(refs, types, read_as, strict=True)
    ]
    return result


def _original_languages(refs: list[Reference]) -> list[Reference]:
    """A translation linked to its original (``relatedtype = translationof``) is in the
    original's language: the link stands for ``origlanguage``, which our writer leaves out."""
    refs = list(refs)
    for index, original in translation_links(refs).items():
        if not refs[index].original_language and refs[original].language:
            refs[index] = attrs.evolve(refs[index], original_language=refs[original].language)
    return refs


def _with_source(
    ref: Reference, entry_type: str, fields: list[tuple[str, str]], dialect: str
) -> Reference:
    """``ref`` with its entry as read and the digest that says it is unchanged."""
    custom = dict(ref.extra.get("custom") or {})
    kept = dict(custom.get(_CUSTOM_KEY) or {})
    kept["source"] = {
        "dialect": dialect,
        "entrytype": entry_type,
        "fields": [list(field) for field in fields],
        "digest": digest(ref),
    }
    custom[_CUSTOM_KEY] = kept
    return attrs.evolve(ref, extra={**ref.extra, "custom": custom})


def translation_links(refs: Sequence[Reference]) -> dict[int, int]:
    """``{translation index: original index}`` from ``related``/``relatedtype = translationof``."""
    by_id = {ref.id: i for i, ref in enumerate(refs) if ref.id}
    links = {}
    for index, ref in enumerate(refs):
        custom = ref.extra.get("custom")
        kept = custom.get(_CUSTOM_KEY, {}) if isinstance(custom, Mapping) else {}
        fields = kept.get("fields") or {}
        if str(fields.get("relatedtype", "")).strip().lower() != "translationof":
            continue
        for key in str(fields.get("related", "")).split(","):
            if key.strip() in by_id:
                links[index] = by_id[key.strip()]
                break
    return links
