"""Bad input never raises from a reader: it becomes failures (with a line) or nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refbridge import InputError
from refbridge.formats import bibtex, csljson, latex, load, ris

READERS = [bibtex.loads, ris.loads, csljson.loads]
SYNTAX = st.text(alphabet='@{}()=,"#%\\ \n\tabcdeklrtyAERTY-0123456789[]:', max_size=300)


@pytest.mark.parametrize("loads", READERS, ids=["bibtex", "ris", "csljson"])
@given(text=st.one_of(st.text(max_size=300), SYNTAX))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_records_and_located_failures_never_an_exception(loads, text):
    result = loads(text, "fuzz")
    for failure in [*result.failures, *result.warnings]:
        assert failure.location.source == "fuzz"
        assert failure.location.line is None or failure.location.line >= 1


@pytest.mark.parametrize("loads", READERS, ids=["bibtex", "ris", "csljson"])
def test_a_5_mb_line_is_handled(loads):
    result = loads("x" * 5_000_000)
    assert result.references == []


def test_garbage_between_entries_is_not_a_record():
    result = bibtex.loads("@article{k, title = {a}} junk @ @@ {}")
    assert [r.id for r in result.references] == ["k"]
    assert "not an entry" in result.failures[0].error


def test_binary_or_non_utf8_file_is_a_clear_input_error(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes("@book{k, title={Café}}".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load(path)
    assert load(path, encoding="latin-1").references[0].title == "Café"
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "missing.bib")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Smith \\& Sons", "Smith & Sons"),
        ("80--92", "80\u201392"),
        ("{Ab}~c", "Ab\u00a0c"),
        ("100\\%", "100%"),
        ("``x''", "\u201cx\u201d"),
    ],
)
def test_fast_latex_decoding_takes_the_simple_values(value, text):
    # the property test below compares only where the fast path answers; here it must answer
    assert latex.decode_simple(value) == text


@given(st.text(alphabet="ab АЯ{}~`'?!-\\&%$#_\n.,", max_size=40))
@settings(max_examples=400, deadline=None)
def test_fast_latex_decoding_agrees_with_pylatexenc(value):
    fast = latex.decode_simple(value)
    if fast is not None:
        assert fast == latex.DECODER.latex_to_text(value, latex_context=latex.WALKER_CONTEXT)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_escaped_text_decodes_back_to_itself(text):
    assert latex.decode(latex.escape(text)) == text
