"""Writing BibLaTeX and classic BibTeX from records."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from ...errors import ConflictError, FormatError
from ...model import Date, Name, Reference
from .. import latex
from ..citekeys import assign_keys
from ..titlecase import Casing
from .datamodel import allowed
from .fields import (
    _CSL_DATE_VARS,
    _CSL_NAME_VARS,
    _CSL_VARS,
    _CUSTOM_KEY,
    _EXTRA_FIELDS,
    _KEY_FIELDS,
    _MODELLED,
    _MONTHS,
    _TITLE_FIELDS,
    _VERBATIM_FIELDS,
    DIALECTS,
    _parse_date,
    _year_month_date,
    digest,
    sort_key,
)
from .types import _BIBTEX_TYPES, _PERIODICAL_TYPES, _WEB_TYPES, _babel_name, _csl_type, _type_row

__all__ = ["dumps"]


_MULTI_LETTER_INITIAL = re.compile(r"^[^\W\d_]{2,}\.$")


def _given_text(given: str, dialect: str) -> str:
    """Given names whose initials styles must not cut: ``M. {\\relax Sh}.``, ``{Дж}.``. For
    BibTeX, which counts bytes, a non-ASCII first letter is a special character too
    (``{\\relax Ю}лия``), so a style that abbreviates takes the whole UTF-8 letter."""
    words = []
    for word in given.split(" "):
        parts = []
        for part in re.split(r"(-)", word):
            letters = part[:-1]
            multi = _MULTI_LETTER_INITIAL.match(part) and letters[1:].islower()
            if multi and letters[0].isupper() and (letters.isascii() or dialect == "biblatex"):
                parts.append(f"{{\\relax {letters}}}." if letters.isascii() else f"{{{letters}}}.")
            elif dialect == "bibtex" and part[:1].isalpha() and not part[:1].isascii():
                head = letters if multi else part[0]  # a special character: taken whole
                parts.append(f"{{\\relax {head}}}" + latex.escape(part[len(head) :]))
            else:
                parts.append(latex.escape(part))
        words.append("".join(parts))
    return " ".join(words)


def _name_text(name: Name, dialect: str = "biblatex") -> str:
    """A Name as BibTeX's ``von Last, Jr, First``; organisations as one brace group."""
    if name.literal:
        return "{" + latex.escape(name.literal) + "}"
    particle = " ".join(p for p in (name.dropping_particle, name.particle) if p)
    family = name.family
    if particle and not all(w[:1].islower() for w in particle.split()):
        family, particle = f"{particle} {family}", ""  # BibTeX's "von" must be lower case
    last = latex.escape(family)
    if (
        family[:1].islower()
        or "," in family
        or re.search(r"\band\b", family, re.IGNORECASE)
        or not family
    ):
        last = "{" + last + "}"
    if particle:
        last = f"{latex.escape(particle)} {last}"
    given = _given_text(name.given, dialect)
    if "," in name.given or re.search(r"\band\b", name.given, re.IGNORECASE):
        given = "{" + given + "}"
    parts = [last]
    if name.suffix:
        parts.append(latex.escape(name.suffix))
    if name.given or name.suffix or particle or " " in family or last.startswith("{"):
        parts.append(given or "{}")
    return ", ".join(parts)


def _verbatim(value: str) -> str:
    """A URL or DOI as written (``%``, ``_`` and ``~`` are literal in verbatim fields), with
    braces percent-encoded if they would not balance and so end the field early."""
    return value if latex.is_balanced(value) else value.replace("{", "%7B").replace("}", "%7D")


def _names_text(names: Iterable[Name], dialect: str = "biblatex") -> str:
    return " and ".join(_name_text(n, dialect) for n in names if n != Name())


def _date_fields(date: Date, dialect: str) -> list[tuple[str, str]]:
    """The fields for the publication date in this dialect."""
    if date.year is None:
        return [("year", latex.escape(date.literal))] if date.literal else []
    keeps_literal = bool(date.literal) and _parse_date(date.literal) == date
    if dialect == "biblatex":
        return [("date", date.literal if keeps_literal else str(date))]
    # a year with more to say ("1999--2000", "[2019]") when it reads back as this date
    year_literal = (
        date.literal if date.literal and _year_month_date(date.literal, None, "") == date else ""
    )
    out = [("year", latex.escape(year_literal) if year_literal else str(date.year))]
    if date.month is not None:
        out.append(("month", _MONTHS[date.month - 1]))
    if date.day is not None or (keeps_literal and not year_literal):
        out.append(("date", date.literal if keeps_literal else str(date)))
    return out


