"""Check every DOI (and link) of a reference list: what an editor needs to fix, and why.

Statuses, one per DOI as cited, worst first:

- ``malformed``: not a DOI even after repair (the evidence says what is wrong);
- ``not_found``: well formed but not registered with any agency;
- ``unreachable``: the registries could not be asked (network, offline without cache);
- ``retracted``: registered, and Crossref ``updated-by`` (which now includes Retraction
  Watch) or the record itself marks it retracted or withdrawn;
- ``mismatch``: registered, but the record is not the cited work (the evidence names the
  fields that disagree: title, year, authors, pages; or a DOI of a whole journal issue
  cited for an article). A Russian original cited through its English translation is a
  known relation, reported as evidence, not a mismatch;
- ``repaired``: fine once repaired (the evidence lists each repair to make);
- ``ok``: fine as written. Corrections and errata show up in the evidence.

Links that are not DOIs are checked separately (:func:`check_urls`): alive, redirected,
gone or unreachable.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs

from ..errors import NetworkError
from ..model import DoiCheck, Reference
from .client import DoiClient
from .match import compare
from .resolve import Resolution, resolve_doi
from .syntax import DoiRepair, doi_key, find_dois, find_urls, repair_doi

__all__ = [
    "STATUSES",
    "UrlCheck",
    "check_doi",
    "check_dois",
    "check_urls",
    "cited_dois",
]

STATUSES = ("ok", "repaired", "malformed", "not_found", "mismatch", "retracted", "unreachable")
_RETRACTION_TYPES = {"retraction", "partial_retraction", "withdrawal", "removal"}
_CORRECTION_TYPES = {"correction", "erratum", "corrigendum", "addendum", "clarification"}
_CONTAINER_TYPES = {"journal-issue", "journal-volume", "journal", "book-series", "proceedings"}
# A DOI-ish token that find_dois could not accept: "doi: 10.123/x", "https://doi.org/abc".
_ATTEMPT = re.compile(r"(?:\bdoi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/)(\S+)", re.IGNORECASE)
#: A mismatch needs the title to differ, or this many of the other fields to disagree.
MISMATCH_FIELDS = 2
Progress = Callable[[int, int], None]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``converter=tuple``, typed so that mypy accepts lists at the call site."""
    return tuple(value)


@attrs.frozen
class _Cited:
    """One DOI occurrence to check: as written, repaired, and the entry that cites it."""

    written: str
    repair: DoiRepair
    cited: Reference | None


def cited_dois(item: Reference | str) -> list[tuple[str, DoiRepair]]:
    """Each DOI an entry cites, as written, with its repair (malformed ones included)."""
    found: list[tuple[str, DoiRepair]] = []
    seen: set[str] = set()

    def add(written: str) -> None:
        repair = repair_doi(written)
        key = doi_key(repair.doi) if repair.valid else written
        if key not in seen:
            seen.add(key)
            found.append((written, repair))

    texts = [item.raw, item.url] if isinstance(item, Reference) else [item]
    for text in texts:
        if not text:
            continue
        matches = find_dois(text)
        for match in matches:
            add(match.raw)
        covered = [(m.start, m.end) for m in matches]
        for attempt in _ATTEMPT.finditer(text):
            if not any(s <= attempt.start() < e for s, e in covered):
                add(attempt.group(0))
    if isinstance(item, Reference) and item.doi:  # a field (BibTeX doi = {...}) not in the text
        add(item.doi)
    return found


