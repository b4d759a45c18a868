"""Lists in, entries out: long lists, list files, real JATS and pathological HTML.

``python benchmarks/lists.py [--sizes 1000,10000]``

1. **Long numbered lists**: real entries of the bilingual journal (``../shared/data``; a
   synthetic set without it) numbered ``1.``…``N.``, one per line under "References".
   Split (:func:`refbridge.find_reference_lists`) and full :func:`refbridge.extract` (read,
   split, parse) are timed and compared with the peer in the same run: parsing the same N
   strings with :func:`refbridge.parsing.parse_reference` one after the other, which is what
   extracting cannot do with less. Entries found must equal N.
2. **One entry per line**: the 240 lists of the bilingual articles written one entry per line
   through ``refbridge pair``, ``dedup`` and ``parse`` (in process): lines merged, split or
   dropped (any entry whose text or line is not its own line's).
3. **Real JATS** (``documents/``): documents whose entry count is exact; fields equal to the
   tagged ones (title, container, volume, pages, DOI, year, authors' family names), on all
   documents and on those whose references have ``<element-citation>`` twins.
4. **Pathological HTML**: a page under 300 and 3,000 unclosed ``<font>`` tags, and one with
   a 12 MB text node before its list: entries found, time, peak RSS of the process.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refbridge import extract, find_reference_lists  # noqa: E402
from refbridge.cli import main as cli  # noqa: E402
from refbridge.errors import ParseError  # noqa: E402
from refbridge.model import Document, Reference  # noqa: E402
from refbridge.parsing import parse_reference  # noqa: E402
from refbridge.readers import read_bytes, read_document  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
ARTICLES = SHARED / "bilingual" / "articles.dev.jsonl"


def _articles() -> list[dict]:
    with open(ARTICLES, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _pool() -> list[str]:
    if ARTICLES.exists():
        return [e for row in _articles() for e in (*row["ru_list"], *row["en_list"])]
    return [
        f"Smith{n} J. Study number {n} of fast reactors. Nucl. Eng. Des. {1970 + n % 50}. "
        f"Vol. {n % 90}. P. {n % 400}-{n % 400 + 9}."
        for n in range(4000)
    ]


def _cpu() -> float:
    """CPU seconds of this process and its finished children (forked parsing workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def bench_long_lists(sizes: list[int]) -> None:
    pool = _pool()
    print("### Long numbered lists")
    print()
    print(
        "| entries | split (find), wall / CPU | extract (read+split+parse), wall / CPU | "
        "peer: parse the N strings one by one, wall / CPU | extract / peer (CPU) | "
        "entries found |"
    )
    print("|---|---|---|---|---|---|")
    split_times = {}
    for size in sizes:
        texts = [pool[i % len(pool)] for i in range(size)]
        lines = ["Text of the article.", "", "References", ""]
        lines += [f"{n}. {text}" for n, text in enumerate(texts, 1)]
        document = Document(source="long.txt", format="text", lines=lines)
        wall, cpu = time.perf_counter(), _cpu()
        (found,) = find_reference_lists(document)
        split = (time.perf_counter() - wall, _cpu() - cpu)
        split_times[size] = split[1]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "long.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            wall, cpu = time.perf_counter(), _cpu()
            (extracted,) = extract(path)
            full = (time.perf_counter() - wall, _cpu() - cpu)
        wall, cpu = time.perf_counter(), _cpu()
        for text in texts:
            with contextlib.suppress(ParseError):
                parse_reference(text)
        peer = (time.perf_counter() - wall, _cpu() - cpu)
        count = len(extracted.entries) + len(extracted.failures)
        print(
            f"| {size:,} | {split[0]:.2f} s / {split[1]:.2f} s | {full[0]:.2f} s / {full[1]:.2f} s "
            f"| {peer[0]:.2f} s / {peer[1]:.2f} s | {full[1] / peer[1]:.2f} | "
            f"{len(found.entries):,} split, {count:,} extracted |"
        )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        ratio = split_times[large] / split_times[small]
        print()
        print(
            f"Split CPU time ratio {large:,} / {small:,} entries: {ratio:.1f} "
            f"(linear: {large / small:.0f})"
        )
    print()


def _run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli(list(argv))
    if status != 0:
        raise SystemExit(f"refbridge {' '.join(argv)} exited {status}")
    return out.getvalue()


def bench_list_files() -> None:
    if not ARTICLES.exists():
        print("### One entry per line: ../shared/data absent, skipped\n")
        return
    rows = _articles()
    bad = {"pair": 0, "dedup": 0, "parse": 0}
    total = 0
    with tempfile.TemporaryDirectory() as folder:
        ru_path, en_path = Path(folder) / "ru.txt", Path(folder) / "en.txt"
        for row in rows:
            ru, en = row["ru_list"], row["en_list"]
            total += len(ru) + len(en)
            ru_path.write_text("".join(e + "\n" for e in ru), encoding="utf-8")
            en_path.write_text("".join(e + "\n" for e in en), encoding="utf-8")
            data = json.loads(_run("pair", str(ru_path), str(en_path), "--format", "json"))
            got = {"a": {}, "b": {}}
            for pair in data["pairs"]:
                for side in "ab":
                    got[side][pair[side]] = (pair[f"{side}_line"], pair[f"{side}_text"])
            for side in "ab":
                for entry in data[f"unmatched_{side}_entries"]:
                    got[side][entry["index"]] = (entry["line"], entry["text"])
            for side, gold in (("a", ru), ("b", en)):
                bad["pair"] += sum(got[side].get(i) != (i + 1, t) for i, t in enumerate(gold))
                bad["pair"] += len(set(got[side]) - set(range(len(gold))))
            for path, gold in ((ru_path, ru), (en_path, en)):
                clusters = json.loads(_run("dedup", str(path), "--format", "json"))
                entries = {
                    e["index"]: (e["line"], e["text"]) for c in clusters for e in c["entries"]
                }
                bad["dedup"] += sum(entries.get(i) != (i + 1, t) for i, t in enumerate(gold))
                bad["dedup"] += len(set(entries) - set(range(len(gold))))
                records = [json.loads(line) for line in _run("parse", str(path)).splitlines()]
                raws = [
                    r.get("custom", {}).get("refbridge", {}).get("raw", r.get("input"))
                    for r in records
                ]
                bad["parse"] += abs(len(raws) - len(gold))
                bad["parse"] += sum(a != b for a, b in zip(raws, gold, strict=False))
    print(f"### One entry per line ({len(rows)} articles, {2 * len(rows)} lists, {total:,} lines)")
    print()
    print("| command | lines merged, split, dropped or misnumbered |")
    print("|---|---|")
    for command, count in bad.items():
        print(f"| `refbridge {command}` | {count} |")
    print()


def _key(value: object) -> str:
    return re.sub(r"\W", "", str(value or "")).lower()


def field_checks(record: Reference, fields: dict) -> list[tuple[str, bool]]:
    """(field, agrees) for each field the manifest tagged: title, container, volume, pages,
    DOI, year and the authors' family names, compared as letters and digits."""
    got = {
        "title": record.title,
        "container-title": record.container_title,
        "volume": record.volume,
        "pages": record.pages,
        "doi": record.doi,
        "year": record.issued.year if record.issued else "",
    }
    checks = [(k, _key(got[k]) == _key(fields[k])) for k in got if k in fields]
    if "author" in fields:
        families = [_key(a.family or a.literal) for a in record.authors]
        gold_families = [_key(a.split(",")[0]) for a in fields["author"]]
        checks.append(("author", families[: len(gold_families)] == gold_families))
    return checks


def bench_jats() -> None:
    folder = SHARED / "documents"
    if not folder.is_dir():
        print("### Real JATS: ../shared/data absent, skipped\n")
        return
    with open(folder / "manifest.jsonl", encoding="utf-8") as handle:
        documents = [d for d in map(json.loads, handle) if d["format"] == "jats"]
    exact = 0
    agree = {"all": [0, 0], "twins": [0, 0]}
    for document in documents:
        xml = (folder / document["file"]).read_text("utf-8")
        lists = extract(read_document(folder / document["file"]))
        records = [r for found in lists for r in found.entries]
        exact += len(records) + sum(len(f.failures) for f in lists) == document["n_refs"]
        parts = ["all", "twins"] if "<element-citation" in xml else ["all"]
        for gold, record in zip(document["gold"], records, strict=False):
            checks = [ok for _, ok in field_checks(record, gold["fields"])]
            for part in parts:
                agree[part][0] += sum(checks)
                agree[part][1] += len(checks)
    print(f"### Real JATS ({len(documents)} documents of ../shared/data/documents)")
    print()
    print(f"Entry count exact: **{exact} / {len(documents)}** documents.")
    print()
    print("| documents | fields equal to the tagged ones |")
    print("|---|---|")
    for part, label in (("all", "all"), ("twins", "with <element-citation> (alone or twin)")):
        right, checked = agree[part]
        print(f"| {label} | {right:,} / {checked:,} ({right / checked:.2%}) |")
    print()


def bench_html() -> None:
    import lxml.html

    refs = "".join(
        f"<p>{n}. Smith{n} J. Study number {n} of fast reactors. Nuclear Engineering and "
        f"Design. 2019. Vol. {n}. P. 1-10.</p>"
        for n in range(1, 21)
    )
    pages = {
        "300 unclosed <font>": "<html><body><p>Intro.</p>" + "<font>" * 300,
        "3,000 unclosed <font>": "<html><body><p>Intro.</p>" + "<font>" * 3000,
        "12 MB text node": "<html><body><p>" + "word " * 2_400_000 + "</p>",
    }
    print("### Pathological HTML")
    print()
    print(
        "| page | entries found (of 20) | read + extract | peer: lxml parse alone | ratio | "
        "process peak RSS after |"
    )
    print("|---|---|---|---|---|---|")
    for label, head in pages.items():
        data = (head + f"<h2>References</h2>{refs}</body></html>").encode()
        start = time.perf_counter()
        lists = extract(read_bytes(data, "page.html"))
        seconds = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(huge_tree=True))
        peer = time.perf_counter() - start
        entries = sum(len(f.entries) for f in lists)
        print(
            f"| {label} ({len(data) / 1e3:,.0f} kB) | {entries} | {seconds:.2f} s | "
            f"{peer:.3f} s | {seconds / peer:.0f} | {rss:.0f} MB |"
        )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="list lengths, comma-separated")
    args = parser.parse_args()
    bench_long_lists([int(size) for size in args.sizes.split(",")])
    bench_list_files()
    bench_jats()
    bench_html()
    return 0


if __name__ == "__main__":
    sys.exit(main())
