"""Does a registered record describe the work a reference cites? Field by field, with reasons.

Used twice: to validate search candidates when looking for a missing DOI (:mod:`.find`)
and to tell whether a cited DOI points at the cited work (:mod:`.check`). The method is
Crossref's search-then-validate: each field of the candidate record is compared with the
parsed field of the reference when there is one, else looked for in the reference string
itself, so an unparsed string still validates. Each comparison gives a score in [0, 1] or
None (no evidence either way); the overall score is their weighted mean.

A Russian original cited through its English translation (or the reverse) is a known
relation, not a mismatch: titles in different scripts are not compared, surnames are
compared through a script-independent key, and the numbers (year, volume, issue, pages)
carry the decision.
"""

from __future__ import annotations

import re

import attrs
from rapidfuzz import fuzz

from ..model import Reference
from ..text.fold import fold
from ..text.marks import mark_language
from ..text.script import is_cyrillic_language, script_of
from ..text.surnames import surname_key

__all__ = ["Comparison", "FieldScore", "compare", "is_translation"]

#: How much each field counts in the overall score.
WEIGHTS = {
    "title": 3.0,
    "author": 2.0,
    "year": 1.5,
    "volume": 1.0,
    "issue": 0.5,
    "pages": 1.0,
    "container": 1.0,
}
_NUMBER = re.compile(r"\d+")


@attrs.frozen
class FieldScore:
    """One field's verdict: ``score`` None means no evidence (absent on one side)."""

    field: str
    score: float | None
    note: str


@attrs.frozen
class Comparison:
    """All field verdicts, their weighted mean and whether the scripts differ (translation)."""

    score: float
    fields: tuple[FieldScore, ...]
    translation: bool = False

    def verdict(self, name: str) -> FieldScore | None:
        return next((f for f in self.fields if f.field == name), None)

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(f.note for f in self.fields if f.score is not None or f.note)

    @property
    def disagreements(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields if f.score is not None and f.score < 0.5)


def _first_number(text: str) -> str:
    match = _NUMBER.search(text)
    return match.group(0).lstrip("0") if match else ""


def _in_text(value: str, text: str) -> bool:
    return bool(value) and re.search(rf"(?<!\d){re.escape(value)}(?!\d)", text) is not None


def is_translation(cited: Reference, record: Reference) -> bool:
    """The cited entry and the record are in different scripts, or the entry says "(In Russian)"."""
    cited_text = cited.title or cited.raw
    scripts = {script_of(cited_text), script_of(record.title)}
    if {"latin", "cyrillic"} <= scripts:
        return True
    return bool(cited.original_language and cited.original_language != record.language) or (
        is_cyrillic_language(mark_language(cited.raw)) and script_of(record.title) == "cyrillic"
    )


def _title(cited: Reference, record: Reference, translation: bool) -> FieldScore:
    if not record.title:
        return FieldScore("title", None, "")
    if cited.title:
        other = cited.title
        if cited.original_title and script_of(cited.original_title) == script_of(record.title):
            other = cited.original_title
        if script_of(other) != script_of(record.title) and translation:
            return FieldScore(
                "title", None, "title not compared: the record is in another language"
            )
        similarity = fuzz.token_sort_ratio(fold(other), fold(record.title)) / 100
        partial = fuzz.partial_ratio(fold(other), fold(record.title)) / 100
        score = max(similarity, partial * 0.95)
    elif cited.raw:
        if translation and script_of(record.title) != script_of(cited.raw):
            return FieldScore(
                "title", None, "title not compared: the record is in another language"
            )
        score = fuzz.partial_ratio(fold(record.title), fold(cited.raw)) / 100
    else:
        return FieldScore("title", None, "")
    word = "matches" if score >= 0.85 else "differs" if score < 0.6 else "is similar"
    return FieldScore("title", score, f"title {word} ({score:.2f}): {record.title[:80]!r}")


