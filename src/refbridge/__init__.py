"""refbridge — citations and bibliographies, English and Russian.

The public API is what ``__all__`` lists; everything else is private and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .bilingual.english_list import english_list
from .bilingual.names import match_surnames, surname_key
from .bilingual.pairing import pair_lists
from .bilingual.translit import transliterate
from .citations import check_citations
from .dedup import Cluster, deduplicate
from .doi import (
    DoiClient,
    check_dois,
    check_urls,
    find_doi,
    find_dois,
    normalize_doi,
    repair_doi,
    resolve_doi,
)
from .errors import (
    ConflictError,
    DoiError,
    FormatError,
    InputError,
    Location,
    MissingExtraError,
    NetworkError,
    ParseError,
    RefbridgeError,
    StoreError,
)
from .extract import extract
from .formats import LoadResult
from .formats import dump as dump_bibliography
from .formats import load as load_bibliography
from .model import (
    Date,
    Document,
    DoiCheck,
    Failure,
    Name,
    Pair,
    PairingResult,
    Provenance,
    Reference,
    ReferenceList,
    Work,
)
from .parsing import parse_reference, parse_references
from .readers import read_document
from .render import render, render_citations, render_entries
from .sections import find_reference_lists
from .store import Library

__all__ = [
    "Cluster",
    "ConflictError",
    "Date",
    "Document",
    "DoiCheck",
    "DoiClient",
    "DoiError",
    "Failure",
    "FormatError",
    "InputError",
    "Library",
    "LoadResult",
    "Location",
    "MissingExtraError",
    "Name",
    "NetworkError",
    "Pair",
    "PairingResult",
    "ParseError",
    "Provenance",
    "RefbridgeError",
    "Reference",
    "ReferenceList",
    "StoreError",
    "Work",
    "__version__",
    "check_citations",
    "check_dois",
    "check_urls",
    "deduplicate",
    "dump_bibliography",
    "english_list",
    "extract",
    "find_doi",
    "find_dois",
    "find_reference_lists",
    "load_bibliography",
    "match_surnames",
    "normalize_doi",
    "pair_lists",
    "parse_reference",
    "parse_references",
    "read_document",
    "render",
    "render_citations",
    "render_entries",
    "repair_doi",
    "resolve_doi",
    "surname_key",
    "transliterate",
]
