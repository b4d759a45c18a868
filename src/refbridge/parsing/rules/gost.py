"""The GOST layout: ``Authors Title / Responsibility // Container. – Place: Publisher, Year.
– Т. 1, № 2. – С. 80–92. – 575 с.``

Authors are a leading run of "Фамилия И.О." (or "И.О. Фамилия"); the title runs to "//", "/",
an area dash ". –" or the first marker; what follows is cut at separators into chunks that
are classified by their markers ("Т.", "№", "Вып.", "С.", "pp.", "М.:", a year, "575 с.");
unmarked chunks after "//" form the container title. The English references of Russian
journals ("Author. Title. [Translation]. Journal. 2013, no. 4, pp. 127-134.") have no "//": a
year with serial locators after the title area splits it into title and journal.
"""

from __future__ import annotations

import re

from ..dates import parse_date
from ..labels import Span
from ..values import EXTENT, PAGE_MARKER
from .spans import (
    GOST_AUTHORS,
    GUESS,
    LOW,
    POSITIONAL,
    SURE,
    UP,
    inside_any,
    is_abbreviation,
    make_span,
    protected_ranges,
    split_sentences,
)

__all__ = ["gost_spans"]

_CITIES = (
    "Москва|Санкт-Петербург|Ленинград|Новосибирск|Обнинск|Киев|Минск|Томск|Екатеринбург|"
    "Нижний Новгород|Саров|Казань|Алматы|Астана|Нур-Султан|Ростов-на-Дону|Харьков|Дубна|"
    "Самара|Воронеж|Иркутск|Красноярск|Пермь|Уфа|Челябинск|Омск|Владивосток|Волгоград|Ташкент|"
    "Бишкек|Снежинск|Димитровград|Севастополь|Свердловск|Горький|Гатчина|Троицк|Курчатов|"
    "Moscow|Saint Petersburg|St\\. Petersburg|New York|London|Berlin|Cambridge|Oxford|"
    "Amsterdam|Heidelberg|Paris|Boston|Vienna|Geneva|Tokyo|Dordrecht|Hoboken|Singapore|"
    "Moskva|Leningrad|Sankt-Peterburg|Saint-Petersburg|Novosibirsk|Obninsk|Kiev|Kyiv|Minsk|"
    "Tomsk|Ekaterinburg|Yekaterinburg|Nizhny Novgorod|Nizhnii Novgorod|Sarov|Kazan|Almaty|"
    "Astana|Kharkov|Kharkiv|Dubna|Samara|Voronezh|Irkutsk|Krasnoyarsk|Chelyabinsk|Omsk|"
    "Vladivostok|Volgograd|Tashkent|Snezhinsk|Dimitrovgrad|Sevastopol|Ivanovo|Sverdlovsk"
)
_PLACE = rf"(?:{_CITIES}|[{UP}][{LOW}]{{0,3}}\.|СПб\.?|Мн\.|Н\.\s*Новгород)"
_PLACE_PUBLISHER = re.compile(rf"^(?P<place>{_PLACE})\s*:\s*(?P<publisher>.*)$")
_PLACE_ALONE = re.compile(rf"^(?P<place>{_CITIES}|М|Л|СПб|Мн)\.?\s*:?$")
_GENERIC_PLACE_PUBLISHER = re.compile(
    rf"^(?P<place>[{UP}][\w.-]*(?:\s[{UP}][\w.-]*)?)\s*:\s*(?P<publisher>.+)$"
)
_VOLUME = re.compile(
    r"^(?:Т|т|Том|том|Vol|vol|V|v|Кн|кн|Ч|ч|Part|Часть|часть|Пакет|Bd|Tome)\.?\s*(?:[\dIVXLCDM]+\b)",
)
_ISSUE = re.compile(r"^(?:№|No|no|N|Nr|Вып|вып|Iss|iss|Issue|issue|Bull|Бюл)\.?\s*\.?\s*\d")
_EDITION_CHUNK = re.compile(r"^(?:\d+-?[еэ]\s+изд|\d+(?:st|nd|rd|th)\s+ed|Изд\.\s*\d)", re.I)
_ISBN_CHUNK = re.compile(r"^ISBN\s*[\dXx-]{10,17}$")
# a chunk that is only a page marker and a page or range ("С. 55-63", "pp. 3–8")
_PAGES = re.compile(PAGE_MARKER.pattern + r"\d+\s*(?:[–—-]\s*\d+)?\s*$")
_YEAR_CHUNK = re.compile(
    r"^\(?(?:(?:\d{1,2}[–—-]?\d{0,2}\s+)?[A-Za-zА-Яа-яЁё]{3,9}\.?\s+|\d{1,2}\.\d{1,2}\.)?"
    r"(?:1[5-9]\d\d|20\d\d)(?:\s*г\.?|\s*гг\.?)?\)?$"
)
_GENRE = re.compile(
    r"^(?:Дисс?\.?|Диссертация|Автореф|Препринт|Preprint|Отчет|Отчёт|Учебн|Учеб\.|Учебник|"
    r"Монография|Справочник|Патент|Ph\.?\s*D\.?|Thesis|Dissertation|Тез\.|Тезисы)",
)
_CONTAINER_WORDS = re.compile(
    r"^(?:Сб\.|Сборник|Труды|Тр\.|Материалы|Тезисы|Докл|Proc|Proceedings|In:|В кн\.|"
    r"Известия|Вестник)",
)
_EDITOR_MARKER = re.compile(
    r"^(?:Под\s+(?:общ\.\s+|общей\s+)?ред|Ред\.|Отв\.\s*ред|Ed\.|Eds\.|Edited)", re.IGNORECASE
)
# Chunk separators of the GOST areas: "//", "/", ". – ", " – ", ". ", ", ", "; "
# (:func:`_keeps_together` vetoes those inside "Т. 96" or a spaced number range).
_SEPARATOR = re.compile(
    r"\s*//\s*|\s/\s*|/\s+|\s*\.\s*[–—]\s*|\s+[–—]\s*|[–—]\s+|(?<=[.\s])-\s*(?=\S)|\.\s+|,\s+|;\s+"
    r"|\.(?=[–—№])"
)


