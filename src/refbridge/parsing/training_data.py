"""Labelled reference strings for training and measuring the CRF labeller.

The shared data carries two label schemes: AnyStyle's (``journal``, ``container-title``,
``volume`` that often also holds the issue and pages) and GROBID's (``title@level=a|j|m|s``,
``biblScope@unit=volume|issue|page``, ``idno@type=DOI``, ``pubPlace`` …). :func:`map_label`
puts both onto :data:`~refbridge.parsing.labels.LABELS`, and :func:`normalize_spans` makes the
span conventions agree with the hand-labelled Russian data (``ru_gost.dev.jsonl``):

* separators around a field are not part of it: surrounding space, commas, colons, brackets,
  quotes and a final dot are trimmed — except the dot of an abbreviation (``А.П.``, ``М.``,
  ``et al.``), which stays;
* a locator keeps its marker: GROBID's ``123-127`` after ``pp.`` becomes ``pp. 123-127`` like
  AnyStyle's and GOST's ``С. 45–50``;
* a ``doi.org`` link labelled ``url`` is a ``doi``;
* AnyStyle's ``volume`` span is split where it plainly holds an issue and pages
  (``3(1):1–122`` → volume ``3``, issue ``(1)``, pages ``1–122``; ``vol. 27, n° 4``; MLA's
  ``36.2`` → volume ``36``, issue ``2``; Vancouver's ``2003;74(2)`` → date ``2003``, volume
  ``74``, issue ``(2)``).

:func:`token_labels` then gives every token the label of the span it starts in, ``other`` for
tokens outside all spans.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from ..errors import Location, ParseError
from .features import Token, tokenize
from .labels import LABELS

__all__ = [
    "HELD_OUT_PUBLISHERS",
    "Example",
    "jats_examples",
    "load_jsonl",
    "map_label",
    "normalize_spans",
    "split_of",
    "token_labels",
]

LabelledSpan = tuple[str, int, int]

#: House styles of ``jats_train.jsonl`` held out whole from training: the leave-publisher-out
#: test part of the parsing benchmarks (fixed before any tuning; ``benchmarks/_split.py``).
HELD_OUT_PUBLISHERS = frozenset({"ASM", "ACS", "Royal Society", "EDP Sciences", "CUP"})


@attrs.frozen
class Example:
    """One labelled string: ``spans`` are ``(label, start, end)`` in our scheme, sorted."""

    id: str
    source: str
    raw: str
    spans: tuple[LabelledSpan, ...]


_ANYSTYLE = {
    "journal": "container-title",
    "director": "note",
    "producer": "note",
    "medium": "note",
    "source": "note",
}
_GROBID = {
    "authors": "author",
    "orgName": "author",
    "orgName@type=collaboration": "author",
    "title": "title",
    "title@level=a": "title",
    "title@level=j": "container-title",
    "title@level=s": "collection-title",
    "pubPlace": "location",
    "pubplace": "location",
    "publishe": "publisher",
    "ptr@type=web": "url",
    "idno@type=DOI": "doi",
    "idno@type=ISBN": "isbn",
    "idno@type=isbn": "isbn",
    "note@type=report": "genre",
    "notes": "note",
    "biblScope@unit=date": "date",
}
_GROBID_SCOPE = {
    "volume": "volume",
    "vol": "volume",
    "volumes": "volume",
    "issue": "issue",
    "page": "pages",
    "pages": "pages",
    "pp": "pages",
}


def map_label(label: str, *, has_article_title: bool = False) -> str | None:
    """Our label for a dataset label; ``None`` drops the span (its tokens become ``other``).

    GROBID's monograph title (``title@level=m``) is the container when the string also has an
    article title (a chapter in a book), otherwise the title itself.
    """
    if label in LABELS and label != "other":
        return label
    if label in _ANYSTYLE:
        return _ANYSTYLE[label]
    if label in _GROBID:
        return _GROBID[label]
    if label == "title@level=m":
        return "container-title" if has_article_title else "title"
    if label.startswith("biblScope"):
        kind = label.partition("=")[2]
        return _GROBID_SCOPE.get(kind, "note" if kind == "chapter" else None)
    if label.startswith("idno"):
        return "note"
    if label.startswith("note"):
        return "note"
    return None


_TRIM = " \t\n,;:()[]{}\"'«»“”„‘’/–—-_|*"
_ABBREV_BEFORE_DOT = re.compile(
    r"(?:^|[\s.(\-])(?:[^\W\d_]|al|др|ed|eds|Ed|Eds|пр|ред|сост|сб|гг?|pp?|vol|no|Jr|jr|Inc|Ltd|"
    r"Co|Corp|etc|изд|Изд|вып|Вып|Т|С|с)$"
)
_MARKER_BEFORE = {
    "pages": re.compile(r"(?:pp?|pages?|S|С|с|Pp)\.?\s*$"),
    "volume": re.compile(r"(?:[Vv]ol|[Vv]olume|[Vv]|Т|т|Bd|Tome|tome)\.?\s*$"),
    "issue": re.compile(r"(?:[Nn]o|[Nn]r|[Nn]um|[Ii]ssue|№|N°|n°|Вып|вып|Heft|H)\.?\s*$"),
}


_OPENERS = {"(": ")", "[": "]", "«": "»", "“": "”", "„": "“"}
_CLOSERS = {")": "(", "]": "[", "»": "«", "”": "“"}


def _inner_balanced(text: str, opener: str, closer: str) -> bool:
    depth = 0
    for char in text:
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _keeps(raw: str, start: int, end: int, char: str) -> bool:
    """A bracket at an edge stays when its partner is inside the span: "Заглавие (обзор)"."""
    if char in _CLOSERS:
        return raw.count(_CLOSERS[char], start, end) >= raw.count(char, start, end)
    if char in _OPENERS:
        return raw.count(_OPENERS[char], start, end) >= raw.count(char, start, end)
    return False


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    """Span without the separators around it; a bracket pair around the whole span goes too."""
    while True:
        while end > start:
            char = raw[end - 1]
            if (char in _TRIM and not _keeps(raw, start, end, char)) or (
                char == "." and not _ABBREV_BEFORE_DOT.search(raw[start : end - 1])
            ):
                end -= 1
            else:
                break
        while start < end and raw[start] in _TRIM and not _keeps(raw, start, end, raw[start]):
            start += 1
        closer = _OPENERS.get(raw[start]) if start < end else None
        if (
            closer is not None
            and end - start >= 2
            and raw[end - 1] == closer
            and _inner_balanced(raw[start + 1 : end - 1], raw[start], closer)
        ):
            start, end = start + 1, end - 1
            continue
        return start, end


DOI_LINK = re.compile(r"doi\.org/10\.")
"""A ``doi.org`` (or ``dx.doi.org``) link: labelled ``doi``, not ``url``."""
# Lead-ins and markers that one dataset puts inside a field and the other (and the Russian
# data) leaves outside: "doi: 10.1/x", "Available at: http://…", "In: Book title",
# "In J. Smith (Eds.)". The field is what follows; the lead-in becomes a separator.
_IDENTIFIER_START = {
    "doi": re.compile(r"https?\s*:\s*//|www\s*\.|10\s*\.\s*\d"),
    "url": re.compile(r"(?:https?|ftp)\s*:\s*//|www\s*\."),
}
_LEAD_IN = {
    "container-title": re.compile(r"(?:[Ii]n|IN)(?::\s*|\s+)(?=\S)"),
    "editor": re.compile(
        r"(?:(?:[Ii]n|IN)(?::\s*|\s+))?"
        r"(?:(?:[Ee]dited(?:\s+and\s+translated)?|[Ee]ds?\.?)\s+by\s+|\(?[Ee]ds?\.\)?\s+|Hrsg\.?:?\s*)?"
        r"(?=\S)"
    ),
}
_EDITOR_TAIL = re.compile(
    r"[\s,;]*[(\[]?(?:[Ee]ds?|[Ee]dited|[Ee]ditors?|[Ee]dd|[ÉéEe]d|[Hh]rsg|[Hh]g)\.?[)\]]?[.,]?$"
)


def _strip_lead_in(raw: str, label: str, start: int, end: int) -> tuple[int, int]:
    """The field without a lead-in ("doi:", "URL:", "In:") or an editor marker ("(Eds.)")."""
    identifier = _IDENTIFIER_START.get(label)
    if identifier is not None:
        match = identifier.search(raw, start, end)
        return (match.start(), end) if match else (start, end)
    lead_in = _LEAD_IN.get(label)
    if lead_in is not None:
        match = lead_in.match(raw, start, end)
        if match and match.end() < end:
            start = match.end()
    if label == "editor":
        tail = _EDITOR_TAIL.search(raw, start, end)
        if tail and tail.start() > start:
            end = tail.start()
    return start, end


_VOLUME_SPLIT = re.compile(
    r"""^(?P<volume>(?:(?:vol|Vol|VOL|v|V|t|T|Bd|tome)\.?\s*)?[0-9IVXLC]+[A-Za-z]?)
    (?:\s*\((?P<issue1>[^()]{1,20})\)
        |,?\s*(?P<issue2>(?:no|No|nr|Nr|n°|N°|n|N|№|issue|Issue|Heft|H)\.?\s*[\w\-–/]{1,10})
        |\.(?P<issue3>\d{1,2})(?!\d))
    (?:\s*[:,]\s*(?P<pages>(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?))?
    [\s.,;:]*$""",
    re.VERBOSE,
)


_YEAR_FIRST = re.compile(r"(1[5-9]\d\d|20\d\d)\s*[;:,]\s*(?=\S)")


def _split_volume(raw: str, start: int, end: int) -> list[LabelledSpan]:
    year = _YEAR_FIRST.match(raw, start, end)
    if year:  # Vancouver "2014;35", "2004, vol. 58": the year is the date
        date: list[LabelledSpan] = [("date", year.start(1), year.end(1))]
        return date + _split_volume(raw, year.end(), end)
    match = _VOLUME_SPLIT.match(raw[start:end])
    if not match:
        return [("volume", start, end)]
    out = [("volume", start + match.start("volume"), start + match.end("volume"))]
    group = next(g for g in ("issue1", "issue2", "issue3") if match.group(g) is not None)
    out.append(("issue", start + match.start(group), start + match.end(group)))
    if match.group("pages"):
        out.append(("pages", start + match.start("pages"), start + match.end("pages")))
    return out


def normalize_spans(
    raw: str, spans: Iterable[LabelledSpan], *, anystyle: bool
) -> list[LabelledSpan]:
    """Trim separators, attach locator markers, split AnyStyle volumes; sorted, no empties."""
    out: list[LabelledSpan] = []
    for label, start, end in spans:
        pieces = (
            _split_volume(raw, start, end)
            if anystyle and label == "volume"
            else [(label, start, end)]
        )
        for piece_label, piece_start, piece_end in pieces:
            s, e = _trim(raw, piece_start, piece_end)
            if s < e and piece_label == "url" and DOI_LINK.search(raw, s, e):
                piece_label = "doi"  # a doi.org link is a DOI, as in ru_gost.dev.jsonl
            s, e = _trim(raw, *_strip_lead_in(raw, piece_label, s, e))
            if s < e:
                out.append((piece_label, s, e))
    out.sort(key=lambda span: span[1])
    # Attach a bare marker ("pp.", "vol.", "No.") that GROBID left outside its locator.
    result: list[LabelledSpan] = []
    for label, start, end in out:
        marker = _MARKER_BEFORE.get(label)
        if marker is not None:
            floor = result[-1][2] if result else 0
            match = marker.search(raw, floor, start)
            if (
                match
                and match.start() >= floor
                and (match.start() == 0 or not raw[match.start() - 1].isalnum())
            ):
                start = match.start()
        result.append((label, start, end))
    return result


def token_labels(tokens: list[Token], spans: Iterable[LabelledSpan]) -> list[str]:
    """The label of the span each token starts in; ``other`` outside every span."""
    labels = ["other"] * len(tokens)
    ordered = sorted(spans, key=lambda span: span[1])
    j = 0
    for i, tok in enumerate(tokens):
        while j < len(ordered) and ordered[j][2] <= tok.start:
            j += 1
        if j < len(ordered) and ordered[j][1] <= tok.start < ordered[j][2]:
            labels[i] = ordered[j][0]
    return labels


def _example(row: dict[str, object], location: Location) -> Example:
    raw = row.get("raw")
    labels = row.get("labels")
    if not isinstance(raw, str) or not isinstance(labels, list):
        raise ParseError("entry lacks 'raw' or 'labels'", location=location)
    source = str(row.get("source", ""))
    names = {str(item[0]) for item in labels}
    has_article_title = "title@level=a" in names
    # AnyStyle's "ugly" set often labels the title of a book that has no article title
    # ``container-title``; like GROBID's lone ``title@level=m`` it is the work's title.
    book_title = source.startswith("anystyle") and "title" not in names
    mapped: list[LabelledSpan] = []
    for item in labels:
        label, _text, start, end = item
        ours = map_label(str(label), has_article_title=has_article_title)
        if ours == "container-title" and book_title and label == "container-title":
            ours = "title"
        if ours is not None:
            mapped.append((ours, int(start), int(end)))
    spans = normalize_spans(raw, mapped, anystyle=source.startswith("anystyle"))
    return Example(str(row.get("id", location)), source, raw, tuple(spans))


def load_jsonl(path: str | Path) -> Iterator[Example]:
    """Examples from a JSON-lines file of the shared data (``train.jsonl``, ``ru_gost.dev.jsonl``).

    A malformed line raises :class:`~refbridge.errors.ParseError` naming the file and line.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            location = Location(str(path), number)
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(f"not JSON: {exc.msg}", location=location) from exc
            yield _example(row, location)


def jats_examples(path: str | Path, part: str) -> Iterator[Example]:
    """Strings of ``jats_train.jsonl`` in ``part``.

    ``"held-out"`` is every string of :data:`HELD_OUT_PUBLISHERS` (the leave-publisher-out
    test set); the other house styles are cut by article (:func:`split_of` of the ``path``,
    so one article's references never straddle two parts) into ``"train"``, ``"dev"`` and
    ``"test"``. The JATS labels are already this project's; spans get the same trimming as
    the other datasets.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            row = json.loads(line)
            source = str(row.get("source", ""))
            held_out = source in HELD_OUT_PUBLISHERS
            if part == "held-out" if held_out else split_of(str(row.get("path"))) == part:
                yield _example({**row, "source": f"jats/{source}"}, Location(str(path), number))


def labelled_tokens(example: Example) -> tuple[list[Token], list[str]]:
    """Tokens of the example and their labels, ready for training."""
    tokens = tokenize(example.raw)
    return tokens, token_labels(tokens, example.spans)


def split_of(example_id: str) -> str:
    """``"test"`` (10 %), ``"dev"`` (5 %) or ``"train"``, fixed by a hash of the id.

    A hash of the id rather than a random draw: the split never changes between runs or
    machines, and every source (AnyStyle core/good/bad/ugly, GROBID) is cut in the same
    proportion, so the held-back part is stratified by source up to sampling noise.
    """
    bucket = int(hashlib.sha1(example_id.encode("utf-8")).hexdigest()[:8], 16) % 20
    if bucket < 2:
        return "test"
    if bucket == 2:
        return "dev"
    return "train"
