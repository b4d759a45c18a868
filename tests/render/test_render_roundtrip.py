"""Round trip on seed 002: parse each reference list, render it in APA, get the entries back.

The English list is rendered with an English APA, the Russian list with a Russian-locale APA.
``preserve_text`` keeps the authors' own capitalisation (transliterated journal titles) and
``note_original_language`` adds "(In Russian)"; the comparison ignores Markdown emphasis only.
One English entry ends "(In Russian)." with a stray period and cannot come back.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from refbridge.model import Reference
from refbridge.render import render_entries
from refbridge.text import strip_markdown

SEED = "002_dfc645286ca376c6"


def _same(refs: list[Reference], lang: str) -> tuple[int, list[str]]:
    locale = "ru-RU" if lang == "ru" else "en-US"
    entries = render_entries(refs, "apa", locale, note_original_language=True, preserve_text=True)
    by_id = {entry.id: entry.text for entry in entries}
    misses = []
    for index, ref in enumerate(refs):
        want = " ".join(strip_markdown(ref.raw).split())
        got = by_id[ref.id or f"item-{index + 1}"]
        if got != want:
            misses.append(f"want {want}\ngot  {got}")
    return len(refs) - len(misses), misses


def _expected_lists(references_dir: Path) -> list[tuple[str, list[Reference]]]:
    data = json.loads((references_dir / f"{SEED}.expected.json").read_text(encoding="utf-8"))
    lists = []
    for found in data["lists"]:
        refs = []
        for entry in found["entries"]:
            entry = dict(entry)
            raw, original = entry.pop("raw"), entry.pop("original-language", "")
            refs.append(
                attrs.evolve(Reference.from_csl(entry), raw=raw, original_language=original)
            )
        lists.append((found["language"], refs))
    return lists


def test_hand_checked_records_render_back_to_the_seed(references_dir: Path) -> None:
    for lang, refs in _expected_lists(references_dir):
        same, misses = _same(refs, lang)
        assert len(refs) == 21
        assert same >= 20, "\n".join(misses)


def test_parsed_lists_render_back_to_the_seed(references_dir: Path) -> None:
    extract = pytest.importorskip("refbridge.extract").extract
    lists = extract(references_dir / f"{SEED}.txt")
    assert sorted(found.language for found in lists) == ["en", "ru"]
    for found in lists:
        same, misses = _same(list(found.entries), found.language)
        assert len(found.entries) == 21
        assert same >= 20, "\n".join(misses)
