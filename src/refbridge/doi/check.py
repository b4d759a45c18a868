"""Check every DOI (and link) of a reference list: what an editor needs to fix, and why.

Statuses, one per DOI as cited, worst first:

- ``malformed``: not a DOI even after repair (the evidence says what is wrong);
- ``not_found``: well formed but not registered with any agency;
- ``unreachable``: the registries could not be asked (network, offline without cache);
- ``error``: a registry answered, but with something malformed (the evidence names the
  DOI's service and what was wrong);
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

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..errors import Location, NetworkError, RefbridgeError
from ..model import DoiCheck, Reference
from ..text.identifiers import DOI_PREFIX
from .client import DoiClient
from .match import compare
from .resolve import Resolution, resolve_doi
from .syntax import DoiRepair, doi_key, find_dois, find_urls, repair_doi
from .threads import Progress, Stopped, in_daemon_threads

__all__ = [
    "STATUSES",
    "CheckInterrupted",
    "UrlCheck",
    "check_doi",
    "check_dois",
    "check_urls",
    "cited_dois",
]

STATUSES = (
    "ok", "repaired", "malformed", "not_found", "mismatch", "retracted", "unreachable", "error",
)  # fmt: skip
_RETRACTION_TYPES = {"retraction", "partial_retraction", "withdrawal", "removal"}
_CORRECTION_TYPES = {"correction", "erratum", "corrigendum", "addendum", "clarification"}
_CONTAINER_TYPES = {"journal-issue", "journal-volume", "journal", "book-series", "proceedings"}
# A DOI-ish token that find_dois could not accept: "doi: 10.123/x", "https://doi.org/abc".
_ATTEMPT = re.compile(r"(?:\bdoi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/)(\S+)", re.IGNORECASE)
# What may surround a DOI on a line that is only a DOI: labels, brackets, punctuation.
_AROUND_A_DOI = re.compile(r"(?:\bdoi\b|[\s\W_])*", re.IGNORECASE)
# A Markdown autolink, <https://doi.org/…>: the brackets are markup, not part of the DOI.
_AUTOLINK = re.compile(r"^<([^<>]*)>$")
# A line that is only the start of a DOI ("10.1371", "10.1371/"): a DOI cut short.
_CUT_SHORT = re.compile(rf"\W*(?:doi\W*)?{DOI_PREFIX}/?\W*", re.IGNORECASE)
#: A mismatch needs the title to differ, or this many of the other fields to disagree.
MISMATCH_FIELDS = 2


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``converter=tuple``, typed so that mypy accepts lists at the call site."""
    return tuple(value)


