"""The library's schema: the ordered migrations that build and upgrade it.

``PRAGMA user_version`` counts the migrations applied; opening a library for writing
applies the missing ones in one transaction each (:meth:`Library._migrate`). A migration is
never edited once released: a change is a new migration appended to the tuple.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

#: Schema migrations, applied in order; ``PRAGMA user_version`` counts those applied.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        format TEXT NOT NULL DEFAULT '',
        added_at REAL NOT NULL
    );
    CREATE TABLE reference_lists (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        heading TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        line_start INTEGER,
        line_end INTEGER,
        UNIQUE (document_id, position)
    );
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        list_id INTEGER REFERENCES reference_lists(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        csl TEXT NOT NULL,
        doi TEXT NOT NULL DEFAULT '',
        work_id INTEGER,
        UNIQUE (document_id, position)
    );
    CREATE INDEX records_work ON records(work_id);
    CREATE INDEX records_doi ON records(doi);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        raw TEXT NOT NULL,
        error TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE works (
        id INTEGER PRIMARY KEY,
        doi TEXT NOT NULL DEFAULT '',
        score REAL NOT NULL DEFAULT 1.0
    );
    CREATE TABLE links (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        record_a INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        record_b INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        margin REAL,
        evidence TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX links_a ON links(record_a);
    CREATE INDEX links_b ON links(record_b);
    CREATE TABLE doi_checks (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        doi TEXT NOT NULL,
        status TEXT NOT NULL,
        result TEXT NOT NULL,
        checked_at REAL NOT NULL
    );
    CREATE TABLE not_duplicates (
        record_a INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        record_b INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        note TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        PRIMARY KEY (record_a, record_b),
        CHECK (record_a < record_b)
    );
    CREATE TABLE protected_fields (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (record_id, field)
    );
    """,
)
