"""Do the Russian and the English entry of one work parse to the same facts?

    python benchmarks/parse_pair_agreement.py [--segmenter rules|crf|hybrid]

``../shared/data/bilingual/articles.dev.jsonl`` holds 120 articles of a Russian journal with
both reference lists and hand-checked pairs (``gold_pairs``): the same work cited in Russian
(GOST) and in English (transliterated GOST, "Journal. 2013, no. 4, pp. 127-134."). Nobody
labelled their fields, but the year, volume, issue, pages and DOI of the two entries of a pair
must agree. For each such field this prints how often both entries yield a value, and of
those, how often the values are equal — a held-out consistency check of the parser on real
strings it was not developed on (the rules were developed on ``ru_gost.dev.jsonl``). A
disagreement means at least one of the two parses is wrong (or the journal printed two
different values); agreement does not prove both right.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from refbridge.errors import ParseError
from refbridge.model import Reference
from refbridge.parsing import parse_reference

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bilingual"
FIELDS = ("year", "volume", "issue", "pages", "doi", "authors")


def facts(ref: Reference) -> dict[str, str]:
    """Comparable values: digits only for locators, lower-cased DOI, number of authors."""
    return {
        "year": str(ref.year or ""),
        "volume": re.sub(r"\D", "", ref.volume),
        "issue": re.sub(r"\D", "", ref.issue),
        "pages": re.sub(r"[^\d-]", "", ref.pages),
        "doi": ref.doi.lower(),
        "authors": str(len(ref.authors)) if ref.authors else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segmenter", default="rules")
    args = parser.parse_args()
    path = DATA / "articles.dev.jsonl"
    if not path.exists():
        sys.exit(f"{path} is missing")
    both = dict.fromkeys(FIELDS, 0)
    equal = dict.fromkeys(FIELDS, 0)
    pairs = failures = 0
    start = time.perf_counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for i, j in article["gold_pairs"]:
            pairs += 1
            try:
                ru = facts(parse_reference(article["ru_list"][i], segmenter=args.segmenter))
                en = facts(parse_reference(article["en_list"][j], segmenter=args.segmenter))
            except ParseError:
                failures += 1
                continue
            for field in FIELDS:
                if ru[field] and en[field]:
                    both[field] += 1
                    equal[field] += ru[field] == en[field]
    seconds = time.perf_counter() - start
    print(f"{pairs} gold pairs, segmenter {args.segmenter}, {failures} parse errors")
    print("| field | both entries have it | of those, equal |")
    print("|---|---|---|")
    for field in FIELDS:
        share = equal[field] / both[field] if both[field] else 0.0
        print(f"| {field} | {both[field]} ({both[field] / pairs:.1%}) | {share:.3f} |")
    print(f"({seconds:.1f} s)")


if __name__ == "__main__":
    main()
