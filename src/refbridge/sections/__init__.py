"""Find reference lists in a document and split them into entries.

A reference list is found in one of two ways:

1. **Under a heading** — "References", "Bibliography", "Список литературы", "Литература",
   "Әдебиеттер тізімі", "Literaturverzeichnis", "Références", "Kaynakça", … (the table by
   language is :data:`.headings.HEADINGS_BY_LANGUAGE`) as a plain line, a Markdown ``#``
   heading, a bold line or a numbered heading ("7. References"), also bilingual
   ("Список литературы / References"), qualified ("References (transliterated)"), without
   accents or with one letter wrong ("Refrences").
2. **Without a heading** — by numbering: lines numbered 1, 2, 3, … (at least
   :data:`MIN_HEADLESS_ENTRIES`) whose entries are references, anywhere in the text; or, for
   an unnumbered list, a run of at least :data:`MIN_HEADLESS_ENTRIES` reference-looking
   entries closing the document, possibly followed by a few lines of boilerplate (a licence
   line) that are not entries.

Either way, entries are decided by a per-entry *reference score*
(:func:`reference_score`): author/initials patterns, years in parentheses, GOST markers
(``//``, ``Т.``, ``№``, ``С.``), page ranges, DOIs and URLs count for; sentence-like prose
(verbs and pronouns such as "is", "we", "является") and sheer length count against. A
heading followed by prose or by a table of contents yields nothing.

Splitting into entries uses structure first — list markers (``-``, ``1.``, ``[1]``,
``1)``), hanging indentation, blank lines, a line that starts with a URL/DOI or in lower
case, a previous line that ends mid-phrase — and then the scores: a fragment that scores
low but is not prose is a wrapped part of the previous entry, not a new one. Wrapped lines
are joined with line-end hyphenation undone where it is a syllable break (checked against
the document's own vocabulary), and kept in compound names ("Ефремова-Шершукова"), page
ranges and URLs.

All patterns are linear-time (no nested quantifiers) and look at most
:data:`SCORE_WINDOW` characters of a line, so a 5 MB line costs milliseconds.

The package, along its seams: :mod:`.headings` (list headings), :mod:`.score` (the reference
score), :mod:`.lines` (markers and numbering), :mod:`.blocks` (lines grouped into candidate
entries), :mod:`.entries` (which candidates are entries), :mod:`.unwrap` (joining wrapped
lines); this module finds the lists and names their language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..model import Document
from ..text import script_of, strip_markdown
from ..text.script import detect_language
from .blocks import region, split_blocks
from .entries import FoundEntry, FoundList, accept_blocks
from .headings import heading_name, is_other_heading
from .lines import CONTINUATION_START, Line, analyse_line, numbered_runs
from .score import (
    SCORE_THRESHOLD,
    SCORE_WINDOW,
    URLS_IN_TEXT,
    is_prose,
    reference_score,
)
from .unwrap import document_vocabulary, join_wrapped

__all__ = [
    "MIN_HEADLESS_ENTRIES",
    "SCORE_THRESHOLD",
    "FoundEntry",
    "FoundList",
    "find_reference_lists",
    "heading_name",
    "join_wrapped",
    "reference_score",
]

#: A list with no heading must have at least this many entries.
MIN_HEADLESS_ENTRIES = 3
#: Lines of boilerplate allowed after a headless list at the end of a text.
_TRAILING_BOILERPLATE = 3


# -- language -------------------------------------------------------------------------------


def _list_language(heading: str, entries: Sequence[FoundEntry]) -> str:
    scripts = [
        script_of(URLS_IN_TEXT.sub(" ", strip_markdown(e.text[:SCORE_WINDOW]))) for e in entries
    ]
    cyrillic = sum(1 for s in scripts if s == "cyrillic" or s == "mixed")
    latin = sum(1 for s in scripts if s == "latin")
    heading_script = script_of(heading)
    if heading_script == "cyrillic" or (heading_script != "latin" and cyrillic > latin):
        # A Cyrillic list is Russian unless most entries show another alphabet's letters.
        counts = Counter(detect_language(e.text[:SCORE_WINDOW]) for e in entries)
        other = [(n, lang) for lang, n in counts.items() if lang in ("kk", "uk", "be")]
        return max(other)[1] if other and max(other)[0] * 2 > len(entries) else "ru"
    if heading_script == "latin" or latin:
        return "en"
    return ""


# -- finding lists --------------------------------------------------------------------------


def _found(
    heading: str, heading_line: int | None, entries: list[FoundEntry], why: str
) -> FoundList:
    start = heading_line if heading_line is not None else entries[0].line_start
    return FoundList(
        heading=heading,
        language=_list_language(heading, entries),
        entries=tuple(entries),
        line_start=start,
        line_end=entries[-1].line_end,
        evidence=(why, f"{len(entries)} entries"),
    )


def _headless_start(lines: Sequence[Line]) -> tuple[int, int] | None:
    """The line span of a reference run that closes the document, if any (0-based)."""
    end = len(lines)
    while end and lines[end - 1].blank:
        end -= 1
    skipped = 0
    last = end - 1
    while last >= 0:
        line = lines[last]
        if not line.blank:
            if reference_score(line.body)[0] >= SCORE_THRESHOLD:
                break
            skipped += 1
            if skipped > _TRAILING_BOILERPLATE:
                return None
        last -= 1
    if last < 0:
        return None
    first = last
    while first > 0:
        line = lines[first - 1]
        if not line.blank and (
            reference_score(line.body)[0] < SCORE_THRESHOLD
            and not CONTINUATION_START.match(line.body)
            and (is_prose(line.body) or is_other_heading(line.raw) or len(line.body) > 500)
        ):
            break
        first -= 1
    return first, last + 1


#: A line this long or longer is text, never a running header.
_RUNNING_HEADER_MAX = 120


#: A running header recurs on every page; a line of an entry printed in both lists of a
#: bilingual article recurs twice.
_RUNNING_HEADER_PAGES = 3


def _repeated_lines(lines: Sequence[str]) -> frozenset[str]:
    """Short lines printed on several pages (running headers of text copied from a PDF)."""
    counts = Counter(text for raw in lines if 0 < len(text := raw.strip()) < _RUNNING_HEADER_MAX)
    return frozenset(text for text, n in counts.items() if n >= _RUNNING_HEADER_PAGES)


def _numbered_lists(
    lines: Sequence[Line], vocabulary: frozenset[str], repeated: frozenset[str]
) -> list[FoundList]:
    """Lists without a heading told by their numbering: each run counting up from 1 whose
    entries are references (a numbered list of steps or findings is not)."""
    found: list[FoundList] = []
    runs = numbered_runs(lines, MIN_HEADLESS_ENTRIES)
    covered = 0
    for k, run in enumerate(runs):
        if run.start < covered:
            continue
        stop = next((later.start for later in runs[k + 1 :] if later.start > run.last), None)
        blocks = split_blocks(region(lines, run.start, stop or len(lines)), vocabulary, repeated)
        entries = accept_blocks(blocks, vocabulary)
        if len(entries) >= MIN_HEADLESS_ENTRIES:
            found.append(_found("", None, entries, "a numbered run of references"))
            covered = entries[-1].line_end
    return found


def find_reference_lists(doc: Document) -> list[FoundList]:
    """Every reference list in ``doc``, in document order (see the module docstring)."""
    lines = [analyse_line(i, raw) for i, raw in enumerate(doc.lines)]
    # the vocabulary only judges line-end hyphens: no such line, no vocabulary to build
    hyphenated = any(line.rstrip().endswith(("-", "‐")) for line in doc.lines)
    vocabulary = document_vocabulary(doc.lines) if hyphenated else frozenset()
    headings = [(i, name) for i, raw in enumerate(doc.lines) if (name := heading_name(raw))]
    repeated = _repeated_lines(doc.lines)
    found: list[FoundList] = []
    for k, (at, name) in enumerate(headings):
        stop = headings[k + 1][0] if k + 1 < len(headings) else len(lines)
        blocks = split_blocks(region(lines, at + 1, stop), vocabulary, repeated)
        entries = accept_blocks(blocks, vocabulary)
        if entries:
            found.append(_found(name, at + 1, entries, f"under the heading {name!r}"))
    if found:
        return found
    found = _numbered_lists(lines, vocabulary, repeated)
    if found:
        return found
    span = _headless_start(lines)
    if span is not None:
        blocks = split_blocks(lines[span[0] : span[1]], vocabulary, repeated)
        # the run may begin with the tail of the paragraph before it: skip leading prose
        while blocks and reference_score(blocks[0].text)[0] < SCORE_THRESHOLD:
            blocks.pop(0)
        entries = accept_blocks(blocks, vocabulary)
        if len(entries) >= MIN_HEADLESS_ENTRIES:
            found.append(_found("", None, entries, "a run of references closing the text"))
    return found
