"""The one label scheme for segments of a reference string.

Both parsers (the rules in :mod:`.rules` and the trained labeller) produce spans with these
labels, and :mod:`.postprocess` turns spans into a :class:`~refbridge.model.Reference`. The
training data's two schemes (AnyStyle and GROBID) are mapped onto this one.
"""

from __future__ import annotations

import attrs

#: Labels of segments; ``other`` marks text that belongs to no field (separators, "In:", "DOI:").
LABELS = (
    "author",
    "editor",
    "translator",
    "title",
    "container-title",
    "collection-title",
    "publisher",
    "location",
    "date",
    "volume",
    "issue",
    "pages",
    "edition",
    "genre",
    "doi",
    "url",
    "isbn",
    "accessed",
    "note",
    "citation-number",
    "other",
)


@attrs.frozen
class Span:
    """``text[start:end]`` of the reference string carries ``label``."""

    label: str = attrs.field()
    start: int
    end: int
    text: str
    confidence: float = 1.0

    @label.validator
    def _check(self, _attr: attrs.Attribute[str], value: str) -> None:
        if value not in LABELS:
            raise ValueError(f"unknown label {value!r}")
