"""Field-level accuracy of the reference-string segmenters.

    python benchmarks/parse_accuracy.py [--segmenter crf|rules|hybrid] [--model PATH]
                                        [--csl | --ceiling]
                                        [--set en|en-dev|jats|jats-dev|ru|ru-test|seeds ...]

What is measured (GROBID-style "field" evaluation):

* A *field* is a labelled span. Its text is normalised — Markdown/XML emphasis removed
  (``<italic>``, ``*…*``, as post-processing removes it), surrounding white space and
  punctuation stripped (the separators ``, . : ; ( ) [ ] « » " / – —``), inner white space
  collapsed, case folded; a DOI also loses a ``doi:`` or ``https://doi.org/`` prefix and
  inner spaces (``doi: 10.1/ab c`` = ``10.1/abc``), as GROBID's field evaluation compares
  normalised DOIs, and a URL its inner spaces. The same normalisation for every segmenter.
  A predicted field is correct when a gold field of the same label has the same normalised
  text (multiset match, so two author groups count twice).
* Per label: precision, recall, F1. Micro-average over the main fields: author, title,
  container-title, date, volume, issue, pages, publisher, location, editor, doi, url.
* Whole-reference exact: every main field of the string is right — nothing missed, nothing
  extra.
* Per source (AnyStyle core/good/bad/ugly, GROBID; Russian has one): field F1, exact rate,
  and the F1 of the fields the sources label most differently (title, container, editor).
* Token accuracy: share of tokens (``features.tokenize``) whose label matches the gold label,
  separators (``other``) included.

``--csl`` scores *after post-processing* instead: the spans go through
``postprocess.spans_to_reference`` and the record's CSL fields are compared with values read
from the gold spans (soft matching, both sides normalised the same way):

* title, container-title, publisher, location (``publisher-place``), doi, url: the normalised
  text (gold titles of one string joined with ". ", as post-processing joins them);
* date: the year (the first 4-digit year of the gold date span);
* volume, issue, pages: the normalised text without a leading marker ("Vol.", "Т.", "№",
  "pp.", "С.") and with one kind of dash and no spaces; a book's extent labelled as pages
  ("187 p.", AnyStyle's convention) is not scored (the record keeps it as number-of-pages),
  and AnyStyle's "volume" that is only an issue number ("n° 9") is read as the issue;
* author, editor: one field per string (all its author spans): right when the set of words of
  the names (family, given, initials one letter each; "et al."/"and"/"и др." dropped) equals
  the set of words of the gold spans, no name has an initial for a family name beside a
  written-out given name ("JD, Watson"), and — where the data names each person's family name
  (``jats_train.jsonl``) — the family names are those.

``--ceiling`` (implies ``--csl``) feeds the GOLD spans through post-processing: what the
post-processing step loses by itself, the ceiling of every segmenter.

The seeds (``--set seeds``, ``references/*.expected.json``) are scored after post-processing,
on CSL variables: ``parse_reference(raw, language=list language, segmenter=...)`` against the
hand-checked entries; a variable is right when it equals the expected value exactly, and a
produced variable nobody expected counts as a wrong prediction.

Gold spans come from the datasets through the same label mapping the trainer uses
(``refbridge.parsing.training_data``); the sets are described in ``benchmarks/_split.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

from _split import DATA, english, jats, russian, russian_test
from refbridge.model import Name, Reference
from refbridge.parsing import SEGMENTERS, get_segmenter
from refbridge.parsing.features import tokenize
from refbridge.parsing.labels import Span
from refbridge.parsing.postprocess import spans_to_reference
from refbridge.parsing.training_data import Example, token_labels
from refbridge.text.markdown import strip_markdown

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
    value = _SPACE.sub(" ", strip_markdown(text).strip(_EDGES)).casefold()
    if label == "doi":
        value = _SPACE.sub("", _DOI_PREFIX.sub("", value))
    elif label == "url":
        value = _SPACE.sub("", value)  # a line break inside a link
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
        """Score the segmenter's spans of ``example`` (span level, tokens included)."""
        gold = fields(example.raw, example.spans)
        pred = fields(example.raw, ((s.label, s.start, s.end) for s in predicted))
        self.add_fields(gold, pred)
        tokens = tokenize(example.raw)
        gold_tokens = token_labels(tokens, example.spans)
        pred_tokens = token_labels(tokens, [(s.label, s.start, s.end) for s in predicted])
        self.tokens += len(tokens)
        self.tokens_right += sum(g == p for g, p in zip(gold_tokens, pred_tokens, strict=True))

    def add_fields(self, gold: Counter[tuple[str, str]], pred: Counter[tuple[str, str]]) -> None:
        for key, count in gold.items():
            self.gold[key[0]] += count
        for key, count in pred.items():
            self.pred[key[0]] += count
            self.tp[key[0]] += min(count, gold.get(key, 0))
        self.strings += 1
        self.exact += gold == pred

    def row(self, label: str | None) -> tuple[float, float, float, int]:
        labels = MAIN_FIELDS if label is None else (label,)
        tp = sum(self.tp[x] for x in labels)
        pred = sum(self.pred[x] for x in labels)
        gold = sum(self.gold[x] for x in labels)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, gold


