"""All 240 real lists of the bilingual articles, written one entry per line, through ``pair``,
``dedup`` and ``parse``: not one line merged, split or dropped, every index on its own line."""

from __future__ import annotations

import json

import pytest

from refbridge.cli import main

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def articles(shared_data):
    with open(shared_data / "bilingual" / "articles.dev.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _write(path, entries):
    path.write_text("".join(entry + "\n" for entry in entries), encoding="utf-8")
    return str(path)


def _run(capsys, *argv):
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_pair_keeps_every_line(articles, tmp_path, capsys):
    for row in articles:
        ru, en = row["ru_list"], row["en_list"]
        a, b = _write(tmp_path / "ru.txt", ru), _write(tmp_path / "en.txt", en)
        data = json.loads(_run(capsys, "pair", a, b, "--format", "json"))
        seen = {"a": [], "b": []}
        for pair in data["pairs"]:
            for side, gold in (("a", ru), ("b", en)):
                index = pair[side]
                assert pair[f"{side}_text"] == gold[index], row["article"]
                assert pair[f"{side}_line"] == index + 1, row["article"]
                seen[side].append(index)
        for side, gold in (("a", ru), ("b", en)):
            for entry in data[f"unmatched_{side}_entries"]:
                assert entry["text"] == gold[entry["index"]]
                assert entry["line"] == entry["index"] + 1
                seen[side].append(entry["index"])
            assert sorted(seen[side]) == list(range(len(gold))), row["article"]


def test_dedup_keeps_every_line(articles, tmp_path, capsys):
    for row in articles:
        for gold in (row["ru_list"], row["en_list"]):
            path = _write(tmp_path / "list.txt", gold)
            clusters = json.loads(_run(capsys, "dedup", path, "--format", "json"))
            entries = sorted(
                (e["index"], e["line"], e["text"]) for c in clusters for e in c["entries"]
            )
            assert entries == [(i, i + 1, text) for i, text in enumerate(gold)], row["article"]


def test_parse_keeps_every_line(articles, tmp_path, capsys):
    gold = [entry for row in articles for entry in (*row["ru_list"], *row["en_list"])]
    out = _run(capsys, "parse", _write(tmp_path / "all.txt", gold))
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(gold)
    assert [
        r.get("custom", {}).get("refbridge", {}).get("raw", r.get("input")) for r in records
    ] == gold
