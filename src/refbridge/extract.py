"""Documents in, structured reference lists out: read -> find lists -> parse each entry.

:func:`extract` is the one entry point the CLI, the library and users share. Lists a reader
delivers as structure (JATS ``<ref-list>``) are taken as given; all other lists are found
by :func:`refbridge.sections.find_reference_lists` and every entry is parsed by
:func:`refbridge.parsing.parse_reference` with the list's language. An entry that cannot be
parsed becomes a :class:`~refbridge.model.Failure` in ``ReferenceList.failures`` with its
raw text and location; it never sinks the rest of the list.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from .errors import Location, ParseError
from .model import Document, Failure, Provenance, Reference, ReferenceList
from .readers import read_document
from .sections import FoundList, find_reference_lists

__all__ = ["extract", "parse_found_list"]


def _page(doc: Document, line: int) -> int | None:
    if doc.line_pages is None or not 0 < line <= len(doc.line_pages):
        return None
    return doc.line_pages[line - 1]


def parse_found_list(doc: Document, found: FoundList, list_index: int) -> ReferenceList:
    """Parse the entries of one found list; failures are kept with their location."""
    from .parsing import MAX_LENGTH, parse_reference

    entries: list[Reference] = []
    failures: list[Failure] = []
    for index, entry in enumerate(found.entries):
        location = Location(doc.source, entry.line_start, index)
        if len(entry.text) > MAX_LENGTH:
            failures.append(
                Failure(
                    entry.text[:MAX_LENGTH],
                    f"{len(entry.text)} characters is too long for one reference "
                    f"(limit {MAX_LENGTH}); the list may be mis-split here",
                    location,
                )
            )
            continue
        try:
            reference = parse_reference(entry.text, language=found.language or None)
        except (ParseError, ValueError) as exc:
            message = exc.message if isinstance(exc, ParseError) else str(exc)
            failures.append(Failure(entry.text, message, location))
            continue
        provenance = Provenance(
            document=doc.source,
            list_index=list_index,
            entry_index=index,
            line_start=entry.line_start,
            line_end=entry.line_end,
            page=_page(doc, entry.line_start),
        )
        entries.append(attrs.evolve(reference, provenance=provenance))
    return ReferenceList(
        heading=found.heading,
        language=found.language,
        entries=entries,
        failures=failures,
        source=doc.source,
        line_start=found.line_start,
        line_end=found.line_end,
    )


def extract(source: str | Path | Document, *, format: str | None = None) -> list[ReferenceList]:
    """Every reference list in a document, parsed into records.

    ``source`` is a path or an already read :class:`~refbridge.model.Document`; ``format``
    names a reader (``"pdf"``, ``"html"``, …) instead of detecting it. Raises
    :class:`~refbridge.errors.InputError` when the file cannot be read at all; a document
    without reference lists gives ``[]``.
    """
    doc = source if isinstance(source, Document) else read_document(source, format)
    if doc.structured_lists:
        return [
            attrs.evolve(found, source=found.source or doc.source) for found in doc.structured_lists
        ]
    return [
        parse_found_list(doc, found, index) for index, found in enumerate(find_reference_lists(doc))
    ]
