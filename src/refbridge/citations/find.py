"""Citations in the body of a document: author–year, narrative and numeric, as written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from ..text import strip_markdown
from .records import Citation

__all__ = ["YEAR_PATTERN", "find_citations", "is_title"]

YEAR_PATTERN = r"(?:1[5-9]\d\d|20\d\d)(?:[a-zа-я](?![\w]))?"
_LOCATOR = r"(?:p|pp|P|S|s|с|С|c|C)\.\s*\d+(?:\s*[-–—]\s*\d+)?"
_PAREN = re.compile(r"\(([^()]{2,400}?)\)")
_SQUARE = re.compile(r"(?<!\\)\[([^\[\]]{1,300}?)(?<!\\)\](?!\()")
_NUMERIC = re.compile(
    rf"^\s*(\d{{1,4}}(?:\s*[-–—]\s*\d{{1,4}})?(?:\s*[,;]\s*\d{{1,4}}(?:\s*[-–—]\s*\d{{1,4}})?)*)"
    rf"(?:\s*[,;]\s*({_LOCATOR}))?\s*$"
)
_YEAR_IN = re.compile(rf"(?<![\d\w]){YEAR_PATTERN}(?!\d)")
_LOCATOR_AFTER = re.compile(rf"\s*,\s*({_LOCATOR})")  # used with .match(text, pos)
_NARRATIVE = re.compile(
    r"(?P<names>(?:[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?)"
    r"(?:\s+(?:&|and|и)\s+[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?"
    r"|\s+et\s+al\.|\s+и\s+др\.)?)"
    rf"\s+\((?P<year>{YEAR_PATTERN})(?:\s*,\s*(?P<loc>{_LOCATOR}))?\)"
)
_LEAD_IN = re.compile(r"^\s*(?:e\.\s?g\.,?|see(?: also)?|cf\.|см\.(?: также)?|напр\.,?)\s+", re.I)
_ET_AL = re.compile(r"\s*(?:,\s*)?(?:et\s+al\.?|и\s+др\.?|и\s+соавт\.?)\s*$", re.IGNORECASE)
_MAX_JOINED = 3  # lines a wrapped citation may continue on
_JOIN = re.compile(r"\s*(?:&|\band\b|\bи\b|,)\s*")
# Capitalised words that are not surnames when they stand before "(2019)".
_NOT_NAMES = frozenset(
    """In On At By For From Since Until After Before During Figure Fig Table Section Chapter
    January February March April May June July August September October November December
    Spring Summer Autumn Winter The This That These Those Its Their Our Russia Kazakhstan
    В На С По До После Рис Таблица""".split()
)


def _numbers(spec: str) -> tuple[int, ...]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec.strip()):
        bounds = re.split(r"\s*[-–—]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low < 200:
                out.extend(range(low, high + 1))
                continue
        if part.isdigit():
            out.append(int(part))
    return tuple(out)


def is_title(who: str) -> bool:
    """A title standing for authors has small lower-case words; a list of surnames does not."""
    small = [w for w in re.findall(r"[^\W\d_]+", who) if w[0].islower()]
    return len([w for w in small if w not in {"and", "et", "al", "и", "др"}]) >= 2


def _split_names(who: str) -> tuple[tuple[str, ...], bool]:
    who = _LEAD_IN.sub("", who).strip(" ,;")
    et_al = bool(_ET_AL.search(who))
    who = _ET_AL.sub("", who).strip(" ,;")
    if is_title(who):
        return (who,), et_al
    names = tuple(n.strip() for n in _JOIN.split(who) if n.strip())
    return names, et_al


def _author_year(content: str, line: int) -> list[Citation]:
    """Author–year citations in one bracket: "A, 2019; B & C, 2020a, p. 5", commas allowed."""
    out: list[Citation] = []
    position = 0
    pending = ""  # text before a year that turned out to be part of a title
    for match in _YEAR_IN.finditer(content):
        who = pending + content[position : match.start()]
        end = match.end()
        locator = _LOCATOR_AFTER.match(content, end)
        if locator:
            end = locator.end()
        position = end
        stripped = who.strip(" ,;")
        if stripped in {"г", "г.", "year"} and out:  # "в 2019 г., 2020": the title's year
            stripped = ""
        if not stripped:
            if out and is_title(out[-1].names[0] if out[-1].names else ""):
                # "(Trade between Russia and Kazakhstan in 2019, 2020)": the 2019 was the title's.
                previous = out.pop()
                title = f"{previous.names[0]} {previous.year}"
                out.append(_citation(title, match.group(0), locator, line, f"{title}, "))
            elif out:  # "(Ivanov, 2019, 2020)": the same authors again
                previous = out[-1]
                again = f"{', '.join(previous.names)}, {match.group(0)}"
                out.append(attrs.evolve(previous, year=match.group(0), text=again))
            continue
        pending = ""
        if not _plausible(stripped):
            continue
        out.append(_citation(stripped, match.group(0), locator, line, who))
    return [c for c in out if c.names]


_MONTHS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?|"
    r"\b(?:январ[ьяе]|феврал[ьяе]|марта?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|"
    r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])\b",
    re.IGNORECASE,
)


def _plausible(who: str) -> bool:
    """Could this text before a year name authors or a title, rather than be a date or prose?"""
    who = _LEAD_IN.sub("", who).strip()
    words = who.split()
    if not words or len(words) > 16 or re.search(r"\d", who):
        return False
    if not (who[0].isalpha() or who[0] in "“«\"'"):
        return False
    if _MONTHS.search(who) and len(words) <= 3:
        return False  # "(August 2016 – March 2019)", "(May 25, 2005)"
    if is_title(who):
        return True
    names, _ = _split_names(who)
    return bool(names) and all(n[:1].isupper() for n in names) and len(names) <= 8


def _citation(who: str, year: str, locator: re.Match[str] | None, line: int, raw: str) -> Citation:
    names, et_al = _split_names(who)
    shown = _LEAD_IN.sub("", raw.strip(" ,;"))
    text = f"{shown}, {year}" + (f", {locator.group(1)}" if locator else "")
    return Citation(
        text=text,
        kind="author-year",
        line=line,
        names=names,
        et_al=et_al,
        year=year,
        locator=locator.group(1) if locator else "",
    )


def _logical_lines(
    lines: Sequence[str], skip: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, str]]:
    """Body lines without Markdown, a line with an unclosed bracket joined to the next ones."""
    body = [
        (number, strip_markdown(line))
        for number, line in enumerate(lines, start=1)
        if not any(start <= number <= end for start, end in skip)
    ]
    i = 0
    while i < len(body):
        number, text = body[i]
        joined = 0
        while joined < _MAX_JOINED and i + 1 < len(body) and _open_bracket(text):
            following = body[i + 1][1].strip()
            if not following:
                break
            glue = "" if text.endswith("-") and following[:1].islower() else " "
            text = (text[:-1] if glue == "" else text.rstrip()) + glue + following
            i += 1
            joined += 1
        yield number, text
        i += 1


def _open_bracket(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


def find_citations(lines: Sequence[str], *, skip: Sequence[tuple[int, int]] = ()) -> list[Citation]:
    """Every citation in ``lines`` (1-based numbering), except in the ``skip`` line ranges.

    A bracket left open at the end of a line (PDF text wraps "(Myrzakhmetova et" / "al.,
    2020)") continues on the next lines; the citation is given the line it starts on.
    """
    out: list[Citation] = []
    for number, line in _logical_lines(lines, skip):
        taken: list[tuple[int, int]] = []
        for match in _PAREN.finditer(line):
            content = match.group(1)
            if _YEAR_IN.search(content) and re.search(r"[^\W\d_]{2}", content):
                found = _author_year(content, number)
                out.extend(found)
                if found:
                    taken.append(match.span())
        for match in _SQUARE.finditer(line):
            content = match.group(1)
            numeric = _NUMERIC.match(content)
            if numeric:
                out.append(
                    Citation(
                        text=f"[{content.strip()}]",
                        kind="numeric",
                        line=number,
                        numbers=_numbers(numeric.group(1)),
                        locator=numeric.group(2) or "",
                    )
                )
            elif _YEAR_IN.search(content) and re.search(r"[^\W\d_]{2}", content):
                out.extend(_author_year(content, number))
        for match in _NARRATIVE.finditer(line):
            if any(s <= match.start("year") <= e for s, e in taken):
                continue
            names, et_al = _split_names(match.group("names"))
            if not names or names[0] in _NOT_NAMES:
                continue
            out.append(
                Citation(
                    text=match.group(0),
                    kind="narrative",
                    line=number,
                    names=names,
                    et_al=et_al,
                    year=match.group("year"),
                    locator=match.group("loc") or "",
                )
            )
    return out
