"""Each citation linked to the list entry it names: surnames across scripts and spellings,
author order, year and a/b suffixes, titles for works without authors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import attrs
from rapidfuzz import fuzz

from ..bilingual.features import raw_surnames
from ..model import Reference
from ..text import fold, script_of, strip_markdown
from ..text.surnames import match_surnames
from .find import YEAR_PATTERN, is_title
from .records import Citation, CitationLink

__all__ = ["ORDER_DIFFERS", "SPELLING_DIFFERS", "link_citations"]

#: Evidence notes that :mod:`.report` turns into issues.
ORDER_DIFFERS = "author order differs from the list"
SPELLING_DIFFERS = "spelling differs: "


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
        suffix = re.search(rf"\(({YEAR_PATTERN})", ref.raw or "")
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
    if (len(citation.names) == 1 and is_title(citation.names[0])) or not entry.surnames:
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
                f"{SPELLING_DIFFERS}'{name}' in the text, '{entry.surnames[k]}' in the list"
            )
        elif len(name.split()) > 1:
            notes.append(f"given name cited too: {name}")
    if not matched:
        return 0.0, [], []
    if sorted(positions) == list(range(len(cited))) and positions != sorted(positions):
        differences.insert(0, ORDER_DIFFERS)  # the first authors, cited in another order
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
