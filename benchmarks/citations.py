"""Precision and recall of citation linking, and recall of planted errors.

``python benchmarks/citations.py [--make]``

The set: the other four seeds, which have no in-text citations (controls: every link made
there is false; 003 and 004 have dates and prose in parentheses); seed 002 with its
hand-checked expectations (``references/002_*.citations.expected
.json``) and documents made from it with planted errors (``references/citations/*.txt``, each
with a ``*.gold.json``): a missing entry, a wrong year, misspelt and reordered authors, an
uncited entry, two works of one author and year (ambiguous; then with a/b suffixes), numeric
citations with a range and a number past the end, narrative citations, a Russian body citing
the Russian list in Cyrillic, an English body citing only a Cyrillic list (transliteration),
and several errors at once. ``--make`` writes them again from the seed and its expectations.

Linking: a citation (per cited number, for numeric ones) is matched to gold by line and by
its first name (or number) and year. Precision = right links / links made; recall = right
links / gold links. Planted issues: recall = issues of the planted kind found for the planted
entry or line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from refbridge.citations import check_citations
from refbridge.text import fold

ROOT = Path(__file__).resolve().parents[1]
REFS = ROOT / "references"
SEED = REFS / "002_dfc645286ca376c6.txt"
EXPECTED = REFS / "002_dfc645286ca376c6.citations.expected.json"
MADE = REFS / "citations"


# -- making the variants -----------------------------------------------------------------------


def _seed() -> tuple[list[str], dict]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return lines, json.loads(EXPECTED.read_text(encoding="utf-8"))


def _english_list_lines(lines: list[str]) -> list[int]:
    """0-based line numbers of the entries of the References list (lines starting '- ')."""
    start = lines.index("References")
    end = lines.index("Список литературы")
    return [i for i in range(start, end) if lines[i].startswith("- ")]


def _gold_from(expected: dict) -> list[dict]:
    return [
        {"line": c["line"], "text": c["citation"], "entry": c["entry"]}
        for c in expected["citations"]
    ]


def _write(
    name: str, lines: list[str], citations: list[dict], issues: list[dict], why: str
) -> None:
    MADE.mkdir(exist_ok=True)
    (MADE / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
    gold = {"made_from": SEED.name, "planted": why, "citations": citations, "issues": issues}
    (MADE / f"{name}.gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _replace_in(lines: list[str], old: str, new: str) -> list[int]:
    """Replace ``old`` by ``new`` everywhere in the body; the 1-based lines touched."""
    touched = []
    for i, line in enumerate(lines):
        if old in line:
            lines[i] = line.replace(old, new)
            touched.append(i + 1)
    return touched


def make() -> None:
    base_lines, expected = _seed()
    base_gold = _gold_from(expected)
    entry_lines = _english_list_lines(base_lines)

    def fresh() -> tuple[list[str], list[dict]]:
        return list(base_lines), [dict(c) for c in base_gold]

    # 1. an entry removed from the list: its citations are cited-not-listed
    lines, gold = fresh()
    trokal = 16
    removed = entry_lines[trokal]
    del lines[removed]
    for c in gold:
        if c["entry"] == trokal:
            c["entry"] = None
        elif c["entry"] is not None and c["entry"] > trokal:
            c["entry"] -= 1
    issues = [{"kind": "cited-not-listed", "line": c["line"]} for c in gold if c["entry"] is None]
    _write("v01_missing_entry", lines, gold, issues, "Trokal's entry deleted from References")

    # 2. a wrong year in the text
    lines, gold = fresh()
    touched = _replace_in(lines, "(Litvinov, 2019)", "(Litvinov, 2018)")
    for c in gold:
        if c["text"] == "Litvinov, 2019":
            c["text"] = "Litvinov, 2018"
    _write(
        "v02_year_mismatch",
        lines,
        gold,
        [{"kind": "year-mismatch", "line": n} for n in touched],
        "Litvinov cited as 2018",
    )

    # 3. misspelt surnames
    lines, gold = fresh()
    touched = _replace_in(lines, "(Karpenko, 2019)", "(Karpenka, 2019)")
    touched += _replace_in(lines, "(Turgambayev, 2019)", "(Turgambaev, 2019)")
    for c in gold:
        c["text"] = c["text"].replace("Karpenko", "Karpenka").replace("Turgambayev", "Turgambaev")
    _write(
        "v03_misspelt",
        lines,
        gold,
        [{"kind": "spelling-differs", "line": n} for n in touched],
        "Karpenka, Turgambaev",
    )

    # 4. authors in another order
    lines, gold = fresh()
    touched = _replace_in(
        lines, "(Degtereva & Chernysheva, 2019)", "(Chernysheva & Degtereva, 2019)"
    )
    for c in gold:
        c["text"] = c["text"].replace("Degtereva & Chernysheva", "Chernysheva & Degtereva")
    _write(
        "v04_order",
        lines,
        gold,
        [{"kind": "order-differs", "line": n} for n in touched],
        "Chernysheva & Degtereva for Degtereva & Chernysheva",
    )

    # 5. an entry never cited: Serikpayev's citations removed
    lines, gold = fresh()
    _replace_in(lines, " (Serikpayev, 2019)", "")
    gold = [c for c in gold if not c["text"].startswith("Serikpayev")]
    _write(
        "v05_uncited",
        lines,
        gold,
        [{"kind": "never-cited", "entry": 14}, {"kind": "never-cited", "entry": 12}],
        "Serikpayev no longer cited (and Nikonorov never was)",
    )

    # 6. two works of one author and year, cited without suffix: ambiguous
    lines, gold = fresh()
    second = (
        "- Trokal, T. V. (2019). Kazakhstan and Russia in the Eurasian Economic Union. "
        "*Post-Soviet Issues*, 6(1), 20–31. (In Russian)"
    )
    lines.insert(entry_lines[trokal] + 1, second)
    for c in gold:
        if c["entry"] is not None and c["entry"] > trokal:
            c["entry"] += 1
    issues = [{"kind": "ambiguous", "line": c["line"]} for c in gold if c["entry"] == trokal]
    for c in gold:
        if c["entry"] == trokal:
            c["entry"] = "ambiguous"
    issues.append({"kind": "never-cited", "entry": trokal + 1})
    _write("v06_ambiguous", lines, gold, issues, "a second Trokal 2019 entry; citations unlettered")

    # 7. the same, with a/b suffixes in the text
    lines, gold = fresh()
    lines.insert(entry_lines[trokal] + 1, second)
    for c in gold:
        if c["entry"] is not None and c["entry"] > trokal:
            c["entry"] += 1
    trokal_lines = sorted({c["line"] for c in gold if c["entry"] == trokal})
    for n in trokal_lines[:-1]:
        lines[n - 1] = lines[n - 1].replace("(Trokal, 2019)", "(Trokal, 2019a)")
    lines[trokal_lines[-1] - 1] = lines[trokal_lines[-1] - 1].replace(
        "(Trokal, 2019)", "(Trokal, 2019b)"
    )
    for c in gold:
        if c["entry"] == trokal:
            if c["line"] == trokal_lines[-1]:
                c["text"], c["entry"] = "Trokal, 2019b", trokal + 1
            else:
                c["text"] = "Trokal, 2019a"
    _write("v07_suffixes", lines, gold, [], "two Trokal 2019 entries cited as 2019a and 2019b")

    # 8. numeric citations: [n] for the n-th entry, a range, and one number past the end
    lines, gold = fresh()
    numeric: list[dict] = []
    for c in base_gold:
        old = f"({c['text']})"
        new = f"[{c['entry'] + 1}]"
        row = lines[c["line"] - 1]
        if old in row:
            lines[c["line"] - 1] = row.replace(old, new, 1)
        numeric.append({"line": c["line"], "number": c["entry"] + 1, "entry": c["entry"]})
    # the three-in-one bracket of line 69 stays author-year in the base; rewrite it as a range
    row = lines[68]
    lines[68] = re.sub(
        r"\(Dzhantaleyeva, 2013, Mirzazadeh, 2018, Tsvetkov & Dudin, 2019\)", "[4, 5, 10–11]", row
    )
    numeric = [n for n in numeric if n["line"] != 69]
    numeric += [{"line": 69, "number": k, "entry": k - 1} for k in (4, 5, 10, 11)]
    lines[70] = lines[70] + " Later work confirms this [25]."
    numeric.append({"line": 71, "number": 25, "entry": None})
    issues = [{"kind": "cited-not-listed", "line": 71}]
    _write("v08_numeric", lines, numeric, issues, "numeric citations, a range, and [25] of 21")

    # 9. narrative citations
    lines, gold = fresh()
    for who in ("Trokal", "Litvinov", "Karpenko"):
        for c in gold:
            if c["text"] == f"{who}, 2019":
                row = lines[c["line"] - 1]
                initials = re.search(rf"((?:[A-Z]\.){{1,2}}[A-Z]?\.? ?){who} \({who}, 2019\)", row)
                if initials:
                    lines[c["line"] - 1] = row.replace(initials.group(0), f"{who} (2019)", 1)
                    c["text"] = f"{who} (2019)"
    _write("v09_narrative", lines, gold, [], "Trokal (2019), Litvinov (2019), Karpenko (2019)")

    # 10. a Russian body citing the Russian list in Cyrillic (and a Latin entry in Latin)
    ru_start = base_lines.index("Список литературы")
    ru_entries = [line for line in base_lines[ru_start:] if line.startswith("- ")]
    body, gold_ru = _russian_body(ru_entries)
    lines = [
        "Российско-казахстанское сотрудничество",
        "",
        *body,
        "",
        "Список литературы",
        "",
        *ru_entries,
    ]
    issues = [
        {"kind": "cited-not-listed", "line": c["line"]} for c in gold_ru if c["entry"] is None
    ]
    issues += [{"kind": "year-mismatch", "line": c["line"]} for c in gold_ru if c.get("wrong_year")]
    _write(
        "v10_russian_body",
        lines,
        gold_ru,
        issues,
        "Cyrillic citations, one wrong year, one unlisted",
    )

    # 11. the English body against the Russian list only: transliteration-aware linking
    lines = base_lines[: base_lines.index("References")] + base_lines[ru_start:]
    ru_index = {fold(e)[:12]: i for i, e in enumerate(ru_entries)}
    pairs = json.loads((REFS / "002_dfc645286ca376c6.pairs.expected.json").read_text("utf-8"))
    en_to_ru = {p["en"]: p["ru"] for p in pairs["pairs"]}
    del ru_index
    gold = [{**c, "entry": en_to_ru[c["entry"]]} for c in _gold_from(expected)]
    # titles-as-authors are English titles of Russian entries: they cannot be linked by name
    for c in gold:
        if not re.match(
            r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+)?(?: (?:&|et al\.) ?.*)?, \d{4}",
            c["text"],
        ):
            c["entry"] = "unlinkable"
    _write("v11_cross_script", lines, gold, [], "English citations against the Russian list only")

    # 12. several errors at once
    lines, gold = fresh()
    t1 = _replace_in(lines, "(Nurtazin, 2018)", "(Nurtazin, 2017)")
    t2 = _replace_in(lines, "(Malmir Mohammadreza, 2019)", "(Malmer, 2019)")
    del lines[entry_lines[17]]  # Trukhachev
    for c in gold:
        c["text"] = c["text"].replace("Nurtazin, 2018", "Nurtazin, 2017")
        c["text"] = c["text"].replace("Malmir Mohammadreza, 2019", "Malmer, 2019")
        if c["entry"] == 17:
            c["entry"] = None
        elif c["entry"] is not None and c["entry"] > 17:
            c["entry"] -= 1
    issues = [{"kind": "year-mismatch", "line": n} for n in t1]
    issues += [{"kind": "spelling-differs", "line": n} for n in t2]
    issues += [{"kind": "cited-not-listed", "line": c["line"]} for c in gold if c["entry"] is None]
    _write("v12_combined", lines, gold, issues, "a wrong year, a misspelling, a deleted entry")


def _russian_body(entries: list[str]) -> tuple[list[str], list[dict]]:
    """A Russian paragraph per entry citing it in Cyrillic author–year form."""
    body: list[str] = []
    gold: list[dict] = []
    for index, entry in enumerate(entries):
        text = entry[2:]
        year = re.search(r"\((\d{4})", text)
        if not year:
            continue
        names = re.findall(r"([А-ЯЁA-Z][\w-]+), [А-ЯЁA-Z]\.", text.split("(")[0])
        if names:
            who = names[0]
            if len(names) >= 3:
                who += " и др."
            elif len(names) == 2:
                who += f", {names[1]}"
        else:
            who = re.split(r"[.(]", text)[0].strip(" «»")
        cited_year = year.group(1)
        wrong = index == 9  # Мирзазаде cited with a wrong year
        if wrong:
            cited_year = str(int(cited_year) - 1)
        line_number = len(body) + 3
        locator = ", с. 5" if index == 3 else ""
        body.append(f"Этот вопрос рассматривается в литературе [{who}, {cited_year}{locator}].")
        body.append("")
        gold.append(
            {
                "line": line_number,
                "text": f"{who}, {cited_year}",
                "entry": index,
                **({"wrong_year": True} if wrong else {}),
            }
        )
    line_number = len(body) + 3
    body.append("Об этом писали и ранее (Петров, 2015).")
    gold.append({"line": line_number, "text": "Петров, 2015", "entry": None})
    return body, gold


# -- evaluation --------------------------------------------------------------------------------


def _key(line: int, first: str, year: str) -> tuple[int, str, str]:
    return line, fold(first)[:5], year[:4]


def evaluate(path: Path, gold: dict) -> dict:
    report = check_citations(path)
    predicted: Counter[tuple] = Counter()
    for link in report.links:
        c = link.citation
        if c.kind == "numeric":
            number = re.findall(r"\d+", link.evidence[0])[0] if link.evidence else ""
            key: tuple = (c.line, int(number) if number else -1)
        else:
            key = _key(c.line, c.names[0] if c.names else "", c.year)
        entry = "ambiguous" if link.candidates else link.entry
        predicted[(*key, entry)] += 1
    wanted: Counter[tuple] = Counter()
    for c in gold["citations"]:
        if "number" in c:
            key = (c["line"], c["number"])
        else:
            first = re.split(r"\s*(?:&|,| et al\.| и др\.)\s*", c["text"])[0]
            first = first.split(" (")[0]
            key = _key(c["line"], first, re.findall(r"\d{4}[a-z]?", c["text"])[-1])
        wanted[(*key, c["entry"])] += 1
    linked_pred = Counter({k: v for k, v in predicted.items() if k[-1] is not None})
    linked_gold = Counter({k: v for k, v in wanted.items() if k[-1] not in (None, "unlinkable")})
    right = sum((linked_pred & linked_gold).values())
    made = sum(linked_pred.values())
    # planted issues found
    found = 0
    for issue in gold["issues"]:
        for got in report.issues:
            if got.kind != issue["kind"]:
                continue
            if "line" in issue and got.citation is not None and got.citation.line == issue["line"]:
                found += 1
                break
            if "entry" in issue and "line" not in issue and got.entry == issue["entry"]:
                found += 1
                break
    return {
        "right": right,
        "made": made,
        "gold": sum(linked_gold.values()),
        "issues": len(gold["issues"]),
        "issues_found": found,
        "wrong": sorted((linked_pred - linked_gold).elements()),
        "missed": sorted((linked_gold - linked_pred).elements()),
    }


def _documents() -> list[tuple[Path, dict]]:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    seed_gold = {
        "citations": _gold_from(expected),
        "issues": [
            {
                k: v
                for k, v in i.items()
                if v is not None and not (k == "line" and i["kind"] == "never-cited")
            }
            for i in expected["issues"]
        ],
    }
    docs = [(SEED, seed_gold)]
    # The other seeds have no in-text citations: any link made there is a false one.
    for other in sorted(REFS.glob("00[0-9]_*.txt")):
        if other != SEED:
            docs.append((other, {"citations": [], "issues": []}))
    for gold_path in sorted(MADE.glob("*.gold.json")):
        docs.append(
            (
                gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")),
                json.loads(gold_path.read_text(encoding="utf-8")),
            )
        )
    return docs


JOURNAL = ROOT.parent / "shared" / "data" / "bilingual" / "articles.dev.jsonl"


def _entry_facts(entry: str, raw_surnames) -> tuple[list[str], str, int]:
    """Cyrillic surnames, first year and author count (one more for "и др.") of an entry."""
    names = [n for n in raw_surnames(entry) if re.search(r"[а-яё]", n)]
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", entry)
    others = 1 if re.search(r"\bи\s+др\b", entry[:200]) else 0
    return names, years[0] if years else "", len(names) + others


def _many(names: list[str], count: int) -> bool:
    """Cited with "и др.": three or more authors, or a list that says it goes on."""
    return count >= 3 or count > len(names)


def _journal_documents(count: int, workdir: Path, skip: int = 0) -> list[tuple[Path, dict]]:
    """Russian documents built at run time from the journal's real GOST-style lists (the shared
    data is never copied into the repository): a body citing every entry in Cyrillic
    author–year form ("[Сухоносов и др., 2010]", surnames as printed in the entry), a numeric
    "[n]" for entries without authors, one citation with a wrong year and one entry left
    uncited. The linker sees the list only through the parser."""
    from refbridge.bilingual.features import raw_surnames

    docs = []
    with open(JOURNAL, encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle][skip : skip + count]
    for number, art in enumerate(articles):
        entries = art["ru_list"]
        body: list[str] = []
        gold: list[dict] = []
        issues: list[dict] = []
        uncited = len(entries) - 1
        wrong_year_done = False
        facts = [_entry_facts(entry, raw_surnames) for entry in entries]
        for i, (names, year, count) in enumerate(facts):
            if i == uncited:
                issues.append({"kind": "never-cited", "entry": i})
                continue
            line = len(body) + 3
            if names and year:
                same_author = [k for k, f in enumerate(facts) if f[0][:1] == names[:1] and k != i]
                if not wrong_year_done and not same_author:
                    year, wrong_year_done = str(int(year) + 1), True
                    issues.append({"kind": "year-mismatch", "line": line})
                many = _many(names, count)
                who = names[0] + (" и др." if many else f", {names[1]}" if count == 2 else "")
                twins = [
                    k
                    for k in same_author
                    if facts[k][1] == year
                    and _many(facts[k][0], facts[k][2]) == many
                    and (many or facts[k][2] == count)
                ]
                entry: int | str = "ambiguous" if twins else i
                body.append(f"Это показано в работе [{who}, {year}].")
                gold.append({"line": line, "text": f"{who}, {year}", "entry": entry})
            else:
                body.append(f"См. также [{i + 1}].")
                gold.append({"line": line, "number": i + 1, "entry": i})
            body.append("")
        lines = ["Введение", "", *body, "Список литературы", ""]
        lines += [f"{k + 1}. {entry}" for k, entry in enumerate(entries)]
        path = workdir / f"journal_{skip + number:03d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        docs.append((path, {"citations": gold, "issues": issues}))
    return docs


def _row(name: str, r: Mapping[str, int]) -> None:
    precision = r["right"] / r["made"] if r["made"] else 1.0
    recall = r["right"] / r["gold"] if r["gold"] else 1.0
    print(
        f"{name[:28]:<28} {r['gold']:>5} {r['made']:>5} {r['right']:>6} {precision:>7.1%} "
        f"{recall:>7.1%} {r['issues']:>8} {r['issues_found']:>6}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make", action="store_true", help="write the made documents again")
    parser.add_argument("--show", action="store_true", help="print wrong and missed links")
    parser.add_argument("--quiet", action="store_true", help="print only imperfect documents")
    parser.add_argument(
        "--journal",
        type=int,
        default=20,
        metavar="N",
        help="also N documents built from the journal's lists in ../shared/data (0: none)",
    )
    parser.add_argument(
        "--journal-skip",
        type=int,
        default=0,
        metavar="K",
        help="build the journal documents from articles K, K+1, … (held-out runs)",
    )
    args = parser.parse_args(argv)
    if args.make:
        make()
    documents = _documents()
    workdir = Path(tempfile.mkdtemp(prefix="refbridge-citations-"))
    if args.journal and JOURNAL.exists():
        documents += _journal_documents(args.journal, workdir, args.journal_skip)
    totals: dict[str, Counter[str]] = {"seeds and made": Counter(), "journal": Counter()}
    print(
        f"{'document':<28} {'gold':>5} {'made':>5} {'right':>6} {'prec':>7} {'recall':>7} "
        f"{'planted':>8} {'found':>6}"
    )
    for path, gold in documents:
        r = evaluate(path, gold)
        group = totals["journal" if path.name.startswith("journal_") else "seeds and made"]
        group["documents"] += 1
        for k in ("right", "made", "gold", "issues", "issues_found"):
            group[k] += r[k]
        if not args.quiet or r["right"] != r["gold"] or r["made"] != r["gold"]:
            _row(path.stem, r)
        if args.show:
            for w in r["wrong"]:
                print("      wrong ", w)
            for m in r["missed"]:
                print("      missed", m)
    for name, group in totals.items():
        if group["documents"]:
            _row(f"TOTAL {name} ({group['documents']})", group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