def _csl_date_text(value: Any) -> str:
    """A CSL date object (from ``extra``) as an ISO/EDTF field value."""
    if not isinstance(value, Mapping):
        return latex.escape(str(value))
    parts = value.get("date-parts") or []
    if parts and all(isinstance(p, list) and p for p in parts):
        ends = []
        for p in parts[:2]:
            ends.append(
                "-".join(f"{int(x):02d}" if i else f"{int(x):04d}" for i, x in enumerate(p))
            )
        return "/".join(ends)
    return latex.escape(str(value.get("literal") or value.get("raw") or ""))


def _extra_field(var: str, value: Any, dialect: str) -> str:
    if var in _CSL_NAME_VARS and isinstance(value, list):
        return _names_text((Name.from_csl(v) for v in value if isinstance(v, Mapping)), dialect)
    if var in _CSL_DATE_VARS:
        return _csl_date_text(value)
    if isinstance(value, str | int | float):
        return latex.escape(str(value))
    return latex.escape(json.dumps(value, ensure_ascii=False))  # odd CSL-JSON: kept, as JSON


def _entry_type(ref: Reference, dialect: str, kept: Mapping[str, Any]) -> tuple[str, str]:
    """(entry type, entrysubtype) for ``ref``; a kept original type wins when it still fits."""
    original = str(kept.get("entrytype", ""))
    if (
        original
        and _csl_type(original, "")[0] == ref.type
        and (dialect == "biblatex" or original in _BIBTEX_TYPES)
    ):
        return original, ""
    row = _type_row(ref.type)
    entry_type = row.biblatex if dialect == "biblatex" else row.bibtex
    needs_subtype = _csl_type(entry_type, "")[0] != ref.type
    return entry_type, row.subtype if needs_subtype else ""


def _renamed_keys(value: str, renamed: Mapping[str, str]) -> str:
    """``crossref``/``xref``/``related`` keys pointing at records whose key was changed."""
    return ",".join(renamed.get(key.strip(), key.strip()) for key in value.split(","))


