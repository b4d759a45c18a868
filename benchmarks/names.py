"""How well the transliteration-aware surname matcher recognises the journal's English surnames.

``python benchmarks/names.py [--show N]``

For every author of ``../shared/data/bilingual/names.dev.jsonl`` the Russian surname (from
``ru_short``, "А.С. Бочкарев") is matched against the English surname the journal prints (from
``en_short``, "Bochkarev A.S.") with :func:`refbridge.text.surnames.match_surnames`. Printed:
the share matched, by kind of evidence, and which transliteration scheme spells the English
surname exactly (ignoring case, marks and apostrophes) — several schemes often tie, so each
row counts once for its set of schemes and once per scheme in the "explains" column.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from refbridge.bilingual.translit import SCHEMES
from refbridge.text.surnames import best_scheme, match_surnames

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bilingual"
_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]{0,2}\.-?)+$")


def surname(short: str) -> str:
    """'А.С. Бочкарев' / 'Bochkarev A.S.' / 'G. Van den Eynde' -> the surname words."""
    words = [w for w in short.replace(".", ". ").split() if not _INITIAL.match(w)]
    return " ".join(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="misses to print")
    args = parser.parse_args(argv)
    with open(DATA / "names.dev.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    kinds: Counter[str] = Counter()
    tie_sets: Counter[str] = Counter()
    explains: Counter[str] = Counter()
    misses = []
    for row in rows:
        ru, en = surname(row["ru_short"]), surname(row["en_short"])
        match = match_surnames(ru, en)
        kinds[match.kind] += 1
        if not match.matched:
            misses.append(f"{ru} / {en} ({match.evidence})")
        schemes, distance = best_scheme(ru, en)
        if distance == 0:
            tie_sets["+".join(schemes)] += 1
            explains.update(schemes)
        else:
            tie_sets["(no scheme exactly)"] += 1
    total = len(rows)
    matched = total - kinds["none"]
    print(f"{total} authors; matched {matched} = {matched / total:.2%}")
    print(f"{'evidence':<10} {'rows':>5}")
    for kind in ("exact", "scheme", "key", "fuzzy", "none"):
        print(f"{kind:<10} {kinds[kind]:>5}")
    print(f"\n{'scheme':<14} {'explains':>8}   (rows the scheme spells exactly)")
    for scheme in SCHEMES:
        print(f"{scheme:<14} {explains[scheme]:>8}")
    print(f"\n{'best scheme set':<50} {'rows':>5}")
    for schemes, count in tie_sets.most_common(12):
        print(f"{schemes:<50} {count:>5}")
    print(f"\nunmatched ({len(misses)}):")
    for miss in misses[: args.show]:
        print("   ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
