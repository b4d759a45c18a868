"""In-text citations checked against the reference list: missing, uncited, misspelt, ambiguous.

Editors check by hand that every citation in the text has an entry and every entry is cited.
:func:`check_citations` does it across scripts and spellings:

1. the body (the document without its reference lists) is scanned for citations: author–year
   in parentheses or square brackets — "(Trokal, 2019)", "(Tsvetkov & Dudin, 2019)",
   "(Myrzakhmetova et al., 2020)", "(Zhiltsov, 2016, p. 12)", several in one bracket, titles
   standing for authors "(Trade between Russia and Kazakhstan in 2019, 2020)", Russian
   "(Иванов, 2019)", "[Иванов и др., 2019, с. 5]"; narrative "Litvinov (2019)"; numeric "[1]",
   "[1, 3–5]", "[12, с. 45]";
2. each citation is linked to the entries of the list it belongs to (the list in the body's
   language), with a score and evidence: surnames matched across transliteration schemes and
   spellings (:func:`refbridge.bilingual.names.match_surnames`), author order, year and a/b
   suffixes, titles for works without authors;
3. the report lists what is wrong: cited but not listed, listed but never cited, year
   mismatch, spelling or author order that differs (with both forms), ambiguous citations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from rapidfuzz import fuzz

from .bilingual.features import raw_surnames
from .bilingual.names import match_surnames
from .extract import extract
from .model import Document, Reference, ReferenceList
from .readers import read_document
from .textutil import fold, script_of, strip_markdown

__all__ = [
    "ISSUE_KINDS",
    "Citation",
    "CitationIssue",
    "CitationLink",
    "CitationReport",
    "check_citations",
    "find_citations",
    "link_citations",
]

#: The kinds of problem the report names.
ISSUE_KINDS = (
    "cited-not-listed",
    "never-cited",
    "year-mismatch",
    "spelling-differs",
    "order-differs",
    "ambiguous",
)

_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?:[a-zа-я](?![\w]))?"
_LOCATOR = r"(?:p|pp|P|S|s|с|С|c|C)\.\s*\d+(?:\s*[-–—]\s*\d+)?"
_PAREN = re.compile(r"\(([^()]{2,400}?)\)")
_SQUARE = re.compile(r"(?<!\\)\[([^\[\]]{1,300}?)(?<!\\)\](?!\()")
_NUMERIC = re.compile(
    rf"^\s*(\d{{1,4}}(?:\s*[-–—]\s*\d{{1,4}})?(?:\s*[,;]\s*\d{{1,4}}(?:\s*[-–—]\s*\d{{1,4}})?)*)"
    rf"(?:\s*[,;]\s*({_LOCATOR}))?\s*$"
)
_YEAR_IN = re.compile(rf"(?<![\d\w]){_YEAR}(?!\d)")
_LOCATOR_AFTER = re.compile(rf"\s*,\s*({_LOCATOR})")  # used with .match(text, pos)
_NARRATIVE = re.compile(
    r"(?P<names>(?:[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?)"
    r"(?:\s+(?:&|and|и)\s+[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?"
    r"|\s+et\s+al\.|\s+и\s+др\.)?)"
    rf"\s+\((?P<year>{_YEAR})(?:\s*,\s*(?P<loc>{_LOCATOR}))?\)"
)
_LEAD_IN = re.compile(r"^\s*(?:e\.\s?g\.,?|see(?: also)?|cf\.|см\.(?: также)?|напр\.,?)\s+", re.I)
_ET_AL = re.compile(r"\s*(?:,\s*)?(?:et\s+al\.?|и\s+др\.?|и\s+соавт\.?)\s*$", re.IGNORECASE)
_MAX_JOINED = 3  # lines a wrapped citation may continue on
_ORDER = "author order differs from the list"
_SPELLING = "spelling differs: "
_JOIN = re.compile(r"\s*(?:&|\band\b|\bи\b|,)\s*")
# Capitalised words that are not surnames when they stand before "(2019)".
_NOT_NAMES = frozenset(
    """In On At By For From Since Until After Before During Figure Fig Table Section Chapter
    January February March April May June July August September October November December
    Spring Summer Autumn Winter The This That These Those Its Their Our Russia Kazakhstan
    В На С По До После Рис Таблица""".split()
)


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Citation:
    """One citation as written in the body: what it names and where it stands."""

    text: str  # the citation as written, e.g. "Tsvetkov & Dudin, 2019"
    kind: str  # "author-year", "narrative" or "numeric"
    line: int  # 1-based line of the document
    names: tuple[str, ...] = ()  # surnames (or a title) in the order cited
    et_al: bool = False
    year: str = ""  # "2019", "2019a"
    numbers: tuple[int, ...] = ()  # for numeric citations
    locator: str = ""  # "p. 12", "с. 45"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v not in ((), "", False)}


@attrs.frozen
class CitationLink:
    """A citation and the list entry it points to (None when none fits), scored."""

    citation: Citation
    entry: int | None
    score: float
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    candidates: tuple[int, ...] = attrs.field(default=(), converter=_as_tuple)  # ambiguous


@attrs.frozen
class CitationIssue:
    """A problem found: its kind (see :data:`ISSUE_KINDS`), a message, and what it concerns."""

    kind: str
    message: str
    citation: Citation | None = None
    entry: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.citation is not None:
            out["citation"] = self.citation.text
            out["line"] = self.citation.line
        if self.entry is not None:
            out["entry"] = self.entry  # 0-based index into the list
            out["number"] = self.entry + 1  # as messages and people count
        return out


@attrs.frozen
class CitationReport:
    """Citations found, their links to the list, and the problems, in document order."""

    reference_list: ReferenceList
    citations: tuple[Citation, ...]
    links: tuple[CitationLink, ...]
    issues: tuple[CitationIssue, ...]

    def to_dict(self) -> dict[str, Any]:
        entries = self.reference_list.entries
        return {
            "list": {"heading": self.reference_list.heading, "entries": len(entries)},
            "links": [
                {
                    **link.citation.to_dict(),
                    "entry": link.entry,
                    "number": None if link.entry is None else link.entry + 1,
                    "score": link.score,
                    "evidence": list(link.evidence),
                    **({"candidates": list(link.candidates)} if link.candidates else {}),
                }
                for link in self.links
            ],
            "issues": [issue.to_dict() for issue in self.issues],
        }


# -- finding citations -------------------------------------------------------------------------


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


def _is_title(who: str) -> bool:
    """A title standing for authors has small lower-case words; a list of surnames does not."""
    small = [w for w in re.findall(r"[^\W\d_]+", who) if w[0].islower()]
    return len([w for w in small if w not in {"and", "et", "al", "и", "др"}]) >= 2


def _split_names(who: str) -> tuple[tuple[str, ...], bool]:
    who = _LEAD_IN.sub("", who).strip(" ,;")
    et_al = bool(_ET_AL.search(who))
    who = _ET_AL.sub("", who).strip(" ,;")
    if _is_title(who):
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
            if out and _is_title(out[-1].names[0] if out[-1].names else ""):
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
    if _is_title(who):
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


# -- linking -----------------------------------------------------------------------------------


@attrs.frozen
class _Entry:
    index: int
    surnames: tuple[str, ...]
    title: str
    year: str  # with the a/b suffix the list implies, e.g. "2019a"
    bare_year: str
    author_count: int  # authors listed; at least 3 when the list says "и др." / "et al."


_OTHERS = re.compile(r"\b(?:и\s+др|et\s+al|e\.\s?a)\b\.?", re.IGNORECASE)


def _has_others(ref: Reference) -> bool:
    """Does the entry say its author list goes on ("и др.", "et al.")?"""
    custom = ref.extra.get("custom")
    if isinstance(custom, dict) and "author" in (custom.get("others") or ()):
        return True
    return bool(_OTHERS.search(strip_markdown(ref.raw)[:200]))


def _entry_view(entries: Sequence[Reference]) -> list[_Entry]:
    views = []
    for index, ref in enumerate(entries):
        surnames = tuple(n.family or n.literal for n in ref.authors if n.family or n.literal)
        if not surnames:
            surnames = raw_surnames(strip_markdown(ref.raw))
        year = str(ref.year) if ref.year else ""
        suffix = re.search(rf"\(({_YEAR})", ref.raw or "")
        if suffix and suffix.group(1)[:4] == year and len(suffix.group(1)) == 5:
            year = suffix.group(1)
        title = ref.title or strip_markdown(ref.raw)[:200]
        # "и др." / "et al." in the list: at least three authors, we cannot know how many
        count = max(len(surnames) + 1, 3) if _has_others(ref) else len(surnames)
        views.append(_Entry(index, surnames, title, year, year[:4], count))
    # "2019a", "2019b" for works of one first author and year that the list does not letter.
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        if view.surnames and view.year and len(view.year) == 4:
            groups[fold(view.surnames[0]), view.year].append(i)
    for members in groups.values():
        if len(members) > 1:
            for letter, i in zip("abcdefghijklmnopqrstuvwxyz", members, strict=False):
                views[i] = attrs.evolve(views[i], year=views[i].year + letter)
    return views


def _name_evidence(citation: Citation, entry: _Entry) -> tuple[float, list[str], list[str]]:
    """How well the cited names fit the entry: score, evidence, and differences to report."""
    if not citation.names:
        return 0.0, [], []
    if (len(citation.names) == 1 and _is_title(citation.names[0])) or not entry.surnames:
        similarity = fuzz.token_set_ratio(fold(citation.names[0]), fold(entry.title)) / 100
        if similarity >= 0.7:
            return similarity, [f"title cited for the authors ({similarity:.0%})"], []
        return 0.0, [], []
    cited = list(citation.names)
    first = cited[0]
    words = first.split()
    best_first = max(
        (match_surnames(w, entry.surnames[0]) for w in (first, *words)), key=lambda m: m.score
    )
    if not best_first.matched:
        swapped = [match_surnames(first, s) for s in entry.surnames[1:]]
        if not any(m.matched for m in swapped):
            return 0.0, [], []
    first_is_first = best_first.matched
    matched = 0
    notes: list[str] = []
    differences: list[str] = []
    positions: list[int] = []
    for name in cited:
        candidates = [name, *name.split()] if len(name.split()) > 1 else [name]
        scores = [
            (match_surnames(c, surname), k)
            for k, surname in enumerate(entry.surnames)
            for c in candidates
        ]
        match, k = max(scores, key=lambda item: item[0].score)
        if not match.matched:
            continue
        matched += 1
        positions.append(k)
        notes.append(f"{name} ~ {entry.surnames[k]} ({match.kind})")
        same_script = script_of(name) == script_of(entry.surnames[k])
        if match.kind in {"key", "fuzzy"} and same_script:
            differences.append(
                f"{_SPELLING}'{name}' in the text, '{entry.surnames[k]}' in the list"
            )
        elif len(name.split()) > 1:
            notes.append(f"given name cited too: {name}")
    if not matched:
        return 0.0, [], []
    if sorted(positions) == list(range(len(cited))) and positions != sorted(positions):
        differences.insert(0, _ORDER)  # the first authors, cited in another order
    score = matched / len(cited)
    if not first_is_first and (citation.et_al or len(cited) < entry.author_count):
        # "Милинчук и др." names the first author; an entry where he is third is another work
        score *= 0.5
        notes.append(f"{first} is not the entry's first author")
    # The number of authors tells works of one first author and year apart.
    if citation.et_al and entry.author_count < 3:
        score *= 0.9 if entry.author_count < 2 else 0.95  # et al. usually means three or more
        notes.append(f"et al. but the entry has {entry.author_count} author(s)")
    elif not citation.et_al and len(cited) < entry.author_count:
        score *= 0.9
        notes.append(f"{entry.author_count}+ authors listed, {len(cited)} cited")
    return score, notes, differences


def link_citations(
    citations: Sequence[Citation], entries: Sequence[Reference]
) -> list[CitationLink]:
    """Link each citation to the best entry of ``entries``: scored, with evidence."""
    views = _entry_view(entries)
    links: list[CitationLink] = []
    for citation in citations:
        if citation.kind == "numeric":
            for number in citation.numbers:
                if 1 <= number <= len(entries):
                    links.append(
                        CitationLink(citation, number - 1, 1.0, [f"entry number {number}"])
                    )
                else:
                    links.append(CitationLink(citation, None, 0.0, [f"no entry {number}"]))
            continue
        scored = []
        for view in views:
            name_score, notes, differences = _name_evidence(citation, view)
            if name_score <= 0:
                continue
            year_note, year_score = _year_evidence(citation.year, view)
            score = round(0.7 * name_score + year_score, 3)
            scored.append((score, view.index, [*notes, year_note], differences))
        scored.sort(key=lambda item: -item[0])
        if not scored:
            if citation.kind != "narrative":  # "Union (1995)" is prose unless a name fits
                links.append(CitationLink(citation, None, 0.0, ["no entry by these authors"]))
            continue
        best = scored[0]
        ties = tuple(i for s, i, _, _ in scored if s >= best[0] - 1e-9)
        evidence = [*best[2], *dict.fromkeys(best[3])]
        links.append(
            CitationLink(citation, best[1], best[0], evidence, ties if len(ties) > 1 else ())
        )
    return links


def _year_evidence(cited: str, view: _Entry) -> tuple[str, float]:
    if not cited:
        return "no year cited", 0.0
    if cited == view.year or (cited == view.bare_year and len(view.year) == 4):
        return f"year {cited}", 0.3
    if cited[:4] == view.bare_year:
        return f"year {cited[:4]} (suffix {cited[4:] or 'none'} / {view.year[4:] or 'none'})", 0.2
    return f"year differs: {cited} cited, {view.year or 'none'} listed", 0.0


# -- the report --------------------------------------------------------------------------------


def _issues(links: Sequence[CitationLink], entries: Sequence[Reference]) -> list[CitationIssue]:
    issues: list[CitationIssue] = []
    for link in links:
        cited = link.citation
        where = (
            f"line {cited.line}: ({cited.text})"
            if cited.kind != "numeric"
            else (f"line {cited.line}: {cited.text}")
        )
        if link.entry is None:
            issues.append(
                CitationIssue("cited-not-listed", f"{where} has no entry in the list", cited)
            )
            continue
        if link.candidates:
            issues.append(
                CitationIssue(
                    "ambiguous",
                    f"{where} fits entries {', '.join(str(i) for i in link.candidates)} equally",
                    cited,
                    link.entry,
                )
            )
        if any(e.startswith("year differs") for e in link.evidence):
            listed = entries[link.entry].year
            issues.append(
                CitationIssue(
                    "year-mismatch", f"{where}: the entry has {listed}", cited, link.entry
                )
            )
        for note in link.evidence:
            if note == _ORDER:
                issues.append(
                    CitationIssue(
                        "order-differs",
                        f"{where}: authors cited in another order than listed "
                        f"({_authors(entries[link.entry])})",
                        cited,
                        link.entry,
                    )
                )
            elif note.startswith(_SPELLING):
                issues.append(
                    CitationIssue(
                        "spelling-differs",
                        f"{where}: {note.removeprefix(_SPELLING)}",
                        cited,
                        link.entry,
                    )
                )
    cited_entries = {link.entry for link in links if link.entry is not None}
    for index, entry in enumerate(entries):
        if index not in cited_entries:
            issues.append(
                CitationIssue(
                    "never-cited",
                    f"entry {index + 1} is never cited: {strip_markdown(entry.raw)[:80]}",
                    entry=index,
                )
            )
    return issues


def _authors(ref: Reference) -> str:
    return ", ".join(n.family or n.literal for n in ref.authors) or ref.title


def _body_language_list(doc: Document, lists: Sequence[ReferenceList]) -> ReferenceList:
    """The list the body cites: the one in the body's script (one list: that one)."""
    if len(lists) == 1:
        return lists[0]
    spans = [(lst.line_start or 0, lst.line_end or 0) for lst in lists]
    body = "\n".join(
        line
        for number, line in enumerate(doc.lines, start=1)
        if not any(start <= number <= end for start, end in spans)
    )
    cyrillic = sum(1 for ch in body if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in body if ch.isascii() and ch.isalpha())
    wanted = "ru" if cyrillic > latin else "en"
    fitting = [lst for lst in lists if lst.language == wanted]
    return max(fitting or lists, key=len)


def check_citations(
    document: Document | str | Path, *, reference_list: ReferenceList | None = None
) -> CitationReport:
    """Find the citations in ``document``'s body and check them against its reference list.

    The list is the one in the body's language (a bilingual article's English body cites the
    "References"), unless ``reference_list`` is given. Lines of every reference list found are
    left out of the body.
    """
    doc = document if isinstance(document, Document) else read_document(document)
    lists = [lst for lst in extract(doc) if lst.entries]
    if reference_list is None:
        reference_list = ReferenceList() if not lists else _body_language_list(doc, lists)
    skip = [(lst.line_start or 0, lst.line_end or 0) for lst in lists]
    citations = find_citations(doc.lines, skip=skip)
    links = link_citations(citations, reference_list.entries)
    issues = _issues(links, reference_list.entries)
    return CitationReport(reference_list, tuple(citations), tuple(links), tuple(issues))
