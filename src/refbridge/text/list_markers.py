"""The marker that opens an entry of a printed list: "1.", "[12]", "(3)", "-", "•".

The section finder numbers entries by it, and the JATS reader strips it from a printed
citation ("[1] Smith J. …"); one pattern serves both.
"""

from __future__ import annotations

import re

__all__ = ["MARKER"]

#: The indentation and the list marker at the start of a line (groups ``indent``, ``marker``).
MARKER = re.compile(
    r"^(?P<indent>\s*)(?P<marker>[-*+•·▪◦‣]\s+|\[\d{1,5}\]\s*|\(\d{1,5}\)\s+|\d{1,5}[.)]\s+"
    r"|\d{1,5}\.(?=[A-ZА-ЯЁ«\"“])"
    # a bare number before a capital: The Lancet's "1 El-Galaly TC, …" (the numbering
    # must still run on, see sections.lines.consistent_markers)
    r"|\d{1,3}\s+(?=[A-ZА-ЯЁ]))"
)
