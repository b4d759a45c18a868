"""Field-level accuracy of the reference-string segmenters.

    python benchmarks/parse_accuracy.py [--segmenter crf|rules|hybrid] [--model PATH]
                                        [--set en|en-dev|ru|seeds ...]

What is measured (GROBID-style "field" evaluation):

* A *field* is a labelled span. Its text is normalised — surrounding white space and
  punctuation stripped (the separators ``, . : ; ( ) [ ] « » " / – —``), inner white space
  collapsed, case folded; a DOI also loses a ``doi:`` or ``https://doi.org/`` prefix and
  inner spaces (``doi: 10.1/ab c`` = ``10.1/abc``), as GROBID's field evaluation compares
  normalised DOIs. The same normalisation for every segmenter. A predicted field is correct
  when a gold field of the same label has the same normalised text (multiset match, so two
  author groups count twice).
* Per label: precision, recall, F1. Micro-average over the main fields: author, title,
  container-title, date, volume, issue, pages, publisher, location, editor, doi, url.
* Whole-reference exact: every main field of the string is right — nothing missed, nothing
  extra.
* Per source (AnyStyle core/good/bad/ugly, GROBID; Russian has one): field F1, exact rate,
  and the F1 of the fields the sources label most differently (title, container, editor).
* Token accuracy: share of tokens (``features.tokenize``) whose label matches the gold label,
  separators (``other``) included.

The seeds (``--set seeds``, ``references/*.expected.json``) are scored after post-processing,
on CSL variables: ``parse_reference(raw, language=list language, segmenter=...)`` against the
hand-checked entries; a variable is right when it equals the expected value exactly, and a
produced variable nobody expected counts as a wrong prediction.

Gold spans come from the datasets through the same label mapping the trainer uses
(``refbridge.parsing.training_data``); the sets are described in ``benchmarks/_split.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable

from _split import english, russian
from refbridge.parsing import SEGMENTERS, get_segmenter
from refbridge.parsing.features import tokenize
from refbridge.parsing.labels import Span
from refbridge.parsing.training_data import Example, token_labels

MAIN_FIELDS = (
    "author",
    "title",
    "container-title",
    "date",
    "volume",
    "issue",
    "pages",
    "publisher",
    "location",
    "editor",
    "doi",
    "url",
)
_EDGES = " \t\n,.:;()[]{}«»\"'“”„‘’/–—-"
_SPACE = re.compile(r"\s+")


_DOI_PREFIX = re.compile(r"^(?:doi\s*[:>]?|https?:\s*//\s*(?:dx\.)?doi\.org/)\s*", re.IGNORECASE)


def normalise(text: str, label: str = "") -> str:
    """Comparable form of a field; a DOI loses its resolver or "doi:" prefix and inner spaces."""
    value = _SPACE.sub(" ", text.strip(_EDGES)).casefold()
    if label == "doi":
        value = _SPACE.sub("", _DOI_PREFIX.sub("", value))
    return value


def fields(text: str, spans: Iterable[tuple[str, int, int]]) -> Counter[tuple[str, str]]:
    return Counter(
        (label, normalise(text[start:end], label))
        for label, start, end in spans
        if label in MAIN_FIELDS
    )


class Score:
    """Counts for one evaluation set."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()
        self.exact = 0
        self.strings = 0
        self.tokens = 0
        self.tokens_right = 0

    def add(self, example: Example, predicted: list[Span]) -> None:
        gold = fields(example.raw, example.spans)
        pred = fields(example.raw, ((s.label, s.start, s.end) for s in predicted))
        for key, count in gold.items():
            self.gold[key[0]] += count
        for key, count in pred.items():
            self.pred[key[0]] += count
            self.tp[key[0]] += min(count, gold.get(key, 0))
        self.strings += 1
        self.exact += gold == pred
        tokens = tokenize(example.raw)
        gold_tokens = token_labels(tokens, example.spans)
        pred_tokens = token_labels(tokens, [(s.label, s.start, s.end) for s in predicted])
        self.tokens += len(tokens)
        self.tokens_right += sum(g == p for g, p in zip(gold_tokens, pred_tokens, strict=True))

    def row(self, label: str | None) -> tuple[float, float, float, int]:
        labels = MAIN_FIELDS if label is None else (label,)
        tp = sum(self.tp[x] for x in labels)
        pred = sum(self.pred[x] for x in labels)
        gold = sum(self.gold[x] for x in labels)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, gold