def _retraction(resolution: Resolution) -> tuple[bool, list[str]]:
    """Whether the record is retracted, plus notes on corrections and other updates."""
    record = resolution.record
    retracted = False
    notes: list[str] = []
    for update in record.get("updated-by") or ():
        kind = str(update.get("type", "")).lower().replace("-", "_")
        date = "-".join(
            str(p) for p in ((update.get("updated") or {}).get("date-parts") or [[]])[0]
        )
        where = f"{update.get('DOI', '?')}" + (f", {date}" if date else "")
        source = update.get("source", "")
        by = f" (source: {source})" if source else ""
        if kind in _RETRACTION_TYPES:
            retracted = True
            notes.append(f"{kind.replace('_', ' ')} notice {where}{by}")
        elif kind in _CORRECTION_TYPES:
            notes.append(f"corrected: {kind} {where}{by}")
        elif kind:
            notes.append(f"updated: {kind.replace('_', ' ')} {where}{by}")
    for update in record.get("update-to") or ():
        kind, target = update.get("type", "update"), update.get("DOI", "?")
        notes.append(f"this DOI is itself a {kind} notice for {target}")
    for relation, targets in (record.get("relation") or {}).items():
        if "retract" in relation.lower():
            retracted = True
            ids = ", ".join(str(t.get("id", "")) for t in targets or ())
            notes.append(f"relation {relation}: {ids}")
    title = resolution.reference.title if resolution.reference else ""
    if re.match(r"^\s*(retracted|withdrawn)\b", title, re.IGNORECASE):
        retracted = True
        notes.append(f"the registered title says so: {title[:60]!r}")
    return retracted, notes


def _relation_notes(resolution: Resolution) -> list[str]:
    notes = []
    for relation, targets in (resolution.record.get("relation") or {}).items():
        if "translation" in relation:
            ids = ", ".join(str(t.get("id", "")) for t in targets or ())
            notes.append(f"registered relation {relation}: {ids}")
    return notes


def _verdict(item: _Cited, resolution: Resolution) -> DoiCheck:
    repair = item.repair
    evidence = [*_where(item.cited), *(f"repair: {r}" for r in repair.repairs)]
    evidence += list(resolution.evidence)
    if not resolution.exists:
        status = "not_found" if resolution.exists is False else "unreachable"
        return DoiCheck(item.written, repair.doi, status, resolution.agency, evidence)
    retracted, notes = _retraction(resolution)
    evidence += notes
    status = "repaired" if repair.repaired else "ok"
    record = resolution.reference
    if item.cited is not None and record is not None:
        status, reasons = _metadata_status(item.cited, record, resolution, status)
        evidence += reasons
    if retracted:
        status = "retracted"
    return DoiCheck(item.written, repair.doi, status, resolution.agency, evidence, record)


def _metadata_status(
    cited: Reference, record: Reference, resolution: Resolution, status: str
) -> tuple[str, list[str]]:
    comparison = compare(cited, record)
    reasons = list(comparison.evidence)
    if comparison.translation:
        reasons.append(
            "known relation: the citation and the registered record are the original and its"
            " translation (different languages), not an error"
        )
        reasons += _relation_notes(resolution)
    if resolution.record_type in _CONTAINER_TYPES and (cited.pages or cited.authors or cited.raw):
        reasons.append(
            f"mismatch: the DOI names a {resolution.record_type}, not the cited work in it"
        )
        return "mismatch", reasons
    disagreements = comparison.disagreements
    title = comparison.verdict("title")
    title_differs = title is not None and title.score is not None and title.score < 0.6
    others = [d for d in disagreements if d in ("author", "year", "volume", "pages")]
    if (title_differs and others) or len(others) >= MISMATCH_FIELDS:
        fields = ", ".join(d for d in disagreements if d != "container")
        reasons.append(f"mismatch: {fields} disagree (validation score {comparison.score:.2f})")
        return "mismatch", reasons
    reasons.append(f"metadata agrees with the citation (validation score {comparison.score:.2f})")
    return status, reasons


def _where(cited: Reference | None) -> list[str]:
    if cited is None or cited.provenance is None:
        return []
    return [f"cited at {cited.provenance.location()}"]


def check_doi(
    written: str, *, cited: Reference | None = None, client: DoiClient | None = None
) -> DoiCheck:
    """Check one DOI as written; ``cited`` (the citing entry) enables the metadata match."""
    own_client = client is None
    client = client or DoiClient()
    item = _Cited(written, repair_doi(written), cited)
    try:
        return _finish(item, _lookup(item.repair.doi, client) if item.repair.valid else None)
    finally:
        if own_client:
            client.close()


