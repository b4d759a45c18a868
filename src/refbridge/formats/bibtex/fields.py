"""Field tables shared by the reader and the writer: CSL variables outside the model and
the BibLaTeX fields they become, verbatim and title fields, and the date forms."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import attrs

from ...model import Date, Reference
from .types import _WEB_TYPES

DIALECTS = ("biblatex", "bibtex")
_CUSTOM_KEY = "bibtex"  # Reference.extra["custom"]["bibtex"] = {"entrytype": …, "fields": {…}}

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


def sort_key(ref: Reference) -> str:
    """What BibTeX styles sort and label an entry with no author or editor by (``key``):
    the site of a web page, else the title's first three words."""
    words = (ref.container_title if ref.type in _WEB_TYPES else "") or ref.title
    return " ".join(words.split()[:3])


def without_source(ref: Reference) -> Reference:
    """``ref`` without its entry as read: what the record says, for comparing records."""
    custom = ref.extra.get("custom")
    if not isinstance(custom, dict):
        return ref
    kept = custom.get(_CUSTOM_KEY)
    if not isinstance(kept, dict) or "source" not in kept:
        return ref
    kept = {k: v for k, v in kept.items() if k != "source"}
    custom = {k: v for k, v in custom.items() if k != _CUSTOM_KEY} | (
        {_CUSTOM_KEY: kept} if kept else {}
    )
    extra = {k: v for k, v in ref.extra.items() if k != "custom"} | (
        {"custom": custom} if custom else {}
    )
    return attrs.evolve(ref, extra=extra)


def digest(ref: Reference) -> str:
    """A fingerprint of what ``ref`` says, its key and kept source aside: the same digest
    at writing as at reading means the record was not changed in between."""
    data = without_source(ref).to_csl()
    data.pop("id", None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
