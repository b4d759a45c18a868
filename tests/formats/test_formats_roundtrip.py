"""Hypothesis round trips: BibTeX -> CSL-JSON -> BibTeX and RIS -> CSL-JSON -> RIS lose no field.

Records are generated with every field the formats carry (Latin and Cyrillic text, LaTeX
special characters, particles and suffixes, organisations, partial dates, CSL variables
outside the model, fields and tags with no CSL equivalent), written, read back, sent through
CSL-JSON and written again.
"""

from __future__ import annotations

import re

import attrs
import bibtexparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refbridge import Provenance, Reference
from refbridge.formats import bibtex, csljson, ris
from refbridge.formats.citekeys import assign_keys
from strategies import CYRILLIC, LATIN, LETTERS, capitalised, digits, phrase, references, word

DIALECTS = bibtex.DIALECTS
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bibliographic(ref: Reference, key: str) -> Reference:
    """What BibTeX is expected to keep: all but raw text, provenance and confidences."""
    return attrs.evolve(ref, id=key, raw="", provenance=None, confidence=None, field_confidence={})


def through_csl(refs: list[Reference]) -> list[Reference]:
    """The records written as CSL-JSON and read back; each item's ``id`` is its citation key
    (a valid key the record had is kept), given back as it was for comparison."""
    result = csljson.loads(csljson.dumps(refs))
    assert result.failures == []
    assert [ref.id for ref in result.references] == assign_keys(refs)
    return [
        attrs.evolve(back, id=ref.id) for back, ref in zip(result.references, refs, strict=True)
    ]


# -- CSL-JSON ---------------------------------------------------------------------------------


@given(references(), st.text(), st.none() | st.floats(0, 1))
@SETTINGS
def test_csl_json_round_trip_is_exact(ref, raw, confidence):
    ref = attrs.evolve(ref, raw=raw, confidence=confidence, provenance=Provenance("d.txt", 0, 1))
    assert Reference.from_csl(ref.to_csl()) == ref
    assert through_csl([ref]) == [ref]


# -- BibTeX -----------------------------------------------------------------------------------


@given(st.lists(references(), min_size=1, max_size=3), st.sampled_from(bibtex.DIALECTS))
@SETTINGS
def test_bibtex_written_rereads_with_zero_failed_blocks_and_every_field(refs, dialect):
    text = bibtex.dumps(refs, dialect)
    assert "\\CYR" not in text
    assert bibtexparser.parse_string(text).failed_blocks == []
    result = bibtex.loads(text)
    assert result.failures == [] and result.warnings == []
    keys = [ref.id for ref in result.references]
    back = [bibtex.without_source(ref) for ref in result.references]
    assert back == [bibliographic(r, k) for r, k in zip(refs, keys, strict=True)]


@given(st.lists(references(), min_size=1, max_size=3), st.sampled_from(bibtex.DIALECTS))
@SETTINGS
def test_bibtex_to_csl_json_to_bibtex_loses_no_field(refs, dialect):
    first = bibtex.dumps(refs, dialect)
    read = bibtex.loads(first).references
    again = bibtex.dumps(through_csl(read), dialect)
    assert again == first  # byte for byte: every field, value and key survives


# -- RIS --------------------------------------------------------------------------------------

RIS_TYPES = ["JOUR", "BOOK", "CHAP", "CONF", "CPAPER", "THES", "RPRT", "ELEC", "WEB", "GEN",
             "NEWS", "MGZN", "EJOUR", "EBOOK", "UNPB", "DATA", "STAT"]  # fmt: skip
