"""BibTeX and BibLaTeX, read and written through bibtexparser 2.

Reading: bibtexparser splits the file into blocks; our parse stack resolves ``@string``
macros (also ``#`` concatenations, which bibtexparser leaves alone), strips enclosing braces,
normalises field-name case, turns months into numbers and splits name lists. We then decode
LaTeX (``{\\"o}`` -> ``ö``, ``\\&`` -> ``&``, ``--`` -> ``–``) in the fields we interpret,
never in verbatim fields (``url``, ``doi``: ``%`` and ``_`` are literal there), resolve
``crossref``/``xref`` inheritance, and map the entry to a :class:`~refbridge.model.Reference`.
A block bibtexparser cannot parse becomes a :class:`~refbridge.model.Failure` with its
1-based line; the blocks around it are read.

Writing: UTF-8 stays UTF-8 — Cyrillic is never turned into ``{\\CYRI}``-style escapes; only
the characters LaTeX gives a meaning to (``& % $ # _ { } ~ ^ \\``, the ``--`` and quote
ligatures) are escaped, so decoding what we write gives back exactly what we had.
``dialect="biblatex"`` (default) writes ``date``, ``journaltitle``, ``location``, ``langid``,
``@online``…; ``dialect="bibtex"`` writes ``year``/``month``, ``journal``, ``address``,
``@misc`` with ``howpublished`` for web pages, and keeps ``langid`` (ignored by BibTeX).

Nothing is lost on the way through CSL-JSON: fields with no CSL variable (``file``,
``owner``, ``crossref``, ``related``…) and the original entry type, when CSL cannot say it,
travel in ``Reference.extra["custom"]["bibtex"]`` and are written back as they were read.

Translations: ``dumps(refs, translation_of={i: j})`` says ``refs[i]`` is a translation of
``refs[j]`` (e.g. an English "References" entry of a Russian original) and writes the
BibLaTeX link ``related = {<key of j>}, relatedtype = {translationof}`` on ``i``, the
reverse ``translationas`` link on ``j``, and ``origlanguage`` on ``i``.
:func:`translation_links` reads such links back.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    AddEnclosingMiddleware,
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
from bibtexparser.writer import BibtexFormat

from ..errors import ConflictError, FormatError, Location
from ..model import CSL_TYPES, Date, Failure, Name, Reference
from . import REGISTRY, Format, LoadResult, latex
from .citekeys import assign_keys

__all__ = ["DIALECTS", "dumps", "loads", "translation_links"]

DIALECTS = ("biblatex", "bibtex")
# bibtexparser logs every block it cannot parse (Python's last-resort handler prints it on
# stderr); loads() reports the same blocks as located Failures, so the log stays quiet
# unless an application configures logging itself.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
_CUSTOM_KEY = "bibtex"  # Reference.extra["custom"]["bibtex"] = {"entrytype": …, "fields": {…}}

# --------------------------------------------------------------------------------------------
# Entry types


@attrs.frozen
class _Type:
    csl: str
    biblatex: str
    bibtex: str
    subtype: str = ""  # ``entrysubtype``, written when the entry type alone does not say it


_TYPES = (
    _Type("article-journal", "article", "article"),
    _Type("article-magazine", "article", "article", "magazine"),
    _Type("article-newspaper", "article", "article", "newspaper"),
    _Type("book", "book", "book"),
    _Type("chapter", "incollection", "incollection"),
    _Type("paper-conference", "inproceedings", "inproceedings"),
    _Type("thesis", "thesis", "phdthesis"),
    _Type("report", "report", "techreport"),
    _Type("webpage", "online", "misc", "webpage"),
    _Type("post-weblog", "online", "misc", "post-weblog"),
    _Type("manuscript", "unpublished", "unpublished"),
    _Type("pamphlet", "booklet", "booklet"),
    _Type("entry-encyclopedia", "inreference", "incollection", "encyclopedia"),
    _Type("entry-dictionary", "inreference", "incollection", "dictionary"),
    _Type("dataset", "dataset", "misc", "dataset"),
    _Type("software", "software", "misc", "software"),
    _Type("patent", "patent", "misc", "patent"),
    _Type("standard", "standard", "misc", "standard"),
    _Type("legislation", "legislation", "misc", "legislation"),
    _Type("periodical", "periodical", "misc", "periodical"),
    _Type("review", "review", "article", "review"),
    _Type("document", "misc", "misc"),
)
_BY_CSL = {t.csl: t for t in _TYPES}
_FROM_ENTRY: dict[tuple[str, str], str] = {}
for _t in _TYPES:
    _FROM_ENTRY.setdefault((_t.biblatex, _t.subtype), _t.csl)
    _FROM_ENTRY.setdefault((_t.bibtex, _t.subtype), _t.csl)
    _FROM_ENTRY.setdefault((_t.biblatex, ""), _t.csl)  # @online alone is a web page
# Other entry types we read; the original name is kept for writing back.
_ALIASES = {
    "conference": "paper-conference",
    "mastersthesis": "thesis",
    "techreport": "report",
    "electronic": "webpage",
    "www": "webpage",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "collection": "book",
    "mvbook": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "manual": "book",
    "jurisdiction": "legal_case",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "video": "motion_picture",
    "audio": "song",
    "music": "song",
    "image": "graphic",
    "artwork": "graphic",
    "performance": "performance",
}
_BIBTEX_TYPES = frozenset(
    """article book booklet conference inbook incollection inproceedings manual mastersthesis
    misc phdthesis proceedings techreport unpublished""".split()
)
_PERIODICAL_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "periodical", "review"}
)
_WEB_TYPES = frozenset({"webpage", "post-weblog"})
_IN_BOOK_TYPES = frozenset(
    {"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"}
)


def _type_row(csl_type: str) -> _Type:
    """How a CSL type is written; types BibLaTeX has no entry type for are @misc + subtype."""
    return _BY_CSL.get(csl_type) or _Type(csl_type, "misc", "misc", csl_type)


def _csl_type(entry_type: str, subtype: str) -> tuple[str, bool]:
    """CSL type for an entry type (+ entrysubtype); the flag says the subtype was used."""
    if (entry_type, subtype) in _FROM_ENTRY and subtype:
        return _FROM_ENTRY[entry_type, subtype], True
    if entry_type == "misc" and subtype in CSL_TYPES and subtype != "document":
        return subtype, True  # how we write CSL types BibLaTeX has no entry type for
    if (entry_type, "") in _FROM_ENTRY:
        return _FROM_ENTRY[entry_type, ""], False
    return _ALIASES.get(entry_type, "document"), False


# --------------------------------------------------------------------------------------------
# Languages: Reference.language is a BCP 47 code, langid/origlanguage are babel names.

_BABEL = {
    "ru": "russian",
    "en": "english",
    "en-US": "american",
    "en-GB": "british",
    "kk": "kazakh",
    "uk": "ukrainian",
    "be": "belarusian",
    "ky": "kyrgyz",
    "uz": "uzbek",
    "az": "azerbaijani",
    "hy": "armenian",
    "ka": "georgian",
    "tt": "tatar",
    "de": "ngerman",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "pl": "polish",
    "cs": "czech",
    "sk": "slovak",
    "bg": "bulgarian",
    "sr": "serbian",
    "hr": "croatian",
    "sl": "slovenian",
    "ro": "romanian",
    "hu": "magyar",
    "fi": "finnish",
    "et": "estonian",
    "lv": "latvian",
    "lt": "lithuanian",
    "sv": "swedish",
    "da": "danish",
    "nb": "norsk",
    "nl": "dutch",
    "el": "greek",
    "tr": "turkish",
    "he": "hebrew",
    "ar": "arabic",
    "zh": "chinese",
    "ja": "japanese",
    "ko": "korean",
}
_FROM_BABEL = {v: k for k, v in _BABEL.items()} | {
    "german": "de",
    "usenglish": "en-US",
    "ukenglish": "en-GB",
    "hungarian": "hu",
    "norwegian": "nb",
    "portuges": "pt",
    "русский": "ru",
    "английский": "en",
}


def _babel_name(code: str) -> str:
    return _BABEL.get(code, code)


def _language_code(name: str) -> str:
    return _FROM_BABEL.get(name.strip().lower(), name.strip())


# --------------------------------------------------------------------------------------------
# CSL variables outside the model, and the BibLaTeX fields they become

_CSL_NAME_VARS = frozenset(
    """author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director editor-translator executive-producer guest host
    illustrator interviewer narrator organizer original-author performer producer recipient
    reviewed-author script-writer series-creator translator""".split()
)
_CSL_DATE_VARS = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)
_CSL_OTHER_VARS = frozenset(
    """chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page page-first part-number
    printing-number section supplement-number version volume abstract annote archive
    archive_collection archive_location archive-place authority call-number citation-key
    citation-label collection-title container-title container-title-short dimensions division
    DOI event event-title event-place genre ISBN ISSN jurisdiction keyword language license
    medium note original-publisher original-publisher-place original-title part-title PMCID
    PMID publisher publisher-place references reviewed-genre reviewed-title scale source
    status title title-short URL volume-title year-suffix""".split()
)
_CSL_VARS = _CSL_NAME_VARS | _CSL_DATE_VARS | _CSL_OTHER_VARS
_MODELLED = frozenset(
    """author editor translator issued accessed title original-title container-title
    container-title-short collection-title publisher publisher-place volume issue page
    number-of-pages edition number genre DOI URL ISBN ISSN language note""".split()
)
# CSL variable -> BibLaTeX field, for the CSL variables kept in Reference.extra.
_EXTRA_FIELDS = {
    "abstract": "abstract",
    "annote": "annotation",
    "keyword": "keywords",
    "title-short": "shorttitle",
    "event-title": "eventtitle",
    "event-place": "venue",
    "event-date": "eventdate",
    "original-date": "origdate",
    "original-publisher": "origpublisher",
    "original-publisher-place": "origlocation",
    "number-of-volumes": "volumes",
    "chapter-number": "chapter",
    "version": "version",
    "status": "pubstate",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "container-author": "bookauthor",
    "part-number": "part",
}
_FIELD_TO_EXTRA = {v: k for k, v in _EXTRA_FIELDS.items()}
# Other CSL variables are written under their own (lower-cased) name and read back by it.
_FIELD_TO_CSL_VAR = {v.lower(): v for v in _CSL_VARS - _MODELLED}

_NAME_FIELDS = (
    "author",
    "editor",
    "translator",
    "bookauthor",
    *sorted(v.lower() for v in _CSL_NAME_VARS - _MODELLED if v not in _EXTRA_FIELDS),
)
_VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb"})
_TITLE_FIELDS = frozenset({"title", "booktitle", "shorttitle", "origtitle", "eventtitle"})
# Fields biblatex never inherits through crossref (biblatex manual, appendix B).
_NOT_INHERITED = frozenset(
    """ids crossref xref entryset entrysubtype execute label options presort related
    relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey""".split()
)
_ENTRY_TYPE = re.compile(r"^[A-Za-z][\w-]*$")
_KEY_FIELDS = frozenset({"crossref", "xref", "related"})  # fields whose values are entry keys
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# --------------------------------------------------------------------------------------------
# Reading


class _ResolveStrings(LibraryMiddleware):
    """Resolve ``@string`` macros, including ``#`` concatenations of quoted, braced and
    macro parts (bibtexparser's own middleware only replaces a value that is a lone macro).
    Unknown macros are left as written (``month = jan`` is for the month middleware)."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        self.macros: dict[str, str] = {}

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

    @classmethod
    def _resolve(cls, value: Any, macros: Mapping[str, str]) -> Any:
        if not isinstance(value, str):
            return value
        stripped = value.strip()
        parts = cls._parts(stripped)
        if parts is None:
            return macros.get(stripped.lower(), value) if stripped.isalnum() else value
        pieces = []
        for part in parts:
            if part[:1] in ('"', "{") and part[-1:] in ('"', "}"):
                pieces.append(part[1:-1])
            elif part.lower() in macros:
                pieces.append(macros[part.lower()][1:-1])
            else:
                pieces.append(part)
        return "{" + "".join(pieces) + "}"

    def transform(self, library: Library) -> Library:
        self.macros = {}
        for string in library.strings:  # in file order: a macro may use earlier ones
            resolved = self._resolve(string.value, self.macros)
            if not (isinstance(resolved, str) and resolved[:1] in ('"', "{")):
                resolved = "{" + str(resolved) + "}"
            self.macros[string.key.lower()] = resolved
        for entry in library.entries:
            self.resolve_entry(entry)
        return library

    def resolve_entry(self, entry: Entry) -> None:
        for field in entry.fields:
            field.value = self._resolve(field.value, self.macros)


def _parse(text: str) -> tuple[Library, list[Entry | None]]:
    """bibtexparser's split plus our stack; entries with repeated fields (which bibtexparser
    sets aside untransformed) are put through the same stack, last value winning."""
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
    return library, rescued


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_EDTF = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:/(?:\d{4}(?:-\d{2}(?:-\d{2})?)?)?)?$")