def gost_spans(text: str, lo: int, hi: int) -> list[Span]:
    spans: list[Span] = []
    pos = lo
    code = _STANDARD_CODE.match(text, lo)
    if code:
        spans.append(make_span(text, "note", code.start(), code.end(), SURE))
        pos = code.end()
    authors = GOST_AUTHORS.match(text, pos)
    if authors and authors.end() < hi and _authors_plausible(text, authors):
        spans.append(make_span(text, "author", authors.start(), authors.end(), SURE))
        pos = authors.end()
    if text[pos:hi].lstrip().startswith("//"):
        first = text.index("//", pos)
        second = text.find("//", first + 2, hi)
        if second < 0:
            # "Соболев И.А., … // Атомная энергия. –1995." — no title at all.
            return spans + _gost_areas(text, pos, hi, True)
        # "… и др. //Магний-фосфатные фиксаторы …// Рос.хим.ж., 2010." — the title in slashes.
        spans.append(make_span(text, "title", first + 2, second, POSITIONAL))
        return spans + _gost_areas(text, second, hi, True)
    title_end, container_mode = _title_end(text, pos, hi)
    container = _serial_without_slashes(text, pos, title_end, hi)
    if container:
        spans.append(make_span(text, "title", pos, container[0], GUESS))
        spans.append(make_span(text, "container-title", container[0], title_end, GUESS))
    elif title_end > pos and re.search(r"\w", text[pos:title_end]):
        spans.append(make_span(text, "title", pos, title_end, POSITIONAL))
    spans.extend(_gost_areas(text, title_end, hi, container_mode))
    return spans


# ". 2018, v. 119, pp. 139-147." — a year followed by serial locators.
_SERIAL_TAIL = re.compile(
    r"[.,]?\s*(?:[–—-]\s*)?(?:1[5-9]|20)\d\d\b[^.]{0,12}?"
    r"(?:\b(?:v|vol|no|iss|pp|Т|т|С|Вып|вып)\.|№)"
)


def _serial_without_slashes(text: str, pos: int, title_end: int, hi: int) -> tuple[int, int] | None:
    """The container inside a "title" area of a journal reference printed without "//".

    The English references of Russian journals read "Author A.A. Title. [Translated title].
    Journal. 2018, v. 119, pp. 139-147.": when a year with serial locators follows and there
    is no "//" or "/", the title is the first sentence (through a bracketed translation) and
    the sentences after it are the journal. A guess: such spans get confidence 0.5.
    """
    if "//" in text or " / " in text or not _SERIAL_TAIL.match(text, title_end, hi):
        return None
    sentences = split_sentences(text, pos, title_end)
    if len(sentences) < 2:
        return None
    brackets = [i for i, (a, _b) in enumerate(sentences) if text[a:].lstrip().startswith("[")]
    cut = brackets[-1] + 1 if brackets else 1
    if cut >= len(sentences):
        return None
    return sentences[cut][0], title_end


# A standard's code before its title: "ГОСТ Р 50773-95.", "СП 151.13330.2012.", "ОСПОРБ-99/2010."
_STANDARD_CODE = re.compile(
    r"(?:ГОСТ(?:\s+Р)?(?:\s+ИСО)?|ОСТ|СТО|СП|СНиП|СанПиН|ОСПОРБ|НРБ|РД|НП|ISO|IEC|ASTM|"
    r"GOST(?:\s+R)?|OST|SP|SNiP|SanPiN|OSPORB|NRB)"
    r"[\s-]*[\d][\w.\-/*]*(?=\.\s)"
)


