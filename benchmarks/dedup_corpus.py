"""A generator of deduplication corpora with known clusters.

Each synthetic *work* (a Russian or English journal article, book, chapter, conference paper or
thesis) is written out as several CSL-JSON *records*, the way it appears in different reference
lists: in Cyrillic, as the English "References" rendering (translated title, transliterated
authors, "(In Russian)"), fully transliterated (any of six schemes), with abbreviated journals,
dropped fields, truncated author lists, typos, OCR noise, a dropped subtitle, a year off by one.

Hard negatives are generated on purpose: the same authors' other paper in the same journal and
year, "Part 1" / "Part 2", a preprint and its published version, a chapter and its book, a
Russian article and its separately published English translation (the last three are related
works, never duplicates). Common surnames recur across unrelated works (Zipf-distributed).

Usage: ``python benchmarks/dedup_corpus.py N SEED OUT.jsonl``; each line is
``{"cluster": <work id>, "relation": [kind, work id] | null, "csl": {...}}``.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from refbridge.bilingual.translit import SCHEMES, transliterate

# Real scientific vocabulary (Russian, English), then synthetic pairs for variety.
_REAL_WORDS = """анализ analysis|метод method|модель model|теория theory|реактор reactor|
ядерный nuclear|
энергия energy|развитие development|система system|управление management|исследование study|
оценка assessment|безопасность safety|экономика economy|сотрудничество cooperation|
политика policy|регион region|образование education|процесс process|структура structure|
влияние influence|проблема problem|эффективность efficiency|расчёт calculation|топливо fuel|
излучение radiation|нейтрон neutron|температура temperature|давление pressure|
материал material|сплав alloy|коррозия corrosion|поток flux|решение solution|
алгоритм algorithm|данные data|сеть network|обучение learning|контроль control|
диагностика diagnostics|измерение measurement|спектр spectrum|детектор detector|
источник source|поле field|волна wave|частица particle|взаимодействие interaction|
распределение distribution|стратегия strategy|рынок market|инвестиции investment|
предприятие enterprise|труд labour|право law|государство state|общество society|
культура culture|история history|язык language|литература literature|медицина medicine|
лечение treatment|болезнь disease|клетка cell|белок protein|ген gene|вода water|почва soil|
климат climate|лес forest|город city|транспорт transport""".replace("\n", "").split("|")

_CYR_SYLLABLES = """ба ва га да жа за ка ла ма на па ра са та фа ха ца ча ша бо во го до ко ло мо
но по ро со то ле ме не ре се те ки ли ми ни ри си ти ку лу му ну ру су ту зи ги ди""".split()
_LAT_SYLLABLES = """ba ca da fa ga ha la ma na pa ra sa ta va be ce de fe ge le me ne pe re se te
ve bi ci di fi gi li mi ni pi ri si ti vi bo co do fo go lo mo no po ro so to vo bu cu du lu mu
nu ru su tu""".split()
_RU_SUFFIXES = ["ов", "ев", "ин", "ский", "енко", "ович", "ук", "иков", "аев", "ышев"]
_EN_SUFFIXES = ["son", "ton", "er", "ley", "man", "ford", "s", "well", "ridge", "berg"]
_CYR_INITIALS = "АБВГДЕЖЗИКЛМНОПРСТФЭЮЯ"
_LAT_INITIALS = "ABCDEFGHJKLMNOPRSTVWY"
_RU_JOURNAL = [("Вестник", "Bulletin of", "Vestnik"), ("Известия", "Proceedings of", "Izvestiya"),
               ("Журнал", "Journal of", "Zhurnal"), ("Вопросы", "Problems of", "Voprosy"),
               ("Проблемы", "Issues of", "Problemy")]  # fmt: skip
_EN_JOURNAL = ["Journal of", "Annals of", "Reviews in", "Advances in", "Letters on"]
_RU_TYPES = [
    ("article-journal", 72),
    ("book", 9),
    ("chapter", 7),
    ("paper-conference", 6),
    ("thesis", 6),
]
_EN_TYPES = [("article-journal", 75), ("book", 8), ("chapter", 7), ("paper-conference", 10)]
_RENDERINGS = [(1, 22), (2, 26), (3, 22), (4, 14), (5, 9), (6, 5), (8, 2)]


def _choice(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, cum_weights=list(accumulate(weights)))[0]


def _zipf(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) with a heavy head: a few surnames and journals are very common."""
    return min(int(rng.paretovariate(s)) - 1, n - 1) if rng.random() < 0.5 else rng.randrange(n)


