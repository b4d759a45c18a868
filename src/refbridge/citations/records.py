"""What the citation check returns: citations, their links to the list, the problems found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..model import ReferenceList

__all__ = ["ISSUE_KINDS", "Citation", "CitationIssue", "CitationLink", "CitationReport"]

#: The kinds of problem the report names.
ISSUE_KINDS = (
    "cited-not-listed",
    "never-cited",
    "year-mismatch",
    "spelling-differs",
    "order-differs",
    "ambiguous",
)


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Citation:
    """One citation as written in the body: what it names and where it stands."""

    text: str  # the citation as written, e.g. "Tsvetkov & Dudin, 2019"
    kind: str  # "author-year", "narrative" or "numeric"
    line: int  # 1-based line of the document
    names: tuple[str, ...] = ()  # surnames (or a title) in the order cited
    et_al: bool = False
    year: str = ""  # "2019", "2019a"
    numbers: tuple[int, ...] = ()  # for numeric citations
    locator: str = ""  # "p. 12", "с. 45"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v not in ((), "", False)}


@attrs.frozen
class CitationLink:
    """A citation and the list entry it points to (None when none fits), scored."""

    citation: Citation
    entry: int | None
    score: float
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    candidates: tuple[int, ...] = attrs.field(default=(), converter=_as_tuple)  # ambiguous


@attrs.frozen
class CitationIssue:
    """A problem found: its kind (see :data:`ISSUE_KINDS`), a message, and what it concerns."""

    kind: str
    message: str
    citation: Citation | None = None
    entry: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.citation is not None:
            out["citation"] = self.citation.text
            out["line"] = self.citation.line
        if self.entry is not None:
            out["entry"] = self.entry  # 0-based index into the list
            out["number"] = self.entry + 1  # as messages and people count
        return out


@attrs.frozen
class CitationReport:
    """Citations found, their links to the list, and the problems, in document order."""

    reference_list: ReferenceList
    citations: tuple[Citation, ...]
    links: tuple[CitationLink, ...]
    issues: tuple[CitationIssue, ...]

    def to_dict(self) -> dict[str, Any]:
        entries = self.reference_list.entries
        return {
            "list": {"heading": self.reference_list.heading, "entries": len(entries)},
            "links": [
                {
                    **link.citation.to_dict(),
                    "entry": link.entry,
                    "number": None if link.entry is None else link.entry + 1,
                    "score": link.score,
                    "evidence": list(link.evidence),
                    **({"candidates": list(link.candidates)} if link.candidates else {}),
                }
                for link in self.links
            ],
            "issues": [issue.to_dict() for issue in self.issues],
        }
