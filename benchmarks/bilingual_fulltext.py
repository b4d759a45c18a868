"""Both lists of a bilingual article found in its full text, then paired.

``python benchmarks/bilingual_fulltext.py [--out DIR]``

The 120 articles of ``../shared/data/bilingual/articles.dev.jsonl`` are rebuilt as full texts
(:func:`article_text`, deterministic: the layout choices and body text are seeded by the
article id) in each of :data:`LAYOUTS` — Russian body text with in-text citations, the Russian
list under its heading as printed (``ru_heading``), the English list under ``en_heading`` after
it, numbered or not, wrapped or not, with English metadata or author notes around the lists.
For each text:

* **both lists found**: :meth:`refbridge.ingest.Input.russian_and_english` gives the
  Russian list and the English list, each entry for entry equal to the gold list;
* **pairing**: ``refbridge pair FILE`` (the same function, then ``pair_lists``): gold pairs
  recovered and wrong pairs accepted, entries matched to the gold by their text.

Dev and test articles (:func:`benchmarks._split.article_part`) are reported side by side.
``--out DIR`` also writes the texts, to look at or to run ``refbridge pair`` on;
``--harder`` measures the :data:`HARDER` layouts instead (mistyped headings, unnumbered
entries, the English list inside the text, captions between the lists, page breaks).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _split import article_part  # noqa: E402
from refbridge.bilingual.pairing import pair_lists  # noqa: E402
from refbridge.errors import InputError  # noqa: E402
from refbridge.ingest import read_path  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "bilingual" / "articles.dev.jsonl"

_RU_SENTENCES = (
    "Рассмотрены особенности нейтронно-физического расчёта активной зоны быстрого реактора.",
    "Результаты расчётов сопоставлены с экспериментальными данными, полученными на стенде.",
    "Показано, что погрешность не превышает 5 % во всём диапазоне параметров.",
    "Для оценки использована методика, описанная ранее, с уточнёнными константами.",
    "В таблице 1 приведены основные характеристики топливных сборок.",
    "Как видно из рис. 2, распределение энерговыделения по высоте существенно неравномерно.",
    "Это позволяет сделать вывод о применимости модели для проектных расчётов.",
    "Расчёты выполнены по программе MCNP с библиотекой оценённых ядерных данных.",
    "Отметим, что аналогичный подход применялся при обосновании проекта БН-800.",
    "Дальнейшие исследования будут направлены на уточнение граничных условий.",
)
_EN_SENTENCES = (
    "The paper considers the neutronic calculation of a fast reactor core.",
    "The results are compared with experimental data obtained at the test facility.",
    "It is shown that the error does not exceed 5 % over the whole range of parameters.",
    "The approach can be used in design calculations of advanced reactors.",
)
_SECTIONS = ("Введение", "Методика расчёта", "Результаты и обсуждение", "Заключение")


def _rng(row: dict, salt: str) -> random.Random:
    digest = hashlib.sha1(f"{row['article']}|{salt}".encode()).hexdigest()
    return random.Random(int(digest, 16))


def _paragraph(rng: random.Random, sentences: tuple[str, ...], cites: int) -> str:
    picked = rng.sample(sentences, 3)
    if cites:
        numbers = sorted(rng.sample(range(1, cites + 1), min(2, cites)))
        picked[0] = picked[0][:-1] + f" [{', '.join(map(str, numbers))}]."
    return " ".join(picked)


def _numbered(entries: list[str], marker: str) -> list[str]:
    return [marker.format(n=n) + entry for n, entry in enumerate(entries, 1)]


def _wrapped(items: list[str], width: int, indent: str = "") -> list[str]:
    lines: list[str] = []
    for item in items:
        pieces = textwrap.wrap(item, width, break_on_hyphens=False, break_long_words=False)
        lines += [pieces[0], *(indent + piece for piece in pieces[1:])]
    return lines


def _both_lists(row: dict) -> tuple[tuple[str, list[str]], ...]:
    """(heading, entries) of the Russian list, then of the English one."""
    return ((row["ru_heading"], row["ru_list"]), (row["en_heading"], row["en_list"]))


def _body(row: dict, rng: random.Random, width: int | None, markdown: bool) -> list[str]:
    lines: list[str] = []
    cites = len(row["ru_list"])
    for number, section in enumerate(_SECTIONS, 1):
        lines += [f"## {section}" if markdown else f"{number}. {section.upper()}", ""]
        for _ in range(rng.randint(1, 3)):
            paragraph = _paragraph(rng, _RU_SENTENCES, cites)
            lines += [*(_wrapped([paragraph], width) if width else [paragraph]), ""]
    return lines


def _markdown(row: dict, rng: random.Random) -> list[str]:
    """A journal web page as Markdown: ## headings, numbered lists one entry per line."""
    lines = ["# Расчёт активной зоны", "", "Аннотация. " + _paragraph(rng, _RU_SENTENCES, 0), ""]
    lines += _body(row, rng, None, markdown=True)
    lines += [f"## {row['ru_heading']}", "", *_numbered(row["ru_list"], "{n}. "), ""]
    lines += [f"## {row['en_heading']}", "", *_numbered(row["en_list"], "{n}. "), ""]
    return lines