@attrs.frozen
class _Cited:
    """One DOI occurrence to check: as written, repaired, the entry citing it, and where."""

    written: str
    repair: DoiRepair
    cited: Reference | None
    source: str = ""


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`check_dois` or :func:`check_urls`: the rows finished so far."""

    def __init__(self, checks: list[DoiCheck], urls: list[UrlCheck] | None = None) -> None:
        super().__init__(f"interrupted after {len(checks)} checks")
        self.checks = checks
        self.urls = urls or []


def only_a_doi(text: str) -> bool:
    """Whether ``text`` is one DOI and nothing else (a label, a resolver URL, punctuation).

    Such a line is a DOI to check, not a citation to compare with the record:
    ``https://doi.org/10.1371/journal.pone.0033693.`` and ``https://doi.org/10.1371`` are.
    """
    if _CUT_SHORT.fullmatch(text):
        return True
    matches = find_dois(text)
    spans = [(m.start, m.end) for m in matches]
    spans += [
        m.span() for m in _ATTEMPT.finditer(text) if not any(s <= m.start() < e for s, e in spans)
    ]
    if len(spans) != 1:
        return False
    start, end = spans[0]
    return _AROUND_A_DOI.fullmatch(text[:start] + " " + text[end:]) is not None


def cited_dois(item: Reference | str) -> list[tuple[str, DoiRepair]]:
    """Each DOI an entry cites, as written, with its repair (malformed ones included).

    An entry that is only a DOI is taken whole, trailing punctuation included (Markdown's
    ``<…>`` aside), so that the repair says what to remove.
    """
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
        if only_a_doi(text):
            add(_AUTOLINK.sub(r"\1", text.strip()))
            continue
        matches = find_dois(text)
        for match in matches:
            add(match.raw)
        covered = [(m.start, m.end) for m in matches]
        for attempt in _ATTEMPT.finditer(text):
            if not any(s <= attempt.start() < e for s, e in covered):
                add(attempt.group(0))
    if isinstance(item, Reference) and item.doi:  # a field (BibTeX doi = {...}) not in the text
        add(item.doi.strip())
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
    evidence = [f"repair: {r}" for r in repair.repairs]
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


def source_of(cited: Reference | None) -> str:
    """Where an entry is: file, line, and its key (BibTeX) or number in the list."""
    if cited is None or cited.provenance is None:
        return f"entry {cited.id}" if cited is not None and cited.id else ""
    where = cited.provenance.location()
    if cited.id:
        return f"{Location(where.source, where.line)}, entry {cited.id}"
    return str(where)


def check_doi(
    written: str, *, cited: Reference | None = None, client: DoiClient | None = None
) -> DoiCheck:
    """Check one DOI as written; ``cited`` (the citing entry) enables the metadata match."""
    own_client = client is None
    client = client or DoiClient.from_env()
    item = _Cited(written, repair_doi(written), cited, source_of(cited))
    try:
        return _finish(item, _lookup(item.repair.doi, client) if item.repair.valid else None)
    finally:
        if own_client:
            client.close()


def _lookup(doi: str, client: DoiClient) -> Resolution | Exception:
    """What the registries say, or why they could not say it: never raises."""
    try:
        return resolve_doi(doi, client=client)
    except Exception as exc:  # one failure is one row, not the end of the run
        return exc


def _finish(item: _Cited, looked_up: Resolution | Exception | None) -> DoiCheck:
    """The verdict on one occurrence, given what the registries said about its DOI."""
    sources = (item.source,) if item.source else ()
    if not item.repair.valid or looked_up is None:
        evidence = (f"malformed DOI: {item.repair.problem}",)
        return DoiCheck(item.written, item.repair.doi, "malformed", "", evidence, None, sources)
    if isinstance(looked_up, NetworkError):
        evidence = (str(looked_up),)
        return DoiCheck(item.written, item.repair.doi, "unreachable", "", evidence, None, sources)
    if isinstance(looked_up, RefbridgeError):
        evidence = (f"{item.repair.doi}: {looked_up}",)
        return DoiCheck(item.written, item.repair.doi, "error", "", evidence, None, sources)
    if isinstance(looked_up, Exception):
        reason = f"{item.repair.doi}: unexpected {type(looked_up).__name__}: {looked_up}"
        return DoiCheck(item.written, item.repair.doi, "error", "", (reason,), None, sources)
    try:
        return attrs.evolve(_verdict(item, looked_up), sources=sources)
    except Exception as exc:  # a record our converters cannot compare
        reason = f"{item.repair.doi}: cannot compare the record: {type(exc).__name__}: {exc}"
        return DoiCheck(item.written, item.repair.doi, "error", "", (reason,), None, sources)


def _occurrences(items: Iterable[Reference | str]) -> list[_Cited]:
    """Every DOI occurrence to check; an entry that is only a DOI is not compared."""
    todo: list[_Cited] = []
    for item in items:
        pairs = cited_dois(item)
        for written, repair in pairs:
            if isinstance(item, Reference):
                # the fields were parsed from that DOI alone, or there are none to compare
                bare = only_a_doi(item.raw) or not (item.title or item.authors or item.issued)
                cited: Reference | None = None if bare else item
                source = source_of(item)
            else:
                cited = None if only_a_doi(item) else Reference(raw=item)
                source = ""
            todo.append(_Cited(written, repair, cited, source))
        if not pairs and isinstance(item, str) and item.strip():
            todo.append(_Cited(item.strip(), repair_doi(item.strip()), None))
    return todo


def check_dois(
    items: Iterable[Reference | str],
    *,
    client: DoiClient | None = None,
    workers: int = 8,
    progress: Progress | None = None,
) -> list[DoiCheck]:
    """Check every DOI in ``items`` (references, reference strings or bare DOIs), in order.

    A bare DOI string (or an entry that is only a DOI) is checked without a metadata match;
    a reference string or a :class:`Reference` is matched against the record. Each distinct
    DOI is looked up once, and occurrences of one DOI with the same verdict are reported
    as one row listing every source. Lookups run in parallel threads, but the client's
    limiter decides how many requests really go out at once. Every DOI gets its row,
    whatever the registries answer (``error`` for a malformed answer). ``progress(done,
    total)`` is called after each lookup. Ctrl-C raises :class:`CheckInterrupted` with
    the rows finished so far, at once, without waiting for requests in flight.
    """
    todo = _occurrences(items)
    unique = {doi_key(t.repair.doi): t.repair.doi for t in todo if t.repair.valid}
    own_client = client is None
    client = client or DoiClient.from_env()
    try:
        found = _lookup_all(unique, client, workers, progress)
    except Stopped as stop:
        client.cancel()
        done = [t for t in todo if not t.repair.valid or doi_key(t.repair.doi) in stop.results]
        partial = [_finish(t, stop.results.get(doi_key(t.repair.doi))) for t in done]
        raise CheckInterrupted(_grouped(partial)) from None
    finally:
        if own_client:
            client.close()
    checks = [_finish(t, found[doi_key(t.repair.doi)] if t.repair.valid else None) for t in todo]
    return _grouped(checks)


def _lookup_all(
    unique: dict[str, str], client: DoiClient, workers: int, progress: Progress | None
) -> dict[str, Resolution | Exception]:
    """Each DOI looked up once; :class:`Stopped` on Ctrl-C (see :func:`in_daemon_threads`)."""
    return in_daemon_threads(lambda doi: _lookup(doi, client), unique, workers, progress)


def _grouped(checks: list[DoiCheck]) -> list[DoiCheck]:
    """One row per DOI and verdict, listing every place it is cited; first-seen order."""
    rows: dict[tuple[Any, ...], DoiCheck] = {}
    for check in checks:
        doi = doi_key(check.doi) if check.status != "malformed" else check.input
        key = (doi, check.status, check.agency, check.evidence)
        if key in rows:
            merged = rows[key]
            rows[key] = attrs.evolve(merged, sources=(*merged.sources, *check.sources))
        else:
            rows[key] = check
    return list(rows.values())


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
    client = client or DoiClient.from_env()

    def run(url: str) -> UrlCheck:
        try:
            response, chain = client.follow(url)
        except NetworkError as exc:
            return UrlCheck(url, "unreachable", evidence=(str(exc),))
        except Exception as exc:  # one link's failure is its row, not the end of the run
            return UrlCheck(url, "unreachable", evidence=(f"{type(exc).__name__}: {exc}",))
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
        done = in_daemon_threads(run, {url: url for url in urls}, workers)
    except Stopped as stop:
        client.cancel()
        finished = [stop.results[url] for url in urls if url in stop.results]
        raise CheckInterrupted([], finished) from None
    finally:
        if own_client:
            client.close()
    return [done[url] for url in urls]