def _parse_date(text: str) -> Date | None:
    """An ISO/EDTF date (``2019-12-06``, ``2019-12``, ``2019/2020``) or a literal one."""
    text = text.strip()
    if not text:
        return None
    match = _ISO_DATE.match(text) or _EDTF.match(text)
    if match:
        try:
            date = Date(*(int(g) if g else None for g in match.groups()[:3]))
        except ValueError:
            return Date(literal=text)
        return date if _ISO_DATE.match(text) else attrs.evolve(date, literal=text)
    return Date(literal=text)


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


def _year_month_date(year: str, month: Any, day: str) -> Date | None:
    year = year.strip()
    month_number = month if isinstance(month, int) else None
    if year.isdigit() and len(year) <= 4:
        try:
            return Date(int(year), month_number, int(day) if day.strip().isdigit() else None)
        except ValueError:
            return Date(int(year))
    if not year:
        return None
    leading = re.match(r"^\s*\(?\[?(\d{4})", year)
    return Date(int(leading.group(1)), literal=year) if leading else Date(literal=year)


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
        kwargs["container_title"] = fields.take("organization", "journaltitle", "booktitle")
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
    kwargs["original_language"] = _language_code(fields.take("origlanguage"))
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


def loads(text: str, source: str = "<input>") -> LoadResult:
    """Read BibTeX/BibLaTeX text into records; bad blocks are failures with their line."""
    library, rescued = _parse(text.lstrip("\ufeff"))
    result = LoadResult()
    entries: list[tuple[Entry, int]] = []  # (entry, index among entries)
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
        if not _ENTRY_TYPE.match(entry.entry_type):
            error = f"not an entry: {entry.entry_type!r} is not an entry type"
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
    return result