def _pdf_text(row: dict, rng: random.Random) -> list[str]:
    """Text copied from a PDF: wrapped at 80 columns, numbered entries, English heading in
    capitals, a running header between the two lists."""
    lines = _body(row, rng, 80, markdown=False)
    lines += [row["ru_heading"], "", *_wrapped(_numbered(row["ru_list"], "{n}. "), 80), ""]
    lines += ["ИЗВЕСТИЯ ВУЗОВ • ЯДЕРНАЯ ЭНЕРГЕТИКА • №1 • 2014", ""]
    lines += [row["en_heading"].upper(), "", *_wrapped(_numbered(row["en_list"], "{n}. "), 80)]
    return lines


def _english_block(row: dict, rng: random.Random) -> list[str]:
    """The Russian article with its English part after the Russian list (title, abstract,
    keywords, then the English list), authors' notes closing the text; lists unnumbered."""
    lines = _body(row, rng, None, markdown=False)
    lines += [row["ru_heading"], "", *row["ru_list"], ""]
    lines += ["CALCULATION OF A FAST REACTOR CORE", "", "Abstract"]
    lines += [" ".join(rng.sample(_EN_SENTENCES, 4)), ""]
    lines += ["Key words: fast reactor, neutronics, calculation.", ""]
    lines += [row["en_heading"], "", *row["en_list"], ""]
    lines += ["Сведения об авторах", "", "Иванов Иван Иванович – к.т.н., с.н.с. ИАТЭ НИЯУ МИФИ."]
    return lines


def _brackets_hanging(row: dict, rng: random.Random) -> list[str]:
    """Bold headings, "[n]" entries wrapped at 90 columns with a hanging indent."""
    lines = _body(row, rng, 90, markdown=False)
    for heading, entries in _both_lists(row):
        lines += [f"**{heading}**", "", *_wrapped(_numbered(entries, "[{n}] "), 90, "    "), ""]
    return lines


def _blank_separated(row: dict, rng: random.Random) -> list[str]:
    """Headings in capitals, unnumbered entries separated by blank lines."""
    lines = _body(row, rng, None, markdown=False)
    for heading, entries in _both_lists(row):
        lines += [heading.upper(), ""]
        for entry in entries:
            lines += [entry, ""]
    return lines


def _hyphenated(items: list[str], width: int, rng: random.Random) -> list[str]:
    """Wrapped as a narrow PDF column is: a long word at a line end is broken with a hyphen."""
    lines: list[str] = []
    for item in items:
        words, line = item.split(), ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                room = width - len(line) - 2
                if len(word) >= 8 and room >= 3 and word.isalpha() and rng.random() < 0.7:
                    cut = min(room, len(word) - 3)
                    lines.append(f"{line} {word[:cut]}-")
                    line = word[cut:]
                    continue
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def _english_first(row: dict, rng: random.Random) -> list[str]:
    """The English version of the page: English list first, the Russian one after it."""
    lines = _body(row, rng, None, markdown=True)
    lines += [f"### {row['en_heading']}", "", *_numbered(row["en_list"], "{n}. "), ""]
    lines += [f"### {row['ru_heading']}", "", *_numbered(row["ru_list"], "{n}. "), ""]
    return lines


