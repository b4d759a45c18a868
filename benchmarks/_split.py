"""The deterministic evaluation sets of the parsing benchmarks.

* English held-back split: the strings of ``../shared/data/parsing/train.jsonl`` whose id hashes
  into the ``test`` bucket of :func:`refbridge.parsing.training_data.split_of` — 10 % of every
  source (AnyStyle core/good/bad/ugly, GROBID), fixed by SHA-1 of the id, never trained on
  (``python -m refbridge.parsing.train`` drops it). ``dev`` (another 5 %) is for tuning.
* Russian: all 148 hand-labelled real GOST strings of ``ru_gost.dev.jsonl``; the training script
  never reads that file (Russian training data is synthetic, :mod:`refbridge.parsing.synth_ru`).
* Bilingual journal articles (``../shared/data/bilingual/articles.dev.jsonl``): split *by article*
  with :func:`article_part` — a third (SHA-1 of the article id) is ``test``, never tuned on by any
  benchmark or trained on by any model; the rest is ``dev``. Every benchmark built on those
  articles (pairing, dedup, list finding, Russian parsing) uses this one split.
* Real article documents (``../shared/data/documents/``): split *by document* with
  :func:`document_part` — SHA-1 of the document id, three in ten (6 of the 22 PDFs:
  BMC, Carol Davila, Hindawi, Jaypee, Medicina Oral, Nature author-year) are ``test``,
  never looked at while tuning the PDF reader; the rest is ``dev``.
* JATS strings (``jats_train.jsonl``): the house styles in :data:`HELD_OUT_PUBLISHERS` are the
  leave-publisher-out test part — no training or synthetic data comes from them.

These parts were fixed before any tuning on the data they split.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from refbridge.parsing.training_data import (
    HELD_OUT_PUBLISHERS,
    Example,
    jats_examples,
    load_jsonl,
    split_of,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "parsing"

__all__ = ["HELD_OUT_PUBLISHERS", "article_part", "english", "jats", "russian", "russian_test"]


def article_part(article_id: str) -> str:
    """``"test"`` for a third of the journal's articles (SHA-1 of the id), else ``"dev"``."""
    return "test" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def document_part(doc_id: str) -> str:
    """``"test"`` for three in ten real documents (SHA-1 of the manifest id), else ``"dev"``."""
    return "test" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 10 < 3 else "dev"


def english(part: str = "test") -> list[Example]:
    """The ``test`` or ``dev`` part of the English data."""
    return [e for e in load_jsonl(DATA / "train.jsonl") if split_of(e.id) == part]


def russian() -> list[Example]:
    """The real Russian strings; none is used in training."""
    return list(load_jsonl(DATA / "ru_gost.dev.jsonl"))


def russian_test() -> list[Example]:
    """Hand-labelled Russian strings from the ``test`` articles (``ru_test.jsonl``, when present).

    Looked for beside this file (``benchmarks/data/``) first, then in the shared data.
    """
    for folder in (Path(__file__).resolve().parent / "data", DATA):
        if (folder / "ru_test.jsonl").is_file():
            return list(load_jsonl(folder / "ru_test.jsonl"))
    return []


def jats(part: str = "held-out") -> list[Example]:
    """JATS strings: ``held-out`` publishers (the test part) or the ``dev`` part of the others."""
    return list(jats_examples(DATA / "jats_train.jsonl", part))