# -- scoring after post-processing (--csl, --ceiling) -------------------------------------

_MARKER = re.compile(
    r"^(?:vols?|volume|v|т|том|кн|ч|no|nos|nr|n°|№|number|issue|iss|вып|pp?|pages?|с|s|стр|"
    r"part|pt|bd|heft|h|suppl?|supplement|c)(?![^\W\d_])\.?\s*",
)
_ISSUE_ALONE = re.compile(r"^(?:№|[Nn]°|[Nn]o|[Nn]r|[Ii]ssue)\.?\s*\d+[\w/–-]*$")
_EXTENT = re.compile(r"^\d+\s*(?:pp?|с|c|S|стр|л|pages)\.?$")
_DASHES = re.compile(r"\s*[-‐‑‒–—−]+\s*")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_INITIALS_RUN = re.compile(r"^[A-ZА-ЯЁ]{1,3}$")
_NOT_NAME = frozenset(("et", "al", "and", "и", "др", "others", "соавт", "eds", "ed", "под", "ред"))


def locator(text: str) -> str:
    """A volume/issue/pages value without its marker, one dash, no spaces."""
    value = normalise(text)
    previous = None
    while previous != value:
        previous, value = value, _MARKER.sub("", value)
    return _DASHES.sub("-", value).replace(" ", "")


def name_words(text: str) -> set[str]:
    """Words of printed names; an initials run ("JD", "RAR") counts as one word per letter."""
    words: set[str] = set()
    for word in _WORD.findall(text):
        if word.casefold() in _NOT_NAME:
            continue
        if _INITIALS_RUN.match(word):
            words.update(word.casefold())
        else:
            words.add(word.casefold())
    return words


def _names_value(names: Iterable[Name], families: list[str] | None) -> str:
    """The comparable value of a record's names (see the module docstring); ``families`` are
    the gold family names of all persons of the string (authors and editors)."""
    words: set[str] = set()
    bad = False
    for name in names:
        if name.literal:
            words |= name_words(name.literal)
            continue
        words |= name_words(" ".join((name.given, name.particle, name.family, name.suffix)))
        written_out = any(len(w) > 1 and not w.isupper() for w in _WORD.findall(name.given))
        bad = bad or (bool(_INITIALS_RUN.match(name.family)) and written_out)
    if families is not None:
        ours = [" ".join((n.particle, n.family or n.literal)).strip().casefold() for n in names]
        bad = bad or not set(ours) <= set(families)
    return "✗" if bad else " ".join(sorted(words))


def gold_csl_fields(example: Example, families: list[str] | None) -> Counter[tuple[str, str]]:
    """What a perfect record of ``example`` holds, in the comparable form."""
    by_label: dict[str, list[str]] = {}
    for label, start, end in example.spans:
        by_label.setdefault(label, []).append(example.raw[start:end])
    out: Counter[tuple[str, str]] = Counter()
    for label, values in by_label.items():
        if label in ("author", "editor"):
            words = set().union(*(name_words(v) for v in values))
            out[label, " ".join(sorted(words))] += 1
        elif label == "title":
            out[label, normalise(". ".join(values))] += 1
        elif label == "date":
            year = _YEAR.search(values[0])
            out[label, year.group(1) if year else normalise(values[0])] += 1
        elif label == "pages" and _EXTENT.match(values[0]):
            continue  # a book's extent ("187 p."): number-of-pages, no locator; not scored
        elif label == "volume" and _ISSUE_ALONE.match(values[0]) and "issue" not in by_label:
            out["issue", locator(values[0])] += 1  # AnyStyle's volume "n° 9" is the issue
        elif label in ("volume", "issue", "pages"):
            out[label, locator(values[0])] += 1
        elif label in ("publisher", "location"):  # several joined, as post-processing does
            out[label, normalise("; ".join(dict.fromkeys(values)))] += 1
        elif label in MAIN_FIELDS:
            out[label, normalise(values[0], label)] += 1
    return out


