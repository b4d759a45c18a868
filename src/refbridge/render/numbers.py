"""Numbers and page ranges as citeproc-js reads them ("3", "2nd", "iv", "321-28")."""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

NUMERIC = re.compile(r"^\s*[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:[-–,&]|and)\s*[A-Za-z]?\d+[A-Za-z]?)*\s*$")
HYPHEN_RANGE = re.compile(r"\s*-\s*")

#: citeproc-js's STATUTE_SUBDIV_STRINGS: labels written into number values ("vol. 26").
LABELS = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus",
    "subch.": "subchapter", "add.": "addendum", "amend.": "amendment", "annot.": "annotation",
    "app.": "appendix", "art.": "article", "bibliog.": "bibliography", "bk.": "book",
    "ch.": "chapter", "cl.": "clause", "col.": "column", "cmt.": "comment", "dec.": "decision",
    "dept.": "department", "ex.": "example", "fig.": "figure", "fld.": "field", "fol.": "folio",
    "n.": "note", "hypo.": "hypothetical", "illus.": "illustration", "intro.": "introduction",
    "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph",
    "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.": "publication",
    "r.": "rule", "rn.": "randnummer", "sched.": "schedule", "sec.": "section",
    "ser.": "series", "subdiv.": "subdivision", "subsec.": "subsection", "supp.": "supplement",
    "tbl.": "table", "tit.": "title", "vol.": "volume",
}  # fmt: skip
_LEADING_LABEL = re.compile(r"^([a-z]+\.) +(?=\S)")
_MASTER = re.compile(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|-[-0-9]+)$")
_LABEL_ANY_VARIABLE = ("locator", "number", "page", "")


def without_label(value: str, variable: str) -> str:
    """A value with the label citeproc-js reads off its start when it names the variable
    ("vol. 26" as a volume → "26")."""
    match = _LEADING_LABEL.match(value.strip())
    named = LABELS.get(match.group(1)) if match else None  # "ed." names no variable
    if match and named is not None and named in (variable, "page" if variable == "locator" else ""):
        return value.strip()[match.end() :]
    return value


_EMBEDDED_LABEL = re.compile(r"[,;]?\s+([a-z]+\.)\s*(?=\S)")


def split_at_embedded_label(value: str) -> tuple[str, str]:
    """A locator split where a label written into it starts ("367-368, fig. 333" → "367-368",
    ", fig. 333"): the head takes the cite's label, the rest keeps its own."""
    for match in _EMBEDDED_LABEL.finditer(value):
        if match.group(1) in LABELS:
            return value[: match.start()], value[match.start() :]
    return value, ""


def leading_label(value: str) -> tuple[str, str] | None:
    """(label, rest) of a locator that starts with a label ("vol. 1" → volume, "1")."""
    match = _LEADING_LABEL.match(value)
    if match is None or match.group(1) not in LABELS:
        return None
    return LABELS[match.group(1)], value[match.end() :]


def is_numeric(value: Any, variable: str = "") -> bool:
    """citeproc-js's test: the first number of the value ("3", "2nd", "iv", "E12", "2-е изд.",
    "vol. 26" as a volume) is a number with at most letters after it; "32 Dordrecht", "11(2)"
    and "A-3" are not numbers."""
    if isinstance(value, int):
        return True
    text = without_label(str(value or ""), variable).strip()
    if not text:
        return False
    first = _joiner("and").split(text.replace("\u2013", "-"), maxsplit=1)[0]
    match = _PARTICLE.match(first)
    return bool(_MASTER.match(match.group(2) if match else first))


# citeproc-js's page-range mangler (CSL.Util.PageRangeMangler): a range is an optional letter
# prefix ("E", "S1") and a number on each side; the end is expanded ("321-28" → 321–328) and
# then shortened in the style's page-range-format.
_RANGE_PARTS = re.compile(
    r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*(?:\u2013|-)\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)"
)
_RANGE_IN_TEXT = re.compile(
    r"(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*\s+-\s+(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*"
)


