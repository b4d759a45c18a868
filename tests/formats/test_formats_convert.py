"""``refbridge convert`` and the formats on real extracted records (the seed documents)."""

from __future__ import annotations

import json
import shutil

import attrs
import bibtexparser
import pytest

from paths import TEST_DATA
from refbridge.cli import main
from refbridge.errors import FormatError
from refbridge.formats import bibtex, detect_format, load, ris

DATA = TEST_DATA / "formats"


def test_bib_to_csl_json_reports_the_broken_block_and_converts_the_rest(tmp_path, capsys):
    out = tmp_path / "out.json"
    status = main(["convert", str(DATA / "tricky.bib"), str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{DATA / 'tricky.bib'}, line 45: error: syntax error" in err
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == 7 and items[0]["author"][0]["family"] == "Дудин"


def test_ris_to_bib_to_ris_through_files(tmp_path, capsys):
    bib = tmp_path / "x.bib"
    assert main(["convert", str(DATA / "sample.ris"), str(bib)]) == 1  # the junk line
    err = capsys.readouterr().err
    assert "line 34: error: lines outside a record" in err
    assert "warning: record has no ER line" in err
    assert "\\CYR" not in bib.read_text(encoding="utf-8")
    back = tmp_path / "back.ris"
    assert main(["convert", str(bib), str(back)]) == 0
    assert [r.title for r in load(back).references] == [
        r.title for r in load(DATA / "sample.ris").references
    ]


def test_formats_by_flag_and_standard_streams(tmp_path, capsys, monkeypatch):
    src = tmp_path / "refs.txt"  # a suffix that says nothing: the content is sniffed
    shutil.copy(DATA / "sample.ris", src)
    assert detect_format(src, src.read_text(encoding="utf-8")) == "ris"
    assert main(["convert", str(src), "-", "--to", "bibtex"]) == 1
    assert "@article{" in capsys.readouterr().out
    assert main(["convert", str(src), "-"]) == 1  # no --to for stdout
    assert "name the format with --to" in capsys.readouterr().err


def test_unknown_output_suffix_is_a_clear_error(tmp_path, capsys):
    assert main(["convert", str(DATA / "tricky.bib"), str(tmp_path / "out.xyz")]) == 1
    assert "cannot tell the bibliographic format" in capsys.readouterr().err


@pytest.mark.parametrize("dialect", bibtex.DIALECTS)
def test_seed_records_export_and_reread_losing_nothing(references_dir, dialect):
    extract = pytest.importorskip("refbridge.extract").extract
    refs = [
        ref
        for path in sorted(references_dir.glob("00[0-4]_*.txt"))
        for found in extract(path)
        for ref in found.entries
    ]
    assert len(refs) >= 63  # 21 in seed 001, 21 + 21 in seed 002
    text = bibtex.dumps(refs, dialect)
    assert "\\CYR" not in text and "Список" not in text
    assert bibtexparser.parse_string(text).failed_blocks == []
    back = bibtex.loads(text)
    assert back.failures == [] and back.warnings == []
    expected = [
        attrs.evolve(r, id=b.id, raw="", provenance=None, confidence=None, field_confidence={})
        for r, b in zip(refs, back.references, strict=True)
    ]
    if dialect == "biblatex":  # biblatex's volume is an integer: "27–1" is the issue number
        expected = [
            attrs.evolve(r, volume="", issue=r.volume)
            if r.type == "article-journal" and not r.issue and not r.volume.isdigit()
            else r
            for r in expected
        ]
    assert [bibtex.without_source(r) for r in back.references] == expected
    assert len({r.id for r in back.references}) == len(refs)
    # RIS has no tag for the original language; everything else survives.
    assert ris.loads(ris.dumps(back.references)).references == [
        attrs.evolve(bibtex.without_source(r), original_language="") for r in back.references
    ]


def test_seed_002_russian_and_english_lists_linked_as_translations(references_dir):
    extract = pytest.importorskip("refbridge.extract").extract
    pair_lists = pytest.importorskip("refbridge.bilingual.pairing").pair_lists
    lists = extract(next(references_dir.glob("002_*.txt")))
    ru = next(found for found in lists if found.language == "ru").entries
    en = next(found for found in lists if found.language == "en").entries
    result = pair_lists(ru, en)
    # An English work cited in English in both lists is a pair but not a translation.
    same = [(p.a, p.b) for p in result.pairs if ru[p.a].language == en[p.b].language]
    with pytest.raises(FormatError, match="not a translation"):
        bibtex.dumps([*ru, *en], translation_of={len(ru) + b: a for a, b in same})
    links = {len(ru) + p.b: p.a for p in result.pairs if (p.a, p.b) not in same}
    assert len(links) >= 20
    text = bibtex.dumps([*ru, *en], translation_of=links)
    fields = {
        e.key: {f.key: f.value for f in e.fields} for e in bibtexparser.parse_string(text).entries
    }
    back = bibtex.loads(text).references
    assert bibtex.translation_links(back) == links
    for translated, original in links.items():
        english = fields[back[translated].id]
        assert english["relatedtype"] == "translationof"
        assert english["related"] == back[original].id
        assert "origlanguage" not in english and english["options"] == "skipbib"
        assert back[translated].original_language == "ru"
        assert fields[back[original].id]["relatedtype"] == "translationas"


def test_unwritable_output_and_missing_input_are_clear_errors(tmp_path, capsys):
    assert main(["convert", str(DATA / "tricky.bib"), str(tmp_path / "no" / "dir.json")]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert main(["convert", str(tmp_path / "missing.bib"), str(tmp_path / "x.json")]) == 1
    assert "cannot read file" in capsys.readouterr().err
