"""DOIs: repair and find them (:mod:`.syntax`), resolve them (:mod:`.resolve`), find the
missing ones (:mod:`.find`) and check every one of a reference list (:mod:`.check`),
through one polite HTTP client (:mod:`.client`), which checks every answer's shape
(:mod:`.shapes`). See docs/doi.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

# Loaded on first use: .syntax is pure Python, the others need requests (see refbridge/_lazy.py).
_NAMES = {
    **{
        name: (".check", name)
        for name in ("CheckInterrupted", "UrlCheck", "check_doi", "check_dois", "check_urls")
    },
    "DoiClient": (".client", "DoiClient"),
    **{name: (".find", name) for name in ("DoiSearch", "find_doi")},
    **{name: (".resolve", name) for name in ("Resolution", "resolve_doi")},
    **{
        name: (".syntax", name)
        for name in ("DoiRepair", "find_dois", "normalize_doi", "repair_doi")
    },
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = attach(__name__, _NAMES)

if TYPE_CHECKING:
    from .check import CheckInterrupted, UrlCheck, check_doi, check_dois, check_urls
    from .client import DoiClient
    from .find import DoiSearch, find_doi
    from .resolve import Resolution, resolve_doi
    from .syntax import DoiRepair, find_dois, normalize_doi, repair_doi
