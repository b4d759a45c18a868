"""refbridge — citations and bibliographies, English and Russian.

The public API is what ``__all__`` lists; everything else is private and may change.

Names are imported on first use (PEP 562), so ``import refbridge`` and the CLI start fast:
the pairing code needs scipy, the DOI client requests, the readers lxml — a command that uses
none of them loads none of them.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ._lazy import attach

__version__ = "0.1.0"

# public name -> (module, attribute in it)
_LAZY: dict[str, tuple[str, str]] = {
    **{
        name: (".errors", name)
        for name in (
            "ConflictError",
            "DoiError",
            "FormatError",
            "InputError",
            "Location",
            "MissingExtraError",
            "NetworkError",
            "ParseError",
            "RefbridgeError",
            "RegistryError",
            "StoreError",
            "UnknownNameError",
        )
    },
    **{
        name: (".model", name)
        for name in (
            "Date",
            "Document",
            "DoiCheck",
            "Failure",
            "Name",
            "Pair",
            "PairingResult",
            "Provenance",
            "Reference",
            "ReferenceList",
            "Work",
        )
    },
    **{
        name: (".doi", name)
        for name in (
            "CheckInterrupted",
            "DoiClient",
            "check_dois",
            "check_urls",
            "find_doi",
            "find_dois",
            "normalize_doi",
            "repair_doi",
            "resolve_doi",
        )
    },
    "english_list": (".bilingual.english_list", "english_list"),
    "match_surnames": (".text.surnames", "match_surnames"),
    "surname_key": (".text.surnames", "surname_key"),
    "pair_lists": (".bilingual.pairing", "pair_lists"),
    "transliterate": (".bilingual.translit", "transliterate"),
    "check_citations": (".citations", "check_citations"),
    "Cluster": (".dedup", "Cluster"),
    "deduplicate": (".dedup", "deduplicate"),
    "extract": (".extract", "extract"),
    "LoadResult": (".formats", "LoadResult"),
    "dump_bibliography": (".formats", "dump"),
    "load_bibliography": (".formats", "load"),
    "parse_reference": (".parsing", "parse_reference"),
    "parse_references": (".parsing", "parse_references"),
    "read_document": (".readers", "read_document"),
    "render": (".render", "render"),
    "render_citations": (".render", "render_citations"),
    "render_entries": (".render", "render_entries"),
    "find_reference_lists": (".sections", "find_reference_lists"),
    "Library": (".store", "Library"),
}

__all__ = sorted([*_LAZY, "__version__"])


__getattr__, __dir__ = attach(__name__, _LAZY)


class _Package(types.ModuleType):
    """Keeps ``refbridge.render`` and ``refbridge.extract`` the functions of the same name.

    Importing a submodule binds it on its package; two public functions share their module's
    name, so that binding would shadow them once anything imported the submodule.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        lazy = _LAZY.get(name)
        if lazy and isinstance(value, types.ModuleType) and lazy[0] == f".{name}":
            value = getattr(value, lazy[1])
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # the static view of the same names, for type checkers and IDEs
    from .bilingual.english_list import english_list
    from .bilingual.pairing import pair_lists
    from .bilingual.translit import transliterate
    from .citations import check_citations
    from .dedup import Cluster, deduplicate
    from .doi import (
        CheckInterrupted,
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
        RegistryError,
        StoreError,
        UnknownNameError,
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
    from .text.surnames import match_surnames, surname_key
