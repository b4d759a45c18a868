"""The citation report: what is wrong between a document's citations and its reference list."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..extract import extract
from ..model import Document, Reference, ReferenceList
from ..readers import read_document
from ..text import strip_markdown
from ..text.script import letter_counts
from .find import find_citations
from .link import ORDER_DIFFERS, SPELLING_DIFFERS, link_citations
from .records import CitationIssue, CitationLink, CitationReport

__all__ = ["check_citations"]


def _issues(links: Sequence[CitationLink], entries: Sequence[Reference]) -> list[CitationIssue]:
    issues: list[CitationIssue] = []
    for link in links:
        cited = link.citation
        where = (
            f"line {cited.line}: ({cited.text})"
            if cited.kind != "numeric"
            else (f"line {cited.line}: {cited.text}")
        )
        if link.entry is None:
            issues.append(
                CitationIssue("cited-not-listed", f"{where} has no entry in the list", cited)
            )
            continue
        if link.candidates:
            issues.append(
                CitationIssue(
                    "ambiguous",
                    f"{where} fits entries {', '.join(str(i) for i in link.candidates)} equally",
                    cited,
                    link.entry,
                )
            )
        if any(e.startswith("year differs") for e in link.evidence):
            listed = entries[link.entry].year
            issues.append(
                CitationIssue(
                    "year-mismatch", f"{where}: the entry has {listed}", cited, link.entry
                )
            )
        for note in link.evidence:
            if note == ORDER_DIFFERS:
                issues.append(
                    CitationIssue(
                        "order-differs",
                        f"{where}: authors cited in another order than listed "
                        f"({_authors(entries[link.entry])})",
                        cited,
                        link.entry,
                    )
                )
            elif note.startswith(SPELLING_DIFFERS):
                issues.append(
                    CitationIssue(
                        "spelling-differs",
                        f"{where}: {note.removeprefix(SPELLING_DIFFERS)}",
                        cited,
                        link.entry,
                    )
                )
    cited_entries = {link.entry for link in links if link.entry is not None}
    for index, entry in enumerate(entries):
        if index not in cited_entries:
            issues.append(
                CitationIssue(
                    "never-cited",
                    f"entry {index + 1} is never cited: {strip_markdown(entry.raw)[:80]}",
                    entry=index,
                )
            )
    return issues


def _authors(ref: Reference) -> str:
    return ", ".join(n.family or n.literal for n in ref.authors) or ref.title


def _body_language_list(doc: Document, lists: Sequence[ReferenceList]) -> ReferenceList:
    """The list the body cites: the one in the body's script (one list: that one)."""
    if len(lists) == 1:
        return lists[0]
    spans = [(lst.line_start or 0, lst.line_end or 0) for lst in lists]
    body = "\n".join(
        line
        for number, line in enumerate(doc.lines, start=1)
        if not any(start <= number <= end for start, end in spans)
    )
    cyrillic, latin = letter_counts(body)
    wanted = "ru" if cyrillic > latin else "en"
    fitting = [lst for lst in lists if lst.language == wanted]
    return max(fitting or lists, key=len)


def check_citations(
    document: Document | str | Path, *, reference_list: ReferenceList | None = None
) -> CitationReport:
    """Find the citations in ``document``'s body and check them against its reference list.

    The list is the one in the body's language (a bilingual article's English body cites the
    "References"), unless ``reference_list`` is given. Lines of every reference list found are
    left out of the body.
    """
    doc = document if isinstance(document, Document) else read_document(document)
    lists = [lst for lst in extract(doc) if lst.entries]
    if reference_list is None:
        reference_list = ReferenceList() if not lists else _body_language_list(doc, lists)
    skip = [(lst.line_start or 0, lst.line_end or 0) for lst in lists]
    citations = find_citations(doc.lines, skip=skip)
    links = link_citations(citations, reference_list.entries)
    issues = _issues(links, reference_list.entries)
    return CitationReport(reference_list, tuple(citations), tuple(links), tuple(issues))
