"""Pairing accuracy and speed on the journal's bilingual articles.

``python benchmarks/pairing.py [--parse] [--seed N]``

* ``shuffled``: every article of ``../shared/data/bilingual/articles.dev.jsonl`` with its English
  list shuffled (seeded): gold pairs recovered, false pairs accepted.
* ``orphans``: the same, but a fifth of the English entries removed (seeded), so their Russian
  partners have no true partner: any pair accepted for them is false. This is what the
  acceptance threshold must withstand.
* ``orphans``: a fifth of each list removed (seeded), so both lists have entries without a
  partner, which the assignment may pair with each other: the harshest test of the threshold.
* ``/partial``: the same three runs with ``pair_lists(..., complete=False)`` (leftover entries
  do not compete again).
* ``min gold`` / ``max false``: lowest accepted gold score, highest accepted false score.
* ``leave-one-out`` (slow; skip with ``--no-ceiling``): one English entry removed at a time;
  how often its Russian partner is paired anyway.
* ``--calibrate``: recall and false pairs of the three default runs for thresholds 0.05-0.8.
* Every run is reported over all articles and over the ``dev`` and ``test`` parts of
  :func:`_split.article_part` apart (misses are shown for ``dev`` only: tune on it alone).
* ``speed``: lists of 1,000 entries (Russian and English entries of many articles, English
  shuffled), time of :func:`refbridge.pair_lists` on parsed records (best of 3).

Entries are given as raw strings unless ``--parse`` (then :func:`refbridge.parsing.parse_reference`
parses them first; its time is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

from _split import article_part
from refbridge.bilingual.features import word_key
from refbridge.bilingual.pairing import ACCEPT_THRESHOLD, pair_lists
from refbridge.model import Reference
from refbridge.text import fold
from refbridge.text.surnames import latin_key, surname_key

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bilingual"


def _load() -> list[dict]:
    with open(DATA / "articles.dev.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _records(strings: list[str], parse: bool) -> list[Reference | str]:
    if not parse:
        return list(strings)
    from refbridge.errors import ParseError
    from refbridge.parsing import parse_reference

    out: list[Reference | str] = []
    for text in strings:
        try:
            out.append(parse_reference(text))
        except ParseError:
            out.append(text)
    return out


def _keep(n: int, drop: float, rng: random.Random) -> list[int]:
    """Indices kept after dropping a fraction, in a seeded random order."""
    order = list(range(n))
    rng.shuffle(order)
    return order[: n - int(n * drop)]


def _norm(text: str) -> str:
    return fold(text)


def _run(
    articles: list[dict],
    seed: int,
    parse: bool,
    drop_ru: float,
    drop_en: float,
    threshold: float = ACCEPT_THRESHOLD,
    complete: bool = True,
) -> dict:
    """Pair every article's lists (English shuffled, fractions dropped); count right and wrong.

    A pair counts as right if it is a gold pair or pairs a Russian entry with the partner of
    a textually identical Russian entry (lists repeat entries; nothing can tell those apart).
    """
    gold_total = recovered = false_pairs = 0
    min_gold, max_false = 1.0, 0.0
    misses: list[str] = []
    for art in articles:
        ru, en = art["ru_list"], art["en_list"]
        rng = random.Random(f"{seed}:{art['article']}")  # an article's drops do not depend
        keep_ru = sorted(_keep(len(ru), drop_ru, rng))  # on which other articles are run
        keep_en = _keep(len(en), drop_en, rng)  # shuffled order
        ru_at = {old: new for new, old in enumerate(keep_ru)}
        en_at = {old: new for new, old in enumerate(keep_en)}
        gold = {ru_at[i]: en_at[j] for i, j in art["gold_pairs"] if i in ru_at and j in en_at}
        same_text = {
            (ru_at[i], en_at[j])
            for i2, j in art["gold_pairs"]
            if j in en_at
            for i in keep_ru
            if _norm(ru[i]) == _norm(ru[i2])
        }
        result = pair_lists(
            _records([ru[i] for i in keep_ru], parse),
            _records([en[j] for j in keep_en], parse),
            threshold=threshold,
            complete=complete,
        )
        gold_total += len(gold)
        for pair in result.pairs:
            if gold.get(pair.a) == pair.b or (pair.a, pair.b) in same_text:
                recovered += 1
                min_gold = min(min_gold, pair.score)
            else:
                false_pairs += 1
                max_false = max(max_false, pair.score)
                misses.append(
                    f"{art['article']} FALSE ru#{keep_ru[pair.a]} -> en#{keep_en[pair.b]} "
                    f"({pair.score:.2f}): {ru[keep_ru[pair.a]][:60]}"
                )
        for i in result.unmatched_a:
            if i in gold:
                misses.append(f"{art['article']} missed ru#{keep_ru[i]}: {ru[keep_ru[i]][:70]}")
    return {
        "gold": gold_total,
        "recovered": recovered,
        "false": false_pairs,
        "min_gold": min_gold,
        "max_false": max_false,
        "misses": misses,
    }


def _leave_one_out(articles: list[dict], parse: bool) -> tuple[int, int, float]:
    """Remove one English entry at a time: does its Russian partner stay unmatched?

    Returns (runs, runs where the orphan got a pair, highest score of such a pair).
    """
    runs = wrong = 0
    ceiling = 0.0
    for art in articles:
        ru = _records(art["ru_list"], parse)
        en = _records(art["en_list"], parse)
        for i, j in art["gold_pairs"]:
            result = pair_lists(ru, en[:j] + en[j + 1 :])
            runs += 1
            for pair in result.pairs:
                if pair.a == i and _norm(art["ru_list"][i]) not in {
                    _norm(art["ru_list"][k]) for k, jj in art["gold_pairs"] if k != i
                }:
                    wrong += 1
                    ceiling = max(ceiling, pair.score)
    return runs, wrong, ceiling


def _speed(articles: list[dict], parse: bool, size: int = 1000) -> float:
    ru: list[str] = []
    en: list[str] = []
    for art in articles:
        for i, j in art["gold_pairs"]:
            ru.append(art["ru_list"][i])
            en.append(art["en_list"][j])
    ru, en = ru[:size], en[:size]
    random.Random(1).shuffle(en)
    a, b = _records(ru, parse), _records(en, parse)
    best = best_cpu = float("inf")
    for _ in range(3):
        surname_key.cache_clear()  # cold caches: time what a first call costs
        latin_key.cache_clear()
        word_key.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        pair_lists(a, b)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    load = os.getloadavg()[0]
    print(
        f"speed: {len(a)} x {len(b)} entries paired in {best:.2f} s wall, {best_cpu:.2f} s CPU "
        f"(best of 3, cold caches; load average {load:.1f} on {os.cpu_count()} cores)"
    )
    return best


SCENARIOS = (("shuffled", 0.0, 0.0), ("orphans-en", 0.0, 0.2), ("orphans", 0.2, 0.2))


def _calibrate(articles: list[dict], seed: int, parse: bool) -> None:
    """Recall and false pairs of every scenario at a range of thresholds."""
    print(
        f"{'threshold':>9}" + "".join(f" {n + ' recall':>18} {'false':>6}" for n, *_ in SCENARIOS)
    )
    for threshold in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        cells = []
        for _, drop_ru, drop_en in SCENARIOS:
            r = _run(articles, seed, parse, drop_ru, drop_en, threshold)
            cells.append(f" {r['recovered'] / r['gold']:>18.2%} {r['false']:>6}")
        print(f"{threshold:>9.2f}" + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parse", action="store_true", help="parse entries before pairing")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--show", type=int, default=10, help="misses to print")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the leave-one-out run")
    parser.add_argument("--calibrate", action="store_true", help="sweep the threshold")
    parser.add_argument("--part", choices=("each", "all", "dev", "test"), default="each")
    parser.add_argument("--no-partial", action="store_true", help="skip the complete=False runs")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed run")
    args = parser.parse_args(argv)
    articles = _load()
    if args.calibrate:
        _calibrate(articles, args.seed, args.parse)
        return 0
    print(f"{len(articles)} articles, threshold {ACCEPT_THRESHOLD}, parse={args.parse}")
    print(
        f"{'run':<25} {'gold':>6} {'found':>6} {'recall':>8} {'false':>6} {'min gold':>9} "
        f"{'max false':>9}"
    )
    runs = [(name, d_ru, d_en, True) for name, d_ru, d_en in SCENARIOS]
    if not args.no_partial:
        runs += [(f"{name}/partial", d_ru, d_en, False) for name, d_ru, d_en in SCENARIOS]
    parts = [("all", articles)] + [
        (part, [a for a in articles if article_part(a["article"]) == part])
        for part in ("dev", "test")
    ]
    parts = [p for p in parts if args.part in ("each", p[0])]
    for name, drop_ru, drop_en, complete in runs:
        for part, chosen in parts:
            r = _run(chosen, args.seed, args.parse, drop_ru, drop_en, complete=complete)
            recall = r["recovered"] / r["gold"]
            print(
                f"{name + ' ' + part:<25} {r['gold']:>6} {r['recovered']:>6} {recall:>8.2%} "
                f"{r['false']:>6} {r['min_gold']:>9.3f} {r['max_false']:>9.3f}"
            )
            if part == "dev":  # misses of the part tuned on only
                for miss in r["misses"][: args.show]:
                    print("   ", miss)
    if not args.no_ceiling:
        runs_, wrong, ceiling = _leave_one_out(articles, args.parse)
        print(
            f"leave-one-out: {runs_} runs, orphan paired in {wrong} "
            f"(highest such score {ceiling:.3f})"
        )
    if not args.no_speed:
        _speed(articles, args.parse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