def evaluate(
    segment: Callable[[str], list[Span]], examples: list[Example]
) -> tuple[Score, dict[str, Score], float]:
    """The score over all examples, the score of each source, and the seconds it took."""
    score = Score()
    by_source: dict[str, Score] = {}
    started = time.perf_counter()
    for example in examples:
        predicted = segment(example.raw)
        score.add(example, predicted)
        by_source.setdefault(example.source, Score()).add(example, predicted)
    return score, by_source, time.perf_counter() - started


def print_sources(by_source: dict[str, Score]) -> None:
    """One row per source: the AnyStyle subsets and GROBID differ a lot in difficulty."""
    if len(by_source) < 2:
        return
    print(f"\n| {'source':<24} | {'strings':>7} | {'F1':>6} | {'exact':>6} |", end="")
    print(" title | cont. | editor |")
    print(f"|{'-' * 26}|{'-' * 9}|{'-' * 8}|{'-' * 8}|-------|-------|--------|")
    for source, score in sorted(by_source.items()):
        f = score.row(None)[2]
        exact = score.exact / score.strings
        title, container, editor = (score.row(x)[2] for x in ("title", "container-title", "editor"))
        print(
            f"| {source:<24} | {score.strings:7d} | {f:6.3f} | {exact:6.3f} |"
            f" {title:5.3f} | {container:5.3f} | {editor:6.3f} |"
        )


def print_table(name: str, score: Score) -> None:
    print(f"\n{name}: {score.strings} strings")
    print(f"| {'field':<16} | {'P':>6} | {'R':>6} | {'F1':>6} | {'gold':>6} |")
    print(f"|{'-' * 18}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for label in MAIN_FIELDS:
        p, r, f, gold = score.row(label)
        if gold or score.pred[label]:
            print(f"| {label:<16} | {p:6.3f} | {r:6.3f} | {f:6.3f} | {gold:6d} |")
    p, r, f, gold = score.row(None)
    print(f"| {'micro (main)':<16} | {p:6.3f} | {r:6.3f} | {f:6.3f} | {gold:6d} |")
    print(f"whole-reference exact: {score.exact / score.strings:.3f}")
    print(f"token accuracy: {score.tokens_right / score.tokens:.3f}")


def seeds(segmenter: str) -> None:
    """CSL-variable P/R/F1 and exact-entry rate on the hand-checked seed lists."""
    import json
    from pathlib import Path

    from refbridge.parsing import parse_reference

    root = Path(__file__).resolve().parents[1] / "references"
    tp = pred = gold = exact = entries = 0
    for path in sorted(root.glob("*.expected.json")):
        expected = json.loads(path.read_text("utf-8"))
        for found in expected.get("lists", ()):  # pairs/citations expectations have none
            for entry in found["entries"]:
                ref = parse_reference(entry["raw"], language=found["language"], segmenter=segmenter)
                csl = ref.to_csl()
                csl.pop("id", None)
                ours = csl.pop("custom", {}).get("refbridge", {})
                if ours.get("original-language"):
                    csl["original-language"] = ours["original-language"]
                want = {k: v for k, v in entry.items() if k != "raw"}
                right = sum(1 for k, v in want.items() if csl.get(k) == v)
                tp, pred, gold = tp + right, pred + len(csl), gold + len(want)
                entries += 1
                exact += right == len(want) == len(csl)
    p, r = tp / pred, tp / gold
    print(f"\nSeeds (references/*.expected.json), {entries} entries — segmenter {segmenter}")
    print(f"CSL variables: P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r):.3f}  ({gold} expected)")
    print(f"entries with every variable right: {exact}/{entries}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segmenter", default="crf", choices=SEGMENTERS.names())
    parser.add_argument("--model", help="a .crfsuite file instead of the shipped model")
    parser.add_argument("--set", action="append", choices=["en", "en-dev", "ru", "seeds"])
    args = parser.parse_args()
    if args.model:
        from refbridge.parsing import crf

        crf._default = crf.CrfSegmenter(args.model)  # every segmenter using the CRF gets it
    segment = get_segmenter(args.segmenter)
    sets = {
        "en": ("English held-back split (train.jsonl, test part)", lambda: english("test")),
        "en-dev": ("English dev split (train.jsonl, dev part)", lambda: english("dev")),
        "ru": ("Russian GOST strings (ru_gost.dev.jsonl, never in CRF training)", russian),
    }
    for key in args.set or ["en", "ru", "seeds"]:
        if key == "seeds":
            seeds(args.segmenter)
            continue
        name, load = sets[key]
        score, by_source, seconds = evaluate(segment, load())
        print_table(f"{name} — segmenter {args.segmenter}", score)
        print_sources(by_source)
        print(f"({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
