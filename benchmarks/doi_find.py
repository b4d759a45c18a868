"""Calibrate the acceptance threshold of find_doi's candidate validation on real strings.

Real reference strings with hand-labelled fields (../shared/data/parsing/train.jsonl,
AnyStyle and GROBID training data) stand in for Crossref: for each string the record
built from its own labelled fields is the true candidate, and two wrong candidates are
made the way search engines return them: (1) the record of another string by the same
first author when there is one (else a random one), and (2) the true record with year,
volume and pages changed, the case of Crossref's SBMV "nomatch" fixture (right title and
authors, wrong work). Each pair is scored by refbridge.doi.match.compare with the string
parsed as find_doi parses it. The table shows precision and recall per threshold; the
threshold chosen is the lowest whose precision reaches 0.98 (what Crossref reported for
search-then-validate).

    python benchmarks/doi_find.py [--n 600] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import attrs

from refbridge.doi.find import THRESHOLD
from refbridge.doi.match import compare
from refbridge.errors import ParseError
from refbridge.model import Date, Name, Reference
from refbridge.parsing import parse_reference

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "parsing" / "train.jsonl"
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def _clean(text: str) -> str:
    return _EDGE.sub("", " ".join(text.split()))


def _record(entry: dict) -> Reference | None:
    fields = entry["fields"]
    year = (entry.get("derived") or {}).get("year", "")
    needed = ("author", "title", "container-title", "volume", "pages")
    if not all(fields.get(k) for k in needed) or not year.isdigit() or entry["script"] != "latin":
        return None
    authors = fields["author"][0] if isinstance(fields["author"], list) else fields["author"]
    family = _clean(re.split(r"[,;]|\s+and\s+", authors)[0]).split()
    if not family:
        return None
    surname = max(family, key=len) if len(family) > 1 and "," not in authors else family[0]
    return Reference(
        type="article-journal",
        authors=(Name(family=surname),),
        issued=Date(int(year)),
        title=_clean(fields["title"]),
        container_title=_clean(fields["container-title"]),
        volume=_clean(re.sub(r"(?i)^vol\.?", "", fields["volume"])),
        pages=_clean(re.sub(r"(?i)^pp?\.", "", fields["pages"])),
    )


def _shifted(record: Reference, rng: random.Random) -> Reference:
    volume = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(1, 9)), record.volume)
    pages = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(3, 40)), record.pages)
    year = (record.year or 2000) + rng.choice((-3, -2, 2, 3))
    return attrs.evolve(record, volume=volume, pages=pages, issued=Date(year))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    entries = []
    for line in DATA.open(encoding="utf-8"):
        entry = json.loads(line)
        record = _record(entry)
        if record is not None:
            entries.append((entry["raw"], record))
    rng.shuffle(entries)
    entries = entries[: args.n]
    by_author = defaultdict(list)
    for index, (_, record) in enumerate(entries):
        by_author[record.authors[0].family.lower()].append(index)

    scored: list[tuple[float, bool, str]] = []
    for index, (raw, record) in enumerate(entries):
        try:
            cited = parse_reference(raw)
        except ParseError:
            cited = Reference(raw=raw)
        same = [i for i in by_author[record.authors[0].family.lower()] if i != index]
        other = entries[rng.choice(same) if same else rng.randrange(len(entries))][1]
        scored.append((compare(cited, record).score, True, "true record"))
        if other.title != record.title:
            scored.append((compare(cited, other).score, False, "other work"))
        scored.append((compare(cited, _shifted(record, rng)).score, False, "wrong numbers"))

    positives = sum(1 for _, good, _ in scored if good)
    print(
        f"{len(entries)} strings, {positives} true and {len(scored) - positives} wrong candidates"
    )
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'accepted wrong':>15}")
    chosen = None
    for step in range(50, 100, 5):
        threshold = step / 100
        accepted = [(good, kind) for score, good, kind in scored if score >= threshold]
        true_pos = sum(1 for good, _ in accepted if good)
        precision = true_pos / len(accepted) if accepted else 1.0
        recall = true_pos / positives
        wrong = defaultdict(int)
        for good, kind in accepted:
            if not good:
                wrong[kind] += 1
        if chosen is None and precision >= 0.98:
            chosen = threshold
        detail = ", ".join(f"{k}={v}" for k, v in sorted(wrong.items())) or "-"
        print(f"{threshold:>9.2f} {precision:>9.3f} {recall:>7.3f} {detail:>15}")
    print(f"lowest threshold with precision >= 0.98: {chosen}; refbridge uses {THRESHOLD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