ris_text = phrase(LETTERS + "0123456789&%$#_-.,:;()/+?!")
ris_name = st.one_of(
    st.builds("{}, {}".format, capitalised(), capitalised()),
    st.builds("{}, {}., {}".format, capitalised(), word(LATIN.upper(), 1), st.just("Jr.")),
    st.builds("van der {}, {}".format, capitalised(), capitalised()),
    st.lists(capitalised(), min_size=1, max_size=4).map(" ".join),
)
ris_tags = st.fixed_dictionaries(
    {"TI": st.lists(ris_text, min_size=1, max_size=1)},
    optional={
        "AU": st.lists(ris_name, min_size=1, max_size=4),
        "ED": st.lists(ris_name, min_size=1, max_size=2),
        "T2": st.lists(ris_text, min_size=1, max_size=1),
        "J2": st.lists(ris_text, min_size=1, max_size=1),
        "PY": st.lists(st.integers(1000, 2100).map(str), min_size=1, max_size=1),
        "VL": st.lists(digits, min_size=1, max_size=1),
        "IS": st.lists(digits, min_size=1, max_size=1),
        "SP": st.lists(digits, min_size=1, max_size=1),
        "PB": st.lists(ris_text, min_size=1, max_size=1),
        "CY": st.lists(ris_text, min_size=1, max_size=1),
        "DO": st.lists(st.builds("10.{}/{}".format, digits, word(LATIN)), min_size=1, max_size=1),
        "UR": st.lists(
            st.builds("https://example.org/{}".format, word(LATIN)), min_size=1, max_size=2
        ),
        "SN": st.lists(
            st.sampled_from(["2500-2325", "978-5-00-000000-0", "1234-567X"]), min_size=1, max_size=3
        ),
        "LA": st.lists(st.sampled_from(["ru", "en", "kk"]), min_size=1, max_size=1),
        "AB": st.lists(ris_text, min_size=1, max_size=1),
        "KW": st.lists(
            st.one_of(word(), st.builds("{}, {}".format, word(), word())), min_size=1, max_size=4
        ),
        "N1": st.lists(ris_text, min_size=1, max_size=2),
        "C1": st.lists(ris_text, min_size=1, max_size=2),
        "AN": st.lists(digits, min_size=1, max_size=1),
        "ID": st.lists(word(LATIN + "0123456789"), min_size=1, max_size=1),
        "A3": st.lists(ris_name, min_size=1, max_size=2),
        "A4": st.lists(ris_name, min_size=1, max_size=2),
        "T3": st.lists(ris_text, min_size=1, max_size=1),
        "Y2": st.lists(st.sampled_from(["2020/01/15", "2021/12"]), min_size=1, max_size=1),
        "DA": st.lists(st.sampled_from(["2019/12/06", "2018/03"]), min_size=1, max_size=1),
        "EP": st.lists(digits, min_size=1, max_size=1),
        "M1": st.lists(digits, min_size=1, max_size=1),
        "M3": st.lists(ris_text, min_size=1, max_size=1),
        "ET": st.lists(ris_text, min_size=1, max_size=1),
        "ST": st.lists(ris_text, min_size=1, max_size=1),
        "NV": st.lists(digits, min_size=1, max_size=1),
        "SE": st.lists(ris_text, min_size=1, max_size=1),
        "CN": st.lists(ris_text, min_size=1, max_size=1),
        "OP": st.lists(ris_text, min_size=1, max_size=1),
        "DB": st.lists(ris_text, min_size=1, max_size=2),
    },
)


@st.composite
def ris_records(draw: st.DrawFn) -> str:
    ty = draw(st.sampled_from(RIS_TYPES))
    tags = draw(ris_tags)
    lines = [f"TY  - {ty}"]
    for tag, values in tags.items():
        lines.extend(f"{tag}  - {value}" for value in values)
    return "\n".join([*lines, "ER  - "]) + "\n"


def tag_values(text: str) -> list[tuple[str, str]]:
    pairs = re.findall(r"^([A-Z][A-Z0-9])  - (.*)$", text, re.MULTILINE)
    return sorted((tag, " ".join(value.split())) for tag, value in pairs if tag != "ER")


@given(st.lists(ris_records(), min_size=1, max_size=3).map("\n".join))
@SETTINGS
def test_ris_to_csl_json_to_ris_loses_no_field(text):
    read = ris.loads(text)
    assert read.failures == [] and read.warnings == []
    again = ris.dumps(through_csl(read.references))
    assert ris.loads(again).references == read.references
    # Every tag and value of the input is in the output, which may say more (a PY for a
    # DA). One is said otherwise: an end page with no start page is the page, written SP.
    written = tag_values(again)
    missing = [pair for pair in tag_values(text) if pair not in written]
    assert all(tag == "EP" and ("SP", value) in written for tag, value in missing), missing


# -- BibTeX as people write it ------------------------------------------------------------------

ENTRY_TYPES = ["article", "book", "incollection", "inproceedings", "inbook", "phdthesis",
               "mastersthesis", "techreport", "misc", "online", "unpublished", "proceedings",
               "manual", "booklet", "report", "thesis", "conference"]  # fmt: skip
