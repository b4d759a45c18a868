"""The trained segmenter: a linear-chain CRF (CRFsuite) over the tokens of a reference string.

``segment(text)`` tokenises, extracts features (:mod:`.features`), tags with the model shipped
in ``parsing/models/refbridge-crf.crfsuite`` and joins runs of equal labels into
:class:`~refbridge.parsing.labels.Span` records. Each span's ``confidence`` is the smallest
marginal probability of its label over its tokens (the CRF's own belief that the whole field is
right, not just its best token); :func:`sequence_confidence` gives the probability of the whole
labelling. How the model is trained: :mod:`.train` and ``docs/parsing.md``.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pycrfsuite

from ..errors import InputError
from .features import FeatureExtractor, Token, tokenize
from .labels import Span
from .training_data import DOI_LINK as _DOI_LINK

__all__ = ["DEFAULT_MODEL", "CrfSegmenter", "default_segmenter", "segment"]

DEFAULT_MODEL = Path(__file__).resolve().parent / "models" / "refbridge-crf.crfsuite"

_TRIM = " \t\n,;:([{\"'«“„‘/–—-|*"
_TRIM_END = " \t\n,;:)]}\"'»”’/–—-|*"
#: Markdown emphasis marks (``*Journal*``, ``**Title**``) of extracted lists: the training strings
#: have none, and the CRF read a starred container as part of the title. They are tagged as
#: spaces (same length, so token offsets still point into the original text).
_EMPHASIS = re.compile(r"\*+")
_PAIRS = {")": "(", "]": "[", "}": "{", "»": "«", "”": "“"}


def _closes(text: str, start: int, end: int) -> bool:
    """The span's last character closes a bracket opened inside it: "Proc. … (CVPR)" keeps it."""
    opener = _PAIRS.get(text[end - 1])
    return opener is not None and text.count(opener, start, end) >= text.count(
        text[end - 1], start, end
    )


class CrfSegmenter:
    """A loaded CRF model; ``segment`` is safe to call from several threads."""

    def __init__(self, model_path: str | Path = DEFAULT_MODEL) -> None:
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise InputError(
                f"CRF model not found: {self.model_path} "
                "(retrain with python -m refbridge.parsing.train)"
            )
        self._local = threading.local()
        self.features = FeatureExtractor()
        self.labels = tuple(self._tagger().labels())

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.model_path))
            self._local.tagger = tagger
        return tagger

    def tag(self, text: str) -> tuple[list[Token], list[str]]:
        """Tokens of ``text`` and the most likely label of each."""
        if "*" in text:
            text = _EMPHASIS.sub(lambda m: " " * len(m.group()), text)
        tokens = tokenize(text)
        if not tokens:
            return tokens, []
        return tokens, self._tagger().tag(self.features.sequence(text, tokens))

    def segment(self, text: str) -> list[Span]:
        """Fields of ``text`` as spans, each with the CRF's confidence in it."""
        tokens, labels = self.tag(text)
        tagger = self._tagger()
        spans: list[Span] = []
        i, n = 0, len(tokens)
        while i < n:
            label = labels[i]
            j = i + 1
            while j < n and labels[j] == label:
                j += 1
            if label != "other":
                confidence = min(tagger.marginal(label, k) for k in range(i, j))
                span = _span(text, label, tokens[i].start, tokens[j - 1].end, confidence)
                if span is not None:
                    spans.append(span)
            i = j
        return spans

    def sequence_confidence(self, text: str) -> float:
        """Probability of the best labelling of ``text`` as a whole (0 for empty text)."""
        _tokens, labels = self.tag(text)
        return self._tagger().probability(labels) if labels else 0.0


def _span(text: str, label: str, start: int, end: int, confidence: float) -> Span | None:
    """A span without separators around it (a token run may begin with "(" or end with ",")."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM_END and not _closes(text, start, end):
        end -= 1
    if start >= end:
        return None
    if label == "url" and _DOI_LINK.search(text, start, end):
        label = "doi"  # the training data's convention: a doi.org link is the DOI
    return Span(label, start, end, text[start:end], round(confidence, 4))


_default: CrfSegmenter | None = None
_lock = threading.Lock()


def default_segmenter() -> CrfSegmenter:
    """The shipped model, loaded once on first use."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = CrfSegmenter()
    return _default


def segment(text: str) -> list[Span]:
    """Spans of ``text`` labelled by the shipped CRF model."""
    return default_segmenter().segment(text)
