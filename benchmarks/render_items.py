"""Generate the varied CSL-JSON items the rendering oracle benchmark runs on.

``python benchmarks/render_items.py`` rewrites ``benchmarks/data/render_items.json``
deterministically (fixed seed): journal articles, books, chapters, web pages, conference
papers, reports and theses, in Russian and English, with 1 to 25 authors, organisations,
particles, editors, same-author-same-year pairs (year suffixes), DOIs, URLs and access dates.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).parent / "data" / "render_items.json"

EN_FAMILIES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore
Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott
Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker
O'Brien Müller Łukasiewicz Zhang Nguyen""".split()
EN_GIVEN = """John Mary James Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Anne-Marie Jean-Paul""".split()
RU_FAMILIES = """Иванов Петров Сидоров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков
Фёдоров Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев
Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Ёлкин Шувалов
Щербаков Юдин Эйдельман Абрамов Ярцев""".split()
RU_GIVEN = """Александр Сергей Дмитрий Андрей Алексей Иван Михаил Николай Ольга Елена Татьяна
Наталья Ирина Анна Мария Юлия Пётр Фёдор""".split()
RU_PATRONYMIC = (
    """Александрович Сергеевич Дмитриевич Ивановна Петровна Николаевна Михайлович""".split()
)
EN_WORDS = """analysis of the economic cooperation between regional markets in central asia energy
security policy higher education and innovation digital transformation supply chains climate risk
a new approach to measuring productivity growth evidence from panel data on trade flows machine
learning for citation parsing the role of institutions in development""".split()
RU_WORDS = """анализ экономического сотрудничества между региональными рынками центральной азии
энергетическая безопасность политика высшее образование и инновации цифровая трансформация
цепочки поставок климатические риски новый подход к измерению производительности данные
торговые потоки роль институтов в развитии""".split()
EN_JOURNALS = [
    "Journal of Economic Perspectives",
    "Nature",
    "Post-Soviet Affairs",
    "Europe-Asia Studies",
    "Energy Policy",
    "PLOS ONE",
    "Central Asian Survey",
]
RU_JOURNALS = [
    "Вопросы экономики",
    "Проблемы постсоветского пространства",
    "Мировая экономика и международные отношения",
    "Экономика: стратегия и практика",
    "Полис",
]
EN_PUBLISHERS = [
    ("Oxford University Press", "Oxford"),
    ("Routledge", "London"),
    ("Springer", "Cham"),
    ("MIT Press", "Cambridge, MA"),
    ("Wiley", "Hoboken, NJ"),
]
RU_PUBLISHERS = [
    ("Наука", "Москва"),
    ("Издательство МГУ", "Москва"),
    ("Питер", "Санкт-Петербург"),
    ("Юрайт", "Москва"),
    ("Наука", "Новосибирск"),
]
EN_ORGS = ["World Health Organization", "International Monetary Fund", "OECD"]
RU_ORGS = [
    "Федеральная служба государственной статистики",
    "Министерство финансов Российской Федерации",
]
EN_SITES = ["BBC News", "The President of Russia", "Forbes"]
RU_SITES = ["Аргументы недели", "Президент России", "РИА Новости"]


def _title(rng: random.Random, words: list[str], lo: int = 4, hi: int = 11) -> str:
    text = " ".join(rng.sample(words, rng.randint(lo, hi)))
    if rng.random() < 0.3:
        text += ": " + " ".join(rng.sample(words, rng.randint(2, 5)))
    return text[0].upper() + text[1:]


def _person(rng: random.Random, ru: bool) -> dict[str, str]:
    if ru:
        given = rng.choice(RU_GIVEN)
        if rng.random() < 0.6:
            given += " " + rng.choice(RU_PATRONYMIC)
        return {"family": rng.choice(RU_FAMILIES), "given": given}
    given = rng.choice(EN_GIVEN)
    if rng.random() < 0.3:
        given += " " + rng.choice("ABCDEHKLMPRST") + "."
    person = {"family": rng.choice(EN_FAMILIES), "given": given}
    if rng.random() < 0.05:
        person["non-dropping-particle"] = rng.choice(["van", "de", "van der"])
    return person


def _authors(rng: random.Random, ru: bool) -> list[dict[str, str]]:
    count = rng.choices([1, 2, 3, 4, 5, 7, 8, 12, 22], [30, 25, 15, 9, 6, 5, 4, 3, 3])[0]
    return [_person(rng, ru) for _ in range(count)]


def _date(rng: random.Random, fine: bool = False) -> dict[str, list[list[int]]]:
    parts = [rng.randint(1995, 2024)]
    if fine:
        parts.append(rng.randint(1, 12))
        if rng.random() < 0.7:
            parts.append(rng.randint(1, 28))
    return {"date-parts": [parts]}


def _pages(rng: random.Random) -> str:
    first = rng.randint(1, 1900)
    return f"{first}-{first + rng.randint(2, 140)}"