def _narrow_columns(row: dict, rng: random.Random) -> list[str]:
    """Text of a two-column PDF: 45 characters wide, words hyphenated at line ends,
    numbered "[n]" entries without indentation."""
    lines = _body(row, rng, 45, markdown=False)
    for heading, entries in _both_lists(row):
        lines += [heading, "", *_hyphenated(_numbered(entries, "[{n}] "), 45, rng), ""]
    return lines


LAYOUTS: dict[str, Callable[[dict, random.Random], list[str]]] = {
    "markdown, numbered": _markdown,
    "PDF text, wrapped, REFERENCES": _pdf_text,
    "English part between the lists": _english_block,
    "bold headings, [n], hanging": _brackets_hanging,
    "CAPS headings, blank-separated": _blank_separated,
    "English list first, ### headings": _english_first,
    "two-column PDF text, hyphenated": _narrow_columns,
}
_SUFFIX = {"markdown, numbered": ".md", "English list first, ### headings": ".md"}


def _mistyped_headings(row: dict, rng: random.Random) -> list[str]:
    """Both headings with a letter missing, as a hurried typesetter leaves them."""
    lines = _body(row, rng, None, markdown=False)
    lines += ["Спсок литературы", "", *_numbered(row["ru_list"], "{n}. "), ""]
    lines += ["Refrences", "", *_numbered(row["en_list"], "{n}. ")]
    return lines


def _some_unnumbered(row: dict, rng: random.Random) -> list[str]:
    """Numbered lists where every fifth entry was left without its number."""
    lines = _body(row, rng, None, markdown=False)
    for heading, entries in _both_lists(row):
        lines += [heading, ""]
        number = 0
        for i, entry in enumerate(entries):
            if i % 5 == 4:
                lines.append(entry)
            else:
                number += 1
                lines.append(f"{number}. {entry}")
        lines.append("")
    return lines


def _english_inside(row: dict, rng: random.Random) -> list[str]:
    """The English list in the middle of the Russian text, the Russian list at its end."""
    body = _body(row, rng, None, markdown=False)
    half = len(body) // 2
    lines = [*body[:half], row["en_heading"], "", *_numbered(row["en_list"], "{n}. "), ""]
    lines += [*body[half:], row["ru_heading"], "", *_numbered(row["ru_list"], "{n}. "), ""]
    return lines


def _captions_between(row: dict, rng: random.Random) -> list[str]:
    """A table caption, a footnote and a figure caption between the two lists."""
    lines = _body(row, rng, None, markdown=False)
    lines += [row["ru_heading"], "", *_numbered(row["ru_list"], "{n}. "), ""]
    lines += ["Таблица 1. Основные характеристики топливных сборок реактора БН-800", ""]
    lines += ["* Работа выполнена при поддержке РФФИ (проект № 12-08-00123).", ""]
    lines += ["Рис. 3. Распределение энерговыделения по высоте активной зоны", ""]
    lines += [row["en_heading"], "", *_numbered(row["en_list"], "{n}. "), ""]
    return [*lines, "Поступила в редакцию 12.03.2014 г.", ""]


def _page_breaks(row: dict, rng: random.Random) -> list[str]:
    """Text copied from a PDF page by page: the running header and page number of each page
    break, one of them in the middle of each list (inside an entry)."""
    header = ["", "ИЗВЕСТИЯ ВУЗОВ • ЯДЕРНАЯ ЭНЕРГЕТИКА • №1 • 2014", "40", ""]
    body = _body(row, rng, None, markdown=False)
    third = len(body) // 3
    lines = [*body[:third], *header, *body[third : 2 * third], *header, *body[2 * third :]]
    for heading, entries in _both_lists(row):
        items = _wrapped(_numbered(entries, "{n}. "), 80)
        cut = len(items) // 2
        lines += [heading, "", *items[:cut], *header, *items[cut:], ""]
    return lines


