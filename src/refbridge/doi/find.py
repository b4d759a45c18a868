"""Find the DOI a reference is missing: search Crossref, then validate before believing it.

Crossref's own evaluation (2019, "search-based matching with validation") showed why:
taking the top hit of ``query.bibliographic`` unvalidated gives precision 0.57 on real
reference strings, while validating the candidates against the reference gives 0.98 at
recall 0.95. So every candidate is compared with the reference field by field
(:func:`refbridge.doi.match.compare`); the best is accepted only above :data:`THRESHOLD`
and only if it beats the runner-up by :data:`MIN_MARGIN`. The answer always carries the
score, the margin and the evidence, accepted or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import NetworkError, ParseError
from ..model import Reference
from ..parsing import parse_reference
from . import shapes
from .client import DoiClient
from .match import Comparison, compare
from .resolve import crossref_to_csl, csl_to_reference

__all__ = ["MIN_MARGIN", "THRESHOLD", "Candidate", "DoiSearch", "find_doi"]

#: Minimum validation score to accept a candidate; calibrated by benchmarks/doi_find.py.
THRESHOLD = 0.75
#: Minimum lead of the best candidate over the runner-up (a different DOI).
MIN_MARGIN = 0.08
#: The most of a reference sent as ``query.bibliographic`` (the longest real one is ~1,500).
MAX_QUERY_CHARS = 2_000


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``converter=tuple``, typed so that mypy accepts lists at the call site."""
    return tuple(value)


@attrs.frozen
class Candidate:
    """One search hit: its DOI, Crossref's relevance score and our validation."""

    doi: str
    search_score: float
    comparison: Comparison
    reference: Reference

    @property
    def score(self) -> float:
        return self.comparison.score


@attrs.frozen
class DoiSearch:
    """The outcome of a search: ``doi`` is '' unless a candidate was accepted."""

    query: str
    doi: str
    score: float
    margin: float
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    candidates: tuple[Candidate, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def found(self) -> bool:
        return bool(self.doi)


def _as_reference(item: Reference | str) -> Reference:
    """A string is parsed; one the parser refuses still validates by its raw text."""
    if isinstance(item, Reference):
        return item
    try:
        return parse_reference(item)
    except ParseError:
        return Reference(raw=item)


def find_doi(
    item: Reference | str,
    *,
    client: DoiClient | None = None,
    rows: int = 5,
    threshold: float = THRESHOLD,
    min_margin: float = MIN_MARGIN,
) -> DoiSearch:
    """Search Crossref with the whole reference string and validate the candidates.

    Raises :class:`~refbridge.errors.NetworkError` when Crossref cannot be reached and
    :class:`~refbridge.errors.RegistryError` when its answer is malformed.
    """
    reference = _as_reference(item)
    # a reference is never this long; a longer URL is refused (HTTP 414) or truncated upstream
    query = (reference.raw or _query_from_fields(reference))[:MAX_QUERY_CHARS]
    if not query.strip():
        return DoiSearch(query=query, doi="", score=0.0, margin=0.0, evidence=("empty reference",))
    own_client = client is None
    client = client or DoiClient.from_env()
    try:
        response = client.crossref(
            "/works",
            {"query.bibliographic": query, "rows": str(rows)},
            kind="list",
            shape=shapes.CROSSREF_LIST,
        )
    finally:
        if own_client:
            client.close()
    if response.status != 200:
        raise NetworkError(f"Crossref search failed: HTTP {response.status}", url=response.url)
    items = response.json()["message"].get("items") or []
    candidates = []
    for hit in items:
        record = csl_to_reference(crossref_to_csl(hit))
        candidates.append(
            Candidate(
                doi=hit.get("DOI", ""),
                search_score=float(hit.get("score") or 0.0),
                comparison=compare(reference, record),
                reference=record,
            )
        )
    candidates.sort(key=lambda c: (-c.score, -c.search_score))
    return _decide(query, candidates, threshold, min_margin)


def _decide(
    query: str, candidates: list[Candidate], threshold: float, min_margin: float
) -> DoiSearch:
    if not candidates:
        return DoiSearch(query, "", 0.0, 0.0, ("Crossref returned no candidates",))
    best = candidates[0]
    others = [c for c in candidates[1:] if c.doi.lower() != best.doi.lower()]
    runner_up = others[0].score if others else 0.0
    margin = round(best.score - runner_up, 4)
    evidence = [
        f"best candidate {best.doi}: validation {best.score:.2f},"
        f" search score {best.search_score:.1f}",
        *best.comparison.evidence,
    ]
    if others:
        evidence.append(
            f"runner-up {others[0].doi}: validation {runner_up:.2f} (margin {margin:.2f})"
        )
    accepted = best.score >= threshold and margin >= min_margin
    if best.score < threshold:
        evidence.append(f"rejected: validation {best.score:.2f} below threshold {threshold:.2f}")
    elif margin < min_margin:
        evidence.append(f"rejected: margin {margin:.2f} over the runner-up below {min_margin:.2f}")
    return DoiSearch(
        query=query,
        doi=best.doi if accepted else "",
        score=best.score,
        margin=margin,
        evidence=evidence,
        candidates=candidates,
    )


def _query_from_fields(reference: Reference) -> str:
    parts = [str(a) for a in reference.authors[:3]]
    parts += [reference.title, reference.container_title, reference.volume, reference.pages]
    if reference.year:
        parts.append(str(reference.year))
    return ", ".join(p for p in parts if p)
