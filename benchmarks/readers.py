"""Reader speed and memory, and how well the reference-list finder tells entries from prose.

1. PDF: a ~100-page two-column PDF is generated from seed 002 (scripts/make_test_documents.py
   --pages 100) and read with refbridge's PDFium reader; pages per second (best of three)
   and peak memory (Python heap via tracemalloc, process peak RSS). For the choice of
   library, pdfplumber (pdfminer.six) extracting the text of the first 10 pages is timed too.
2. Other formats: time per document for the seed 002 HTML, DOCX and JATS files and the full
   ``extract`` (read + find + parse) on each.
3. Entry scoring: :func:`refbridge.sections.reference_score` on real reference strings
   (the shared labelled data: AnyStyle/GROBID, Russian GOST, bilingual journal lists)
   versus prose paragraphs (Python's own documentation topics and the prose of the seeds),
   when ``../shared/data`` is present.

Run: ``python benchmarks/readers.py`` (``--pages N`` to change the PDF size).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refbridge import extract  # noqa: E402
from refbridge.readers import read_bytes  # noqa: E402
from refbridge.sections import SCORE_THRESHOLD, reference_score  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DOCUMENTS = ROOT / "tests" / "data" / "documents"
SHARED = ROOT.parent / "shared" / "data"


def _best_of(runs: int, work, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = clock()
        work()
        best = min(best, clock() - start)
    return best


def bench_pdf(pages: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"long-{pages}.pdf"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_test_documents.py"),
                "--pages",
                str(pages),
                "--pdf",
                str(path),
            ],
            check=True,
        )
    data = path.read_bytes()
    doc = read_bytes(data, path.name)
    count = doc.metadata["pages"]
    seconds = _best_of(3, lambda: read_bytes(data, path.name))
    cpu = _best_of(3, lambda: read_bytes(data, path.name), time.process_time)
    tracemalloc.start()
    read_bytes(data, path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    lists = extract(doc)
    extract_seconds = time.perf_counter() - start
    entries = sum(len(f.entries) for f in lists)
    failures = sum(len(f.failures) for f in lists)

    print(f"## PDF ({path.name}: {count} pages, {len(data) / 1e6:.1f} MB, {len(doc.lines)} lines)")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(
        f"| read (refbridge, PDFium), best of 3 | {seconds:.2f} s = {count / seconds:.1f} pages/s |"
    )
    print(
        f"| read, CPU time of this process, best of 3 | {cpu:.2f} s = {count / cpu:.1f} pages/s |"
    )
    print(f"| peak Python heap while reading (tracemalloc) | {peak / 1e6:.1f} MB |")
    print(f"| process peak RSS after all runs | {rss:.0f} MB |")
    print(f"| find + parse the lists of the read text | {extract_seconds:.2f} s |")
    print(f"| lists / entries / failed entries found | {len(lists)} / {entries} / {failures} |")
    try:
        import pdfplumber
    except ImportError:
        print("| pdfplumber | not installed |")
    else:
        sample = 10

        def plumber() -> None:
            with pdfplumber.open(str(path)) as pdf:
                for page in pdf.pages[:sample]:
                    page.extract_text()

        plumber_seconds = _best_of(1, plumber)
        print(
            f"| pdfplumber extract_text, first {sample} pages (for comparison) | "
            f"{plumber_seconds:.2f} s = {sample / plumber_seconds:.1f} pages/s |"
        )
    print()


def bench_formats() -> None:
    print("## Other formats (seed 002)")
    print()
    print("| document | read | read + find + parse | lists | entries |")
    print("|---|---|---|---|---|")
    for name in ("seed002.html", "seed002.docx", "seed002.jats.xml", "seed002.pdf"):
        data = (DOCUMENTS / name).read_bytes()
        read = _best_of(3, lambda data=data, name=name: read_bytes(data, name))
        full = _best_of(3, lambda data=data, name=name: extract(read_bytes(data, name)))
        lists = extract(read_bytes(data, name))
        entries = sum(len(f.entries) for f in lists)
        print(
            f"| {name} | {read * 1000:.0f} ms | {full * 1000:.0f} ms | {len(lists)} | {entries} |"
        )
    print()


def _prose() -> list[str]:
    import pydoc_data.topics

    paragraphs = []
    for topic in pydoc_data.topics.topics.values():
        for paragraph in topic.split("\n\n"):
            text = " ".join(paragraph.split())
            if len(text) > 40 and text[0].isupper() and not text.startswith(("*", ">>>", "|")):
                paragraphs.append(text)
    for seed in ("000", "003", "004"):
        path = next((ROOT / "references").glob(f"{seed}_*.txt"))
        paragraphs += [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    body = next((ROOT / "references").glob("002_*.txt")).read_text("utf-8").splitlines()
    paragraphs += [line for line in body[: body.index("References")] if line.strip()]
    return paragraphs


def bench_scoring() -> None:
    if not SHARED.is_dir():
        print("## Entry scoring: ../shared/data absent, skipped")
        return
    sets: dict[str, list[str]] = {}
    for name, path in (
        ("AnyStyle + GROBID (17,060, many languages)", "parsing/train.jsonl"),
        ("Russian GOST, journal lists (148)", "parsing/ru_gost.dev.jsonl"),
    ):
        with open(SHARED / path, encoding="utf-8") as handle:
            sets[name] = [json.loads(line)["raw"] for line in handle]
    with open(SHARED / "bilingual" / "articles.dev.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    sets["bilingual journal lists, ru + en"] = [
        e for r in rows for e in r["ru_list"] + r["en_list"]
    ]
    prose = _prose()
    print(f"## Entry scoring (threshold {SCORE_THRESHOLD})")
    print()
    print("| strings | count | scored as references |")
    print("|---|---|---|")
    for name, strings in sets.items():
        hits = sum(1 for s in strings if reference_score(s)[0] >= SCORE_THRESHOLD)
        print(f"| {name} | {len(strings):,} | {hits / len(strings):.1%} |")
    false = sum(1 for s in prose if reference_score(s)[0] >= SCORE_THRESHOLD)
    share = false / len(prose)
    print(f"| prose paragraphs (Python docs, seed prose) | {len(prose):,} | {share:.1%} |")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="size of the generated PDF")
    args = parser.parse_args()
    bench_pdf(args.pages)
    bench_formats()
    bench_scoring()
    bench_list_finding()
    return 0


def _layout(entries: list[str], style: str) -> list[str]:
    import textwrap

    lines: list[str] = []
    for number, entry in enumerate(entries, 1):
        text = f"{number}. {entry}" if style.startswith("numbered") else entry
        if style.endswith("line"):
            lines.append(text)
            continue
        wrapped = textwrap.wrap(text, 70, break_on_hyphens=False)
        indent = "    " if style.endswith("hanging") else ""
        lines += [wrapped[0]] + [indent + piece for piece in wrapped[1:]]
    return lines


LAYOUTS = {
    "numbered-line": "`1. ` before each entry, one entry per line",
    "plain-line": "one entry per line, no numbers",
    "numbered-wrapped": "numbered, wrapped at 70 columns, no indent",
    "plain-wrapped-hanging": "no numbers, wrapped at 70 columns, hanging indent",
    "plain-wrapped": "no numbers, wrapped at 70 columns, no indent (copied PDF text)",
}


def bench_list_finding() -> None:
    """Real Russian/English lists of 120 articles laid out five ways, found and split again."""
    from refbridge.model import Document
    from refbridge.sections import find_reference_lists

    path = SHARED / "bilingual" / "articles.dev.jsonl"
    if not path.exists():
        print("## List finding: ../shared/data absent, skipped")
        return
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    print(f"### List finding on real journal lists ({len(rows)} articles, {2 * len(rows)} lists)")
    print()
    print("| layout | lists found exactly | entry precision | entry recall |")
    print("|---|---|---|---|")
    for style, label in LAYOUTS.items():
        exact = total = true = false = missed = 0
        for row in rows:
            lines = ["A paper", "", "Some text of the article, which we wrote.", ""]
            lines += ["Список литературы", "", *_layout(row["ru_list"], style), ""]
            lines += ["References", "", *_layout(row["en_list"], style)]
            found = find_reference_lists(Document(source="x", format="text", lines=lines))
            got = [[" ".join(e.text.split()) for e in f.entries] for f in found]
            got += [[]] * (2 - len(got))
            for gold, mine in zip((row["ru_list"], row["en_list"]), got[:2], strict=True):
                gold = [" ".join(g.split()) for g in gold]
                total += 1
                exact += gold == mine
                true += len(set(gold) & set(mine))
                false += len(set(mine) - set(gold))
                missed += len(set(gold) - set(mine))
        precision = true / (true + false) if true + false else 0.0
        print(f"| {label} | {exact}/{total} | {precision:.3f} | {true / (true + missed):.3f} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
