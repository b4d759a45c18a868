"""The :class:`Library`: imports, deduplication, queries and decisions on one SQLite file.

* One file, WAL journal: many readers and one writer at a time (``busy_timeout`` waits for the
  writer instead of failing). The schema is versioned with ``PRAGMA user_version`` and upgraded
  by the ordered :data:`MIGRATIONS` when a library is opened.
* A library opened for writing is checked first (``PRAGMA quick_check``): a damaged file is a
  :class:`StoreError` naming the problem before anything is added. ``readonly=True`` opens it
  for reading only (also on read-only media); ``create=False`` refuses a path where there is
  no library, so a mistyped ``--library`` does not start an empty one. Every SQLite error is
  a :class:`StoreError` naming the file.
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
import os
import sqlite3
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
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
from .merge import MERGE_FIELDS, MergedWork, vote
from .schema import MIGRATIONS

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


def _record_id(value: int | str) -> int:
    """``12``, ``"12"`` and ``"r12"`` name record 12."""
    text = str(value).strip().lower().removeprefix("r")
    if not text.isdigit():
        raise StoreError(f"not a record id: {value!r}")
    return int(text)


def _work_id(value: int | str) -> int:
    text = str(value).strip().lower().removeprefix("w")
    if not text.isdigit():
        raise StoreError(f"not a work id: {value!r}")
    return int(text)


def _canonical_json(value: Any) -> Any:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


_Method = TypeVar("_Method", bound=Callable[..., Any])
#: Extended result codes: another connection wrote since this transaction's snapshot.
_BUSY = 5


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY, including BUSY_SNAPSHOT (another connection wrote since our snapshot)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    return code & 0xFF == _BUSY if code is not None else "locked" in str(exc)


def _sqlite_errors(method: _Method) -> _Method:
    """Turn any SQLite error inside a library method into a :class:`StoreError` naming the file."""

    @functools.wraps(method)
    def guarded(self: Library, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc

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
        if not self.path.exists() and (readonly or not create):
            raise StoreError(
                "no library here (mistyped --library? `refbridge library add FILE` creates one)",
                location=Location(str(path)),
            )
        if self.path.is_dir():
            raise StoreError("this is a folder, not a library file", location=Location(str(path)))
        if not readonly and self.path.exists() and not os.access(self.path, os.W_OK):
            raise StoreError("the library is read-only here", location=Location(str(path)))
        try:
            self._db = self._connect(timeout)
            self._db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self._db.execute("PRAGMA foreign_keys=ON")
            if readonly:
                self._check_schema()
            else:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._check_integrity()
                self._migrate()
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if not self.readonly:
            return sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}"
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(f"{uri}?mode=ro", timeout=timeout, isolation_level=None, uri=True)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:  # WAL on read-only media: no -shm can be made there
            if db is not None:
                db.close()
            return sqlite3.connect(
                f"{uri}?immutable=1", timeout=timeout, isolation_level=None, uri=True
            )

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        """What went wrong, in words, with the library's path."""
        text = str(exc)
        if "not a database" in text:
            text = "not a refbridge library (not an SQLite database, or its header is damaged)"
        elif "malformed" in text or "corrupt" in text:
            text = f"the library file is damaged ({exc}); restore it from a copy"
        elif "locked" in text or "busy" in text:
            text = "the library is busy (another refbridge is writing it); try again"
        elif "readonly" in text or "read-only" in text:
            text = "the library is read-only here"
        elif "unable to open" in text:
            text = "cannot open the library file (missing folder, or no permission)"
        return StoreError(text, location=Location(str(self.path)))

    def _check_integrity(self) -> None:
        """Refuse a damaged file before anything is written to it."""
        problems = [row[0] for row in self._db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise StoreError(
                f"the library file is damaged ({'; '.join(problems)}); restore it from a copy",
                location=Location(str(self.path)),
            )

    def _check_schema(self) -> None:
        version = self.schema_version
        if version != len(MIGRATIONS):
            state = "newer than this refbridge" if version > len(MIGRATIONS) else "older"
            raise StoreError(
                f"library schema {version} is {state} ({len(MIGRATIONS)} expected); open it"
                " for writing with a matching refbridge to upgrade it",
                location=Location(str(self.path)),
            )

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"library schema {version} is newer than this refbridge knows "
                f"({len(MIGRATIONS)}); upgrade refbridge",
                location=Location(str(self.path)),
            )
        if version == 0 and self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(
                "not a refbridge library (an SQLite database of something else)",
                location=Location(str(self.path)),
            )
        for number in range(version, len(MIGRATIONS)):
            with self._write() as db:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

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
        with self._write() as db:
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
        rid = _record_id(record_id)
        row = self._db.execute("SELECT id, csl FROM records WHERE id = ?", (rid,)).fetchone()
        if row is None:
            raise StoreError(f"no record r{rid} in the library")
        return self._reference(row[0], row[1])

    @_sqlite_errors
    def records(self, work_id: int | str | None = None) -> list[Reference]:
        """Every record (``id`` = ``r<number>``), or the records of one work."""
        if work_id is None:
            rows = self._db.execute("SELECT id, csl FROM records ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT id, csl FROM records WHERE work_id = ? ORDER BY id", (_work_id(work_id),)
            )
        return [self._reference(rid, csl) for rid, csl in rows]

    @staticmethod
    def _reference(rid: int, csl: str) -> Reference:
        data = json.loads(csl)
        data["id"] = f"r{rid}"
        return Reference.from_csl(data)

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
                if last or not _is_busy(exc):
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
        keys = map_keys([self._reference(rid, csl) for rid, csl in rows], record_key, workers)
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
        """Every work with its records and relations (see :meth:`work`), in four queries."""
        members: dict[int, list[Reference]] = defaultdict(list)
        for rid, csl, wid in self._db.execute(
            "SELECT id, csl, work_id FROM records WHERE work_id IS NOT NULL ORDER BY id"
        ):
            members[wid].append(self._reference(rid, csl))
        links: dict[int, list[tuple[str, int, int, int | None]]] = defaultdict(list)
        for kind, a, b, work_a, work_b in self._db.execute(
            "SELECT l.kind, l.record_a, l.record_b, ra.work_id, rb.work_id FROM links l"
            " JOIN records ra ON ra.id = l.record_a JOIN records rb ON rb.id = l.record_b"
            " ORDER BY l.id"
        ):
            links[work_a].append((kind, a, b, work_b))
        return [
            self._work(wid, doi, members[wid], links[wid])
            for wid, doi in self._db.execute("SELECT id, doi FROM works ORDER BY id")
        ]

    @_sqlite_errors
    def work(self, work_id: int | str) -> Work:
        """A work: its records, its DOI, and its relations.

        ``Work.relations`` holds ``(kind, target)`` pairs. Between works the target is the other
        work (``"w12"``): ``("preprint-of", "w12")`` says this work is a preprint of work 12.
        Inside the work, a record that renders another in a second language or script is
        listed as ``("translation-of", "r7>r3")`` or ``("transliteration-of", "r7>r3")``:
        record 7 is the English or transliterated rendering of record 3.
        """
        wid = _work_id(work_id)
        row = self._db.execute("SELECT id, doi FROM works WHERE id = ?", (wid,)).fetchone()
        if row is None:
            raise StoreError(f"no work w{wid} in the library (run dedup first?)")
        links = self._db.execute(
            "SELECT l.kind, l.record_a, l.record_b, rb.work_id FROM links l"
            " JOIN records ra ON ra.id = l.record_a JOIN records rb ON rb.id = l.record_b"
            " WHERE ra.work_id = ? ORDER BY l.id",
            (wid,),
        ).fetchall()
        return self._work(wid, row[1], self.records(wid), links)

    @staticmethod
    def _work(
        wid: int,
        doi: str,
        records: list[Reference],
        links: Iterable[tuple[str, int, int, int | None]],
    ) -> Work:
        """A work from its records and the links that start at them (with the target's work)."""
        relations: list[tuple[str, str]] = []
        for kind, a, b, target in links:
            if kind in ("transliteration-of", "translation-of") and target == wid:
                relations.append((kind, f"r{a}>r{b}"))
            elif kind not in ("same-as", "refused") and target != wid:
                relations.append((kind, f"w{target}"))
        return Work(
            id=f"w{wid}", records=records, doi=doi, relations=tuple(dict.fromkeys(relations))
        )

    @_sqlite_errors
    def links(self, work_id: int | str) -> list[dict[str, Any]]:
        """The decisions behind a work: merges, relations and refused merges with evidence."""
        members = [_record_id(r.id) for r in self.records(work_id)]
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
        ida, idb = sorted((_record_id(a), _record_id(b)))
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
        ida, idb = sorted((_record_id(a), _record_id(b)))
        if ida == idb:
            raise StoreError("a record cannot be a non-duplicate of itself")
        self.record(ida), self.record(idb)
        with self._write() as db:
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
        rid = _record_id(record_id)
        self.record(rid)
        with self._write() as db:
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
        wid = _work_id(work_id)
        records = self.records(wid)
        if not records:
            raise StoreError(f"no work w{wid} in the library (run dedup first?)")
        ids = [_record_id(r.id) for r in records]
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
        rid = _record_id(record_id)
        self.record(rid)
        with self._write() as db:
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
            (_record_id(record_id),),
        )
        out = []
        for (result,) in rows:
            data = json.loads(result)
            ref = Reference.from_csl(data["reference"]) if data.get("reference") else None
            out.append(
                DoiCheck(
                    data["input"],
                    data["doi"],
                    data["status"],
                    data.get("agency", ""),
                    tuple(data.get("evidence", ())),
                    ref,
                    tuple(data.get("sources", ())),
                )
            )
        return out

    @_sqlite_errors
    def stats(self) -> dict[str, int]:
        def count(table: str) -> int:
            return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        return {t: count(t) for t in ("documents", "records", "works", "links", "failures")}