# --------------------------------------------------------------------------------------------
# Writing


def _name_text(name: Name) -> str:
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
    given = latex.escape(name.given)
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


def _names_text(names: Iterable[Name]) -> str:
    return " and ".join(_name_text(n) for n in names if n != Name())


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


def _extra_field(var: str, value: Any) -> str:
    if var in _CSL_NAME_VARS and isinstance(value, list):
        return _names_text(Name.from_csl(v) for v in value if isinstance(v, Mapping))
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
    ref: Reference, dialect: str, renamed: Mapping[str, str]
) -> tuple[str, list[tuple[str, str]]]:
    custom = ref.extra.get("custom")
    kept = custom.get(_CUSTOM_KEY, {}) if isinstance(custom, Mapping) else {}
    entry_type, subtype = _entry_type(ref, dialect, kept)
    biblatex = dialect == "biblatex"
    out: list[tuple[str, str]] = []
    raw_fields = kept.get("fields") or {}

    def add(key: str, value: str) -> None:
        if value:
            out.append((key, value))

    def name(preferred: str, other: str) -> str:
        """The dialect's field name, or its other-dialect twin when a field kept from the
        input already has that name (both are read back as the same thing)."""
        return other if preferred in raw_fields else preferred

    truncated = kept.get("others") or ()
    people = {"author": ref.authors, "editor": ref.editors, "translator": ref.translators}
    for key, names in people.items():
        add(key, _names_text(names) + (" and others" if names and key in truncated else ""))
    add("title", latex.protect_case(ref.title))
    if ref.type in _PERIODICAL_TYPES:
        container = name("journaltitle", "journal") if biblatex else name("journal", "journaltitle")
        add(container, latex.escape(ref.container_title))
    elif ref.type in _WEB_TYPES:  # @online has no booktitle; biblatex styles print this one
        add("organization", latex.escape(ref.container_title))
    else:
        add("booktitle", latex.protect_case(ref.container_title))
    add("shortjournal", latex.escape(ref.container_title_short))
    add("series", latex.escape(ref.collection_title))
    add("edition", latex.escape(ref.edition))
    add("volume", latex.escape(ref.volume))
    if ref.type in _PERIODICAL_TYPES:
        add("number", latex.escape(ref.issue))
        add("eid", latex.escape(ref.number))
    else:
        add("number", latex.escape(ref.number))
        add("issue", latex.escape(ref.issue))
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
    if not biblatex and ref.type in _WEB_TYPES and ref.url:
        add("howpublished", f"\\url{{{_verbatim(ref.url)}}}")
    add("isbn", latex.escape(ref.isbn))
    add("issn", latex.escape(ref.issn))
    add("langid", latex.escape(_babel_name(ref.language)))
    add("origlanguage", latex.escape(_babel_name(ref.original_language)))
    add("origtitle", latex.protect_case(ref.original_title))
    add("note", latex.escape(ref.note))
    add("entrysubtype", subtype)
    for var, value in ref.extra.items():
        if var == "custom" or var not in _CSL_VARS or var in _MODELLED:
            continue
        field = _EXTRA_FIELDS.get(var, var.lower())
        if field in _TITLE_FIELDS and isinstance(value, str):
            add(field, latex.protect_case(value))
        else:
            add(field, _extra_field(var, value))
    written = {key for key, _ in out}
    for key, value in raw_fields.items():
        if key in _KEY_FIELDS:
            value = _renamed_keys(str(value), renamed)
        if key not in written:
            add(key, str(value))
    return entry_type, out


