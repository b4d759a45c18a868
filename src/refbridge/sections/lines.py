"""Lines of a list region: indentation, list markers ("1.", "[12]", "-") and the numbering
that tells a new entry from a wrapped line starting with a number."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..text.identifiers import DOI_START, URL_START
from ..text.list_markers import MARKER

#: Upper- and lower-case letters of the alphabets lists are written in (regex class bodies).
UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LOW = "a-zа-яёәғқңөұүһі"
CONTINUATION_START = re.compile(
    rf"^(?:[{LOW}]|<?{URL_START}|www\.|doi\s?:|DOI\s?:?\s|{DOI_START}|"
    r"\((?:In|in)\s|\[in\s|URL\s?:|[СсPp]p?\.\s?\d|№|\d{1,5}\s?[-–]\s?\d|&\s|и\s|//)"
)
OPEN_END = re.compile(r"(?:[,;:&\-–—(\u00ad]|//|\s(?:and|in|of|the|и|в|на|с|по|for|to))$")


@attrs.define
class Line:
    number: int  # 0-based index into the document's lines
    raw: str
    indent: int
    marker: str
    body: str
    blank: bool


#: What the text after a list marker never starts with (an empty string included).
_NO_ENTRY_START = frozenset({"", "–", "—", "-", ",", ";", ":", ".", ")"})


def analyse_line(number: int, raw: str) -> Line:
    expanded = raw.expandtabs(4)
    if not expanded.strip():
        return Line(number, raw, 0, "", "", True)
    match = MARKER.match(expanded)
    # "3. – С. 100-112.": the number of an issue wrapped to the start of a line, not a marker
    if match and expanded[match.end() :].strip()[:1] not in _NO_ENTRY_START:
        return Line(
            number,
            raw,
            len(match.group("indent")),
            match.group("marker").strip(),
            expanded[match.end() :].strip(),
            False,
        )
    indent = len(expanded) - len(expanded.lstrip())
    return Line(number, raw, indent, "", expanded.strip(), False)


def marker_kind(marker: str) -> str:
    if not marker:
        return ""
    if marker[0].isdigit():
        return "number" + ("" if marker[-1].isdigit() else marker[-1])
    if marker[0] in "[(":
        return "bracket" + marker[0]
    return "bullet"


def marker_number(marker: str) -> int | None:
    digits = re.sub(r"\D", "", marker)
    return int(digits) if digits else None


_BARE_MARKER = re.compile(r"^\s*(\[\d{1,5}\]|\(\d{1,5}\)|\d{1,5}[.)])\s*$")


def attach_bare_markers(lines: Sequence[Line]) -> list[Line]:
    """A number alone on its line ("2." then the entry below, as PDF text often has it)
    becomes the marker of the next line when it continues the numbering ("1977." wrapped
    onto a line of its own does not); anything else stays as it is."""
    out: list[Line] = []
    last = 0
    for line in lines:
        previous = out[-1] if out else None
        bare = _BARE_MARKER.match(previous.raw) if previous and not previous.marker else None
        if (
            bare
            and previous is not None
            and not line.blank
            and not line.marker
            and marker_number(bare.group(1)) == last + 1
        ):
            raw = f"{previous.raw.rstrip()} {line.raw.strip()}"
            out[-1] = Line(previous.number, raw, previous.indent, bare.group(1), line.body, False)
            last += 1
            continue
        number = marker_number(line.marker) if line.marker else None
        if number is not None and last < number <= last + 2:  # "370. DOI:" is no number
            last = number
        out.append(line)
    return out


#: A list's numbering starts below this: "2006. – 370 с." wrapped onto a line of its own
#: is no first entry, though later numbers (past 999 in long lists) continue a sequence.
_FIRST_NUMBER_LIMIT = 1000


def _opens_numbering(marker: str) -> bool:
    number = marker_number(marker)
    return number is None or number < _FIRST_NUMBER_LIMIT


def consistent_markers(lines: Sequence[Line]) -> list[Line]:
    """Demote "markers" that do not belong to the list's own numbering to plain text.

    The list's marker kind is that of its first marked line. A wrapped line that happens to
    start with "38. " (a volume), "2006. " (a year) or "- № 2" (a GOST area dash) is then
    not a new entry: its kind differs, or its number does not continue the sequence (next
    or next-but-one), or no sequence has begun and it is too large to begin one.
    """
    kind = next(
        (
            marker_kind(line.marker)
            for line in [ln for ln in lines[:12] if not ln.blank][:3]
            if line.marker and _opens_numbering(line.marker)
        ),
        "",
    )
    last: int | None = None
    out: list[Line] = []
    for line in lines:
        if line.marker:
            number = marker_number(line.marker) if kind != "bullet" else None
            fits = marker_kind(line.marker) == kind and (
                number is None
                or (last is None and number < _FIRST_NUMBER_LIMIT)
                or (last is not None and last < number <= last + 2)
            )
            if fits:
                last = number if number is not None else last
            else:
                line = attrs.evolve(line, marker="", body=line.raw.expandtabs(4).strip())
        out.append(line)
    return out


@attrs.frozen
class NumberedRun:
    """Lines whose markers count 1, 2, 3, … (one marker kind, a number or two may be lost)."""

    start: int  # 0-based number of the line marked 1
    last: int  # 0-based number of the last line that continues the numbering
    count: int  # how many lines carry the numbering


def numbered_runs(lines: Sequence[Line], minimum: int) -> list[NumberedRun]:
    """Every run of at least ``minimum`` numbered lines that counts up from 1, in order.

    A reference list whose heading is lost (an image in a PDF, a heading in no language we
    know) is still told by its numbering; a "1." of another kind (a numbered paragraph inside
    a "[1]" list) neither ends nor continues it.
    """
    open_runs: dict[str, tuple[int, int, int, int]] = {}  # kind -> start, last no., index, count
    runs: list[NumberedRun] = []

    def close(kind: str) -> None:
        start, _, last, count = open_runs.pop(kind)
        if count >= minimum:
            runs.append(NumberedRun(start, last, count))

    for line in attach_bare_markers(lines):
        index = line.number
        number = marker_number(line.marker) if line.marker else None
        if number is None:
            continue
        kind = marker_kind(line.marker)
        run = open_runs.get(kind)
        if number == 1:
            if run is not None:
                close(kind)
            open_runs[kind] = (index, 1, index, 1)
        elif run is not None and run[1] < number <= run[1] + 2:
            open_runs[kind] = (run[0], number, index, run[3] + 1)
    for kind in list(open_runs):
        close(kind)
    return sorted(runs, key=lambda run: run.start)
