"""DOIs: repair and find them (:mod:`.syntax`), resolve them (:mod:`.resolve`), find the
missing ones (:mod:`.find`) and check every one of a reference list (:mod:`.check`),
through one polite HTTP client (:mod:`.client`). See docs/doi.md.
"""

from __future__ import annotations

from .check import UrlCheck, check_doi, check_dois, check_urls
from .client import DoiClient
from .find import DoiSearch, find_doi
from .resolve import Resolution, resolve_doi
from .syntax import DoiRepair, find_dois, normalize_doi, repair_doi

__all__ = [
    "DoiClient",
    "DoiRepair",
    "DoiSearch",
    "Resolution",
    "UrlCheck",
    "check_doi",
    "check_dois",
    "check_urls",
    "find_doi",
    "find_dois",
    "normalize_doi",
    "repair_doi",
    "resolve_doi",
]