def _leading_int(text: str) -> int:
    """JavaScript's parseInt on "12a" (12); -1 when there is no number."""
    match = re.match(r"\s*[0-9]+", text)
    return int(match.group()) if match else -1


@functools.cache
def _joiner(and_term: str) -> re.Pattern[str]:
    """What joins numbers in a value: "&", "and" (and the locale's word for it), ";", ",", "-"."""
    words = "|".join(re.escape(w) for w in dict.fromkeys(("and", and_term)) if w)
    return re.compile(
        rf"(\s*&\s*|,\s+(?:{words})\s+|\s+(?:{words})\s+|;\s+|,\s+|\s*\\*[-\u2013]+\s*)"
    )


_PARTICLE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_SUBSECTION = re.compile(r"^(?:[a-z]{1,4}\.  *)*[0-9]+[,a-zA-Z]+$")
_MANGLED = re.compile(
    r"^((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)$"
)
_ROMAN = re.compile(r"^[ivxlcmIVXLCM]+$")


@attrs.define
class _Part:
    """One number of a page value: its letter prefix, the number, and what joins it to the next."""

    particle: str
    value: str
    joint: str


#: Stands for a hyphen escaped with a backslash ("3\\-B"): text, never a range, while parsing.
_ESCAPED_HYPHEN = "\ue000"


def _page_parts(value: str, and_term: str, ampersand: str = "&") -> list[_Part]:
    """citeproc-js's reading of a page value: numbers with letter prefixes and their joints.
    A hyphen escaped with a backslash ("327\\-30") is a plain hyphen, not a range."""
    text = value.strip().replace("\u2013", "-")
    if "\\-" in text:
        text = _ESCAPED_HYPHEN.join(p.replace("-", "\u2013") for p in text.split("\\-"))
        text = text.replace("\\", "")
    pieces = [p.replace(_ESCAPED_HYPHEN, "-") for p in _joiner(and_term).split(text)]
    for i in range(len(pieces) - 2, 0, -2):  # "12a-c" is one number
        if (
            pieces[i] == "-"
            and _SUBSECTION.match(pieces[i - 1])
            and re.match(r"^[,a-zA-Z]+$", pieces[i + 1])
        ):
            pieces[i - 1 : i + 2] = ["".join(pieces[i - 1 : i + 2])]
    parts = []
    for i in range(0, len(pieces), 2):
        joint = pieces[i + 1] if i + 1 < len(pieces) else ""
        if re.match(r"^\s*&\s*$", joint):  # the locale's "and" symbol, spaced unless in a word
            joint = (
                ampersand if re.match(r"^[a-zA-Z](?:.*[a-zA-Z])?$", pieces[i]) else f" {ampersand} "
            )
        match = _PARTICLE.match(pieces[i])
        particle, number = (match.group(1) or "", match.group(2)) if match else ("", pieces[i])
        parts.append(_Part(particle, number, re.sub(r"\s*-\s*", "-", joint, count=1)))
    return parts


def _collapsible(parts: list[_Part]) -> bool:
    first = parts[0].value
    return _leading_int(first) >= 0 or bool(_ROMAN.match(first))