def _link(
    fields: list[tuple[str, str]], target_key: str, relation: str, where: str
) -> list[tuple[str, str]]:
    """Add ``related``/``relatedtype``; a record may link several keys by one relation
    (an original with an English and a Kazakh version), never by two relations."""
    current = dict(fields)
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
    both ends get ``related``/``relatedtype`` links (see the module docstring).
    """
    if dialect not in DIALECTS:
        raise FormatError(f"unknown BibTeX dialect {dialect!r}; use one of {DIALECTS}")
    keys = assign_keys(refs)
    id_counts = Counter(ref.id for ref in refs)
    renamed = {ref.id: key for ref, key in zip(refs, keys, strict=True) if id_counts[ref.id] == 1}
    entries = [_reference_fields(ref, dialect, renamed) for ref in refs]
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
        origin = refs[original].language
        if origin and not refs[translated].original_language:
            t_fields.append(("origlanguage", latex.escape(_babel_name(origin))))
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
            if name == "month" and value in _MONTHS:
                field.enclosing = "no-enclosing"  # the BibTeX month macro: month = dec
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


def _sniff(head: bytes) -> bool:
    return re.search(rb"^\s*@[A-Za-z]+\s*[{(]", head, re.MULTILINE) is not None


REGISTRY.register(
    "biblatex",
    Format("biblatex", loads, dumps, {"dialect": "biblatex"}),
    suffixes=(".bib", ".biblatex"),
    sniff=_sniff,
)
REGISTRY.register(
    "bibtex", Format("bibtex", loads, dumps, {"dialect": "bibtex"}), suffixes=(".bibtex",)
)
