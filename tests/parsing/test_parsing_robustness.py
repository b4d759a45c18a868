"""Bad input gives a clear ParseError (or a record) quickly — never a traceback or a hang."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refbridge.errors import ParseError
from refbridge.model import Failure, Reference
from refbridge.parsing import MAX_LENGTH, parse_reference, parse_references


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "12345 — 67 / 89", "..., ;;", "()[]"])
def test_empty_or_letterless_is_a_parse_error(text):
    with pytest.raises(ParseError):
        parse_reference(text)


def test_binary_garbage_is_a_parse_error():
    garbage = bytes(range(256)).decode("latin-1") * 4
    with pytest.raises(ParseError, match="not text"):
        parse_reference(garbage)
    with pytest.raises(ParseError, match="not text"):
        parse_reference(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".decode("utf-8", "replace"))


def test_not_a_string_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_reference(b"Ivanov I.I. Title")  # type: ignore[arg-type]


@pytest.mark.timeout(10)  # a hang detector, not a speed goal (speed is benchmarked)
def test_five_megabyte_line_is_refused():
    line = "Иванов И.И. Заглавие // Журнал. 2019. " * 140_000
    assert len(line) > 5_000_000
    with pytest.raises(ParseError, match="too long"):
        parse_reference(line)


@pytest.mark.parametrize(
    "text",
    [
        "А. " * 1600,
        "Иванов И.И., " * 380,
        "Dudin, V. A., & " * 300 + "(2019).",
        "(" * 1000 + "Title" + ")" * 1000,
        "Т. 1, № 2. С. 3-4. – " * 200,
        "«" * 2000 + "word",
    ],
    ids=["initials", "persons", "apa-persons", "parens", "gost-markers", "quotes"],
)
@pytest.mark.timeout(20)  # exponential backtracking would hang here for hours
def test_pathological_strings_near_the_limit_finish(text):
    """Regular expressions without nested ambiguity: long adversarial input stays linear."""
    text = text[: MAX_LENGTH - 1]
    with contextlib.suppress(ParseError):
        parse_reference(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_record_or_a_parse_error(text):
    try:
        ref = parse_reference(text)
    except ParseError:
        return
    assert isinstance(ref, Reference) and ref.raw == text
    assert 0.0 <= (ref.confidence or 0.0) <= 1.0
    ref.to_csl()


def test_parse_references_never_stops_and_keeps_line_numbers():
    lines = ["Иванов И.И. Заглавие. – М.: Наука, 2001.", "", "\x00\x01\x02", "Smith, J. (2019). T."]
    results = list(parse_references(lines, source="list.txt"))
    assert [type(r) for r in results] == [Reference, Failure, Failure, Reference]
    assert results[1].location.line == 2 and results[1].location.source == "list.txt"
    assert "line 3" in str(results[2])
    assert results[3].provenance.line_start == 4


def test_parse_references_is_lazy():
    def lines():
        yield "Иванов И.И. Заглавие. – М.: Наука, 2001."
        raise AssertionError("read past the first line before yielding its result")

    assert isinstance(next(parse_references(lines())), Reference)


def test_a_bug_on_one_line_becomes_a_failure(monkeypatch):
    from refbridge.parsing import SEGMENTERS

    def broken(text):
        if "boom" in text:
            raise RuntimeError("segmenter bug")
        return SEGMENTERS.get("rules")(text)

    monkeypatch.setitem(SEGMENTERS._items, "broken", broken)
    results = list(parse_references(["Иванов И.И. Заглавие.", "boom boom"], segmenter="broken"))
    assert isinstance(results[0], Reference)
    assert isinstance(results[1], Failure) and "internal error" in results[1].error


BAD_INPUT = {
    "empty": "",
    "100 kB": "Smith, J. (2019). A title. Journal, 3(2), 1-9. " * 2_100,
    "binary-looking": "\x00\x01PK\x03\x04" + "\x7f\x1b" * 40 + "ab",
    "mixed scripts": "Иванов I.I., Smith J. Заглавие: a title ﻿— 東京大学 — Ἀθῆναι, 2019. С. 1–2.",
    "names run": "Иванов И.И. Петров П.П. " * 200,
    "compact initials": "Watson JD, " * 400,
    "upper case": "SMITH, JOHN, " * 380,
}


@pytest.mark.parametrize("segmenter", ["crf", "hybrid", "rules", None])
@pytest.mark.parametrize("kind", sorted(BAD_INPUT))
@pytest.mark.timeout(20)
def test_bad_input_gives_a_record_or_a_located_error(kind, segmenter):
    """With every parser: a record, or (through parse_references) a Failure naming the line."""
    text = BAD_INPUT[kind][: MAX_LENGTH - 1] if kind != "100 kB" else BAD_INPUT[kind]
    try:
        ref = parse_reference(text, segmenter=segmenter)
    except ParseError:
        (failure,) = parse_references([text], source="list.txt", segmenter=segmenter)
        assert isinstance(failure, Failure)
        assert (failure.location.source, failure.location.line) == ("list.txt", 1)
        assert "internal error" not in failure.error
    else:
        assert isinstance(ref, Reference) and ref.raw == text
        ref.to_csl()
