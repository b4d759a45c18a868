"""The real deduplication corpus: the journal's reference lines with their works, built at run time.

Every entry of ``../shared/data/bilingual/articles.dev.jsonl`` (120 articles of one Russian
journal, MIT) is a record; records are one work when

1. they are a gold RU↔EN pair of one article (a Cyrillic GOST line and its transliterated and
   translated English line, or one foreign work printed in two house styles);
2. their text is equal after :func:`refbridge.text.fold` (lists and articles repeat lines);
3. they print the same DOI (a whole one: "10.1016/j" cut by a stray space does not count);
4. a hand decision in ``benchmarks/data/dedup_real_decisions.tsv`` says so (works cited in
   several articles in different styles; how the candidates were chosen and the rules used are
   in that file's header).

Each record carries its article's part (:func:`_split.article_part`: ``dev`` or ``test``), so
a benchmark tunes on ``dev`` and reports ``test``; works never span the two parts' corpora
because each part is deduplicated on its own.

Usage: ``python benchmarks/dedup_real_corpus.py [OUT.jsonl]`` (default: print a summary); each
line is ``{"id", "article", "part", "list", "index", "raw", "work"}``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _split import article_part
from refbridge.bilingual.features import whole_doi
from refbridge.doi.syntax import doi_key, find_dois
from refbridge.text import fold

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parents[0].parent / "shared" / "data" / "bilingual" / "articles.dev.jsonl"
DECISIONS = HERE / "data" / "dedup_real_decisions.tsv"


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def decisions(path: Path = DECISIONS) -> Iterator[tuple[str, str, bool]]:
    """(id, id, same) from the hand-decision file; ``#`` lines are comments."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            a, b, verdict, *_ = line.rstrip("\n").split("\t")
            if verdict not in ("same", "different"):
                raise ValueError(f"{path}:{number}: verdict must be same or different")
            yield a, b, verdict == "same"


def build(articles_path: Path = ARTICLES) -> list[dict[str, Any]]:
    """Every entry of every article with its work number (numbered in first-seen order)."""
    with articles_path.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle]
    records: list[dict[str, Any]] = []
    for art in articles:
        for lst in ("ru", "en"):
            for index, raw in enumerate(art[f"{lst}_list"]):
                records.append(
                    {
                        "id": f"{art['article']}:{lst}:{index}",
                        "article": art["article"],
                        "part": article_part(art["article"]),
                        "list": lst,
                        "index": index,
                        "raw": raw,
                    }
                )
    at = {r["id"]: k for k, r in enumerate(records)}
    union = _Union(len(records))
    for art in articles:
        for i, j in art["gold_pairs"]:
            union.join(at[f"{art['article']}:ru:{i}"], at[f"{art['article']}:en:{j}"])
    first_of: dict[str, int] = {}
    for k, record in enumerate(records):
        keys = [f"text:{fold(record['raw'])}"]
        keys += [
            f"doi:{doi_key(found.doi)}"
            for found in find_dois(record["raw"])
            if whole_doi(found.doi)
        ]
        for key in keys:
            union.join(k, first_of.setdefault(key, k))
    different = []
    for a, b, same in decisions():
        if same:
            union.join(at[a], at[b])
        else:
            different.append((a, b))
    for a, b in different:
        if union.find(at[a]) == union.find(at[b]):
            raise ValueError(f"{DECISIONS}: {a} and {b} are decided different but end in one work")
    numbers: dict[int, int] = {}
    for k, record in enumerate(records):
        record["work"] = numbers.setdefault(union.find(k), len(numbers))
    return records


def main(argv: list[str]) -> int:
    records = build()
    if argv:
        with open(argv[0], "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for part in ("dev", "test"):
        works = Counter(r["work"] for r in records if r["part"] == part)
        articles = {r["article"] for r in records if r["part"] == part}
        pairs = sum(c * (c - 1) // 2 for c in works.values())
        sizes = dict(sorted(Counter(works.values()).items()))
        print(
            f"{part}: {len(articles)} articles, {sum(works.values())} records, {len(works)} works, "
            f"{pairs} duplicate pairs; works by size {sizes}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
