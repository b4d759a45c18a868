"""CSL-JSON: arrays, single items, JSON Lines; bad items located, the rest kept; UTF-8 out."""

from __future__ import annotations

import json

from attrs import evolve

from refbridge import Name, Reference
from refbridge.formats import csljson, dump, loads


def test_bad_item_is_a_located_failure_and_the_others_are_kept():
    text = (
        '[\n  {"type": "book", "title": "A"},\n  {"type": "bogus"},\n'
        '  {"type": "book", "title": "C"}\n]'
    )
    result = csljson.loads(text, "x.json")
    assert [r.title for r in result.references] == ["A", "C"]
    (failure,) = result.failures
    assert (failure.location.source, failure.location.line, failure.location.entry) == (
        "x.json",
        3,
        1,
    )
    assert "not a CSL item type" in failure.error


def test_syntax_error_keeps_the_items_before_it():
    result = csljson.loads('[{"type": "book", "title": "A"},\n {"type": "book" "x"}]')
    assert [r.title for r in result.references] == ["A"]
    assert result.failures[0].location.line == 2 and "invalid JSON" in result.failures[0].error


def test_json_lines_and_parse_error_records():
    text = (
        '{"type": "book", "title": "A"}\n'
        '{"error": "no letters", "line": 2, "input": "123"}\n'
        "{broken\n"
        '{"type": "webpage", "title": "D"}\n'
    )
    result = csljson.loads(text)
    assert [r.title for r in result.references] == ["A", "D"]
    assert [f.location.line for f in result.failures] == [2, 3]


def test_single_object_and_items_wrapper():
    assert csljson.loads('{"type": "book", "title": "A"}').references[0].title == "A"
    wrapped = csljson.loads('{"items": [{"type": "book", "title": "B"}]}')
    assert wrapped.references[0].title == "B"


def test_output_is_utf8_and_reads_back():
    ref = Reference(type="book", title="Книга", authors=(Name("Иванов", "И."),))
    text = dump([ref], "csljson")
    assert "Книга" in text and "\\u" not in text
    assert json.loads(text)[0]["author"] == [{"family": "Иванов", "given": "И."}]
    key = json.loads(text)[0]["id"]
    assert key == "ivanovkniga" and loads(text, "csljson").references == [evolve(ref, id=key)]
    lines = dump([ref, ref], "csljsonl")
    twice = [evolve(ref, id=key + "a"), evolve(ref, id=key + "b")]
    assert len(lines.splitlines()) == 2 and loads(lines, "csljsonl").references == twice


def test_crossref_style_arrays_are_read_as_text():
    item = {"type": "article-journal", "title": ["A title"], "ISSN": ["1234-5678", "8765-4321"],
            "container-title": ["Journal"], "author": [{"family": "Smith", "given": "A.",
            "sequence": "first", "affiliation": []}]}  # fmt: skip
    (ref,) = csljson.loads(json.dumps([item])).references
    assert (ref.title, ref.container_title, ref.issn) == (
        "A title",
        "Journal",
        "1234-5678, 8765-4321",
    )
    assert ref.authors == (Name("Smith", "A."),)


def test_odd_values_never_stop_a_bibtex_export():
    from refbridge.formats import bibtex

    ref = Reference(type="book", title="T", extra={"archive": {"nested": ["x"]}})
    assert 'archive = {{\\textbraceleft}"nested"' in bibtex.dumps([ref])


def test_json_that_describes_nothing_is_a_located_failure_not_a_record() -> None:
    from refbridge.formats import csljson

    result = csljson.loads('[{"a": 1}, {"type": "book", "title": "T"}]', source="x.json")
    assert [r.title for r in result.references] == ["T"]
    assert "no CSL variable" in result.failures[0].error
    assert result.failures[0].location.entry == 0
