"""DOI syntax: find DOIs in text, repair the damage copying does to them, and compare them.

A DOI is ``10.<registrant>/<suffix>``; the suffix may hold almost anything, which is why
DOIs break so often when they pass through Word, PDF, LaTeX, HTML and URLs. The repairs
here are small composable steps (:data:`REPAIR_STEPS`, applied in order); each one that
changes something says so, so a caller can tell an editor exactly what was fixed.

Validity follows Crossref's patterns: the modern ``/^10.\\d{4,9}/[-._;()/:A-Z0-9]+$/i``
(which covers almost all DOIs ever registered) plus the older forms it lists: Wiley's
``10.1002/…``, SICI DOIs with ``<>``, ``[]`` and ``;``, the ACS ``10.1021/…`` and Lawrence
Erlbaum ``10.1207/…`` forms. Anything else starting with ``10.NNNN/`` and free of spaces is
accepted with shape ``"other"``. DOIs compare case-insensitively (:func:`doi_key`).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable

import attrs

from ..errors import DoiError
from ..text.identifiers import doi_spans, find_urls, strip_trailing
from ..text.script import has_cyrillic

__all__ = [
    "REPAIR_STEPS",
    "DoiMatch",
    "DoiRepair",
    "doi_key",
    "find_dois",
    "find_urls",
    "is_valid_doi",
    "normalize_doi",
    "repair_doi",
    "same_doi",
]

# Crossref's published patterns, in the order Crossref gives them.
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("modern", re.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)),
    ("legacy-wiley", re.compile(r"^10\.1002/[^\s]+$", re.IGNORECASE)),
    ("sici", re.compile(r"^10\.\d{4}/\d+-\d+X?(\d+)\d+<[\d\w]+:[\d\w]*>\d+\.\d+\.\w+;\d$", re.I)),
    ("acs", re.compile(r"^10\.1021/\w\w\d+$", re.IGNORECASE)),
    ("lea", re.compile(r"^10\.1207/[\w\d]+&\d+_\d+$", re.IGNORECASE)),
)
_GENERIC = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/[^\s\x00-\x1f\x7f]+$")
_PREFIX_ONLY = re.compile(r"^10\.\d+(?:\.\d+)*/?$")

# Resolver prefixes and labels people put in front of a DOI.
_RESOLVER = re.compile(
    r"^(?:(?:https?:)?/{0,2}(?:www\.)?(?:dx\.)?(?:doi\.org|hdl\.handle\.net|doi\.acm\.org)/"
    r"|doi\.org/|info:doi/|urn:doi:|doi\s*[:=]?\s*(?=10\.)|doi\s*:\s*)",
    re.IGNORECASE,
)
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_LATEX = (
    (re.compile(r"\\textunderscore\s*(?:\{\})?"), "_"),
    (re.compile(r"\\textless\s*(?:\{\})?|\$<\$|\$\\lt\$"), "<"),
    (re.compile(r"\\textgreater\s*(?:\{\})?|\$>\$|\$\\gt\$"), ">"),
    (re.compile(r"\\([_%&#$/])"), r"\1"),
    (re.compile(r"\{\\?([_<>%&#])\}"), r"\1"),
)
# Cyrillic letters that look like Latin ones: a Russian keyboard layout leaves them in DOIs.
_HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХаеорсухіІЅѕЈј", "ABCEHKMOPTXaeopcyxiISsJj")
_OPENERS = "<([{\"'«“‘ "


@attrs.frozen
class DoiRepair:
    """What became of one DOI as written: the DOI, each repair made, and whether it is valid.

    ``notes`` are normal-form changes nobody needs to fix (one resolver prefix, a ``doi:``
    label); ``repairs`` are fixes of real damage. ``problem`` says why an invalid one is invalid.
    """

    input: str
    doi: str
    repairs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    valid: bool = False
    shape: str = ""
    problem: str = ""

    @property
    def repaired(self) -> bool:
        return bool(self.repairs)


@attrs.frozen
class DoiMatch:
    """A DOI found in a text: where (``start``/``end`` of ``raw`` in the text) and how repaired."""

    doi: str
    raw: str
    start: int
    end: int
    repairs: tuple[str, ...] = ()
    shape: str = ""


_Step = Callable[[str, list[str], list[str]], str]


def _unescape_html(text: str, repairs: list[str], _notes: list[str]) -> str:
    if _ENTITY.search(text):
        text = html.unescape(text)
        repairs.append("decoded HTML entities")
    return text


def _unescape_latex(text: str, repairs: list[str], _notes: list[str]) -> str:
    before = text
    for pattern, replacement in _LATEX:
        text = pattern.sub(replacement, text)
    if text != before:
        repairs.append("removed LaTeX/Markdown escapes")
    return text


def _invisible(text: str, repairs: list[str], _notes: list[str]) -> str:
    cleaned = _INVISIBLE.sub("", text)
    if cleaned != text:
        repairs.append("removed soft hyphens / zero-width characters")
    return cleaned


def _dashes(text: str, repairs: list[str], _notes: list[str]) -> str:
    cleaned = _DASHES.sub("-", text)
    if cleaned != text:
        repairs.append("replaced Unicode dashes with '-'")
    return cleaned


def _strip(text: str, _repairs: list[str], _notes: list[str]) -> str:
    return text.replace("\u00a0", " ").strip()


def _whitespace(text: str, repairs: list[str], _notes: list[str]) -> str:
    if _SPACES.search(text):
        repairs.append(
            "joined a DOI split across a line break" if "\n" in text else "removed white space"
        )
        text = _SPACES.sub("", text)
    return text


def _resolver_prefixes(text: str, repairs: list[str], notes: list[str]) -> str:
    removed: list[str] = []
    while True:
        match = _RESOLVER.match(text)
        if not match or not match.group(0):
            break
        removed.append(match.group(0).strip())
        text = text[match.end() :].lstrip()
    if removed:
        notes.append(f"removed resolver prefix {removed[0]!r}")
        for extra in removed[1:]:
            repairs.append(f"removed doubled resolver prefix {extra!r}")
    return text


def _percent(text: str, repairs: list[str], _notes: list[str]) -> str:
    if not _PERCENT.search(text):
        return text
    decoded = text
    for _ in range(3):  # %252F is "%2F" encoded twice
        unquoted = urllib.parse.unquote(decoded)
        if unquoted == decoded:
            break
        decoded = unquoted
    if decoded != text:
        repairs.append("decoded percent escapes")
    return decoded


def _trailing(text: str, repairs: list[str], _notes: list[str]) -> str:
    kept = strip_trailing(text)
    if kept != text:
        repairs.append(f"removed trailing {text[len(kept) :]!r}")
    return kept


def _leading(text: str, repairs: list[str], _notes: list[str]) -> str:
    stripped = text.lstrip(_OPENERS)
    if stripped != text:
        repairs.append(f"removed leading {text[: len(text) - len(stripped)]!r}")
    return stripped


def _homoglyphs(text: str, repairs: list[str], _notes: list[str]) -> str:
    if has_cyrillic(text):
        latin = text.translate(_HOMOGLYPHS)
        if latin != text and not has_cyrillic(latin):
            repairs.append("replaced Cyrillic look-alike letters with Latin ones")
            return latin
    return text


#: The default repair stack, in order. Each step is ``step(text, repairs, notes) -> text``.
REPAIR_STEPS: tuple[_Step, ...] = (
    _unescape_html,
    _invisible,
    _strip,
    _leading,
    _resolver_prefixes,
    _whitespace,
    _percent,
    _resolver_prefixes,  # a percent-encoded URL may hide a second prefix
    _unescape_latex,
    _dashes,
    _trailing,
    _homoglyphs,
)


def _shape(doi: str) -> str:
    for name, pattern in _SHAPES:
        if pattern.match(doi):
            return name
    if _GENERIC.match(doi):
        return "other"
    return ""


def repair_doi(text: str, steps: tuple[_Step, ...] = REPAIR_STEPS) -> DoiRepair:
    """Repair one DOI as written (a DOI, a ``doi:`` label or a resolver URL) and validate it."""
    repairs: list[str] = []
    notes: list[str] = []
    doi = text
    for step in steps:
        doi = step(doi, repairs, notes)
    shape = _shape(doi)
    problem = ""
    if not shape:
        if not doi:
            problem = "empty"
        elif not doi.startswith("10."):
            problem = "does not start with the DOI directory indicator '10.'"
        elif _PREFIX_ONLY.match(doi):
            problem = "has a prefix but no suffix"
        elif not re.match(r"^10\.\d{4,9}(?:\.\d+)*/", doi):
            problem = "the registrant code after '10.' must be 4 to 9 digits"
        else:
            problem = "contains white space or control characters"
    # Dedupe while keeping order: percent decoding and prefixes can be reported twice.
    return DoiRepair(
        input=text,
        doi=doi,
        repairs=tuple(dict.fromkeys(repairs)),
        notes=tuple(dict.fromkeys(notes)),
        valid=bool(shape),
        shape=shape,
        problem=problem,
    )


def normalize_doi(text: str) -> str:
    """The DOI in ``text`` in normal form (case kept); raises :class:`DoiError` if malformed."""
    result = repair_doi(text)
    if not result.valid:
        raise DoiError(f"malformed DOI {text!r}: {result.problem}", doi=text)
    return result.doi


def is_valid_doi(text: str) -> bool:
    """True when ``text`` is a bare DOI that needs no repair."""
    return bool(_shape(text))


def doi_key(doi: str) -> str:
    """The comparison key of a DOI: DOIs are case-insensitive (ASCII case only)."""
    return doi.strip().translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def same_doi(a: str, b: str) -> bool:
    """Whether two DOIs (in any written form) name the same thing."""
    ra, rb = repair_doi(a), repair_doi(b)
    return ra.valid and rb.valid and doi_key(ra.doi) == doi_key(rb.doi)


# -- finding DOIs in running text -----------------------------------------------------------


def find_dois(text: str) -> list[DoiMatch]:
    """Every DOI in ``text``, in order, repaired; ``raw`` is the span exactly as written.

    The spans are :func:`refbridge.text.identifiers.doi_spans` (from a resolver prefix or
    ``doi:`` label to the next white space, across a line break after "-", "/" or "."); those
    that repair to a valid DOI are kept.
    """
    found: list[DoiMatch] = []
    for start, end in doi_spans(text):
        raw = text[start:end]
        result = repair_doi(raw)
        if result.valid:
            found.append(
                DoiMatch(
                    doi=result.doi,
                    raw=raw,
                    start=start,
                    end=end,
                    repairs=result.repairs,
                    shape=result.shape,
                )
            )
    return found
