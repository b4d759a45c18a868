"""The :class:`Library`: imports, deduplication, queries and decisions on one SQLite file.

* Opening, checking and migrating the file is :mod:`.database`'s job; every SQLite error in a
  library method is a :class:`StoreError` naming the file.
* Importing a document is one transaction: a killed import leaves either the whole document or
  nothing. A document is known by the SHA-256 of its content, so adding it again is a no-op.
* Records keep their CSL-JSON exactly as imported, with provenance. Deduplication assigns each
  record a work; a work's id is its smallest record id, so ids stay put across runs. It reads
  and writes in one transaction: when another process imports meanwhile, it starts again
  from the new records (and, after two such retries, holds the write lock while it works).
* Merging never overwrites: :meth:`Library.merged` builds a work's view field by field and keeps,
  for every value, the records that gave it. ``protect`` and ``not a duplicate`` decisions are
  stored and respected by every later deduplication.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .. import ingest
from ..dedup import Explanation, deduplicate, explain, record_key
from ..dedup.parallel import map_keys
from ..errors import Location, StoreError
from ..formats import dump
from ..model import DoiCheck, Failure, Reference, ReferenceList, Work, _as_tuple
from ..readers import read_file_bytes
from . import queries
from .database import is_busy, open_database, schema_version, store_error, write
from .merge import MERGE_FIELDS, MergedWork, vote

__all__ = ["AddResult", "DedupSummary", "Library"]


@attrs.frozen
class AddResult:
    """What one import did: the document's id, whether it was new, records and failures kept."""

    document_id: int
    added: bool
    records: int
    failures: tuple[Failure, ...] = attrs.field(default=(), converter=_as_tuple)


@attrs.frozen
class DedupSummary:
    records: int
    works: int
    merges: int
    relations: int
    refused: int


def _now() -> float:
    return time.time()