def _lookup(doi: str, client: DoiClient) -> Resolution | NetworkError:
    try:
        return resolve_doi(doi, client=client)
    except NetworkError as exc:
        return exc


def _finish(item: _Cited, looked_up: Resolution | NetworkError | None) -> DoiCheck:
    """The verdict on one occurrence, given what the registries said about its DOI."""
    if not item.repair.valid or looked_up is None:
        evidence = (*_where(item.cited), f"malformed DOI: {item.repair.problem}")
        return DoiCheck(item.written, item.repair.doi, "malformed", evidence=evidence)
    if isinstance(looked_up, NetworkError):
        evidence = (*_where(item.cited), str(looked_up))
        return DoiCheck(item.written, item.repair.doi, "unreachable", evidence=evidence)
    return _verdict(item, looked_up)


def check_dois(
    items: Iterable[Reference | str],
    *,
    client: DoiClient | None = None,
    workers: int = 8,
    progress: Progress | None = None,
) -> list[DoiCheck]:
    """Check every DOI in ``items`` (references, reference strings or bare DOIs), in order.

    A bare DOI string is checked without a metadata match; a reference string or a
    :class:`Reference` is matched against the record. Each distinct DOI is looked up once
    (a bilingual article cites most works twice); lookups run in parallel threads, but the
    client's limiter decides how many requests really go out at once. ``progress(done,
    total)`` is called after each lookup.
    """
    todo: list[_Cited] = []
    for item in items:
        pairs = cited_dois(item)
        for written, repair in pairs:
            if isinstance(item, Reference):
                cited: Reference | None = item
            else:
                bare = item.strip() == written.strip()
                cited = None if bare else Reference(raw=item)
            todo.append(_Cited(written, repair, cited))
        if not pairs and isinstance(item, str) and item.strip():
            todo.append(_Cited(item.strip(), repair_doi(item.strip()), None))
    unique = {doi_key(t.repair.doi): t.repair.doi for t in todo if t.repair.valid}
    own_client = client is None
    client = client or DoiClient()
    counter = itertools.count(1)
    lock = threading.Lock()

    def run(doi: str) -> Resolution | NetworkError:
        result = _lookup(doi, client)
        if progress is not None:
            with lock:
                progress(next(counter), len(unique))
        return result

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            found = dict(zip(unique, pool.map(run, unique.values()), strict=True))
    finally:
        if own_client:
            client.close()
    return [_finish(t, found[doi_key(t.repair.doi)] if t.repair.valid else None) for t in todo]


@attrs.frozen
class UrlCheck:
    """A non-DOI link: ``alive``, ``redirected``, ``gone`` or ``unreachable``."""

    url: str
    status: str
    http_status: int | None = None
    final_url: str = ""
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


def check_urls(
    items: Sequence[Reference | str],
    *,
    client: DoiClient | None = None,
    workers: int = 4,
) -> list[UrlCheck]:
    """Check the links (other than DOI resolver links) found in ``items``, each once."""
    urls: list[str] = []
    for item in items:
        texts = [item.raw, item.url] if isinstance(item, Reference) else [item]
        for text in texts:
            for url in find_urls(text or ""):
                if url not in urls:
                    urls.append(url)
    own_client = client is None
    client = client or DoiClient()

    def run(url: str) -> UrlCheck:
        try:
            response, chain = client.follow(url)
        except NetworkError as exc:
            return UrlCheck(url, "unreachable", evidence=(str(exc),))
        if response.status >= 400:
            return UrlCheck(
                url, "gone", response.status, response.url, (f"HTTP {response.status}",)
            )
        if chain:
            hops = " -> ".join((*chain, response.url))
            return UrlCheck(
                url, "redirected", response.status, response.url, (f"redirects: {hops}",)
            )
        return UrlCheck(url, "alive", response.status, response.url, (f"HTTP {response.status}",))

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            return list(pool.map(run, urls))
    finally:
        if own_client:
            client.close()
