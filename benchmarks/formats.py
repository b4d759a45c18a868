"""Speed of the bibliographic formats: write and read N records in each format.

The records are the ones extracted from the seed documents (Russian and English journal
articles, books, web pages) plus the BibTeX fixture, repeated with distinct titles up to N.
Each format is written once and read back once; the table gives seconds and records per
second, and checks that every record came back (BibTeX: all but raw text and provenance).

    python benchmarks/formats.py [N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refbridge.extract import extract  # noqa: E402
from refbridge.formats import bibtex, csljson, latex, load, ris  # noqa: E402


def corpus(n: int) -> list:
    base = [r for p in sorted((ROOT / "references").glob("00[0-4]_*.txt")) for f in extract(p)
            for r in f.entries]  # fmt: skip
    base += load(ROOT / "tests" / "data" / "formats" / "tricky.bib").references
    base = [attrs.evolve(bibtex.without_source(r), raw="", provenance=None, confidence=None,
                         field_confidence={}) for r in base]  # fmt: skip
    return [
        attrs.evolve(base[i % len(base)], id="", title=f"{base[i % len(base)].title} {i}")
        for i in range(n)
    ]


def expected(name: str, ref, key: str):
    """What a format keeps: CSL-JSON and BibTeX all but the key they chose; RIS also not the
    original language or BibTeX-only notes (it has no tag for them)."""
    ref = attrs.evolve(ref, id=key)
    if name == "ris":
        extra = {k: v for k, v in ref.extra.items() if k != "custom"}
        ref = attrs.evolve(ref, original_language="", extra=extra)
    return ref


def bibtex_breakdown(refs: list) -> tuple[float, float, float]:
    """Seconds in bibtexparser's parsing, in our mapping to records, and in LaTeX decoding."""
    text = bibtex.dumps(refs)
    start = time.perf_counter()
    library, _, _ = bibtex.read._parse(text)
    parsed = time.perf_counter() - start
    decode, spent = latex.decode, [0.0]

    def timed(value: str) -> str:
        begin = time.perf_counter()
        try:
            return decode(value)
        finally:
            spent[0] += time.perf_counter() - begin

    latex.decode = timed
    try:
        start = time.perf_counter()
        for entry in library.entries:
            bibtex.read._entry_to_reference(entry)
        mapped = time.perf_counter() - start
    finally:
        latex.decode = decode
    return parsed, mapped, spent[0]


def csl_items(path: Path) -> None:
    """Varied CSL-JSON items (the rendering benchmark's) through each format and back."""
    if not path.exists():
        return
    refs = csljson.loads(path.read_text(encoding="utf-8")).references
    print(f"{len(refs)} CSL items of {path.name} written and read back, identical records:")
    for name, dumps, loads in (
        ("biblatex", lambda r: bibtex.dumps(r, "biblatex"), bibtex.loads),
        ("bibtex", lambda r: bibtex.dumps(r, "bibtex"), bibtex.loads),
        ("ris", ris.dumps, ris.loads),
    ):
        back = [bibtex.without_source(b) for b in loads(dumps(refs)).references]
        same = sum(attrs.evolve(a, id=b.id) == b for a, b in zip(refs, back, strict=True))
        print(f"  {name:9} {same}/{len(refs)}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    refs = corpus(n)
    rows = []
    for name, dumps, loads in (
        ("biblatex", lambda r: bibtex.dumps(r, "biblatex"), bibtex.loads),
        ("bibtex", lambda r: bibtex.dumps(r, "bibtex"), bibtex.loads),
        ("csljson", csljson.dumps, csljson.loads),
        ("ris", ris.dumps, ris.loads),
    ):
        start = time.perf_counter()
        text = dumps(refs)
        written = time.perf_counter() - start
        start = time.perf_counter()
        result = loads(text)
        read = time.perf_counter() - start
        back = [bibtex.without_source(b) for b in result.references]  # the entry as read
        same = sum(1 for a, b in zip(refs, back, strict=True) if expected(name, a, b.id) == b)
        rows.append((name, len(text) / 1e6, written, n / written, read, n / read, same,
                     len(result.failures)))  # fmt: skip
    print(f"{n} records")
    print(f"{'format':9} {'MB':>6} {'write s':>8} {'rec/s':>8} {'read s':>8} {'rec/s':>8} "
          f"{'same':>6} {'failed':>6}")  # fmt: skip
    for name, mb, w, wr, r, rr, same, failed in rows:
        print(f"{name:9} {mb:6.2f} {w:8.2f} {wr:8.0f} {r:8.2f} {rr:8.0f} {same:6d} {failed:6d}")
    csl_items(ROOT / "benchmarks" / "data" / "render_items.json")
    parsed, mapped, decoded = bibtex_breakdown(refs)
    print(f"BibTeX reading: bibtexparser parse {parsed:.2f} s, mapping to records {mapped:.2f} s"
          f" (of which LaTeX decoding {decoded:.2f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