def _numeric(parts: list[_Part]) -> bool:
    return bool(re.match(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|-[-0-9]+)$", parts[0].value))


def page_plural(value: str, and_term: str = "and") -> bool:
    """A page label is plural when the value holds two or more numbers ("E1639-E1647") and
    starts with a number citeproc-js calls numeric ("13.15.1-13.15.24" takes "p.")."""
    parts = _page_parts(value, and_term)
    return len(parts) > 1 and _collapsible(parts) and _numeric(parts)


def format_page(
    value: str, fmt: str, delimiter: str, and_term: str = "and", ampersand: str = "&"
) -> str:
    """A page value as citeproc-js prints it: each two-number range expanded or shortened as
    ``fmt`` (the style's page-range-format) says and joined by ``delimiter``, "&" written as
    ``ampersand``; values it cannot read as numbers ("345-370)", "12-15.") keep their hyphen."""
    parts = _page_parts(value, and_term, ampersand)
    if not _collapsible(parts):
        if _numeric(parts):
            for part in parts:
                part.joint = delimiter if part.joint == "-" else part.joint
        return "".join(p.particle + p.value + p.joint for p in parts)
    count = 0
    for i, part in enumerate(parts):
        if i == 0 or part.joint == "-":
            count = 1
        else:
            count += 1
            if count == 2:
                _mangle(parts[i - 1], part, fmt, delimiter)
                count = 0
    return "".join(p.particle + p.value + p.joint for p in parts)


def _mangle(first: _Part, last: _Part, fmt: str, delimiter: str) -> None:
    """One range "first-last" as citeproc-js's manglePageNumbers sets it."""
    if first.particle != last.particle or first.joint != "-":
        return
    if not fmt and _leading_int(first.value) > _leading_int(last.value):
        first.joint = delimiter
        return
    if _leading_int(first.value) >= 0 and _leading_int(last.value) >= 0:
        text = _mangled(
            f"{first.particle}{first.value} - {last.particle}{last.value}", fmt, delimiter
        )
    else:
        if _ROMAN_OR_INT.match(first.value) and _ROMAN_OR_INT.match(last.value):
            first.joint = delimiter
        text = first.value + first.joint + last.value
    match = _MANGLED.match(text)
    if match is not None:
        first.particle, first.value = match.group(1) or "", match.group(2)
        first.joint = delimiter if match.group(3) == "-" else match.group(3)
        last.particle, last.value = match.group(4), match.group(5)


_ROMAN_OR_INT = re.compile(r"^([0-9]+|[ivxlcmIVXLCM]+)$")


def _mangled(value: str, fmt: str, delimiter: str) -> str:
    """citeproc-js's page_mangler on "first - last": the range expanded, then shortened."""
    other = "" if delimiter == "-" else re.escape(delimiter)
    text = re.sub(f"([^\\\\])[-{other}\u2013]", r"\1 - ", value)
    text = re.sub(r"\s+-\s+", " - ", text)
    out: list[str] = []
    position = 0
    for match in _RANGE_IN_TEXT.finditer(text):
        out.append(text[position : match.start()])
        piece = _expanded(re.sub(r"\s*-\s*", "-", match.group()), delimiter)
        out.append(
            piece.replace("-", delimiter)
            if isinstance(piece, str)
            else _shortened(piece, fmt, delimiter)
        )
        position = match.end()
    out.append(text[position:])
    return re.sub(r"([^\\])-", lambda m: m.group(1) + delimiter, "".join(out))


def _expanded(text: str, delimiter: str) -> str | list[str]:
    """[prefix, first, delimiter + prefix, last] for a range whose end can be expanded."""
    match = _RANGE_PARTS.match(text)
    if match is None:
        return text
    prefix, first, end_prefix, last = match.groups()
    if end_prefix and prefix != end_prefix:
        return text
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if _leading_int(first) < _leading_int(last):
        return [prefix or "", first, delimiter + (prefix or ""), last]
    return text


def _shortened(parts: list[str], fmt: str, delimiter: str) -> str:
    prefix, first, joint, last = parts
    if fmt in ("minimal", "minimal-two"):
        last = _minimal(first, last, 2 if fmt == "minimal-two" else 0)
    elif fmt in ("chicago", "chicago-15", "chicago-16"):
        begin, end = _leading_int(first), _leading_int(last)
        if fmt == "chicago-16":
            if begin > 100 and begin % 100:
                for power in range(2, len(str(end))):
                    if begin // 10**power == end // 10**power:
                        last = str(end % 10**power)
                        break
        elif begin > 100 and begin % 100 and begin // 100 == end // 100:
            last = str(end % 100)
        elif begin >= 10000:
            last = str(end % 1000)
    else:
        return prefix + first + joint + last
    if joint[len(delimiter) :] == prefix:
        joint = delimiter
    return prefix + first + joint + last


def _minimal(first: str, last: str, keep: int) -> str:
    """The end of a range without the leading digits it shares with the start."""
    if len(first) != len(last):
        return last
    i = 0
    while i < len(first) and first[i] == last[i] and len(last) - i > keep:
        i += 1
    return last[i:]
