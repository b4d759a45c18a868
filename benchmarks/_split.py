"""The deterministic evaluation sets of the parsing benchmarks.

* English held-back split: the strings of ``../shared/data/parsing/train.jsonl`` whose id hashes
  into the ``test`` bucket of :func:`refbridge.parsing.training_data.split_of` — 10 % of every
  source (AnyStyle core/good/bad/ugly, GROBID), fixed by SHA-1 of the id, never trained on
  (``python -m refbridge.parsing.train`` drops it). ``dev`` (another 5 %) is for tuning.
* Russian: all 148 hand-labelled real GOST strings of ``ru_gost.dev.jsonl``; the training script
  never reads that file (Russian training data is synthetic, :mod:`refbridge.parsing.synth_ru`).
"""

from __future__ import annotations

from pathlib import Path

from refbridge.parsing.training_data import Example, load_jsonl, split_of

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "parsing"


def english(part: str = "test") -> list[Example]:
    """The ``test`` or ``dev`` part of the English data."""
    return [e for e in load_jsonl(DATA / "train.jsonl") if split_of(e.id) == part]


def russian() -> list[Example]:
    """The real Russian strings; none is used in training."""
    return list(load_jsonl(DATA / "ru_gost.dev.jsonl"))
