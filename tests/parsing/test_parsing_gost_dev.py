"""Span-level accuracy of the rule segmenter on the hand-labelled Russian GOST dev strings.

Run as a script for the per-label table: ``python tests/parsing/test_parsing_gost_dev.py``.
A predicted span counts when its label and its text (edge punctuation ignored) equal a gold
span's. Label conventions of the data: ``../shared/data/README.md``; our ``genre`` and
``accessed`` spans are scored as the data's ``note``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from refbridge.parsing.rules import segment

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "parsing" / "ru_gost.dev.jsonl"
_AS_GOLD = {"genre": "note", "accessed": "note"}
_EDGES = " \t.,;:/–—-()[]«»"


# The data labels "(дата доступа 20.05.2019)" as a note, marker and all; we label the date.
_ACCESS_MARKER = re.compile(r"^(?:дата\s+(?:доступа|обращения)|accessed)\s*:?\s*", re.IGNORECASE)


def _key(label: str, text: str) -> tuple[str, str]:
    text = " ".join(text.split()).strip(_EDGES)
    return _AS_GOLD.get(label, label), _ACCESS_MARKER.sub("", text)


def score(path: Path) -> tuple[dict[str, tuple[int, int, int]], int, int]:
    """Per label (true positives, predicted, gold); strings with every span right; strings."""
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    exact = total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        want = Counter(_key(label, text) for label, text, _s, _e in row["labels"])
        got = Counter(_key(s.label, s.text) for s in segment(row["raw"]) if s.label != "other")
        hits = want & got
        for (label, _), n in hits.items():
            tp[label] += n
        for (label, _), n in got.items():
            predicted[label] += n
        for (label, _), n in want.items():
            gold[label] += n
        exact += hits == want == got
        total += 1
    labels = sorted(set(gold) | set(predicted))
    return {k: (tp[k], predicted[k], gold[k]) for k in labels}, exact, total


def _f1(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# Floors a little under what the rules measure now: a change that loses ground fails here.
FLOORS = {"author": 0.9, "title": 0.75, "container-title": 0.75, "date": 0.85, "pages": 0.9}


@pytest.mark.shared_data
@pytest.mark.parametrize("label", sorted(FLOORS))
def test_rules_gost_dev_floor(shared_data, label):
    table, _exact, _total = score(shared_data / "parsing" / "ru_gost.dev.jsonl")
    assert _f1(*table[label])[2] >= FLOORS[label]


# The data's "type" of each string -> the CSL type the post-processing should detect.
_TYPES = {
    "journal": "article-journal", "book": "book", "proceedings": "paper-conference",
    "thesis": "thesis", "report": "report", "preprint": "report", "patent": "patent",
    "standard": "standard", "web": "webpage",
}  # fmt: skip


def type_accuracy(path: Path, segmenter: str = "rules") -> tuple[int, int]:
    """Strings whose detected CSL type matches the data's type, and strings."""
    from refbridge.parsing import parse_reference

    right = total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        total += 1
        right += parse_reference(row["raw"], segmenter=segmenter).type == _TYPES[row["type"]]
    return right, total


@pytest.mark.shared_data
def test_type_detection_floor(shared_data):
    right, total = type_accuracy(shared_data / "parsing" / "ru_gost.dev.jsonl")
    assert right / total >= 0.95


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    table, exact, total = score(path)
    print(f"{'label':<16} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    all_tp = all_pred = all_gold = 0
    for label, (tp, predicted, gold) in table.items():
        p, r, f = _f1(tp, predicted, gold)
        print(f"{label:<16} {p:6.3f} {r:6.3f} {f:6.3f} {gold:5d}")
        all_tp, all_pred, all_gold = all_tp + tp, all_pred + predicted, all_gold + gold
    p, r, f = _f1(all_tp, all_pred, all_gold)
    print(f"{'(all spans)':<16} {p:6.3f} {r:6.3f} {f:6.3f} {all_gold:5d}")
    print(f"strings with every span right: {exact}/{total} = {exact / total:.3f}")
    for segmenter in ("rules", "hybrid", "crf"):
        right, total = type_accuracy(path, segmenter)
        print(f"CSL type right ({segmenter} segmenter): {right}/{total} = {right / total:.3f}")


if __name__ == "__main__":
    main()


@pytest.mark.shared_data
def test_parsed_records_round_trip_through_csl_json(shared_data):
    """Every parsed record survives CSL-JSON text and back unchanged (et-al. marks included)."""
    from refbridge.model import Reference
    from refbridge.parsing import parse_reference

    path = shared_data / "parsing" / "ru_gost.dev.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        ref = parse_reference(json.loads(line)["raw"], segmenter="rules")
        assert Reference.from_csl(json.loads(json.dumps(ref.to_csl()))) == ref
