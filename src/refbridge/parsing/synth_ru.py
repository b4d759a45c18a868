"""Synthetic labelled Russian reference strings for training the CRF.

Real labelled Russian data is scarce (the 148 hand-labelled strings of ``ru_gost.dev.jsonl`` are
kept for testing), so records are made up from lists of names, journals, publishers and cities,
rendered through the templates Russian reference lists use — GOST 7.1/R 7.0.5 (``Иванов И.И.
Заглавие // Журнал. – 2015. – Т. 3, № 2. – С. 5–9.``), GOST R 7.0.100 (heading name, then ``/``
statement of responsibility), APA-in-Russian, books, chapters in proceedings, theses,
preprints, standards, web pages — and then roughened the way real lists are: missing or doubled
spaces, hyphens for dashes, ``No`` for ``№``, dropped fields, Latin look-alike letters.

Labels follow the conventions of ``ru_gost.dev.jsonl`` (``docs/parsing.md``): markers stay in
locators (``Т. 12``, ``№ 3``, ``С. 5–9``), the extent ``240 с.``, access dates, "Электронный
ресурс", edition and standard numbers are ``note``. The lists the records are made from are
in :mod:`.synth_ru_words`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..text.translit import transliterate
from .synth_ru_words import (
    CONF_NAMES,
    FEMININE_ENDINGS,
    INITIALS,
    JOURNALS,
    LATIN_SURNAMES,
    MONTHS,
    PROCEEDINGS,
    PUBLISHERS,
    SITES,
    SURNAMES,
    TITLE_INFO,
    WORDS,
)
from .training_data import Example, normalize_spans

__all__ = ["generate"]


class _Builder:
    """A string and its labelled spans, built piece by piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[str, int, int]] = []

    def add(self, text: str, label: str | None = None) -> None:
        if label is not None and text:
            self.spans.append((label, self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


class _Generator:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    # --- pieces -----------------------------------------------------------------------------
    def surname(self) -> str:
        name = self.r.choice(SURNAMES)
        if self.r.random() < 0.35:
            for masculine, feminine in FEMININE_ENDINGS:
                if name.endswith(masculine):
                    return name[: -len(masculine)] + feminine
        return name

    def initials(self, spaced: bool) -> str:
        count = 2 if self.r.random() < 0.9 else 1
        letters = [self.r.choice(INITIALS) + "." for _ in range(count)]
        return (" " if spaced else "").join(letters)

    def person(self, style: str, spaced: bool) -> str:
        if style == "latin":
            initials = " ".join(
                self.r.choice("ABCDEGHIJKLMNOPRSTVWY") + "." for _ in range(self.r.randint(1, 2))
            )
            if self.r.random() < 0.3:
                initials = initials.replace(" ", "")
            return f"{self.r.choice(LATIN_SURNAMES)} {initials}"
        if style == "inverted":  # "Иванов, И. И." (GOST R 7.0.100 heading)
            return f"{self.surname()}, {self.initials(True)}"
        if style == "forward":  # "И. И. Иванов" (statement of responsibility)
            return f"{self.initials(spaced)} {self.surname()}"
        return f"{self.surname()} {self.initials(spaced)}"

    def authors(self, style: str, max_count: int = 6) -> str:
        spaced = self.r.random() < 0.3
        count = min(max_count, self.r.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 7]))
        people = [self.person(style, spaced) for _ in range(count)]
        text = ", ".join(people)
        if count >= 3 and self.r.random() < 0.2:
            text = ", ".join(people[:3]) + " и др."
        return text

    def title(self, words: tuple[int, int] = (3, 14)) -> str:
        count = self.r.randint(*words)
        chosen = [self.r.choice(WORDS) for _ in range(count)]
        text = " ".join(chosen)
        text = text[0].upper() + text[1:]
        roll = self.r.random()
        if roll < 0.12:
            sub = " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(2, 6)))
            text += self.r.choice([": ", ". "]) + sub
        elif roll < 0.17:
            text += " (обзор)"
        return text

    def year(self) -> str:
        return str(self.r.randint(1965, 2024))

    def pages_range(self) -> str:
        first = self.r.randint(1, 900)
        return f"{first}{self.dash_range()}{first + self.r.randint(1, 30)}"

    def dash_range(self) -> str:
        return self.r.choice(["–", "-", "-", "–", "—"])

    def sep(self) -> str:
        """GOST area separator: ". – " with the usual misprints."""
        roll = self.r.random()
        if roll < 0.55:
            return ". – "
        if roll < 0.7:
            return ". - "
        if roll < 0.78:
            return ". — "
        if roll < 0.86:
            return ". "
        if roll < 0.92:
            return ".– "
        return ". –"

    def n(self, low: int, high: int) -> int:
        return self.r.randint(low, high)

    def doi(self) -> str:
        prefix = self.r.choice(["10.1134", "10.26583", "10.1016", "10.3103", "10.1007", "10.31857"])
        suffix = self.r.choice(
            [
                f"S{self.r.randint(10**12, 10**13 - 1)}",
                f"npe.{self.n(2014, 2024)}.{self.n(1, 4)}.{self.n(1, 20):02d}",
                f"j.nucengdes.{self.r.randint(2010, 2024)}.{self.r.randint(100000, 999999)}",
                f"s{self.n(10000, 99999)}-0{self.n(10, 99)}-{self.n(1000, 9999)}-{self.n(1, 9)}",
            ]
        )
        return f"{prefix}/{suffix}"

    def access_date(self) -> str:
        return (
            f"{self.r.randint(1, 28):02d}.{self.r.randint(1, 12):02d}.{self.r.randint(2008, 2024)}"
        )

    def url(self) -> str:
        path = "/".join(
            self.r.choice(
                [
                    "doc",
                    "news",
                    "index.php",
                    "ae",
                    "article",
                    "view",
                    str(self.r.randint(10, 9999)),
                    "files",
                    "pub",
                ]
            )
            for _ in range(self.r.randint(1, 4))
        )
        scheme = self.r.choice(["https://", "http://", "https://", "http://"])
        return f"{scheme}{self.r.choice(SITES)}/{path}"

    # --- records ----------------------------------------------------------------------------
    def article_gost(self, b: _Builder) -> None:
        latin = self.r.random() < 0.12
        journal = self.r.choice(JOURNALS[-8:] if latin else JOURNALS)
        authors_first = self.r.random() < 0.9
        if authors_first:
            b.add(self.authors("latin" if latin else "gost"), "author")
            b.add(" ")
        b.add(self.title(), "title")
        b.add(self.r.choice([" // ", ". // ", " //", ".// ", "// ", ". / "]))
        b.add(journal, "container-title")
        b.add(self.sep() if self.r.random() < 0.8 else ". ")
        b.add(self.year(), "date")
        vol_word, iss_word, page_word = ("Vol.", "No.", "P.") if latin else ("Т.", "№", "С.")
        if self.r.random() < 0.5:
            b.add(self.r.choice([self.sep(), ", "]))
            b.add(f"{vol_word} {self.r.randint(1, 200)}", "volume")
        if self.r.random() < 0.85:
            b.add(self.r.choice([self.sep(), ", ", ", "]))
            if not latin and self.r.random() < 0.1:
                b.add(f"Вып. {self.r.randint(1, 12)}", "issue")
            else:
                word = self.r.choice([iss_word, iss_word, "No", "N"]) if not latin else iss_word
                space = " " if self.r.random() < 0.75 else ""
                b.add(f"{word}{space}{self.r.randint(1, 12)}", "issue")
        if self.r.random() < 0.93:
            b.add(self.sep())
            space = " " if self.r.random() < 0.8 else ""
            b.add(f"{page_word}{space}{self.pages_range()}", "pages")
        self.tail(b, doi=0.25, url=0.06)

    def article_7_0_100(self, b: _Builder) -> None:
        """Heading name, then "/ statement of responsibility" (GOST R 7.0.100-2018)."""
        b.add(self.person("inverted", True), "author")
        b.add(" ")
        b.add(self.title(), "title")
        b.add(" / ")
        b.add(self.authors("forward"), "author")
        b.add(" // ")
        b.add(self.r.choice(JOURNALS[:-8]), "container-title")
        b.add(" — ")
        b.add(self.year(), "date")
        if self.r.random() < 0.5:
            b.add(" — ")
            b.add(f"Т. {self.r.randint(1, 150)}", "volume")
        b.add(self.r.choice([", ", " — "]))
        b.add(f"№ {self.r.randint(1, 12)}", "issue")
        b.add(" — ")
        b.add(f"С. {self.pages_range()}", "pages")
        self.tail(b, doi=0.4, url=0.05)

    def book(self, b: _Builder) -> None:
        has_authors = self.r.random() < 0.85
        if has_authors:
            b.add(self.authors("gost", 4), "author")
            b.add(" ")
        title = self.title((2, 10))
        if self.r.random() < 0.3:
            title += self.r.choice([": ", " : "]) + self.r.choice(TITLE_INFO)
        b.add(title, "title")
        if self.r.random() < 0.2:
            b.add(" / ")
            b.add("Под ред. " + self.person("forward", False), "editor")
        elif not has_authors and self.r.random() < 0.5:
            b.add(" / ")
            b.add(self.authors("forward", 3), "author")
        if self.r.random() < 0.15:
            b.add(self.sep())
            b.add(
                self.r.choice(
                    ["2-е изд., перераб. и доп", "Изд. 3-е", "4-е изд., стер", "2-е изд"]
                ),
                "note",
            )
        if self.r.random() < 0.12:
            b.add(self.sep())
            b.add(f"Т. {self.r.randint(1, 4)}", "volume")
        place, publisher = self.r.choice(PUBLISHERS)
        b.add(self.sep())
        if place in ("М.", "СПб.", "Л.") and self.r.random() < 0.15:
            place = {"М.": "Москва", "СПб.": "Санкт-Петербург", "Л.": "Ленинград"}[place]
        if self.r.random() < 0.05:
            place = place.rstrip(".")
        b.add(place, "location")
        if self.r.random() < 0.9:
            b.add(self.r.choice([": ", ": ", ":", " : "]))
            b.add(publisher, "publisher")
            b.add(", ")
        else:
            b.add(", ")
        b.add(self.year(), "date")
        if self.r.random() < 0.85:
            b.add(self.sep())
            b.add(f"{self.r.randint(40, 900)} {self.r.choice(['с.', 'с.', 'c.', 'с'])}", "note")
        if self.r.random() < 0.08:
            b.add(self.sep())
            b.add(
                f"ISBN 978-5-{self.n(100, 999)}-{self.n(10000, 99999)}-{self.n(0, 9)}",
                "isbn",
            )
        self.tail(b, doi=0.0, url=0.03)

    def proceedings(self, b: _Builder) -> None:
        b.add(self.authors("gost", 5), "author")
        b.add(" ")
        b.add(self.title(), "title")
        b.add(self.r.choice([" // ", ". // ", ". / ", " / "]))
        conf = self.r.choice(PROCEEDINGS).format(self.r.choice(CONF_NAMES))
        if self.r.random() < 0.4:
            conf = conf.replace("«", "").replace("»", "")
        b.add(conf, "container-title")
        place, publisher = self.r.choice(PUBLISHERS)
        b.add(self.sep())
        b.add(place, "location")
        if self.r.random() < 0.6:
            b.add(": ")
            b.add(publisher, "publisher")
        b.add(", ")
        if self.r.random() < 0.2:
            day = self.r.randint(1, 25)
            b.add(f"{day}-{day + 3} {self.r.choice(MONTHS)} {self.year()} г.", "date")
        else:
            b.add(self.year(), "date")
        if self.r.random() < 0.2:
            b.add(self.sep())
            b.add(f"Т. {self.r.randint(1, 4)}", "volume")
        b.add(self.sep())
        b.add(f"С. {self.pages_range()}", "pages")
        self.tail(b, doi=0.05, url=0.03)

    def thesis(self, b: _Builder) -> None:
        b.add(self.person("gost", False), "author")
        b.add(" ")
        b.add(self.title(), "title")
        b.add(self.r.choice([": ", ". "]))
        degree = self.r.choice(
            [
                "дис. … канд. техн. наук",
                "дис. ... д-ра физ.-мат. наук",
                "автореф. дис. … канд. физ.-мат. наук",
                "Дисс. канд. хим. наук",
            ]
        )
        if self.r.random() < 0.4:
            degree += f" {self.n(1, 5):02d}.{self.n(1, 20):02d}.{self.n(1, 20):02d}"
        b.add(degree, "note")
        b.add(self.sep())
        b.add(self.r.choice(["М.", "Обнинск", "СПб.", "Томск", "Москва"]), "location")
        b.add(", ")
        b.add(self.year(), "date")
        b.add(self.sep())
        b.add(f"{self.r.randint(16, 300)} с.", "note")

    def web(self, b: _Builder) -> None:
        if self.r.random() < 0.3:
            b.add(self.authors("gost", 2), "author")
            b.add(" ")
        b.add(self.title((2, 9)), "title")
        if self.r.random() < 0.6:
            b.add(" [")
            b.add("Электронный ресурс", "note")
            b.add("]")
        else:
            b.add(". ")
            b.add("Электронный ресурс", "note")
            b.add(":")
        if b.parts[-1] == ":":
            b.add(" ")
        elif self.r.random() < 0.6:
            b.add(self.sep())
            b.add("URL: ")
        else:
            b.add(self.r.choice([". Режим доступа: ", " "]))
        b.add(self.url(), "url")
        b.add(" ")
        word = self.r.choice(["дата обращения", "дата доступа", "дата обращения"])
        b.add(f"({word}: {self.access_date()})", "note")

    def standard(self, b: _Builder) -> None:
        code = self.r.choice(
            [
                f"ГОСТ {self.r.randint(1000, 59999)}-{self.r.randint(70, 99)}",
                f"ГОСТ Р {self.r.randint(50000, 59999)}-{self.r.randint(2000, 2023)}",
                f"НП-{self.r.randint(1, 99):03d}-{self.r.randint(10, 23)}",
                f"СанПиН 2.6.1.{self.r.randint(2000, 3000)}-{self.r.randint(0, 23):02d}",
            ]
        )
        b.add(code, "note")
        b.add(". ")
        b.add(self.title((3, 12)), "title")
        if self.r.random() < 0.6:
            b.add(self.sep())
            b.add(self.r.choice(["М.", "Москва"]), "location")
            b.add(": ")
            b.add(self.r.choice(["Стандартинформ", "Изд-во стандартов", "НТЦ ЯРБ"]), "publisher")
            b.add(", ")
            b.add(self.year(), "date")
            b.add(self.sep())
            b.add(f"{self.r.randint(10, 90)} с.", "note")

    def preprint(self, b: _Builder) -> None:
        b.add(self.authors("gost", 4), "author")
        b.add(" ")
        b.add(self.title(), "title")
        b.add(": ")
        b.add(
            f"Препринт {self.r.choice(['ФЭИ', 'ИАЭ', 'ИТЭФ', 'ОИЯИ Р2'])}-{self.n(100, 3200)}",
            "note",
        )
        b.add(self.sep())
        b.add(self.r.choice(["Обнинск", "М.", "Дубна"]), "location")
        b.add(", ")
        b.add(self.year(), "date")
        b.add(self.sep())
        b.add(f"{self.r.randint(8, 60)} с.", "note")

    def apa(self, b: _Builder) -> None:
        people = [self.person("inverted", True) for _ in range(self.r.randint(1, 4))]
        text = ", ".join(people[:-1]) + (", & " if len(people) > 1 else "") + people[-1]
        b.add(text if len(people) > 1 else people[0], "author")
        b.add(" (")
        b.add(self.year(), "date")
        b.add("). ")
        b.add(self.title(), "title")
        b.add(". ")
        b.add(self.r.choice(JOURNALS[:-8]), "container-title")
        b.add(", ")
        b.add(str(self.r.randint(1, 150)), "volume")
        if self.r.random() < 0.8:
            b.add("(")
            b.add(str(self.r.randint(1, 12)), "issue")
            b.add(")")
        b.add(", ")
        b.add(self.pages_range(), "pages")
        b.add(".")
        if self.r.random() < 0.5:
            b.add(" ")
            b.add("https://doi.org/" + self.doi(), "doi")

    def tail(self, b: _Builder, *, doi: float, url: float) -> None:
        roll = self.r.random()
        if roll < doi:
            b.add(self.r.choice([". – DOI: ", ". DOI: ", "; DOI: ", ". – DOI ", ". doi: "]))
            value = self.doi()
            if self.r.random() < 0.15:
                value = "https://doi.org/" + value
            b.add(value, "doi")
        elif roll < doi + url:
            b.add(self.r.choice([". – URL: ", ". Электронный ресурс: "]))
            b.add(self.url(), "url")
            b.add(" ")
            b.add(f"(дата обращения: {self.access_date()})", "note")
        if self.r.random() < 0.75:
            b.add(".")

    # --- the English list of a Russian journal: transliterated, translated ------------------
    def latin(self, text: str) -> str:
        return transliterate(text, self.r.choice(["bsi", "bsi", "bgn_pcgn", "ala_lc"]))

    def translit_authors(self, vancouver: bool) -> str:
        people = []
        for _ in range(self.r.choice([1, 1, 2, 2, 3, 4, 5])):
            name = self.latin(self.surname())
            letters = [self.latin(self.r.choice(INITIALS)) for _ in range(2)]
            if vancouver:
                people.append(f"{name} {''.join(letters)}")
            else:
                sep = self.r.choice(["", " "])
                people.append(f"{name} {sep.join(letter + '.' for letter in letters)}")
        return ", ".join(people)

    def article_translit(self, b: _Builder) -> None:
        """ "Ivanov I.I. Title. Journal, 2019, vol. 12, no. 3, pp. 45–50 (in Russian)."."""
        vancouver = self.r.random() < 0.2
        b.add(self.translit_authors(vancouver), "author")
        b.add(" " if self.r.random() < 0.8 else ". ")
        title = self.title()
        b.add(self.latin(title), "title")
        if self.r.random() < 0.3:  # the Russian title translated, in brackets
            b.add(" [")
            b.add(self.latin(self.title((2, 6))), "note")
            b.add("]")
        b.add(". ")
        journal = self.r.choice(JOURNALS)
        b.add(self.latin(journal), "container-title")
        if vancouver:
            b.add(". ")
            b.add(self.year(), "date")
            b.add(";")
            b.add(str(self.n(1, 150)), "volume")
            b.add("(")
            b.add(str(self.n(1, 12)), "issue")
            b.add("):")
            b.add(self.pages_range(), "pages")
        else:
            b.add(", ")
            b.add(self.year(), "date")
            if self.r.random() < 0.6:
                b.add(", ")
                b.add(f"{self.r.choice(['vol.', 'Vol.', 'vol.'])} {self.n(1, 150)}", "volume")
            b.add(", ")
            b.add(f"{self.r.choice(['no.', 'No.', 'no.'])} {self.n(1, 12)}", "issue")
            b.add(", ")
            b.add(f"{self.r.choice(['pp.', 'pp.', 'P.'])} {self.pages_range()}", "pages")
        if self.r.random() < 0.4:
            b.add(" (")
            b.add(self.r.choice(["in Russian", "In Russian", "in Russ."]), "note")
            b.add(")")
        self.tail(b, doi=0.3, url=0.02)

    def book_translit(self, b: _Builder) -> None:
        """ "Ivanov I.I. Title. Moscow, Energoatomizdat Publ., 1989. 575 p."."""
        b.add(self.translit_authors(False), "author")
        b.add(" ")
        b.add(self.latin(self.title((2, 10))), "title")
        b.add(". ")
        place, publisher = self.r.choice(PUBLISHERS)
        city = {"М.": "Moscow", "СПб.": "Saint Petersburg", "Л.": "Leningrad"}.get(
            place, self.latin(place)
        )
        b.add(city, "location")
        b.add(", ")
        b.add(self.latin(publisher) + self.r.choice([" Publ.", "", " Publ."]), "publisher")
        b.add(", ")
        b.add(self.year(), "date")
        b.add(". ")
        b.add(f"{self.n(40, 900)} p.", "note")
        if self.r.random() < 0.3:
            b.add(" (")
            b.add("in Russian", "note")
            b.add(")")
        if self.r.random() < 0.5:
            b.add(".")

    # --- noise ------------------------------------------------------------------------------
    def roughen(
        self, text: str, spans: list[tuple[str, int, int]]
    ) -> tuple[str, list[tuple[str, int, int]]]:
        """Character edits that keep span offsets right: remove or add one space, swap letters."""
        chars = list(text)
        keep = [True] * len(chars)
        extra: dict[int, str] = {}
        for i, char in enumerate(chars):
            roll = self.r.random()
            if char == " " and roll < 0.025:
                keep[i] = False
            elif char == " " and roll < 0.035:
                extra[i] = " "
            elif (
                char in "АВЕКМНОРСТХаеорсх" and roll < 0.004
            ):  # Latin look-alikes (OCR, copy-paste)
                chars[i] = "ABEKMHOPCTXaeopcx"["АВЕКМНОРСТХаеорсх".index(char)]
        new_index: list[int] = []
        out: list[str] = []
        length = 0
        for i, char in enumerate(chars):
            new_index.append(length)
            if keep[i]:
                piece = char + extra.get(i, "")
                out.append(piece)
                length += len(piece)
        new_index.append(length)
        result = "".join(out)
        moved = [(label, new_index[s], new_index[e]) for label, s, e in spans]
        return result, [(label, s, e) for label, s, e in moved if s < e]

    def example(self, index: int) -> Example:
        b = _Builder()
        if self.r.random() < 0.08:
            b.add(f"{index % 60 + 1}. ")
        kind = self.r.choices(
            [
                self.article_gost,
                self.article_7_0_100,
                self.book,
                self.proceedings,
                self.thesis,
                self.web,
                self.standard,
                self.preprint,
                self.apa,
                self.article_translit,
                self.book_translit,
            ],
            weights=[40, 8, 18, 10, 4, 7, 4, 3, 6, 22, 6],
        )[0]
        kind(b)
        text, spans = b.text(), b.spans
        if self.r.random() < 0.3:
            text, spans = self.roughen(text, spans)
        spans = normalize_spans(text, spans, anystyle=False)
        return Example(f"synth-ru#{index}", "synth-ru", text, tuple(spans))


def generate(count: int, *, seed: int = 7) -> Iterator[Example]:
    """``count`` labelled synthetic Russian strings, the same for the same ``seed``."""
    generator = _Generator(seed)
    for index in range(count):
        yield generator.example(index)
