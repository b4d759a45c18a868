"""Reference lists out of real article PDFs: entry boundaries against the printed gold.

Data: the 22 article PDFs of ``../shared/data/documents/`` (EuropePMC, CC BY; numbered,
author-year, one- and two-column layouts) and ``manifest.jsonl``, whose ``gold`` is each
article's reference list as printed, entry by entry, in order (list numbers stripped). The
documents are split with :func:`benchmarks._split.document_part`: the ``test`` part was
never looked at while the PDF reader was tuned; figures are reported for both parts.

Each reader turns a PDF into lines of text; every reader's text goes through the same list
finder (:func:`refbridge.sections.find_reference_lists`), so the comparison is between
readers on the same files:

* ``refbridge`` — the default PDF reader (:mod:`refbridge.readers.pdf`, layout recovery);
* ``pypdfium2`` — PDFium's own text (``PdfTextPage.get_text_range``), page after page;
* ``pdfplumber`` — ``Page.extract_text()`` (pdfminer.six under it, with its word rules);
* ``pdfminer.six`` — ``pdfminer.high_level.extract_text`` with default layout analysis.

Metric — **entry-boundary F1**. The extracted entries are those of every list found in the
document, in order. Both they and the gold strings are normalised: NFKC (ligatures become
letters), a leading list number ("[12]", "12.", "12") and ``*`` emphasis marks dropped, then
only letters and digits kept, casefolded (so line-end hyphens, spacing and punctuation do not
count; letter-spaced words and run-together words do, through the similarity). An extracted
entry *matches* a gold entry when their normalised similarity — RapidFuzz's ``ratio``
(1 − Indel distance / total length) — is ≥ 0.9; matches are one-to-one and in order: the
largest such set is found by dynamic programming (a longest common subsequence over the
match relation). Per document, precision = matches / extracted entries, recall = matches /
gold entries; a part's figures pool the counts of its documents (micro average). An entry
merged with its neighbour, split in two, cut short or run on into the text after the list
fails to match, so F1 measures the boundaries and the completeness of the entries together.

**Word errors** check the word breaks inside the matched entries, which the similarity above
ignores: both strings are cut into words (letters and digits; hyphens and ``*`` dropped, so a
line-end hyphen does not count), and the words of one not in the other (as multisets, both
ways) are counted, over the gold words. Letter-spaced ("k inematic") or run-together words
show up here.

A document's **list is found** when one found list holds at least half of the document's
gold entries as matches.

``--no-headings`` blanks every line that names a reference list ("References", "7.
Bibliography", …) before the list finder runs: the lists must then be found by their layout
and their entries alone, as when a PDF's heading is an image or lost in reading.

Also reported: seconds per document for each reader (reading only; the list finder is the
same for all).

The peers are not dependencies of refbridge: ``pip install pdfplumber`` (which brings
pdfminer.six) for the comparison; a reader that is not installed is skipped.

Run: ``python benchmarks/documents.py`` (``--readers refbridge`` to skip the peers,
``--part dev`` for one part, ``--no-headings`` for lists found without their
headings, ``-v`` to print the unmatched entries of the dev part).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from rapidfuzz.fuzz import ratio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks._split import document_part  # noqa: E402

from refbridge.model import Document  # noqa: E402
from refbridge.readers import read_bytes  # noqa: E402
from refbridge.sections import find_reference_lists, heading_name  # noqa: E402

DOCUMENTS = ROOT.parent / "shared" / "data" / "documents"
THRESHOLD = 0.9
_MARKER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}\.?)\s+")


def normalise(text: str) -> str:
    """Letters and digits only, casefolded, ligatures resolved, list number dropped."""
    text = _MARKER.sub("", unicodedata.normalize("NFKC", text).replace("*", ""), count=1)
    return "".join(c for c in text.casefold() if c.isalnum())


def align(extracted: Sequence[str], gold: Sequence[str]) -> list[tuple[int, int]]:
    """The largest in-order one-to-one set of (extracted, gold) pairs with similarity ≥ 0.9."""
    rows, cols = len(extracted), len(gold)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            take = 0
            if extracted[i] and gold[j] and _match(extracted[i], gold[j]):
                take = 1 + best[i + 1][j + 1]
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if best[i][j] == best[i + 1][j]:
            i += 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            pairs.append((i, j))
            i, j = i + 1, j + 1
    return pairs


_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    """The words of an entry for the word-error count (see the module docstring)."""
    text = _MARKER.sub("", unicodedata.normalize("NFKC", text), count=1)
    return Counter(_WORD.findall(re.sub(r"[-‐‑–*\u00ad]", "", text).casefold()))


def _match(a: str, b: str) -> bool:
    shorter, longer = sorted((len(a), len(b)))
    if 2 * shorter / (shorter + longer) < THRESHOLD:  # the length alone rules it out
        return False
    return ratio(a, b) >= 100 * THRESHOLD


# -- readers -------------------------------------------------------------------------------


def _text_document(pages: Sequence[str], name: str) -> Document:
    lines: list[str] = []
    numbers: list[int] = []
    for number, text in enumerate(pages, start=1):
        page_lines = text.splitlines()
        lines += page_lines
        numbers += [number] * len(page_lines)
    return Document(source=name, format="text", lines=lines, line_pages=numbers)


def read_refbridge(data: bytes, name: str) -> Document:
    return read_bytes(data, name, "pdf")


def read_pypdfium2(data: bytes, name: str) -> Document:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return _text_document(pages, name)


def read_pdfplumber(data: bytes, name: str) -> Document:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return _text_document([page.extract_text() or "" for page in pdf.pages], name)


def read_pdfminer(data: bytes, name: str) -> Document:
    from pdfminer.high_level import extract_text

    return _text_document(extract_text(io.BytesIO(data)).split("\f"), name)


#: The module each reader imports and the package that brings it.
_MODULES = {
    "refbridge": ("pypdfium2", "pypdfium2"),
    "pypdfium2": ("pypdfium2", "pypdfium2"),
    "pdfplumber": ("pdfplumber", "pdfplumber"),
    "pdfminer.six": ("pdfminer", "pdfminer.six"),
}

READERS: dict[str, Callable[[bytes, str], Document]] = {
    "refbridge": read_refbridge,
    "pypdfium2": read_pypdfium2,
    "pdfplumber": read_pdfplumber,
    "pdfminer.six": read_pdfminer,
}


# -- scoring -------------------------------------------------------------------------------


def without_headings(doc: Document) -> Document:
    """``doc`` with every reference-list heading line blanked (``--no-headings``)."""
    return attrs.evolve(doc, lines=["" if heading_name(line) else line for line in doc.lines])


def score_document(doc: Document, gold_raw: Sequence[str]) -> dict[str, object]:
    """Matches, counts and whether the list was found, for one read document."""
    lists = find_reference_lists(doc)
    entries = [(k, entry.text) for k, found in enumerate(lists) for entry in found.entries]
    extracted = [normalise(text) for _, text in entries]
    gold = [normalise(text) for text in gold_raw]
    pairs = align(extracted, gold)
    per_list: dict[int, int] = {}
    for i, _ in pairs:
        per_list[entries[i][0]] = per_list.get(entries[i][0], 0) + 1
    word_errors = 0
    gold_words = 0
    for i, j in pairs:
        ours, theirs = words(entries[i][1]), words(gold_raw[j])
        word_errors += sum(((ours - theirs) + (theirs - ours)).values())
        gold_words += sum(theirs.values())
    matched_gold = {j for _, j in pairs}
    matched_extracted = {i for i, _ in pairs}
    return {
        "matches": len(pairs),
        "extracted": len(extracted),
        "gold": len(gold),
        "lists": len(lists),
        "word_errors": word_errors,
        "gold_words": gold_words,
        "found": max(per_list.values(), default=0) >= len(gold) / 2,
        "missed": [gold_raw[j] for j in range(len(gold)) if j not in matched_gold],
        "spurious": [entries[i][1] for i in range(len(entries)) if i not in matched_extracted],
    }


def _f1(matches: int, extracted: int, gold: int) -> tuple[float, float, float]:
    precision = matches / extracted if extracted else 0.0
    recall = matches / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_manifest() -> list[dict]:  # type: ignore[type-arg]
    with (DOCUMENTS / "manifest.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [row for row in rows if row["format"] == "pdf"]


def run(
    readers: Sequence[str], parts: Sequence[str], verbose: bool, no_headings: bool = False
) -> None:
    manifest = load_manifest()
    for reader_name in readers:
        reader = READERS[reader_name]
        module, package = _MODULES[reader_name]
        if importlib.util.find_spec(module) is None:
            print(f"## {reader_name}\n\nnot installed (pip install {package}): skipped\n")
            continue
        print(f"## {reader_name}\n")
        for part in parts:
            rows = [row for row in manifest if document_part(row["id"]) == part]
            print(f"### {part} ({len(rows)} documents)\n")
            print(
                "| document | gold | extracted | matched | P | R | F1 | list found "
                "| word errors | s |"
            )
            print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
            totals = [0, 0, 0]
            found = 0
            seconds = 0.0
            word_errors = [0, 0]
            for row in rows:
                data = (DOCUMENTS / row["file"]).read_bytes()
                start = time.perf_counter()
                try:
                    doc = reader(data, row["file"])
                except Exception as exc:  # a peer failing on a file is a result, not a crash
                    print(f"| {row['id']} | error: {exc} |")
                    continue
                took = time.perf_counter() - start
                seconds += took
                if no_headings:
                    doc = without_headings(doc)
                result = score_document(doc, [entry["raw"] for entry in row["gold"]])
                counts = (result["matches"], result["extracted"], result["gold"])
                for k, value in enumerate(counts):
                    totals[k] += value  # type: ignore[operator]
                found += bool(result["found"])
                word_errors[0] += result["word_errors"]  # type: ignore[operator]
                word_errors[1] += result["gold_words"]  # type: ignore[operator]
                share = result["word_errors"] / max(1, result["gold_words"])  # type: ignore[operator]
                p, r, f = _f1(*counts)  # type: ignore[arg-type]
                print(
                    f"| {row['id']} | {result['gold']} | {result['extracted']} | "
                    f"{result['matches']} | {p:.1%} | {r:.1%} | {f:.1%} | "
                    f"{'yes' if result['found'] else 'NO'} | {share:.1%} | {took:.2f} |"
                )
                if verbose and part == "dev":
                    for text in result["missed"]:  # type: ignore[attr-defined]
                        print(f"    missed: {text[:160]}")
                    for text in result["spurious"]:  # type: ignore[attr-defined]
                        print(f"    extra:  {text[:160]}")
            p, r, f = _f1(*totals)
            print(
                f"\n**{reader_name}, {part}: entry-boundary F1 {f:.1%} (P {p:.1%}, R {r:.1%}; "
                f"{totals[0]} of {totals[2]} gold entries matched, {totals[1]} extracted); "
                f"lists found in {found} of {len(rows)} documents; "
                f"word errors {word_errors[0] / max(1, word_errors[1]):.2%}; "
                f"{seconds / max(1, len(rows)):.2f} s per document**\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", nargs="+", choices=sorted(READERS), default=list(READERS))
    parser.add_argument("--part", choices=("dev", "test"), action="append")
    parser.add_argument(
        "--no-headings", action="store_true", help="blank the list headings (layout alone)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not (DOCUMENTS / "manifest.jsonl").is_file():
        sys.exit(f"{DOCUMENTS} is not present")
    run(args.readers, args.part or ["dev", "test"], args.verbose, args.no_headings)


if __name__ == "__main__":
    main()
