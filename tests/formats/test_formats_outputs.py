"""What the writers give the real tools: keys, case protection, initials, the data model,
formats by suffix, refusals, and bounded expansion of hostile input."""

from __future__ import annotations

import json
import resource
import time

import bibtexparser
import pytest

from paths import REFERENCES
from refbridge import Date, Name, Reference
from refbridge.cli import main
from refbridge.formats import bibtex, csljson, dump, load
from refbridge.formats.bibtex.datamodel import allowed
from refbridge.formats.titlecase import Casing, is_title_case, protected_spans

SEED_002 = REFERENCES / "002_dfc645286ca376c6.txt"


def fields_of(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def protected(title: str, known: tuple[str, ...] = ()) -> list[str]:
    return [title[a:b] for a, b in protected_spans(title, known)]


# -- case protection --------------------------------------------------------------------------


def test_sentence_and_title_case_are_told_apart():
    assert is_title_case("Security Cooperation between Russia and Kazakhstan: Challenges")
    assert not is_title_case("Trade and economic cooperation between Russia and Kazakhstan")
    assert not is_title_case("DNA")  # one word says nothing


def test_sentence_case_title_protects_every_capitalised_word_after_the_first():
    title = "Russian and Kazakhstan relations in the Caspian Region: a view from Astana"
    assert protected(title) == ["Kazakhstan", "Caspian Region", "Astana"]


def test_title_case_title_protects_known_proper_nouns_acronyms_and_inner_capitals():
    title = "Security Cooperation between Russia and Kazakhstan in the EU: Using iPhone Data"
    assert protected(title) == ["Russia", "Kazakhstan", "EU", "iPhone"]  # lexicon + shapes
    assert protected("Trade Of Astana Goods", ("astana",)) == ["Astana"]


def test_a_whole_title_is_never_wrapped_and_cyrillic_is_left_alone():
    assert protected("DNA") == []
    assert protected("Сотрудничество России и Казахстана") == []
    assert protected("Vitamin D and type I diabetes") == ["D", "I"]


def test_an_export_learns_proper_nouns_from_its_sentence_case_titles():
    casing = Casing(["Trade between Novosibirsk and the rest", "Novosibirsk Trade Routes"])
    title = "Novosibirsk Trade Routes and Omsk Markets"
    assert [title[a:b] for a, b in casing.spans(title)] == []  # first word, unknown "Omsk"
    assert casing.csl("Routes To Novosibirsk Today") == (
        'Routes To <span class="nocase">Novosibirsk</span> Today'
    )


def test_csl_json_titles_carry_nocase_spans_and_read_back_plain():
    ref = Reference(type="article-journal", title="Effects of DNA repair in Russia and China")
    (item,) = json.loads(csljson.dumps([ref]))
    assert item["title"] == (
        'Effects of <span class="nocase">DNA</span> repair in '
        '<span class="nocase">Russia</span> and <span class="nocase">China</span>'
    )
    assert csljson.loads(json.dumps([item])).references[0].title == ref.title


def test_bibtex_titles_are_braced_word_by_word():
    ref = Reference(type="article-journal", title="Effects of DNA repair in Russia and China")
    text = bibtex.dumps([ref])
    assert "title = {Effects of {DNA} repair in {Russia} and {China}}" in text


# -- names ------------------------------------------------------------------------------------


def test_multi_letter_initials_are_protected_in_both_dialects():
    ref = Reference(type="book", title="T", authors=(Name("Dzhantaleeva", "M. Sh."),
                    Name("Давыдова", "Дж. А."), Name("Юнусов", "Юлий")))  # fmt: skip
    assert "{Dzhantaleeva, M. {\\relax Sh}. and Давыдова, {Дж}. А. and Юнусов, Юлий}" in (
        bibtex.dumps([ref], "biblatex")
    )
    classic = bibtex.dumps([ref], "bibtex")  # 8-bit BibTeX: a UTF-8 letter braced whole
    assert (
        "{Dzhantaleeva, M. {\\relax Sh}. and Давыдова, {\\relax Дж}. {\\relax А}. "
        "and Юнусов, {\\relax Ю}лий}"
    ) in classic
    back = bibtex.loads(classic).references[0].authors
    assert [n.given for n in back] == ["M. Sh.", "Дж. А.", "Юлий"]


# -- BibLaTeX data model and classic BibTeX -----------------------------------------------------


def test_biblatex_fields_stay_where_biber_accepts_them():
    article = Reference(type="article-journal", title="T", volume="27–1", pages="40-45",
                        container_title="Sciences of Europe", issued=Date(2018),
                        authors=(Name("Mirzazadeh", "L. F."),), extra={"PMID": "123"})  # fmt: skip
    web = Reference(type="webpage", title="T", url="https://x.org", language="en",
                    original_language="ru", issued=Date(2020))  # fmt: skip
    art, page = fields_of(bibtex.dumps([article, web])).values()
    assert "volume" not in art and art["number"] == "27–1"  # volume is an integer in biber
    assert (art["eprint"], art["eprinttype"]) == ("123", "pubmed")
    assert "origlanguage" not in page and page["language"] == "russian"
    assert not allowed("online", "origlanguage") and allowed("article", "origlanguage")
    back = bibtex.loads(bibtex.dumps([web])).references[0]
    assert (back.language, back.original_language) == ("en", "ru")


def test_classic_web_page_has_url_once_the_site_and_a_key():
    page = Reference(type="webpage", title="Forum of Interregional Cooperation",
                     container_title="The President of Russia", url="http://kremlin.ru/e/1",
                     issued=Date(2019, 11, 7))  # fmt: skip
    text = bibtex.dumps([page], "bibtex")
    entry = fields_of(text)["forum2019interregional"]
    assert entry["howpublished"] == "The President of Russia"
    assert entry["key"] == "The President of"
    assert text.count("kremlin.ru") == 1
    assert bibtex.without_source(bibtex.loads(text, dialect="bibtex").references[0]) == (
        page.__class__(**{**_attrs(page), "id": "forum2019interregional"})
    )


def _attrs(ref: Reference) -> dict:
    import attrs

    return attrs.asdict(ref, recurse=False)


# -- round trips of a user's file ---------------------------------------------------------------

USER_BIB = r"""@techreport{smith2020,
  author = {Smith, John and {World Health Organization}},
  title = {The {DNA} of {Soviet} Science},
  institution = {MIT},
  type = {Working Paper},
  year = 2020,
  month = jan,
  language = {russian},
  origlanguage = {german},
  mendeley-tags = {x; y},
}
"""


def test_a_users_bib_through_csl_json_comes_back_byte_for_byte(tmp_path):
    source = tmp_path / "user.bib"
    source.write_text(USER_BIB, encoding="utf-8")
    assert main(["convert", str(source), str(tmp_path / "user.json")]) == 0
    assert main(["convert", str(tmp_path / "user.json"), str(tmp_path / "back.bib")]) == 0
    back = (tmp_path / "back.bib").read_text(encoding="utf-8")
    written = bibtexparser.parse_string(back, parse_stack=[]).entries[0]
    original = bibtexparser.parse_string(USER_BIB, parse_stack=[]).entries[0]
    assert written.entry_type == "techreport"
    assert [(f.key, f.value) for f in written.fields] == [(f.key, f.value) for f in original.fields]


def test_an_edited_record_is_written_from_its_fields():
    ref = load_text(USER_BIB)
    edited = bibtex.without_source(ref.__class__(**{**_attrs(ref), "title": "New title"}))
    assert "title = {New title}" in bibtex.dumps([edited])


def load_text(text: str) -> Reference:
    return bibtex.loads(text).references[0]


# -- command line: formats by suffix, refusals ----------------------------------------------------


def test_extract_writes_the_format_its_output_suffix_names(tmp_path, capsys):
    for suffix, check in (
        (".bib", lambda t: "relatedtype = {translationof}" in t),
        (".bibtex", lambda t: "journal = {" in t and "journaltitle" not in t),
        (".json", lambda t: all(item["id"] for item in json.loads(t))),
        (".ris", lambda t: t.startswith("TY  - ")),
    ):
        out = tmp_path / f"seed{suffix}"
        assert main(["extract", str(SEED_002), "-o", str(out)]) == 0
        assert check(out.read_text(encoding="utf-8")), suffix
    capsys.readouterr()


def test_a_file_that_is_not_what_its_suffix_says_is_refused(tmp_path, capsys):
    fake = tmp_path / "refs.bib"
    fake.write_text(dump([Reference(type="book", title="T")], "csljson"), encoding="utf-8")
    assert main(["render", str(fake)]) == 1
    assert main(["convert", str(fake), str(tmp_path / "x.ris")]) == 1
    err = capsys.readouterr().err
    assert err.count("the suffix says biblatex, but the content is csljson") == 2
    assert "refs.bib" in err and "Traceback" not in err
    assert main(["convert", str(fake), str(tmp_path / "y.ris"), "--from", "csljson"]) == 0


def test_library_export_follows_the_output_suffix(tmp_path, capsys):
    lib = str(tmp_path / "lib.sqlite")
    assert main(["library", "add", str(SEED_002), "--library", lib]) == 0
    assert main(["library", "export", "--library", lib, "-o", str(tmp_path / "x.bib")]) == 0
    assert (tmp_path / "x.bib").read_text(encoding="utf-8").startswith("@")
    assert load(tmp_path / "x.bib").references
    capsys.readouterr()


# -- hostile input: bounded, located -------------------------------------------------------------


def bounded(function):
    """Run ``function`` under a 500 MB address-space cap and time it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (500 * 2**20 + _rss(), hard))
    start = time.perf_counter()
    try:
        return function(), time.perf_counter() - start
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="no address-space limits")
def test_a_string_doubling_bomb_is_a_located_failure_within_limits():
    lines = ['@string{a0 = "xxxxxxxxxxxxxxxxxxxxx"}']
    lines += [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 42)]
    lines += ["@article{bomb, title = a41}", "@book{fine, title = {Still read}}"]
    text = "\n".join(lines)
    assert len(text) < 1100  # 2^41 times a0 once expanded
    result, seconds = bounded(lambda: bibtex.loads(text, "bomb.bib"))
    assert seconds < 10
    assert [r.title for r in result.references] == ["Still read"]
    bomb = next(f for f in result.failures if f.location.entry is not None)
    assert bomb.location.line == 43 and "a41" in bomb.error
    assert any("too large" in f.error for f in result.failures)


def test_deeply_nested_json_is_a_located_failure():
    result, seconds = bounded(lambda: csljson.loads("[" * 1000, "deep.json"))
    assert seconds < 10 and result.references == []
    (failure,) = result.failures
    assert "nested too deeply" in failure.error and failure.location.line == 1
    item = json.dumps({"type": "book", "title": "ok"})
    deep = "[" + item + ", " + "[" * 80 + "]" * 80 + "]"
    result = csljson.loads(deep, "deep.json")
    assert [r.title for r in result.references] == ["ok"] and len(result.failures) == 1


def test_classic_bibtex_spells_what_pdflatex_cannot_read_and_keeps_fields_as_read():
    text = "@misc{k, title = {β-lactam in Łódź}, owner = {{A} ə}}"
    ref = bibtex.loads(text).references[0]
    classic = bibtex.dumps([bibtex.without_source(ref)], "bibtex")
    assert "title = {\\ensuremath{\\beta}-lactam in {Łódź}}" in classic
    assert "owner = {{A} ə}" in classic  # a field kept as read is written as read
    assert bibtex.loads(classic).references[0].title == "β-lactam in Łódź"
