"""BibTeX and BibLaTeX, read and written through bibtexparser 2.

Reading: bibtexparser splits the file into blocks; our parse stack resolves ``@string``
macros (also ``#`` concatenations, which bibtexparser leaves alone), strips enclosing braces,
normalises field-name case, turns months into numbers and splits name lists. We then decode
LaTeX (``{\\"o}`` -> ``ö``, ``\\&`` -> ``&``, ``--`` -> ``–``) in the fields we interpret,
never in verbatim fields (``url``, ``doi``: ``%`` and ``_`` are literal there), resolve
``crossref``/``xref`` inheritance, and map the entry to a :class:`~refbridge.model.Reference`.
A block bibtexparser cannot parse becomes a :class:`~refbridge.model.Failure` with its
1-based line; the blocks around it are read.

Writing: UTF-8 stays UTF-8 — Cyrillic is never turned into ``{\\CYRI}``-style escapes; only
the characters LaTeX gives a meaning to (``& % $ # _ { } ~ ^ \\``, the ``--`` and quote
ligatures) are escaped, so decoding what we write gives back exactly what we had.
``dialect="biblatex"`` (default) writes ``date``, ``journaltitle``, ``location``, ``langid``,
``@online``…; ``dialect="bibtex"`` writes ``year``/``month``, ``journal``, ``address``,
``@misc`` with ``howpublished`` for web pages, and keeps ``langid`` (ignored by BibTeX).

Nothing is lost on the way through CSL-JSON: fields with no CSL variable (``file``,
``owner``, ``crossref``, ``related``…) and the original entry type, when CSL cannot say it,
travel in ``Reference.extra["custom"]["bibtex"]`` and are written back as they were read.

Translations: ``dumps(refs, translation_of={i: j})`` says ``refs[i]`` is a translation of
``refs[j]`` (e.g. an English "References" entry of a Russian original) and writes the
BibLaTeX link ``related = {<key of j>}, relatedtype = {translationof}`` on ``i``, the
reverse ``translationas`` link on ``j``, and ``origlanguage`` on ``i``.
:func:`translation_links` reads such links back.
"""

from __future__ import annotations

import functools
import logging
import re

from .. import REGISTRY, Format
from .fields import DIALECTS, without_source
from .read import loads, translation_links
from .write import dumps

__all__ = ["DIALECTS", "dumps", "loads", "translation_links", "without_source"]

# bibtexparser logs every block it cannot parse (Python's last-resort handler prints it on
# stderr); loads() reports the same blocks as located Failures, so the log stays quiet
# unless an application configures logging itself.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def _sniff(head: bytes) -> bool:
    return re.search(rb"^\s*@[A-Za-z]+\s*[{(]", head, re.MULTILINE) is not None


REGISTRY.register(
    "biblatex",
    Format("biblatex", loads, dumps, {"dialect": "biblatex"}),
    suffixes=(".bib", ".biblatex"),
    sniff=_sniff,
)
REGISTRY.register(
    "bibtex",
    Format("bibtex", functools.partial(loads, dialect="bibtex"), dumps, {"dialect": "bibtex"}),
    suffixes=(".bibtex",),
)