def _authors_plausible(text: str, m: re.Match[str]) -> bool:
    """A leading "author" run must be followed by the title, not be the title's first words."""
    after = text[m.end() : m.end() + 2]
    return not after[:1].islower()


_TITLE_STOP = re.compile(
    r"\s*//|\s/\s*|(?<=[»\"”\w)])\s?/(?=\s?[А-ЯA-Z])|\.\s*[–—]\s|\.\s+-\s|\s[–—]\s*(?=(?:М\.|Л\.|СПб|[А-ЯA-Z][а-яa-z]+:|\d{4}))"
    r"|[.,]\s+(?=(?:М\.|Л\.|СПб\.?|Т\.|т\.|Том\s|Вып\.|№|С\.\s*\d|Дисс|Автореф|Препринт|Электронный|"
    r"Патент|Available\s+(?:at|from)|(?:1[5-9]|20)\d\d\b|[А-ЯA-Z][а-яa-z]+:\s))"
    r"|\s:\s(?=(?:дис|Дис|автореф|Автореф)\.?)"
    rf"|\.\s+(?=(?:{_CITIES})[.,:]\s)"
)


def _title_end(text: str, pos: int, hi: int) -> tuple[int, bool]:
    """Where the title ends, and whether what follows is a container ("//", "/ Сборник")."""
    protected = protected_ranges(text, pos, hi)
    for m in _TITLE_STOP.finditer(text, pos, hi):
        if inside_any(m.start(), protected) or m.start() == pos:
            continue
        if (
            re.match(r"[.,]\s+(?:1[5-9]|20)\d\d", text[m.start() : m.end() + 4])
            and m.start() - pos < 10
        ):
            continue
        return m.start(), "//" in m.group()
    return hi, False


