"""Seed 002 as PDF, DOCX, JATS and HTML gives the same lists and records as the Markdown.

The documents in tests/data/documents/ are made by scripts/make_test_documents.py. Each
must yield the two lists of the Markdown seed — same headings, languages and sizes — and,
field by field, the records of the hand-checked expectations (raw text aside: a PDF has no
Markdown angle brackets around its URLs).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from paths import REFERENCES, TEST_DATA
from refbridge import extract
from refbridge.model import Reference

DOCUMENTS = TEST_DATA / "documents"
EXPECTED = REFERENCES / "002_dfc645286ca376c6.expected.json"
FORMATS = ["seed002.pdf", "seed002.docx", "seed002.jats.xml", "seed002.html"]


def _fields(ref: Reference) -> dict[str, Any]:
    csl = ref.to_csl()
    ours = csl.pop("custom", {}).pop("refbridge", {})
    csl.pop("id", None)
    if ours.get("original-language"):
        csl["original-language"] = ours["original-language"]
    return csl


def _expected() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data["lists"]


@pytest.fixture(scope="module", params=FORMATS)
def extracted(request):
    return request.param, extract(DOCUMENTS / request.param)


def test_same_lists_as_markdown(extracted):
    name, lists = extracted
    assert [(f.heading, f.language, len(f.entries), len(f.failures)) for f in lists] == [
        ("References", "en", 21, 0),
        ("Список литературы", "ru", 21, 0),
    ], name


@pytest.mark.parametrize("which", [0, 1], ids=["en", "ru"])
def test_same_records_as_expected(extracted, which):
    name, lists = extracted
    expected = _expected()[which]["entries"]
    want = sorted(
        json.dumps({k: v for k, v in e.items() if k != "raw"}, ensure_ascii=False, sort_keys=True)
        for e in expected
    )
    got = sorted(
        json.dumps(_fields(r), ensure_ascii=False, sort_keys=True) for r in lists[which].entries
    )
    missing = sorted(set(want) - set(got))
    assert missing == [], f"{name}: {len(missing)} records differ, first: {missing[:1]}"


def test_list_order_follows_the_document(extracted):
    name, lists = extracted
    english = [r.first_author_family() or r.title[:20] for r in lists[0].entries]
    assert english[1:3] == ["Borodavkin", "Degtereva"], name
    assert english[-1] == "Zhiltsov"


def test_provenance_points_into_the_document(extracted):
    name, lists = extracted
    for found in lists:
        for index, ref in enumerate(found.entries):
            assert ref.provenance is not None
            assert ref.provenance.document.endswith(name)
            assert ref.provenance.entry_index == index
            start, end = ref.provenance.line_start, ref.provenance.line_end
            assert start is not None and end is not None
            assert found.line_start <= start <= end <= found.line_end, (name, index)


def test_pdf_entries_know_their_pages():
    lists = extract(DOCUMENTS / "seed002.pdf")
    pages = [ref.provenance.page for found in lists for ref in found.entries]
    assert None not in pages
    assert pages == sorted(pages)
    assert len(set(pages)) >= 2  # the lists run over a page break