def _canonical_json(value: Any) -> Any:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _sqlite_errors(method: _Method) -> _Method:
    """Turn any SQLite error inside a library method into a :class:`StoreError` naming the file."""

    @functools.wraps(method)
    def guarded(self: Library, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from exc

    return guarded  # type: ignore[return-value]


class Library:
    """A reference library in one SQLite file.

    ``create=False`` refuses a path where no library exists; ``readonly=True`` opens the file
    for reading only (on read-only media too) and never migrates or writes it.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        timeout: float = 30.0,
        readonly: bool = False,
        create: bool = True,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._db = open_database(path, timeout=timeout, readonly=readonly, create=create)

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self._db)

    # -- import ---------------------------------------------------------------------------
    @_sqlite_errors
    def add_file(self, path: str | Path, *, format: str | None = None) -> AddResult:
        """Import a document (text, HTML, PDF, DOCX, JATS…) or a BibTeX/CSL-JSON/RIS file."""
        return self.add_bytes(read_file_bytes(path), source=str(path), format=format)

    def add_bytes(self, content: bytes, *, source: str, format: str | None = None) -> AddResult:
        """Import the bytes of a file (standard input, a download) that ``source`` names.

        ``format`` is a reader or a bibliographic format; without it, the kind of input is
        told as every command tells it (:func:`refbridge.ingest.read`).
        """
        digest = hashlib.sha256(content).hexdigest()
        existing = self._document_by_hash(digest)
        if existing is not None:
            return AddResult(existing, False, self._count_records(existing))
        found = ingest.read(content, source, format=format)
        return self.add_lists(
            list(found.lists), source=source, content_hash=digest, format=found.format
        )

    @_sqlite_errors
    def add_references(
        self, refs: Iterable[Reference], *, source: str, content_hash: str | None = None
    ) -> AddResult:
        """Import records that are not from a document (one list, no heading)."""
        entries = tuple(refs)
        return self.add_lists(
            [ReferenceList(entries=entries, source=source)],
            source=source,
            content_hash=content_hash,
        )

    @_sqlite_errors
    def add_lists(
        self,
        lists: Sequence[ReferenceList],
        *,
        source: str,
        content_hash: str | None = None,
        format: str = "",
    ) -> AddResult:
        """Import a document's reference lists in one transaction; a known hash is a no-op."""
        if content_hash is None:
            payload = [[r.to_csl() for r in lst.entries] for lst in lists]
            content_hash = hashlib.sha256(_canonical_json([source, payload]).encode()).hexdigest()
        failures = [f for lst in lists for f in lst.failures]
        with write(self._db) as db:
            row = db.execute(
                "SELECT id FROM documents WHERE content_hash = ?", (content_hash,)
            ).fetchone()
            if row is not None:
                return AddResult(row[0], False, self._count_records(row[0]))
            document_id = db.execute(
                "INSERT INTO documents (content_hash, source, format, added_at)"
                " VALUES (?, ?, ?, ?)",
                (content_hash, source, format, _now()),
            ).lastrowid
            assert document_id is not None
            position = 0
            for list_index, lst in enumerate(lists):
                list_id = db.execute(
                    "INSERT INTO reference_lists (document_id, position, heading, language,"
                    " line_start, line_end) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        document_id,
                        list_index,
                        lst.heading,
                        lst.language,
                        lst.line_start,
                        lst.line_end,
                    ),
                ).lastrowid
                rows = []
                for ref in lst.entries:
                    csl = ref.to_csl()
                    csl.pop("id", None)
                    rows.append(
                        (
                            document_id,
                            list_id,
                            position,
                            json.dumps(csl, ensure_ascii=False),
                            ref.doi.lower(),
                        )
                    )
                    position += 1
                db.executemany(
                    "INSERT INTO records (document_id, list_id, position, csl, doi)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
            db.executemany(
                "INSERT INTO failures (document_id, raw, error, location) VALUES (?, ?, ?, ?)",
                [(document_id, f.raw, f.error, str(f.location)) for f in failures],
            )
        return AddResult(document_id, True, position, failures)

    def _document_by_hash(self, digest: str) -> int | None:
        row = self._db.execute(
            "SELECT id FROM documents WHERE content_hash = ?", (digest,)
        ).fetchone()
        return None if row is None else int(row[0])

    def _count_records(self, document_id: int) -> int:
        return int(
            self._db.execute(
                "SELECT count(*) FROM records WHERE document_id = ?", (document_id,)
            ).fetchone()[0]
        )

    # -- reading --------------------------------------------------------------------------
    @_sqlite_errors
    def documents(self) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT d.id, d.source, d.format, d.content_hash, count(r.id) FROM documents d"
            " LEFT JOIN records r ON r.document_id = d.id GROUP BY d.id ORDER BY d.id"
        ).fetchall()
        return [
            {"id": r[0], "source": r[1], "format": r[2], "content_hash": r[3], "records": r[4]}
            for r in rows
        ]

    @_sqlite_errors
    def record(self, record_id: int | str) -> Reference:
        rid = queries.record_id(record_id)
        row = self._db.execute("SELECT id, csl FROM records WHERE id = ?", (rid,)).fetchone()
        if row is None:
            raise StoreError(f"no record r{rid} in the library")
        return queries.reference(row[0], row[1])

    @_sqlite_errors
    def records(self, work_id: int | str | None = None) -> list[Reference]:
        """Every record (``id`` = ``r<number>``), or the records of one work."""
        if work_id is None:
            rows = self._db.execute("SELECT id, csl FROM records ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT id, csl FROM records WHERE work_id = ? ORDER BY id",
                (queries.work_id(work_id),),
            )
        return [queries.reference(rid, csl) for rid, csl in rows]

    @_sqlite_errors
    def failures(self) -> list[Failure]:
        rows = self._db.execute("SELECT raw, error, location FROM failures ORDER BY id")
        return [Failure(raw, error, Location(location)) for raw, error, location in rows]

    # -- deduplication ----------------------------------------------------------------------
    @_sqlite_errors
    def dedup(self, *, workers: int | None = None, attempts: int = 3) -> DedupSummary:
        """Cluster every record into works again, respecting "not a duplicate" marks.

        Records are read and works written in one transaction. Reading does not block
        imports; when one commits before the works are written, the transaction cannot
        write (its snapshot is stale) and dedup starts again from the new records. The
        last of ``attempts`` holds the write lock from the start. Records, imports and user
        decisions are never touched.
        """
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            self._db.execute("BEGIN IMMEDIATE" if last else "BEGIN")
            try:
                summary = self._dedup_in_transaction(workers)
            except sqlite3.OperationalError as exc:
                self._db.execute("ROLLBACK")
                if last or not is_busy(exc):
                    raise
                continue
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return summary
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _dedup_in_transaction(self, workers: int | None) -> DedupSummary:
        db = self._db
        rows = db.execute("SELECT id, csl FROM records ORDER BY id").fetchall()
        ids = [r[0] for r in rows]
        index = {rid: i for i, rid in enumerate(ids)}
        keys = map_keys([queries.reference(rid, csl) for rid, csl in rows], record_key, workers)
        cannot = [
            (index[a], index[b])
            for a, b in db.execute("SELECT record_a, record_b FROM not_duplicates")
            if a in index and b in index
        ]
        clusters = deduplicate(keys, not_duplicates=cannot, workers=workers)
        merges = relations = refused = 0
        db.execute("DELETE FROM links")  # the first write: fails here if the snapshot is stale
        db.execute("DELETE FROM works")
        assignments: list[tuple[int, int]] = []
        link_rows = []
        work_rows = []
        for cluster in clusters:
            work = ids[cluster.members[0]]
            dois = Counter(keys[m].doi for m in cluster.members if keys[m].doi)
            work_rows.append((work, dois.most_common(1)[0][0] if dois else "", cluster.score))
            assignments.extend((work, ids[m]) for m in cluster.members)
            for link in (*cluster.links, *cluster.relations, *cluster.refused):
                link_rows.append(
                    (
                        link.kind,
                        ids[link.a],
                        ids[link.b],
                        link.score,
                        link.margin,
                        json.dumps(list(link.evidence), ensure_ascii=False),
                    )
                )
            merges += len(cluster.links)
            relations += len(cluster.relations)
            refused += len(cluster.refused)
        db.executemany("INSERT INTO works (id, doi, score) VALUES (?, ?, ?)", work_rows)
        db.executemany("UPDATE records SET work_id = ? WHERE id = ?", assignments)
        db.executemany(
            "INSERT INTO links (kind, record_a, record_b, score, margin, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            link_rows,
        )
        return DedupSummary(len(ids), len(clusters), merges, relations, refused)

    @_sqlite_errors
    def works(self) -> list[Work]:
        """Every work with its records and relations (see :meth:`work`), in one query."""
        return queries.works(self._db)

    @_sqlite_errors
    def work(self, work_id: int | str) -> Work:
        """A work: its records, its DOI, and its relations.

        ``Work.relations`` holds ``(kind, target)`` pairs. Between works the target is the other
        work (``"w12"``): ``("preprint-of", "w12")`` says this work is a preprint of work 12.
        Inside the work, a record that renders another in a second language or script is
        listed as ``("translation-of", "r7>r3")`` or ``("transliteration-of", "r7>r3")``:
        record 7 is the English or transliterated rendering of record 3.
        """
        wid = queries.work_id(work_id)
        found = queries.works(self._db, wid)
        if not found:
            raise StoreError(f"no work w{wid} in the library (run dedup first?)")
        return found[0]

    @_sqlite_errors
    def links(self, work_id: int | str) -> list[dict[str, Any]]:
        """The decisions behind a work: merges, relations and refused merges with evidence."""
        members = [queries.record_id(r.id) for r in self.records(work_id)]
        placeholders = ",".join("?" * len(members))
        rows = self._db.execute(
            f"SELECT kind, record_a, record_b, score, margin, evidence FROM links"
            f" WHERE record_a IN ({placeholders}) OR record_b IN ({placeholders}) ORDER BY id",
            members + members,
        )
        return [
            {
                "kind": k,
                "a": f"r{a}",
                "b": f"r{b}",
                "score": s,
                "margin": m,
                "evidence": json.loads(e),
            }
            for k, a, b, s, m, e in rows
        ]

    @_sqlite_errors
    def explain(self, a: int | str, b: int | str) -> Explanation:
        """Why two records are, or are not, one work (recomputed from the records now)."""
        ra, rb = self.record(a), self.record(b)
        result = explain(record_key(ra), record_key(rb))
        ida, idb = sorted((queries.record_id(a), queries.record_id(b)))
        if self._db.execute(
            "SELECT 1 FROM not_duplicates WHERE record_a = ? AND record_b = ?", (ida, idb)
        ).fetchone():
            result = attrs.evolve(
                result, evidence=(*result.evidence, "a person marked them as not one work")
            )
        return result

    # -- decisions --------------------------------------------------------------------------
    @_sqlite_errors
    def mark_not_duplicate(self, a: int | str, b: int | str, note: str = "") -> None:
        """Two records are different works: no later dedup puts them in one work."""
        ida, idb = sorted((queries.record_id(a), queries.record_id(b)))
        if ida == idb:
            raise StoreError("a record cannot be a non-duplicate of itself")
        self.record(ida), self.record(idb)
        with write(self._db) as db:
            db.execute(
                "INSERT OR REPLACE INTO not_duplicates (record_a, record_b, note, created_at)"
                " VALUES (?, ?, ?, ?)",
                (ida, idb, note, _now()),
            )

    @_sqlite_errors
    def protect(self, record_id: int | str, field: str) -> None:
        """This record's value of ``field`` wins in its work's merged view, whatever the votes."""
        if field not in MERGE_FIELDS:
            raise StoreError(f"not a mergeable field: {field!r} (one of {', '.join(MERGE_FIELDS)})")
        rid = queries.record_id(record_id)
        self.record(rid)
        with write(self._db) as db:
            db.execute(
                "INSERT OR IGNORE INTO protected_fields (record_id, field, created_at)"
                " VALUES (?, ?, ?)",
                (rid, field, _now()),
            )

    @_sqlite_errors
    def decisions(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "not_duplicates": [
                {"a": f"r{a}", "b": f"r{b}", "note": n}
                for a, b, n in self._db.execute(
                    "SELECT record_a, record_b, note FROM not_duplicates"
                )
            ],
            "protected": [
                {"record": f"r{r}", "field": f}
                for r, f in self._db.execute("SELECT record_id, field FROM protected_fields")
            ],
        }

    # -- merged view and export ---------------------------------------------------------------
    @_sqlite_errors
    def merged(self, work_id: int | str) -> MergedWork:
        """A work's fields merged by vote, protected values first, every source kept.

        For each field the value given by most records wins (ties: the earliest record); a
        protected value wins over any vote. All other values stay in ``alternatives``.
        """
        wid = queries.work_id(work_id)
        records = self.records(wid)
        if not records:
            raise StoreError(f"no work w{wid} in the library (run dedup first?)")
        ids = [queries.record_id(r.id) for r in records]
        protected: dict[str, int] = {}
        for rid, field in self._db.execute(
            "SELECT record_id, field FROM protected_fields"
            f" WHERE record_id IN ({','.join('?' * len(ids))})"
            " ORDER BY created_at",
            ids,
        ):
            protected[field] = rid
        return MergedWork(wid, tuple(ids), vote(ids, records, protected))

    @_sqlite_errors
    def export(self, format: str = "csljson", **opts: Any) -> str:
        """Every work's merged record in a bibliographic format (bibtex, csljson, ris…)."""
        refs = [
            self.merged(wid).to_reference()
            for (wid,) in self._db.execute("SELECT id FROM works ORDER BY id").fetchall()
        ]
        return dump(refs, format, **opts)

    # -- DOI checks ---------------------------------------------------------------------------
    @_sqlite_errors
    def add_doi_check(self, record_id: int | str, check: DoiCheck) -> None:
        rid = queries.record_id(record_id)
        self.record(rid)
        with write(self._db) as db:
            db.execute(
                "INSERT INTO doi_checks (record_id, doi, status, result, checked_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    rid,
                    check.doi,
                    check.status,
                    json.dumps(check.to_dict(), ensure_ascii=False),
                    _now(),
                ),
            )

    @_sqlite_errors
    def doi_checks(self, record_id: int | str) -> list[DoiCheck]:
        rows = self._db.execute(
            "SELECT result FROM doi_checks WHERE record_id = ? ORDER BY id",
            (queries.record_id(record_id),),
        )
        return [queries.doi_check(result) for (result,) in rows]

    @_sqlite_errors
    def stats(self) -> dict[str, int]:
        def count(table: str) -> int:
            return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        return {t: count(t) for t in ("documents", "records", "works", "links", "failures")}
