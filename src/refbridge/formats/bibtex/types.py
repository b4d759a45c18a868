"""BibTeX/BibLaTeX entry types and babel language names, and their CSL counterparts."""

from __future__ import annotations

import attrs

from ...model import CSL_TYPES


@attrs.frozen
class _Type:
    csl: str
    biblatex: str
    bibtex: str
    subtype: str = ""  # ``entrysubtype``, written when the entry type alone does not say it


_TYPES = (
    _Type("article-journal", "article", "article"),
    _Type("article-magazine", "article", "article", "magazine"),
    _Type("article-newspaper", "article", "article", "newspaper"),
    _Type("book", "book", "book"),
    _Type("chapter", "incollection", "incollection"),
    _Type("paper-conference", "inproceedings", "inproceedings"),
    _Type("thesis", "thesis", "phdthesis"),
    _Type("report", "report", "techreport"),
    _Type("webpage", "online", "misc", "webpage"),
    _Type("post-weblog", "online", "misc", "post-weblog"),
    _Type("manuscript", "unpublished", "unpublished"),
    _Type("pamphlet", "booklet", "booklet"),
    _Type("entry-encyclopedia", "inreference", "incollection", "encyclopedia"),
    _Type("entry-dictionary", "inreference", "incollection", "dictionary"),
    _Type("dataset", "dataset", "misc", "dataset"),
    _Type("software", "software", "misc", "software"),
    _Type("patent", "patent", "misc", "patent"),
    _Type("standard", "misc", "misc", "standard"),
    _Type("legislation", "misc", "misc", "legislation"),
    _Type("periodical", "periodical", "misc", "periodical"),
    _Type("review", "misc", "article", "review"),
    _Type("document", "misc", "misc"),
)
_BY_CSL = {t.csl: t for t in _TYPES}
_FROM_ENTRY: dict[tuple[str, str], str] = {}
for _t in _TYPES:
    _FROM_ENTRY.setdefault((_t.biblatex, _t.subtype), _t.csl)
    _FROM_ENTRY.setdefault((_t.bibtex, _t.subtype), _t.csl)
    if not (_t.subtype and _t.biblatex == "misc"):  # @misc alone is a document
        _FROM_ENTRY.setdefault((_t.biblatex, ""), _t.csl)  # @online alone is a web page
# Other entry types we read; the original name is kept for writing back.
_ALIASES = {
    "conference": "paper-conference",
    "mastersthesis": "thesis",
    "techreport": "report",
    "electronic": "webpage",
    "www": "webpage",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "collection": "book",
    "mvbook": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "manual": "book",
    "jurisdiction": "legal_case",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "video": "motion_picture",
    "audio": "song",
    "music": "song",
    "image": "graphic",
    "artwork": "graphic",
    "performance": "performance",
    # biblatex lists these, but its data model gives them no fields: we write @misc
    "standard": "standard",
    "legislation": "legislation",
    "review": "review",
}
_BIBTEX_TYPES = frozenset(
    """article book booklet conference inbook incollection inproceedings manual mastersthesis
    misc phdthesis proceedings techreport unpublished""".split()
)
_PERIODICAL_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "periodical", "review"}
)
_WEB_TYPES = frozenset({"webpage", "post-weblog"})
_IN_BOOK_TYPES = frozenset(
    {"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"}
)


def _type_row(csl_type: str) -> _Type:
    """How a CSL type is written; types BibLaTeX has no entry type for are @misc + subtype."""
    return _BY_CSL.get(csl_type) or _Type(csl_type, "misc", "misc", csl_type)


def _csl_type(entry_type: str, subtype: str) -> tuple[str, bool]:
    """CSL type for an entry type (+ entrysubtype); the flag says the subtype was used."""
    if (entry_type, subtype) in _FROM_ENTRY and subtype:
        return _FROM_ENTRY[entry_type, subtype], True
    if entry_type == "misc" and subtype in CSL_TYPES and subtype != "document":
        return subtype, True  # how we write CSL types BibLaTeX has no entry type for
    if (entry_type, "") in _FROM_ENTRY:
        return _FROM_ENTRY[entry_type, ""], False
    return _ALIASES.get(entry_type, "document"), False


# --------------------------------------------------------------------------------------------
# Languages: Reference.language is a BCP 47 code, langid/origlanguage are babel names.

_BABEL = {
    "ru": "russian",
    "en": "english",
    "en-US": "american",
    "en-GB": "british",
    "kk": "kazakh",
    "uk": "ukrainian",
    "be": "belarusian",
    "ky": "kyrgyz",
    "uz": "uzbek",
    "az": "azerbaijani",
    "hy": "armenian",
    "ka": "georgian",
    "tt": "tatar",
    "de": "ngerman",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "pl": "polish",
    "cs": "czech",
    "sk": "slovak",
    "bg": "bulgarian",
    "sr": "serbian",
    "hr": "croatian",
    "sl": "slovenian",
    "ro": "romanian",
    "hu": "magyar",
    "fi": "finnish",
    "et": "estonian",
    "lv": "latvian",
    "lt": "lithuanian",
    "sv": "swedish",
    "da": "danish",
    "nb": "norsk",
    "nl": "dutch",
    "el": "greek",
    "tr": "turkish",
    "he": "hebrew",
    "ar": "arabic",
    "zh": "chinese",
    "ja": "japanese",
    "ko": "korean",
}
_FROM_BABEL = {v: k for k, v in _BABEL.items()} | {
    "german": "de",
    "usenglish": "en-US",
    "ukenglish": "en-GB",
    "hungarian": "hu",
    "norwegian": "nb",
    "portuges": "pt",
    "русский": "ru",
    "английский": "en",
}


def _babel_name(code: str) -> str:
    return _BABEL.get(code, code)


def _language_code(name: str) -> str:
    return _FROM_BABEL.get(name.strip().lower(), name.strip())