latex_word = st.one_of(
    word(LATIN + CYRILLIC),
    st.sampled_from(['M{\\"u}ller', "{DNA}", "\\&", "50\\%", "{\\'e}t{\\'e}", "a--b", "``q''"]),
)
latex_text = st.lists(latex_word, min_size=1, max_size=4).map(" ".join)
bib_name = st.one_of(
    st.builds("{}, {}".format, capitalised(), capitalised()),
    st.builds("{} {}".format, capitalised(), capitalised()),
    st.builds("von {}, {}".format, capitalised(), capitalised()),
    st.builds("{{{} {}}}".format, capitalised(), capitalised()),
)
bib_fields = st.fixed_dictionaries(
    {"title": latex_text},
    optional={
        "author": st.lists(bib_name, min_size=1, max_size=3).map(" and ".join),
        "editor": st.lists(bib_name, min_size=1, max_size=2).map(" and ".join),
        "journal": latex_text,
        "booktitle": latex_text,
        "publisher": latex_text,
        "address": latex_text,
        "school": latex_text,
        "year": st.integers(1000, 2100).map(str),
        "month": st.sampled_from(["jan", "{3}", "{December}"]),
        "volume": digits,
        "number": digits,
        "pages": st.builds("{}--{}".format, digits, digits),
        "doi": st.builds("10.{}/{}".format, digits, word(LATIN + "_-.")),
        "url": st.builds("https://example.org/{}".format, word(LATIN + "_%~-")),
        "isbn": st.just("978-5-00-000000-0"),
        "note": latex_text,
        "edition": digits,
        "series": latex_text,
        "keywords": st.lists(word(), min_size=1, max_size=3).map(", ".join),
        "abstract": latex_text,
        "langid": st.sampled_from(["russian", "english", "kazakh", "latin"]),
        "type": latex_text,
        "file": st.just(":a/b.pdf:PDF"),
        "owner": word(),
        "timestamp": st.just("2020-01-01T10:00:00Z"),
        "eprint": digits,
        "archiveprefix": st.just("arXiv"),
        "mendeley-tags": latex_text,
    },
)
# Field names a field may come back under (dialect, CSL's single container or publisher; a
# web page's site is howpublished in classic BibTeX).
ALIASES = {
    "journal": {"journaltitle", "booktitle", "organization", "howpublished"},
    "booktitle": {"journaltitle", "journal", "organization", "howpublished"},
    "address": {"location"},
    "school": {"institution", "publisher"},
    "publisher": {"institution", "school"},
    "year": {"date"},
    "month": {"date"},
}


@st.composite
def bib_entries(draw: st.DrawFn) -> str:
    fields = draw(bib_fields)
    body = ",\n".join(
        f"  {key} = {value}" if value == "jan" else f"  {key} = {{{value}}}"
        for key, value in fields.items()
    )
    entry_type = draw(st.sampled_from(ENTRY_TYPES))
    return f"@{entry_type}{{KEY,\n{body}\n}}\n"


def numbered(entries: list[str]) -> str:
    """Entries with distinct keys ref1, ref2…"""
    return "\n".join(e.replace("KEY", f"ref{i}", 1) for i, e in enumerate(entries, 1))


def without_original_type(ref: Reference) -> Reference:
    ref = bibtex.without_source(ref)
    custom = dict(ref.extra.get("custom") or {})
    kept = {k: v for k, v in (custom.get("bibtex") or {}).items() if k != "entrytype"}
    custom = {**custom, "bibtex": kept} if kept else {k: v for k, v in custom.items()
                                                     if k != "bibtex"}  # fmt: skip
    extra = (
        {**ref.extra, "custom": custom}
        if custom
        else {k: v for k, v in ref.extra.items() if k != "custom"}
    )
    return attrs.evolve(ref, extra=extra)


@given(st.lists(bib_entries(), min_size=1, max_size=3).map(numbered), st.sampled_from(DIALECTS))
@SETTINGS
def test_handwritten_bibtex_through_csl_json_loses_no_field(text, dialect):
    first = bibtex.loads(text)
    assert first.failures == []
    written = bibtex.dumps(through_csl(first.references), dialect)
    library = bibtexparser.parse_string(written)
    assert library.failed_blocks == []
    # The same records come back (the entry type may be the dialect's name for it).
    again = bibtex.loads(written).references
    assert [without_original_type(r) for r in again] == [
        without_original_type(attrs.evolve(r, id=a.id)) for r, a in zip(first.references, again,
                                                                         strict=True)
    ]  # fmt: skip

    # Every field written in the input is in the output, under its name or an alias.
    source = bibtexparser.parse_string(text)
    for entry_in, entry_out in zip(source.entries, library.entries, strict=True):
        out_names = {f.key for f in entry_out.fields}
        for name in (f.key.lower() for f in entry_in.fields):
            assert name in out_names or ALIASES.get(name, set()) & out_names, (name, written)
    if dialect == "biblatex":  # the dialect a .bib is read as: every field byte for byte
        assert as_written(written) == as_written(text)


def as_written(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each entry's fields as the file spells them (bibtexparser with no middleware)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    return {e.key: [(f.key, str(f.value)) for f in e.fields] for e in library.entries}