def _reference_fields(
    ref: Reference, dialect: str, renamed: Mapping[str, str], casing: Casing, linked: bool
) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and fields for ``ref``; a ``linked`` translation leaves its original
    language to the link (gost prints origlanguage as "trans. from the Russian by")."""
    custom = ref.extra.get("custom")
    kept = custom.get(_CUSTOM_KEY, {}) if isinstance(custom, Mapping) else {}
    entry_type, subtype = _entry_type(ref, dialect, kept)
    biblatex = dialect == "biblatex"
    out: list[tuple[str, str]] = []
    raw_fields = kept.get("fields") or {}

    def add(key: str, value: str) -> None:
        if value:
            out.append((key, value))

    def title(text: str) -> str:
        return latex.protect_case(text, casing.spans(text))

    def name(preferred: str, other: str) -> str:
        """The dialect's field name, or its other-dialect twin when a field kept from the
        input already has that name (both are read back as the same thing)."""
        return other if preferred in raw_fields else preferred

    truncated = kept.get("others") or ()
    people = {"author": ref.authors, "editor": ref.editors, "translator": ref.translators}
    for key, names in people.items():
        add(
            key,
            _names_text(names, dialect) + (" and others" if names and key in truncated else ""),
        )
    add("title", title(ref.title))
    if ref.type in _PERIODICAL_TYPES:
        container = name("journaltitle", "journal") if biblatex else name("journal", "journaltitle")
        add(container, latex.escape(ref.container_title))
    elif ref.type in _WEB_TYPES:  # the site: @online has no booktitle, @misc prints this one
        add("organization" if biblatex else "howpublished", latex.escape(ref.container_title))
    else:
        add("booktitle", title(ref.container_title))
    add("shortjournal", latex.escape(ref.container_title_short))
    add("series", latex.escape(ref.collection_title))
    add("edition", latex.escape(ref.edition))
    volume_field, volume = "volume", ref.volume
    if biblatex and not _integer(volume):  # biblatex's volume is an integer
        volume_field, volume = _volume_field(ref, entry_type)
    if volume_field == "volume":
        add("volume", latex.escape(volume))
    if ref.type in _PERIODICAL_TYPES:
        add("number", latex.escape(ref.issue))
        add("eid", latex.escape(ref.number))
    else:
        add("number", latex.escape(ref.number))
        add("issue", latex.escape(ref.issue))
    if volume_field != "volume":
        add(volume_field, latex.escape(volume))
    add("pages", "--".join(latex.escape(part) for part in ref.pages.split("-")))
    add("pagetotal", latex.escape(ref.number_of_pages))
    if ref.type in ("thesis", "report"):
        publisher = (
            "institution" if biblatex or ref.type == "report" else name("school", "institution")
        )
        add(publisher, latex.escape(ref.publisher))
    else:
        add("publisher", latex.escape(ref.publisher))
    place = name("location", "address") if biblatex else name("address", "location")
    add(place, latex.escape(ref.publisher_place))
    if ref.issued is not None:
        # year/month kept from the input (they contradicted its date): the date goes in `date`
        taken = "year" in raw_fields or ("month" in raw_fields and ref.issued.month is not None)
        date_dialect = "biblatex" if taken else dialect
        out.extend(_date_fields(ref.issued, date_dialect))
    if ref.accessed is not None:
        add(
            "urldate",
            str(ref.accessed) if ref.accessed.year else latex.escape(ref.accessed.literal),
        )
    add("type", latex.escape(ref.genre))
    add("doi", _verbatim(ref.doi))
    add("url", _verbatim(ref.url))
    add("isbn", latex.escape(ref.isbn))
    add("issn", latex.escape(ref.issn))
    add("langid", latex.escape(_babel_name(ref.language)))
    original_language = "" if linked else latex.escape(_babel_name(ref.original_language))
    if biblatex and ref.language and not allowed(entry_type, "origlanguage"):
        add("language", original_language)  # beside langid: the language of the work
    else:
        add("origlanguage", original_language)
    add("origtitle", title(ref.original_title))
    add("note", latex.escape(ref.note))
    add("entrysubtype", subtype)
    for var, value in ref.extra.items():
        if var == "custom" or var not in _CSL_VARS or var in _MODELLED:
            continue
        field = _EXTRA_FIELDS.get(var, var.lower())
        if var == "PMID" and biblatex and isinstance(value, str) and "eprint" not in raw_fields:
            add("eprint", value)  # biblatex's way to cite a PubMed record
            add("eprinttype", "pubmed")
        elif field in _TITLE_FIELDS and isinstance(value, str):
            add(field, title(value))
        else:
            add(field, _extra_field(var, value, dialect))
    if not biblatex and not ref.authors and not ref.editors:
        add("key", latex.escape(sort_key(ref)))  # plainnat, apalike: label and sorting
    if not biblatex:  # fields kept as read stay as they were
        out = [(k, v if k in _VERBATIM_FIELDS else latex.for_pdflatex(v)) for k, v in out]
    written = {key for key, _ in out}
    for key, value in raw_fields.items():
        if key in _KEY_FIELDS:
            value = _renamed_keys(str(value), renamed)
        if key not in written:
            add(key, str(value))
    return entry_type, out


def _integer(value: str) -> bool:
    return not value or (value.isascii() and value.isdigit())


_VOLUME_LABEL = re.compile(r"^(?:vol(?:ume)?|т(?:ом)?)\.?\s*(\d+)$", re.IGNORECASE)


def _volume_field(ref: Reference, entry_type: str) -> tuple[str, str]:
    """Where a volume that is not an integer goes in BibLaTeX, and its value: "Vol. 22" is
    22; a journal's "27–1" is its number when it has none; else the ``part`` or ``number``
    of a book; else ``volume`` all the same (biber will warn)."""
    labelled = _VOLUME_LABEL.match(ref.volume.strip())
    if labelled:
        return "volume", labelled.group(1)
    if ref.type in _PERIODICAL_TYPES:
        return ("number", ref.volume) if not ref.issue else ("volume", ref.volume)
    for field in ("part", "number"):
        taken = ref.number if field == "number" else ref.extra.get("part-number")
        if allowed(entry_type, field) and not taken:
            return field, ref.volume
    return "volume", ref.volume


class _Raw(str):
    """A field value exactly as read, with its own braces or quotes."""


def _as_read(
    ref: Reference, dialect: str, renamed: Mapping[str, str]
) -> tuple[str, list[tuple[str, str]]] | None:
    """The entry as it was read, if ``ref`` is unchanged since and ``dialect`` is the one it
    was read as; else None (the record is written from its fields)."""
    custom = ref.extra.get("custom")
    kept = custom.get(_CUSTOM_KEY, {}) if isinstance(custom, Mapping) else {}
    source = kept.get("source")
    if not isinstance(source, Mapping) or source.get("dialect") != dialect:
        return None
    if source.get("digest") != digest(ref):
        return None
    fields: list[tuple[str, str]] = []
    for key, value in source.get("fields", ()):
        if key.lower() in _KEY_FIELDS:
            delimiters = (value[0], value[-1]) if value[:1] in '{"' else ("", "")
            inner = value[1:-1] if delimiters[0] else value
            value = delimiters[0] + _renamed_keys(inner, renamed) + delimiters[1]
        fields.append((key, _Raw(value)))
    return str(source.get("entrytype", "misc")), fields


def _link(
    fields: list[tuple[str, str]], target_key: str, relation: str, where: str
) -> list[tuple[str, str]]:
    """Add ``related``/``relatedtype``; a record may link several keys by one relation
    (an original with an English and a Kazakh version), never by two relations."""
    current = {k: v[1:-1] if isinstance(v, _Raw) and v[:1] in '{"' else v for k, v in fields}
    if current.get("relatedtype", relation) != relation:
        raise ConflictError(
            f"{where} already has related = {current.get('related')!r} "
            f"({current.get('relatedtype')}); not adding {target_key!r} ({relation})"
        )
    keys = [k.strip() for k in current.get("related", "").split(",") if k.strip()]
    keys += [] if target_key in keys else [target_key]
    fields = [(k, v) for k, v in fields if k not in ("related", "relatedtype")]
    return [*fields, ("related", ",".join(keys)), ("relatedtype", relation)]


def dumps(
    refs: Sequence[Reference],
    dialect: str = "biblatex",
    *,
    translation_of: Mapping[int, int] | None = None,
) -> str:
    """Records as BibLaTeX (default) or BibTeX, UTF-8, one entry each, keys made unique.

    ``translation_of`` maps the index of a translated record to the index of its original;
    both ends get ``related``/``relatedtype`` links, and in BibLaTeX the translation is
    ``skipbib``: the original is printed once, with the translation noted in it.

    A record read from BibTeX and not changed since is written as it was read (the same
    field names and values, byte for byte), when the dialect is the one it was read as.
    """
    if dialect not in DIALECTS:
        raise FormatError(f"unknown BibTeX dialect {dialect!r}; use one of {DIALECTS}")
    keys = assign_keys(refs)
    id_counts = Counter(ref.id for ref in refs)
    renamed = {ref.id: key for ref, key in zip(refs, keys, strict=True) if id_counts[ref.id] == 1}
    casing = Casing(ref.title for ref in refs)
    entries = [
        _as_read(ref, dialect, renamed)
        or _reference_fields(ref, dialect, renamed, casing, i in (translation_of or {}))
        for i, ref in enumerate(refs)
    ]
    for translated, original in (translation_of or {}).items():
        for index in (translated, original):
            if not 0 <= index < len(refs):
                raise FormatError(f"translation_of names record {index}; there are {len(refs)}")
        if translated == original:
            raise FormatError(f"translation_of says record {translated} translates itself")
        languages = refs[translated].language, refs[original].language
        if languages[0] and languages[0] == languages[1]:
            raise FormatError(
                f"records {translated} and {original} are both in {languages[0]!r}: one work "
                "cited the same way in two lists is not a translation"
            )
        t_type, t_fields = entries[translated]
        t_fields = _link(t_fields, keys[original], "translationof", keys[translated])
        if dialect == "biblatex" and "options" not in dict(t_fields):
            t_fields.append(("options", "skipbib"))
        entries[translated] = (t_type, t_fields)
        o_type, o_fields = entries[original]
        entries[original] = (
            o_type,
            _link(o_fields, keys[translated], "translationas", keys[original]),
        )

    library = Library()
    for key, (entry_type, fields) in zip(keys, entries, strict=True):
        entry_fields = []
        for name, value in fields:
            field = Field(name, value)
            if (name == "month" and value in _MONTHS) or isinstance(value, _Raw):
                field.enclosing = "no-enclosing"  # month = dec; a value as read, delimited
            entry_fields.append(field)
        library.add(Entry(entry_type, key, entry_fields))
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.trailing_comma = True
    fmt.block_separator = "\n"
    stack = [
        AddEnclosingMiddleware(
            reuse_previous_enclosing=False,
            default_enclosing="{",
            enclose_integers=True,
            allow_inplace_modification=True,
        )
    ]
    text = bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=fmt)
    return text + "\n" if text else ""