def _chunks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, separator before) chunks of ``text[lo:hi]``, never cut inside quotes."""
    protected = protected_ranges(text, lo, hi)
    out: list[tuple[int, int, str]] = []
    start, sep = lo, ""
    for m in _SEPARATOR.finditer(text, lo, hi):
        if inside_any(m.start(), protected) or (m.start() == start and not m.group().strip()):
            continue
        if _keeps_together(text, start, m):
            continue
        end = m.start()
        if text[end] == "." and is_abbreviation(text, start, end):
            end += 1  # "… Архангельского А.В. – Саров": the initial keeps its period
        if end > start:
            out.append((start, end, sep))
        start, sep = m.end(), m.group().strip()
    if start < hi:
        out.append((start, hi, sep))
    return [(a, b, s) for a, b, s in out if text[a:b].strip(" .,;:")]


_MARKER_WORDS = frozenset(
    "т том vol v кн ч part № no n nr вып iss с c p pp р рр стр s м л спб мн".split()
)


def _keeps_together(text: str, start: int, sep: re.Match[str]) -> bool:
    """Separators that are no boundary: "Т. 96", "С. 45", "М.: Наука", "С. 151 – 157", "И.И.",
    a period before a lower-case Cyrillic word."""
    before = text[start : sep.start()]
    after = text[sep.end() : sep.end() + 1]
    glyph = sep.group().strip()
    if glyph in ("–", "—", "-") and re.search(r"\d\s*$", before) and after.isdigit():
        return True  # a number range with spaced dashes
    if not glyph.startswith("."):
        return False
    word = re.search(r"([^\s.,;:]+)$", before)
    if not word:
        return False
    if word.group(1).lower() in _MARKER_WORDS and glyph == ".":
        return True
    if glyph == "." and "а" <= after <= "я":
        return True  # "Изд-во Политехн. ун-та": a new area starts with a capital
    return glyph == "." and is_abbreviation(text, start, sep.start()) and not after.isdigit()


def _gost_areas(text: str, lo: int, hi: int, container_mode: bool) -> list[Span]:
    spans: list[Span] = []
    run: list[tuple[int, int]] = []  # consecutive unmarked chunks
    state = {"container": container_mode, "container_done": False, "after_place": False}

    def flush() -> None:
        if not run:
            return
        start, end = run[0][0], run[-1][1]
        run.clear()
        piece = text[start:end].strip().lstrip("/ ")
        if state["container"] and not state["container_done"]:
            if _EDITOR_MARKER.match(piece):
                spans.append(make_span(text, "editor", start, end, SURE))
                return
            spans.append(make_span(text, "container-title", start, end, POSITIONAL))
            state["container_done"] = True
        elif _EDITOR_MARKER.match(piece):
            spans.append(make_span(text, "editor", start, end, SURE))
        elif GOST_AUTHORS.fullmatch(piece.rstrip(".")):
            spans.append(make_span(text, "author", start, end, POSITIONAL))
        elif _CONTAINER_WORDS.match(piece) and not state["container_done"]:
            spans.append(make_span(text, "container-title", start, end, POSITIONAL))
            state["container_done"] = True
        elif _GENRE.match(piece):
            spans.append(make_span(text, "genre", start, end, POSITIONAL))
        else:
            spans.append(make_span(text, "note", start, end, GUESS))

    for start, end, sep in _chunks(text, lo, hi):
        chunk = text[start:end].strip().rstrip(".,;: ")
        if EXTENT.match(text[start:end].strip()):
            chunk = text[start:end].strip()
        if sep in ("//", ";") or (sep == "/" and not state["container_done"]):
            flush()
            if sep == "//" or _CONTAINER_WORDS.match(chunk):
                state["container"] = True
        label = _classify(
            chunk,
            in_container=state["container"] and not state["container_done"],
        )
        if label is None:
            run.append((start, end))
            continue
        flush()
        if state["container"]:
            state["container_done"] = True
        if label == "place-publisher":
            m = _PLACE_PUBLISHER.match(chunk) or _GENERIC_PLACE_PUBLISHER.match(chunk)
            if m is None:  # _classify matched one of the two; keep mypy and -O honest
                continue
            offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            spans.append(
                make_span(
                    text,
                    "location",
                    offset + m.start("place"),
                    offset + m.end("place"),
                    SURE,
                    keep_period=True,
                )
            )
            if m["publisher"].strip():
                publisher = m["publisher"].strip()
                p_start = offset + m.start("publisher")
                label2 = "date" if _YEAR_CHUNK.match(publisher) else "publisher"
                spans.append(
                    make_span(text, label2, p_start, offset + m.end("publisher"), POSITIONAL)
                )
            state["after_place"] = True
        elif label == "location":
            spans.append(make_span(text, "location", start, end, POSITIONAL, keep_period=True))
            state["after_place"] = True
        else:
            spans.append(make_span(text, label, start, end, SURE, keep_period=label == "note"))
    flush()
    return _publisher_after_place(text, spans)


def _classify(chunk: str, *, in_container: bool) -> str | None:
    """The label a GOST chunk's marker gives it, or None for unmarked text."""
    if _PAGES.match(chunk):
        return "pages"
    if _VOLUME.match(chunk):
        return "volume"
    if _ISSUE.match(chunk):
        return "issue"
    if EXTENT.match(chunk):
        return "note"
    if _EDITION_CHUNK.match(chunk):
        return "edition"
    if _ISBN_CHUNK.match(chunk):
        return "isbn"
    if _YEAR_CHUNK.match(chunk) and parse_date(chunk):
        return "date"
    if _PLACE_PUBLISHER.match(chunk):
        return "place-publisher"
    if (
        not in_container
        and _GENERIC_PLACE_PUBLISHER.match(chunk)
        and not re.match(r"^(?:Сер|Series|Серия|Cерия|Вып|Ч|Часть|Part|Том|Т)\b", chunk)
    ):
        return "place-publisher"
    if _PLACE_ALONE.match(chunk):
        return "location"
    return None


def _publisher_after_place(text: str, spans: list[Span]) -> list[Span]:
    """Repairs across chunks: "Москва, Наука" (a note after a lone place is the publisher),
    "ГНЦ РФ – ФЭИ" (a dash inside a publisher's name), "Вып. 61. – № 2" (with a "№" the
    "Вып." is the volume)."""
    out = list(spans)
    for i in range(len(out) - 1):
        this, nxt = out[i], out[i + 1]
        if this.label == "location" and nxt.label == "note":
            if not EXTENT.match(nxt.text) and not re.search(r"\d{4}", nxt.text):
                out[i + 1] = Span("publisher", nxt.start, nxt.end, nxt.text, GUESS)
        elif (
            this.label == "publisher"
            and nxt.label == "note"
            and re.fullmatch(r"\s*[–—-]\s*", text[this.end : nxt.start])
            and not EXTENT.match(nxt.text)
        ):
            merged = Span("publisher", this.start, nxt.end, text[this.start : nxt.end], GUESS)
            out[i], out[i + 1] = merged, merged
    out = list(dict.fromkeys(out))
    issues = [s for s in out if s.label == "issue"]
    if (
        len(issues) == 2
        and issues[0].text.lower().startswith("вып")
        and "volume" not in {s.label for s in out}
    ):
        first = issues[0]
        out[out.index(first)] = Span("volume", first.start, first.end, first.text, first.confidence)
    return out
