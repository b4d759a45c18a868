"""The hand-labelled Russian parsing test set (benchmarks/data/ru_test.jsonl) stays well formed.

A wrong gold span poisons every figure measured on the set, so the file is checked with the
validator the labelling used (``benchmarks/check_labelled.py``), and the validator itself is
shown to catch each kind of damage.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

import pytest

from paths import BENCHMARKS
from refbridge.parsing.labels import LABELS

TEST_SET = BENCHMARKS / "data" / "ru_test.jsonl"

sys.path.insert(0, str(BENCHMARKS))
try:
    from _split import article_part
    from check_labelled import HAND_LABELS, check, normal_text, row_problems
finally:
    sys.path.remove(str(BENCHMARKS))

_ID = re.compile(r"^(?P<article>npe:\d{4}/\d\d/\d\d)#(?P<list>ru|en)(?P<index>\d+)$")


def rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in TEST_SET.read_text(encoding="utf-8").splitlines()]


def test_the_test_set_passes_the_validator():
    checked, problems = check(TEST_SET)
    assert problems == []
    assert len(checked) == len(rows())
    assert all(row["hand_corrected"] is True for row in checked)


def test_the_test_set_has_the_planned_mix():
    kinds = Counter(str(row["source"]) for row in rows())
    assert kinds == {"npe-ru-test": 90, "npe-ru-other-test": 20, "npe-en-test": 40}
    scripts = {str(row["source"]): str(row["script"]) for row in rows()}
    assert scripts == {"npe-ru-test": "cyrillic", "npe-ru-other-test": "cyrillic",
                       "npe-en-test": "latin"}  # fmt: skip


def test_the_test_set_comes_only_from_test_articles():
    for row in rows():
        match = _ID.match(str(row["id"]))
        assert match, row["id"]
        assert article_part(match["article"]) == "test", row["id"]


def test_hand_labels_are_labels_of_the_parser():
    assert set(HAND_LABELS) <= set(LABELS)


def _good_row() -> dict[str, object]:
    raw = "Власов Н.А. Нейтроны. – М.: Наука, 1971. – 551 с."
    spans = [("author", 0, 11), ("title", 12, 20), ("location", 24, 26), ("publisher", 28, 33),
             ("date", 35, 39), ("note", 43, 49)]  # fmt: skip
    labels = [[label, raw[start:end], start, end] for label, start, end in spans]
    return {
        "id": "x#ru0", "raw": raw, "labels": labels,
        "fields": {"author": ["Власов Н.А."], "title": "Нейтроны", "location": "М.",
                   "publisher": "Наука", "date": "1971", "note": ["551 с."]},
        "derived": {"year": "1971"}, "source": "s", "script": "cyrillic",
        "hand_corrected": True, "type": "book", "dataset": "d", "license": "MIT",
    }  # fmt: skip


def test_a_good_row_has_no_problems():
    assert row_problems(_good_row()) == []


def _shifted(row: dict[str, object]) -> None:
    row["labels"][1][2] += 1  # type: ignore[index]


def _overlapping(row: dict[str, object]) -> None:
    row["labels"][1][2] = 5  # type: ignore[index]
    row["labels"][1][1] = str(row["raw"])[5:20]  # type: ignore[index]


def _unknown_label(row: dict[str, object]) -> None:
    row["labels"][1][0] = "journal"  # type: ignore[index]


def _space_inside(row: dict[str, object]) -> None:
    row["labels"][1][2] = 11  # type: ignore[index]
    row["labels"][1][1] = str(row["raw"])[11:20]  # type: ignore[index]


def _colon_inside(row: dict[str, object]) -> None:
    row["labels"][2][3] = 27  # type: ignore[index]
    row["labels"][2][1] = str(row["raw"])[24:27]  # type: ignore[index]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_shifted, "raw[13:20]"),
        (_overlapping, "inside or before the previous span"),
        (_unknown_label, "unknown label 'journal'"),
        (_space_inside, "begins or ends with a space or separator"),
        (_colon_inside, "'М.:' begins or ends with a space or separator"),
        (lambda row: row.pop("license"), "missing keys: license"),
        (lambda row: row["fields"].update(title="Протоны"), "'fields' do not match"),  # type: ignore[union-attr]
        (lambda row: row.update(derived={"year": "1917"}), "derived year '1917'"),
        (lambda row: row.update(type="chapter"), "unknown type 'chapter'"),
    ],
)
def test_the_validator_catches(damage, message):
    row = _good_row()
    damage(row)
    assert any(message in problem for problem in row_problems(row)), row_problems(row)


def test_the_validator_catches_repeated_rows(tmp_path):
    path = tmp_path / "twice.jsonl"
    line = json.dumps(_good_row(), ensure_ascii=False)
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    _rows, problems = check(path)
    assert problems == [f"{path}:2: x#ru0: repeats line 1", f"{path}:2: x#ru0: repeats line 1"]


@pytest.mark.shared_data
def test_strings_are_real_and_not_in_the_dev_set(shared_data):
    lists = {}
    with (shared_data / "bilingual" / "articles.dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            lists[article["article"]] = article
    with (shared_data / "parsing" / "ru_gost.dev.jsonl").open(encoding="utf-8") as handle:
        dev = {normal_text(json.loads(line)["raw"]) for line in handle}
    for row in rows():
        match = _ID.match(str(row["id"]))
        assert match, row["id"]
        article = lists[match["article"]]
        assert article[f"{match['list']}_list"][int(match["index"])] == row["raw"], row["id"]
        assert normal_text(str(row["raw"])) not in dev, row["id"]