def csl_fields(ref: Reference, families: list[str] | None) -> Counter[tuple[str, str]]:
    """The record's main fields in the comparable form of :func:`gold_csl_fields`."""
    out: Counter[tuple[str, str]] = Counter()
    if ref.authors:
        out["author", _names_value(ref.authors, families)] += 1
    if ref.editors:
        out["editor", _names_value(ref.editors, None)] += 1
    if ref.issued is not None:
        out["date", str(ref.issued.year) if ref.issued.year else normalise(ref.issued.literal)] += 1
    for label, value in (
        ("title", ref.title),
        ("container-title", ref.container_title),
        ("publisher", ref.publisher),
        ("location", ref.publisher_place),
        ("doi", ref.doi),
        ("url", ref.url),
    ):
        if value:
            out[label, normalise(value, label)] += 1
    for label, value in (("volume", ref.volume), ("issue", ref.issue), ("pages", ref.pages)):
        if value:
            out[label, locator(value)] += 1
    return out


@cache
def jats_families() -> dict[str, list[str]]:
    """Each JATS string's family names (``names`` of ``jats_train.jsonl``), by id."""
    out: dict[str, list[str]] = {}
    with (DATA / "jats_train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            raw = row["raw"]
            out[row["id"]] = sorted(
                " ".join((raw[f:g] if f is not None else raw[s:e]).split()).casefold()
                for s, e, f, g in row.get("names") or ()
            )
    return out


def evaluate(
    segment: Callable[[str], list[Span]] | None, examples: list[Example], *, csl: bool = False
) -> tuple[Score, dict[str, Score], float]:
    """The score over all examples, the score of each source, and the seconds it took.

    ``segment`` None means the gold spans (the ceiling); ``csl`` scores after post-processing.
    """
    score = Score()
    by_source: dict[str, Score] = {}
    families = jats_families() if any(e.source.startswith("jats/") for e in examples) else {}
    started = time.perf_counter()
    for example in examples:
        if segment is None:
            predicted = [Span(label, a, b, example.raw[a:b]) for label, a, b in example.spans]
        else:
            predicted = segment(example.raw)
        if csl:
            names = families.get(example.id) if example.source.startswith("jats/") else None
            gold = gold_csl_fields(example, names)
            pred = csl_fields(spans_to_reference(example.raw, predicted), names)
            score.add_fields(gold, pred)
            by_source.setdefault(example.source, Score()).add_fields(gold, pred)
        else:
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
    if score.tokens:
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
    parser.add_argument("--csl", action="store_true", help="score after post-processing")
    parser.add_argument("--ceiling", action="store_true", help="gold spans through post-processing")
    parser.add_argument(
        "--set",
        action="append",
        choices=["en", "en-dev", "jats", "jats-dev", "ru", "ru-test", "seeds"],
    )
    args = parser.parse_args()
    if args.model:
        from refbridge.parsing import crf

        crf._default = crf.CrfSegmenter(args.model)  # every segmenter using the CRF gets it
    segment = None if args.ceiling else get_segmenter(args.segmenter)
    who = "GOLD spans (ceiling)" if args.ceiling else f"segmenter {args.segmenter}"
    if args.csl or args.ceiling:
        who += ", scored after post-processing"
    sets = {
        "en": ("English held-back split (train.jsonl, test part)", lambda: english("test")),
        "en-dev": ("English dev split (train.jsonl, dev part)", lambda: english("dev")),
        "jats": ("JATS strings of the held-out publishers (test)", lambda: jats("held-out")),
        "jats-dev": ("JATS strings, dev part of the other publishers", lambda: jats("dev")),
        "ru": ("Russian GOST strings (ru_gost.dev.jsonl, never in CRF training)", russian),
        "ru-test": ("Russian test strings (ru_test.jsonl)", russian_test),
    }
    for key in args.set or ["en", "jats", "ru", "ru-test", "seeds"]:
        if key == "seeds":
            if not args.ceiling:
                seeds(args.segmenter)
            continue
        name, load = sets[key]
        examples = load()
        if not examples:
            print(f"\n{name}: not found, skipped")
            continue
        score, by_source, seconds = evaluate(segment, examples, csl=args.csl or args.ceiling)
        print_table(f"{name} — {who}", score)
        print_sources(by_source)
        print(f"({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