def make_item(rng: random.Random, n: int) -> dict[str, object]:
    ru = rng.random() < 0.45
    words = RU_WORDS if ru else EN_WORDS
    kind = rng.choices(
        ["article-journal", "book", "chapter", "webpage", "paper-conference", "report", "thesis"],
        [40, 15, 12, 12, 12, 5, 4],
    )[0]
    item: dict[str, object] = {
        "id": f"{'Ru' if ru else 'En'}{kind.title().replace('-', '')}{n}",
        "type": kind,
        "language": "ru" if ru else "en",
        "title": _title(rng, words),
    }
    if kind != "webpage" or rng.random() < 0.5:
        item["author"] = _authors(rng, ru)
    if rng.random() < 0.04:
        item["author"] = [{"literal": rng.choice(RU_ORGS if ru else EN_ORGS)}]
    item["issued"] = _date(rng, fine=kind == "webpage")
    if kind == "article-journal":
        item["container-title"] = rng.choice(RU_JOURNALS if ru else EN_JOURNALS)
        item["volume"] = str(rng.randint(1, 60))
        if rng.random() < 0.8:
            item["issue"] = str(rng.randint(1, 12))
        if rng.random() < 0.9:
            item["page"] = _pages(rng)
    elif kind in ("book", "report", "thesis"):
        publisher, place = rng.choice(RU_PUBLISHERS if ru else EN_PUBLISHERS)
        item["publisher"] = publisher
        if rng.random() < 0.8:
            item["publisher-place"] = place
        if kind == "book" and rng.random() < 0.25:
            item["edition"] = str(rng.randint(2, 5))
        if kind == "book" and rng.random() < 0.5:
            item["number-of-pages"] = str(rng.randint(90, 700))
        if kind == "report" and rng.random() < 0.5:
            item["number"] = str(rng.randint(1, 99))
        if kind == "thesis":
            item["genre"] = "Дис. … канд. экон. наук" if ru else "PhD thesis"
    elif kind in ("chapter", "paper-conference"):
        item["container-title"] = _title(rng, words, 3, 7)
        if rng.random() < 0.6:
            item["editor"] = [_person(rng, ru) for _ in range(rng.randint(1, 3))]
        publisher, place = rng.choice(RU_PUBLISHERS if ru else EN_PUBLISHERS)
        item["publisher"] = publisher
        item["publisher-place"] = place
        item["page"] = _pages(rng)
    elif kind == "webpage":
        item["container-title"] = rng.choice(RU_SITES if ru else EN_SITES)
        item["URL"] = f"https://example.{'ru' if ru else 'com'}/news/{n}"
        item["accessed"] = {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]}
    if kind != "webpage" and rng.random() < 0.45:
        item["DOI"] = f"10.{rng.randint(1000, 99999)}/{rng.choice(['jep', 'x', 'S2587'])}.{n}"
    return item


def make_hard_item(rng: random.Random, n: int) -> dict[str, object]:
    """The corners: titles ending in ? or !, quotes inside titles, no date, translators,
    newspapers, non-numeric editions, issue and page oddities, URL next to DOI."""
    item = make_item(rng, n)
    ru = item["language"] == "ru"
    corner = n % 8
    if corner == 0:
        item["title"] = str(item["title"]) + rng.choice(["?", "!", "…"])
    elif corner == 1:
        quoted = "«Евразийский проект»" if ru else "“Eurasian project”"
        item["title"] = f"{item['title']} in the framework of the {quoted}"
    elif corner == 2:
        item.pop("issued", None)
    elif corner == 3:
        item["type"] = "book"
        item["translator"] = [_person(rng, ru)]
        item["edition"] = "Rev. ed." if not ru else "2-е изд., испр."
    elif corner == 4:
        item["type"] = "article-newspaper"
        item["container-title"] = rng.choice(RU_SITES if ru else EN_SITES)
        item["issued"] = _date(rng, fine=True)
    elif corner == 5:
        item["type"] = "article-journal"
        item["container-title"] = rng.choice(RU_JOURNALS if ru else EN_JOURNALS)
        item["issue"] = f"{rng.randint(1, 5)}-{rng.randint(6, 9)}"
        item["page"] = rng.choice(["45", "e1234", "12-13", "101-9"])
    elif corner == 6:
        item["URL"] = f"https://example.org/paper/{n}"
        item["DOI"] = f"10.1000/hard.{n}"
    else:
        item["author"] = [{"literal": rng.choice(RU_ORGS if ru else EN_ORGS)}]
    item["id"] = f"Hard{n}"
    return item


def make_items(count: int = 320, seed: int = 7, hard: int = 48) -> list[dict[str, object]]:
    rng = random.Random(seed)
    items = [make_item(rng, n) for n in range(count)]
    items += [make_hard_item(rng, count + n) for n in range(hard)]
    # Same first author and year: the author-date styles must add year suffixes (2019a, 2019b).
    for n in range(0, 40, 4):
        twin = dict(items[n + 1])
        twin["author"] = items[n].get("author", twin.get("author"))
        twin["issued"] = items[n]["issued"]
        items[n + 1] = twin
    return items


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    items = make_items()
    OUT.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(items)} items to {OUT}")


if __name__ == "__main__":
    main()