def _author(cited: Reference, record: Reference) -> FieldScore:
    family = record.first_author_family()
    if not family:
        return FieldScore("author", None, "")
    theirs = [fold(family)]
    if cited.authors:
        ours = [fold(a.family or a.literal) for a in cited.authors[:3]]
        text = " ".join(ours)
    elif cited.raw:
        text = fold(cited.raw)
        ours = text.split()
    else:
        return FieldScore("author", None, "")
    if theirs[0] and any(theirs[0] == o or fuzz.ratio(theirs[0], o) >= 88 for o in ours):
        return FieldScore("author", 1.0, f"first author {family} matches")
    if script_of(family) != script_of(text):
        wanted = surname_key(family)
        if wanted and any(surname_key(o) == wanted for o in ours if o):
            return FieldScore("author", 1.0, f"first author {family} matches across scripts")
    return FieldScore("author", 0.0, f"first author {family} not found in the citation")


def _year(cited: Reference, record: Reference) -> FieldScore:
    if record.year is None:
        return FieldScore("year", None, "")
    if cited.year is not None:
        diff = abs(cited.year - record.year)
        if diff == 0:
            return FieldScore("year", 1.0, f"year {record.year} matches")
        if diff == 1:
            return FieldScore(
                "year", 0.5, f"year {record.year} vs cited {cited.year} (online/print?)"
            )
        return FieldScore("year", 0.0, f"year {record.year} differs from cited {cited.year}")
    if cited.raw:
        found = _in_text(str(record.year), cited.raw)
        near = _in_text(str(record.year - 1), cited.raw) or _in_text(
            str(record.year + 1), cited.raw
        )
        if found:
            return FieldScore("year", 1.0, f"year {record.year} matches")
        if near:
            return FieldScore("year", 0.5, f"year {record.year} is one off the cited year")
        return FieldScore("year", 0.0, f"year {record.year} not in the citation")
    return FieldScore("year", None, "")


def _number(name: str, cited_value: str, record_value: str, raw: str) -> FieldScore:
    theirs = _first_number(record_value)
    if not theirs:
        return FieldScore(name, None, "")
    if cited_value:
        ours = _first_number(cited_value)
        if not ours:
            return FieldScore(name, None, "")
        if ours == theirs:
            return FieldScore(name, 1.0, f"{name} {record_value} matches")
        return FieldScore(name, 0.0, f"{name} {record_value} differs from cited {cited_value}")
    if raw:
        if _in_text(theirs, raw):
            return FieldScore(name, 1.0, f"{name} {record_value} matches")
        return FieldScore(name, 0.0, f"{name} {record_value} not in the citation")
    return FieldScore(name, None, "")


def _container(cited: Reference, record: Reference, translation: bool) -> FieldScore:
    if not record.container_title or translation:
        return FieldScore("container", None, "")
    theirs = fold(record.container_title)
    if cited.container_title:
        ours = fold(cited.container_title)
        score = max(fuzz.token_sort_ratio(ours, theirs), fuzz.partial_ratio(ours, theirs)) / 100
    elif cited.raw:
        score = fuzz.partial_ratio(theirs, fold(cited.raw)) / 100
    else:
        return FieldScore("container", None, "")
    if script_of(record.container_title) != script_of(cited.container_title or cited.raw):
        return FieldScore("container", None, "")
    word = "matches" if score >= 0.85 else "differs"
    return FieldScore("container", score, f"journal {word} ({score:.2f})")


def compare(cited: Reference, record: Reference) -> Comparison:
    """Compare a cited reference (parsed fields and/or its raw string) with a registry record."""
    translation = is_translation(cited, record)
    raw = cited.raw
    fields = (
        _title(cited, record, translation),
        _author(cited, record),
        _year(cited, record),
        _number("volume", cited.volume, record.volume, "" if cited.volume else raw),
        _number("issue", cited.issue, record.issue, "" if cited.issue else raw),
        _number("pages", cited.pages, record.pages, "" if cited.pages else raw),
        _container(cited, record, translation),
    )
    weighted = [(WEIGHTS[f.field], f.score) for f in fields if f.score is not None]
    total = sum(w for w, _ in weighted)
    score = sum(w * s for w, s in weighted) / total if total else 0.0
    return Comparison(score=round(score, 4), fields=fields, translation=translation)
