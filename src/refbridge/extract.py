"""Documents in, structured reference lists out: read -> find lists -> parse each entry.

:func:`extract` is the one entry point the CLI, the library and users share. Lists a reader
delivers as structure (JATS ``<ref-list>``) are taken as given; all other lists are found
by :func:`refbridge.sections.find_reference_lists` and every entry is parsed by
:func:`refbridge.parsing.parse_reference` with the list's language. An entry that cannot be
parsed becomes a :class:`~refbridge.model.Failure` in ``ReferenceList.failures`` with its
raw text and location; it never sinks the rest of the list.
"""

from __future__ import annotations

import functools
from pathlib import Path

import attrs

from ._parallel import fork_map
from .bilingual.pairing import pair_lists
from .errors import Location, ParseError
from .model import Document, Failure, Provenance, Reference, ReferenceList
from .parsing import MAX_LENGTH, parse_reference
from .parsing.postprocess import repeat_names
from .readers import read_document
from .sections import FoundList, find_reference_lists

__all__ = ["TranslationLinks", "extract", "parse_found_list", "translation_links"]


def _page(doc: Document, line: int) -> int | None:
    if doc.line_pages is None or not 0 < line <= len(doc.line_pages):
        return None
    return doc.line_pages[line - 1]


def _parse_entry(language: str, segmenter: str | None, text: str) -> Reference | str:
    """One entry parsed, or why it could not be (a message)."""
    if len(text) > MAX_LENGTH:
        return (
            f"{len(text)} characters is too long for one reference "
            f"(limit {MAX_LENGTH}); the list may be mis-split here"
        )
    try:
        return parse_reference(text, language=language or None, segmenter=segmenter)
    except (ParseError, ValueError) as exc:
        return exc.message if isinstance(exc, ParseError) else str(exc)


def parse_found_list(
    doc: Document, found: FoundList, list_index: int, *, segmenter: str | None = None
) -> ReferenceList:
    """Parse the entries of one found list; failures are kept with their location.

    A long list (thousands of entries) is parsed on every core. ``segmenter`` names the
    parser (default: the library's default); a dash rule for the authors ("———.") takes the
    names of the entry above.
    """
    entries: list[Reference] = []
    failures: list[Failure] = []
    texts = [entry.text for entry in found.entries]
    parsed = fork_map(functools.partial(_parse_entry, found.language, segmenter), texts)
    for index, (entry, result) in enumerate(zip(found.entries, parsed, strict=True)):
        if isinstance(result, str):
            location = Location(doc.source, entry.line_start, index)
            failures.append(Failure(entry.text[:MAX_LENGTH], result, location))
            continue
        provenance = Provenance(
            document=doc.source,
            list_index=list_index,
            entry_index=index,
            line_start=entry.line_start,
            line_end=entry.line_end,
            page=_page(doc, entry.line_start),
        )
        result = repeat_names(entries[-1] if entries else None, result)
        entries.append(attrs.evolve(result, provenance=provenance))
    return ReferenceList(
        heading=found.heading,
        language=found.language,
        entries=entries,
        failures=failures,
        source=doc.source,
        line_start=found.line_start,
        line_end=found.line_end,
    )


def extract(
    source: str | Path | Document, *, format: str | None = None, segmenter: str | None = None
) -> list[ReferenceList]:
    """Every reference list in a document, parsed into records.

    ``source`` is a path or an already read :class:`~refbridge.model.Document`; ``format``
    names a reader (``"pdf"``, ``"html"``, …) instead of detecting it; ``segmenter`` names
    the parser of found entries (``refbridge.parsing.SEGMENTERS``; default the library's). Raises
    :class:`~refbridge.errors.InputError` when the file cannot be read at all; a document
    without reference lists gives ``[]``.
    """
    doc = source if isinstance(source, Document) else read_document(source, format)
    if doc.structured_lists:
        return [
            _complete(attrs.evolve(found, source=found.source or doc.source), segmenter)
            for found in doc.structured_lists
        ]
    return [
        parse_found_list(doc, found, index, segmenter=segmenter)
        for index, found in enumerate(find_reference_lists(doc))
    ]


def _complete(found: ReferenceList, segmenter: str | None) -> ReferenceList:
    """A list a reader gave as structure, with its entries that are only printed text (a JATS
    ``<mixed-citation>`` without tags) parsed; one that cannot be becomes a failure."""
    entries: list[Reference] = []
    failures = list(found.failures)
    for record in found.entries:
        if record != Reference(raw=record.raw, language=record.language,
                               provenance=record.provenance):  # fmt: skip
            entries.append(record)
            continue
        result = _parse_entry(record.language, segmenter, record.raw)
        if isinstance(result, str):
            line = record.provenance.line_start if record.provenance else None
            failures.append(Failure(record.raw[:MAX_LENGTH], result, Location(found.source, line)))
        else:
            entries.append(attrs.evolve(result, provenance=record.provenance))
    return attrs.evolve(found, entries=entries, failures=failures)


@attrs.frozen
class TranslationLinks:
    """Which English entries of a document translate which Russian ones, for BibTeX output.

    ``links`` maps the index of an English record to the index of its Russian original, both
    counted over the entries of the document's lists in order (the records
    ``[r for found in lists for r in found.entries]``), the shape
    ``refbridge.formats.bibtex.dumps(..., translation_of=...)`` takes. ``refused`` says, for
    each accepted pair left unlinked, which entries and why.
    """

    links: dict[int, int] = attrs.field(factory=dict)
    refused: tuple[str, ...] = ()


def translation_links(lists: list[ReferenceList]) -> TranslationLinks:
    """Pair the Russian list of one document with its English list (``pair_lists``).

    Only a document with exactly one ``ru`` and one ``en`` list is paired: with more, which
    list answers which is a guess. A pair whose two entries are in the same language (one
    English work cited the same way in both lists) is no translation and is refused.
    """
    by_language = {
        language: [i for i, found in enumerate(lists) if found.language == language]
        for language in ("ru", "en")
    }
    if len(by_language["ru"]) != 1 or len(by_language["en"]) != 1:
        return TranslationLinks()
    offsets = [0]
    for found in lists:
        offsets.append(offsets[-1] + len(found.entries))
    ru, en = by_language["ru"][0], by_language["en"][0]
    links: dict[int, int] = {}
    refused: list[str] = []
    for pair in pair_lists(lists[ru].entries, lists[en].entries).pairs:
        original, translation = lists[ru].entries[pair.a], lists[en].entries[pair.b]
        if original.language and original.language == translation.language:
            refused.append(
                f"{lists[ru].heading} entry {pair.a + 1} and {lists[en].heading} entry "
                f"{pair.b + 1} are both in {original.language!r}: the same work cited in "
                "both lists, not a translation"
            )
            continue
        links[offsets[en] + pair.b] = offsets[ru] + pair.a
    return TranslationLinks(links, tuple(refused))
