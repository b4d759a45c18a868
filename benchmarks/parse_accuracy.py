"""Field-level accuracy of the reference-string segmenters.

    python benchmarks/parse_accuracy.py [--segmenter crf|rules] [--model PATH] [--set en|ru|en-dev]

What is measured (GROBID-style "field" evaluation):

* A *field* is a labelled span. Its text is normalised — surrounding white space and
  punctuation stripped (the separators ``, . : ; ( ) [ ] « » " / – —``), inner white space
  collapsed, case folded. A predicted field is correct when a gold field of the same label has
  the same normalised text (multiset match, so two author groups count twice).
* Per label: precision, recall, F1. Micro-average over the main fields: author, title,
  container-title, date, volume, issue, pages, publisher, location, editor, doi, url.
* Whole-reference exact: every main field of the string is right — nothing missed, nothing
  extra.
* Token accuracy: share of tokens (``features.tokenize``) whose label matches the gold label,
  separators (``other``) included.

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


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.strip(_EDGES)).casefold()


def fields(text: str, spans: Iterable[tuple[str, int, int]]) -> Counter[tuple[str, str]]:
    return Counter(
        (label, normalise(text[start:end])) for label, start, end in spans if label in MAIN_FIELDS
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


def evaluate(segment: Callable[[str], list[Span]], examples: list[Example]) -> tuple[Score, float]:
    score = Score()
    started = time.perf_counter()
    for example in examples:
        score.add(example, segment(example.raw))
    return score, time.perf_counter() - started


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segmenter", default="crf", choices=["crf", "rules"])
    parser.add_argument("--model", help="a .crfsuite file instead of the shipped model")
    parser.add_argument("--set", action="append", choices=["en", "en-dev", "ru"])
    args = parser.parse_args()
    if args.segmenter == "crf":
        from refbridge.parsing.crf import DEFAULT_MODEL, CrfSegmenter

        segment = CrfSegmenter(args.model or DEFAULT_MODEL).segment
    else:
        from refbridge.parsing.rules import segment
    sets = {
        "en": ("English held-back split (train.jsonl, test part)", lambda: english("test")),
        "en-dev": ("English dev split (train.jsonl, dev part)", lambda: english("dev")),
        "ru": ("Russian GOST strings (ru_gost.dev.jsonl, not trained on)", russian),
    }
    for key in args.set or ["en", "ru"]:
        name, load = sets[key]
        score, seconds = evaluate(segment, load())
        print_table(f"{name} — segmenter {args.segmenter}", score)
        print(f"({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
