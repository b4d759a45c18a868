"""Sub-commands of the ``refbridge`` CLI, one module each.

A module here defines ``register(subparsers)``, which adds its parser and sets
``handler=function(args) -> int`` with ``parser.set_defaults``. Shared helpers for reading
inputs and writing outputs are in :mod:`refbridge.commands._io`.

The CLI imports only the module of the command it runs, so each command pays only for the
libraries it uses; :data:`SUMMARIES` is the one-line help that ``refbridge --help`` lists
without importing any of them.
"""

SUMMARIES = {
    "check-citations": "check in-text citations against the reference list",
    "check-dois": "check the DOIs (and links) of reference lists, BibTeX, RIS or CSL-JSON files",
    "convert": "convert a bibliography between BibTeX/BibLaTeX, CSL-JSON and RIS",
    "dedup": "cluster the records of one file into works (no library needed)",
    "extract": "find and parse the reference lists of documents",
    "find-doi": "find the DOIs of references (one per line), validated against each reference",
    "library": "keep references in a library file; works, merges, export",
    "pair": "pair the entries of a Russian and an English reference list",
    "parse": "parse reference strings (one per line) into CSL-JSON lines",
    "references-en": "write the English (transliterated) list from a Russian one",
    "render": "render a bibliography or a document's references in a CSL style",
    "resolve": "look up DOIs: Crossref, then the registration agency, then doi.org",
    "translit": "transliterate Cyrillic text by a named scheme",
}