#: Harder layouts (``--harder``), built while making list finding robust to them.
HARDER: dict[str, Callable[[dict, random.Random], list[str]]] = {
    "mistyped headings": _mistyped_headings,
    "unnumbered fifth entries": _some_unnumbered,
    "English list inside the text": _english_inside,
    "captions and footnote between the lists": _captions_between,
    "page breaks inside the lists": _page_breaks,
}


def article_text(row: dict, layout: str) -> str:
    """The full text of one article in one layout (deterministic)."""
    return "\n".join(LAYOUTS[layout](row, _rng(row, layout))) + "\n"


def _norm(text: str) -> str:
    """Entry text for comparison: white space and hyphens out, since text wrapped at a space
    or a hyphen cannot tell "http:// www" from "http://www" when joined again."""
    return re.sub(r"[\s\-‐]", "", text)


def _gold_index(found: list[str], gold: list[str]) -> dict[int, int]:
    """Found entry index -> gold index, for entries whose text equals a gold entry (a text
    cited twice maps to its occurrences in order)."""
    where: dict[str, list[int]] = {}
    for i, text in enumerate(gold):
        where.setdefault(_norm(text), []).append(i)
    mapping = {}
    for i, text in enumerate(found):
        if where.get(_norm(text)):
            mapping[i] = where[_norm(text)].pop(0)
    return mapping


def measure(rows: list[dict], directory: Path) -> dict[tuple[str, str], dict[str, int]]:
    """Counts per (layout, part): articles, both lists found, gold pairs, recovered, wrong."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for layout in LAYOUTS:
        for row in rows:
            part = article_part(row["article"])
            c = counts.setdefault(
                (layout, part), {"articles": 0, "found": 0, "gold": 0, "right": 0, "wrong": 0}
            )
            name = row["article"].replace(":", "_").replace("/", "_")
            path = directory / f"{name}.{layout.split(',')[0].split()[0].lower()}"
            path = path.with_suffix(path.suffix + _SUFFIX.get(layout, ".txt"))
            path.write_text(article_text(row, layout), encoding="utf-8")
            c["articles"] += 1
            gold_pairs = {tuple(p) for p in row["gold_pairs"]}
            c["gold"] += len(gold_pairs)
            try:
                russian, english = read_path(path).russian_and_english()
            except InputError:
                continue
            ru = [e.raw for e in russian.entries]
            en = [e.raw for e in english.entries]
            if [_norm(t) for t in ru] == [_norm(t) for t in row["ru_list"]] and [
                _norm(t) for t in en
            ] == [_norm(t) for t in row["en_list"]]:
                c["found"] += 1
            ru_gold, en_gold = _gold_index(ru, row["ru_list"]), _gold_index(en, row["en_list"])
            for pair in pair_lists(russian, english).pairs:
                key = (ru_gold.get(pair.a), en_gold.get(pair.b))
                if key in gold_pairs:
                    c["right"] += 1
                else:
                    c["wrong"] += 1
    return counts


def _row(label: str, c: dict[str, int]) -> str:
    found = c["found"] / c["articles"] if c["articles"] else 0.0
    recall = c["right"] / c["gold"] if c["gold"] else 0.0
    return (
        f"| {label} | {c['articles']} | {c['found']} ({found:.1%}) | "
        f"{c['right']}/{c['gold']} ({recall:.2%}) | {c['wrong']} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also keep the generated texts here")
    parser.add_argument("--harder", action="store_true", help="the harder layouts instead")
    args = parser.parse_args()
    if args.harder:
        LAYOUTS.clear()
        LAYOUTS.update(HARDER)
    if not DATA.exists():
        print("../shared/data absent: skipped")
        return 0
    with open(DATA, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        directory = args.out or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        counts = measure(rows, directory)
    seconds = time.perf_counter() - start
    print("| layout / part | articles | both lists found exactly | gold pairs recovered | wrong |")
    print("|---|---|---|---|---|")
    for part in ("dev", "test"):
        total = {"articles": 0, "found": 0, "gold": 0, "right": 0, "wrong": 0}
        for layout in LAYOUTS:
            c = counts[(layout, part)]
            print(_row(f"{layout} / {part}", c))
            for key in total:
                total[key] += c[key]
        print(_row(f"**all layouts / {part}**", total))
    print(f"\n{len(rows)} articles x {len(LAYOUTS)} layouts in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
