"""The library: one SQLite file of documents, records, works, relations, checks and decisions.

:mod:`.library` holds :class:`Library` (imports, deduplication, queries, decisions),
:mod:`.database` opening the file (checks, migrations, transactions, errors in words),
:mod:`.queries` rows read back as records, works and checks, :mod:`.schema` the migrations
that build the file, :mod:`.merge` the vote that gives each work its merged view. See
docs/library.md.
"""

from __future__ import annotations

from .library import AddResult, DedupSummary, Library
from .merge import MERGE_FIELDS, FieldValue, MergedWork
from .schema import MIGRATIONS

__all__ = [
    "MERGE_FIELDS",
    "MIGRATIONS",
    "AddResult",
    "DedupSummary",
    "FieldValue",
    "Library",
    "MergedWork",
]