class _Vocabulary:
    """Surnames, title words and journals, made once per seed."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.words: list[tuple[str, str]] = [tuple(w.split()) for w in _REAL_WORDS]  # type: ignore[misc]
        seen = {w for pair in self.words for w in pair}
        while len(self.words) < 400 + size // 40:
            ru = "".join(rng.choices(_CYR_SYLLABLES, k=rng.randint(2, 4)))
            en = "".join(rng.choices(_LAT_SYLLABLES, k=rng.randint(2, 4)))
            if ru not in seen and en not in seen:
                seen.update((ru, en))
                self.words.append((ru, en))
        self.ru_surnames = self._surnames(rng, _CYR_SYLLABLES, _RU_SUFFIXES, 300 + size // 8)
        self.en_surnames = self._surnames(rng, _LAT_SYLLABLES, _EN_SUFFIXES, 300 + size // 8)
        self.ru_journals = [self._ru_journal(rng) for _ in range(100 + size // 200)]
        self.en_journals = [self._en_journal(rng) for _ in range(100 + size // 200)]

    @staticmethod
    def _surnames(
        rng: random.Random, syllables: list[str], suffixes: list[str], n: int
    ) -> list[str]:
        out: set[str] = set()
        while len(out) < n:
            stem = "".join(rng.choices(syllables, k=rng.randint(1, 3)))
            out.add((stem + rng.choice(suffixes)).capitalize())
        return sorted(out)

    def _ru_journal(self, rng: random.Random) -> dict[str, str]:
        ru_head, en_head, _ = rng.choice(_RU_JOURNAL)
        pairs = [rng.choice(self.words) for _ in range(rng.randint(1, 3))]
        ru = f"{ru_head} " + " ".join(p[0] for p in pairs)
        en = f"{en_head} " + " ".join(p[1].capitalize() for p in pairs)
        return {"ru": ru, "en": en, "abbr": _abbreviate(en)}

    def _en_journal(self, rng: random.Random) -> dict[str, str]:
        words = " ".join(rng.choice(self.words)[1].capitalize() for _ in range(rng.randint(1, 3)))
        en = f"{rng.choice(_EN_JOURNAL)} {words}"
        return {"ru": en, "en": en, "abbr": _abbreviate(en)}


def _abbreviate(name: str) -> str:
    """ISO 4-like: long words cut to four letters and a full stop, short words kept."""
    out = []
    for word in name.split():
        if word.lower() in ("of", "in", "on", "and", "the"):
            continue
        out.append(word[:4] + "." if len(word) > 5 else word)
    return " ".join(out)


class _Generator:
    def __init__(self, n_records: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.voc = _Vocabulary(self.rng, n_records)
        self.n_records = n_records
        self.next_work = 0
        self.doi_counter = seed * 10_000_000

    # -- works --------------------------------------------------------------------------
    def _doi(self, prefix: str = "") -> str:
        self.doi_counter += 1
        prefix = prefix or f"10.{self.rng.randint(1000, 9999)}"
        return f"{prefix}/j.{self.doi_counter:09d}"

    def _authors(self, ru: bool) -> list[tuple[str, str]]:
        pool = self.voc.ru_surnames if ru else self.voc.en_surnames
        initials = _CYR_INITIALS if ru else _LAT_INITIALS
        count = _choice(self.rng, [(1, 25), (2, 30), (3, 22), (4, 12), (5, 7), (7, 4)])
        return [
            (pool[_zipf(self.rng, len(pool))], ". ".join(self.rng.sample(initials, 2)) + ".")
            for _ in range(count)
        ]

    def _title(self) -> tuple[str, str]:
        words = self.voc.words
        pairs = [
            words[
                _zipf(self.rng, len(words), 1.5)
                if self.rng.random() < 0.3
                else self.rng.randrange(len(words))
            ]
            for _ in range(self.rng.randint(3, 9))
        ]
        ru = " ".join(p[0] for p in pairs).capitalize()
        en = " ".join(p[1] for p in pairs).capitalize()
        if self.rng.random() < 0.2:
            sub = [self.rng.choice(self.voc.words) for _ in range(self.rng.randint(2, 4))]
            ru += ": " + " ".join(p[0] for p in sub)
            en += ": " + " ".join(p[1] for p in sub)
        return ru, en

    def work(self, ru: bool, **fixed: Any) -> dict[str, Any]:
        rng = self.rng
        kind = fixed.pop("type", None) or _choice(rng, _RU_TYPES if ru else _EN_TYPES)
        title_ru, title_en = self._title()
        journals = self.voc.ru_journals if ru else self.voc.en_journals
        first_page = rng.randint(1, 900)
        work: dict[str, Any] = {
            "id": self.next_work,
            "ru": ru,
            "type": kind,
            "authors": self._authors(ru),
            "title": (title_ru, title_en),
            "year": rng.randint(1990, 2024),
            "journal": journals[_zipf(rng, len(journals))],
            "volume": str(rng.randint(1, 80)),
            "issue": str(rng.randint(1, 12)),
            "pages": f"{first_page}-{first_page + rng.randint(3, 25)}",
            "doi": self._doi()
            if kind in ("article-journal", "paper-conference") and rng.random() < 0.7
            else "",
        }
        if kind in ("book", "thesis"):
            work["publisher"] = rng.choice(self.voc.words)[0 if ru else 1].capitalize()
            work["isbn"] = _isbn(rng) if kind == "book" else ""
            work["pages"] = ""
        if kind == "chapter":
            book_ru, book_en = self._title()
            work.update(
                book=(book_ru, book_en), isbn=_isbn(rng), publisher=rng.choice(self.voc.words)[1]
            )
        work.update(fixed)
        self.next_work += 1
        return work

    def family(self) -> list[tuple[dict[str, Any], tuple[str, int] | None]]:
        """One work, sometimes with a hard-negative neighbour or a related work."""
        rng = self.rng
        ru = rng.random() < 0.55
        base = self.work(ru)
        out: list[tuple[dict[str, Any], tuple[str, int] | None]] = [(base, None)]
        roll = rng.random()
        article = base["type"] == "article-journal"
        if roll < 0.12 and article:  # the same authors' other paper, same journal and year
            first = rng.randint(1, 900)
            out.append((self.work(ru, type=base["type"], authors=base["authors"], year=base["year"],
                                  journal=base["journal"], volume=base["volume"],
                                  pages=f"{first}-{first + 9}"), None))  # fmt: skip
        elif roll < 0.16 and article:  # Part 1 / Part 2
            (ru_t, ru_sub), (en_t, en_sub) = (_split_subtitle(t) for t in base["title"])
            base["title"] = (f"{ru_t}. Часть 1{ru_sub}", f"{en_t}. Part 1{en_sub}")
            first = rng.randint(1, 900)
            part2 = (f"{ru_t}. Часть 2{ru_sub}", f"{en_t}. Part 2{en_sub}")
            out.append((self.work(ru, type=base["type"], authors=base["authors"], year=base["year"],
                                  journal=base["journal"], title=part2,
                                  pages=f"{first}-{first + 12}"), None))  # fmt: skip
        elif roll < 0.21 and article and not ru:  # preprint of the published article
            pre = self.work(ru, type="article", authors=base["authors"], title=base["title"],
                            year=base["year"] - rng.randint(0, 1),
                            journal={"ru": "arXiv", "en": "arXiv", "abbr": "arXiv"},
                            volume="", issue="", pages="", doi=self._doi("10.48550"))  # fmt: skip
            out.append((pre, ("preprint-of", base["id"])))
        elif roll < 0.26 and article and ru:  # separately published English translation
            en_journal = rng.choice(self.voc.en_journals)
            first = rng.randint(1, 900)
            tr = self.work(False, type="article-journal", authors=base["authors"],
                           year=base["year"],
                           journal=en_journal, volume=str(rng.randint(1, 80)),
                           pages=f"{first}-{first + 10}", doi=self._doi(),
                           title=(base["title"][1], base["title"][1]),
                           original_title=base["title"][0], translated_authors=True)  # fmt: skip
            out.append((tr, ("translation-of", base["id"])))
        elif base["type"] == "chapter" and roll < 0.5:  # the book the chapter is in
            book = self.work(ru, type="book", title=base["book"], year=base["year"],
                             isbn=base["isbn"], authors=self._authors(ru))  # fmt: skip
            out.append((book, None))
            out[0] = (base, ("chapter-of", book["id"]))
        return out

    # -- records ----------------------------------------------------------------------------
    def records(self) -> Iterator[dict[str, Any]]:
        made = 0
        while made < self.n_records:
            for work, relation in self.family():
                for csl in self.render_all(work):
                    if made >= self.n_records:
                        return
                    yield {"cluster": work["id"], "relation": relation, "csl": csl}
                    made += 1

    def render_all(self, work: dict[str, Any]) -> Iterator[dict[str, Any]]:
        count = _choice(self.rng, _RENDERINGS)
        for _ in range(count):
            if work["ru"]:
                form = _choice(self.rng, [("cyrillic", 50), ("english", 32), ("translit", 18)])
            else:
                form = "english"
            yield self.render(work, form)

    def render(self, work: dict[str, Any], form: str) -> dict[str, Any]:
        rng = self.rng
        scheme = rng.choice(SCHEMES)
        latin = form != "cyrillic" or work.get("translated_authors")

        def name(text: str) -> str:
            return transliterate(text, scheme) if latin else text

        authors = [{"family": name(f), "given": name(g)} for f, g in work["authors"]]
        if len(authors) > 3 and rng.random() < 0.3:
            authors = authors[:3]
        if rng.random() < 0.03:
            authors[0]["family"] = _typo(rng, authors[0]["family"])
        title_ru, title_en = work["title"]
        journal = work["journal"]
        if form == "cyrillic":
            title, container = title_ru, journal["ru"]
        elif form == "translit":
            title, container = transliterate(title_ru, scheme), transliterate(journal["ru"], scheme)
        else:
            title = title_en
            if work["ru"]:
                container = (
                    transliterate(journal["ru"], scheme) if rng.random() < 0.5 else journal["en"]
                )
            else:
                container = journal["en"]
            if rng.random() < 0.3 and container == journal["en"]:
                container = journal["abbr"]
        if ": " in title and rng.random() < 0.15:
            title = title.split(": ")[0]
        if rng.random() < 0.15:
            title = _typo(rng, title)
        if rng.random() < 0.05:
            title = _ocr(rng, title)
        if rng.random() < 0.05:
            title = title.upper()
        year = work["year"] + (rng.choice((-1, 1)) if rng.random() < 0.03 else 0)
        csl: dict[str, Any] = {"type": work["type"], "author": authors, "title": title,
                               "issued": {"date-parts": [[year]]}}  # fmt: skip
        if work["type"] in ("article-journal", "paper-conference", "article"):
            csl["container-title"] = container
            for field, var, keep in (
                ("volume", "volume", 0.9),
                ("issue", "issue", 0.7),
                ("pages", "page", 0.9),
            ):
                if work[field] and rng.random() < keep:
                    csl[var] = work[field]
        elif work["type"] == "chapter":
            book_ru, book_en = work["book"]
            csl["container-title"] = (
                book_ru
                if form == "cyrillic"
                else book_en
                if form == "english"
                else transliterate(book_ru, scheme)
            )
            csl["page"] = work["pages"]
            if rng.random() < 0.5:
                csl["ISBN"] = work["isbn"]
        else:
            csl["publisher"] = (
                work["publisher"]
                if form == "cyrillic"
                else transliterate(work["publisher"], scheme)
            )
            if work.get("isbn") and rng.random() < 0.6:
                csl["ISBN"] = work["isbn"]
        if work["doi"] and rng.random() < 0.6:
            csl["DOI"] = work["doi"]
        if work["ru"] and form == "english":
            csl["custom"] = {"refbridge": {"original-language": "ru"}}
        if work.get("original_title") and rng.random() < 0.7:
            csl["original-title"] = work["original_title"]
        return csl


def _split_subtitle(title: str) -> tuple[str, str]:
    """("Main", ": subtitle"): a part number belongs to the main title, before the subtitle."""
    main, colon, sub = title.partition(": ")
    return main, colon + sub


def _isbn(rng: random.Random) -> str:
    core = "978" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    check = (10 - sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(core)) % 10) % 10
    return core + str(check)


def _typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with its neighbour or replaced."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.randrange(4)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    if op == 2:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    return text[:i] + rng.choice("aeinorst") + text[i + 1 :]


_OCR = [("rn", "m"), ("l", "1"), ("o", "0"), ("e", "е"), ("a", "а"), ("cl", "d"), ("i", "í")]


def _ocr(rng: random.Random, text: str) -> str:
    """OCR confusions: rn/m, l/1, O/0 and Latin letters read as their Cyrillic look-alikes."""
    for source, target in rng.sample(_OCR, 2):
        text = text.replace(source, target, 1)
    return text


def generate(n_records: int, seed: int) -> Iterator[dict[str, Any]]:
    """``n_records`` records with their true cluster, reproducible from ``seed``."""
    return _Generator(n_records, seed).records()


def main(argv: list[str]) -> int:
    n, seed, out = int(argv[1]), int(argv[2]), argv[3]
    with open(out, "w", encoding="utf-8") as handle:
        for item in generate(n, seed):
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
