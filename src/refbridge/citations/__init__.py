"""In-text citations checked against the reference list: missing, uncited, misspelt, ambiguous.

Editors check by hand that every citation in the text has an entry and every entry is cited.
:func:`check_citations` does it across scripts and spellings:

1. the body (the document without its reference lists) is scanned for citations: author–year
   in parentheses or square brackets — "(Trokal, 2019)", "(Tsvetkov & Dudin, 2019)",
   "(Myrzakhmetova et al., 2020)", "(Zhiltsov, 2016, p. 12)", several in one bracket, titles
   standing for authors "(Trade between Russia and Kazakhstan in 2019, 2020)", Russian
   "(Иванов, 2019)", "[Иванов и др., 2019, с. 5]"; narrative "Litvinov (2019)"; numeric "[1]",
   "[1, 3–5]", "[12, с. 45]";
2. each citation is linked to the entries of the list it belongs to (the list in the body's
   language), with a score and evidence: surnames matched across transliteration schemes and
   spellings (:func:`refbridge.text.surnames.match_surnames`), author order, year and a/b
   suffixes, titles for works without authors;
3. the report lists what is wrong: cited but not listed, listed but never cited, year
   mismatch, spelling or author order that differs (with both forms), ambiguous citations.

The three steps are one module each: :mod:`.find`, :mod:`.link` and :mod:`.report`;
:mod:`.records` holds what they return.
"""

from __future__ import annotations

from .find import find_citations
from .link import link_citations
from .records import ISSUE_KINDS, Citation, CitationIssue, CitationLink, CitationReport
from .report import check_citations

__all__ = [
    "ISSUE_KINDS",
    "Citation",
    "CitationIssue",
    "CitationLink",
    "CitationReport",
    "check_citations",
    "find_citations",
    "link_citations",
]
