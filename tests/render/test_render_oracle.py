"""Outside oracle: our entries equal citeproc-js's for a sample of the benchmark items.

Needs Node and ``benchmarks/oracle/node_modules`` (``npm install`` there); skipped otherwise.
The full run with every item and style is ``python benchmarks/render_oracle.py``. Differences
listed in ``benchmarks/render_known_differences.json`` are allowed; that list may only shrink.
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from paths import BENCHMARKS
from refbridge.model import Reference
from refbridge.render import render_entries

STYLES = ["apa", "ieee", "gost-r-7-0-5-2008-numeric", "modern-language-association"]


@pytest.fixture(scope="module")
def oracle() -> object:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (BENCHMARKS / "oracle" / "node_modules" / "citeproc").is_dir():
        pytest.skip("citeproc-js not installed: npm install in benchmarks/oracle")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import render_oracle
    finally:
        sys.path.remove(str(BENCHMARKS))
    return render_oracle


@pytest.mark.slow
def test_known_differences_only_shrink(oracle: object) -> None:
    known = json.loads((BENCHMARKS / "render_known_differences.json").read_text("utf-8"))
    items = json.loads((BENCHMARKS / "data" / "render_items.json").read_text("utf-8"))
    assert len(items) >= 300
    assert (
        sum(len(ids) for ids in known.values()) <= 9
    )  # the committed list; lower it as it shrinks
    sample = items[:60] + [item for item in items if str(item["id"]).startswith("Hard")]
    theirs = oracle.citeproc_js(sample, STYLES, citations=False)  # type: ignore[attr-defined]
    refs = [Reference.from_csl(item) for item in sample]
    for style in STYLES:
        ours = {
            e.id: " ".join(e.text.split()) for e in render_entries(refs, style, item_locales=False)
        }
        differ = [
            item_id
            for item_id, text in theirs[style]["bibliography"]
            if ours[item_id] != " ".join(text.split()) and item_id not in known.get(style, [])
        ]
        assert differ == [], style
