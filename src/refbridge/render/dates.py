"""The <date> element: localized and own date forms, date parts, the implicit year suffix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from . import textcase
from .context import Ctx, Render, decorations_from, decorations_of, strip_periods_from
from .elements import text_leaf
from .locale import NS
from .output import Blob

if TYPE_CHECKING:
    from .style import CompiledStyle


def date_parts(value: Any) -> list[int] | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not parts or not parts[0]:
        return None
    out = []
    for p in parts[0][:3]:
        try:
            out.append(int(p))
        except (TypeError, ValueError):
            break
    return out or None


_LEVELS = ("year", "month", "day")


def date_sort_key(value: Any, names: Sequence[str] = _LEVELS) -> str:
    """citeproc-js's sort key of a date: year, month and day of the start and of the end of a
    range, each part kept only if named in ``names`` (the parts a style's date prints), 0 for
    one missing; years BC sort before AD. "" for a date with no year."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not parts or not isinstance(parts, list):
        return ""
    ends = [_numbers(end) for end in parts[:2]]
    if not ends[0] or not ends[0][0]:
        return ""
    if len(ends) < 2:
        ends.append([])
    out = []
    for numbers in ends:
        for i, name in enumerate(_LEVELS):
            number = numbers[i] if i < len(numbers) and name in names else 0
            if name == "year":
                out.append(f"0{9999 + number:04d}" if number < 0 else f"1{number:04d}")
            else:
                out.append(f"{number:02d}")
    return "".join(out)


def _numbers(parts: Any) -> list[int]:
    """The leading whole numbers of one end of a date's date-parts."""
    out: list[int] = []
    for part in parts if isinstance(parts, list) else []:
        try:
            out.append(int(part))
        except (TypeError, ValueError):
            break
    return out


def compile_date(style: CompiledStyle, element: ET.Element) -> Render:
    variable = element.get("variable", "")
    form = element.get("form", "")
    wanted = element.get("date-parts", "year-month-day").split("-")
    overrides = {p.get("name", ""): dict(p.attrib) for p in element.findall(f"{NS}date-part")}
    own_parts = [dict(p.attrib) for p in element.findall(f"{NS}date-part")]
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    delimiter = element.get("delimiter", "")
    decorations = decorations_of(element)
    case = element.get("text-case", "")

    affixes = (prefix, suffix, decorations)

    def sort_key(ctx: Ctx) -> Blob | None:
        """In a sort key a date is its sort key, of the parts this element prints."""
        if form:
            names = [p.get("name", "") for p in ctx.locale.dates.get(form, ("", []))[1]]
            names = [name for name in names if name in wanted]
        else:
            names = list(overrides)
        key = date_sort_key(ctx.item.get(variable), names)
        if not key:
            return None
        ctx.rendered += 1
        ctx.touch(variable)
        return Blob(key)

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if variable in ctx.suppressed or (variable == "accessed" and ctx.mode == "key"):
            return None  # citeproc-js: the date accessed never tells cites apart
        if ctx.mode == "sort":
            return sort_key(ctx)
        value = ctx.item.get(variable)
        parts = date_parts(value)
        if parts is None:
            literal = value.get("literal") or value.get("raw") if isinstance(value, dict) else None
            if not literal:
                return None
            ctx.rendered += 1
            return text_leaf(ctx, str(literal), case, prefix, suffix, decorations)
        ctx.touch(variable)
        blob = _dated(ctx, parts, value)
        if blob is not None:  # a date whose asked-for parts are all missing prints nothing
            ctx.rendered += 1
        return blob

    def _dated(ctx: Ctx, parts: list[int], value: Any) -> Blob | None:
        if form:
            specs = []
            date_delimiter, locale_parts = ctx.locale.dates.get(form, ("", []))
            for part in locale_parts:
                name = part.get("name", "")
                if name not in wanted:
                    continue
                specs.append({**part.attrib, **overrides.get(name, {})})
        else:
            specs = own_parts
            date_delimiter = delimiter
        values = _values(parts, value)
        present = [s for s in specs if values.get(s.get("name", "")) is not None]
        last = _end(value, values)
        level = _differing(values, last) if last is not None else ""
        if level and last is not None:
            return _range(ctx, present, values, last, level, date_delimiter, affixes)
        out = [b for b in (_part(ctx, spec, values) for spec in present) if b is not None]
        if not out:
            return None
        # A trailing part's suffix is dropped when later parts are missing ("2019, " → "2019").
        if form and present and specs[-1].get("name") != present[-1].get("name"):
            out[-1].suffix = ""
        return Blob(out, prefix, suffix, date_delimiter, list(decorations))

    return render


_RANGED = {"year": ("year", "month", "day"), "month": ("month", "day"), "day": ("day",)}


def _values(parts: list[int], value: Any) -> dict[str, Any]:
    """year, month, day of a date; months 13–24 (and a "season" field) are seasons, printed
    where the month goes (citeproc-js counts 17–24 round again: 17 is spring, 24 winter)."""
    values: dict[str, Any] = dict(zip(_LEVELS, parts, strict=False))
    month = values.get("month")
    if isinstance(month, int) and 13 <= month <= 24:
        values["month"] = f"season-{(month - 13) % 4 + 1:02d}"
        values.pop("day", None)
    elif month is None and isinstance(value, dict) and value.get("season"):
        season = str(value["season"])
        values["month"] = f"season-{int(season):02d}" if season in "1234" else season
    return values


def _end(value: Any, start: dict[str, Any]) -> dict[str, Any] | None:
    """The end of a date range ({} for an open range "1987–"), None when not a range."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not parts or len(parts) < 2 or parts[1] is None:
        return None
    try:
        numbers = [int(p) for p in parts[1][:3]]
    except (TypeError, ValueError):
        return None
    if not numbers or numbers[0] == 0:
        return {}
    end = _values(numbers, value)
    return {name: end.get(name, start.get(name)) for name in _LEVELS if name in start}


def _differing(start: dict[str, Any], end: dict[str, Any]) -> str:
    """The largest date part in which a range's ends differ ("" when they do not)."""
    if not end:
        return "year"
    for name in _LEVELS:
        if start.get(name) is not None and end.get(name) != start.get(name):
            return name
    return ""


def _range(
    ctx: Ctx,
    specs: list[dict[str, str]],
    start: dict[str, Any],
    end: dict[str, Any],
    level: str,
    delimiter: str,
    affixes: tuple[str, str, list[tuple[str, str]]],
) -> Blob | None:
    """A date range as citeproc-js prints it: the parts the ends share once, the rest of each
    end joined by the range-delimiter of the largest differing part ("3 August–23 October
    2003", "1987–2003", "1987–")."""
    ranged = [i for i, spec in enumerate(specs) if spec.get("name") in _RANGED[level]]
    if not ranged:
        return None
    first, last = ranged[0], ranged[-1]
    before = [_part(ctx, spec, start) for spec in specs[:first]]
    opening = [_part(ctx, spec, start) for spec in specs[first : last + 1]]
    closing = [_part(ctx, spec, end) for spec in specs[first : last + 1]] if end else []
    after = [_part(ctx, spec, start) for spec in specs[last + 1 :]]
    opening_blobs = [b for b in opening if b is not None]
    closing_blobs = [b for b in closing if b is not None]
    if opening_blobs:
        opening_blobs[-1].suffix = ""
    if closing_blobs:
        closing_blobs[0].prefix = ""
    joint = next(s for s in specs if s.get("name") == level).get("range-delimiter", "\u2013")
    both = Blob(
        [Blob(opening_blobs, delimiter=delimiter), Blob(closing_blobs, delimiter=delimiter)],
        suffix="" if closing_blobs else joint,
        delimiter=joint,
    )
    pieces = [b for b in (*before, both, *after) if b is not None]
    prefix, suffix, decorations = affixes
    return Blob(pieces, prefix, suffix, delimiter, list(decorations))


def _part(ctx: Ctx, spec: Mapping[str, str], values: Mapping[str, Any]) -> Blob | None:
    """One date part (year, month or season, day) in its date-part's form and formatting."""
    name = spec.get("name", "")
    number = values.get(name)
    if number is None:
        return None
    if isinstance(number, str):  # a season
        text = ctx.locale.term(number) if number.startswith("season-") else number
    else:
        text = _date_part_text(ctx, name, number, spec.get("form", ""))
    if not text:
        return None
    if name == "year" and ctx.implicit_year_suffix:  # first year rendered, any date
        text += ctx.year_suffix
        ctx.implicit_year_suffix = False
    if spec.get("strip-periods") == "true":
        text = strip_periods_from(text)
    part_case = spec.get("text-case", "")
    if part_case:
        text = textcase.apply(part_case, text, ctx.english)
    return Blob(text, spec.get("prefix", ""), spec.get("suffix", ""), "", decorations_from(spec))


def _date_part_text(ctx: Ctx, name: str, number: int, form: str) -> str:
    if name == "year":
        if form == "short":
            return f"{number % 100:02d}"
        if number < 0:
            return f"{-number}{ctx.locale.term('bc')}"
        if number < 500:
            return f"{number}{ctx.locale.term('ad')}"
        return str(number)
    if name == "month":
        if not 1 <= number <= 12:
            return ""
        if form == "numeric":
            return str(number)
        if form == "numeric-leading-zeros":
            return f"{number:02d}"
        return ctx.locale.term(f"month-{number:02d}", "short" if form == "short" else "long")
    if form == "numeric-leading-zeros":
        return f"{number:02d}"
    if form == "ordinal":
        if ctx.locale.limit_day_ordinals_to_day_1 and number != 1:
            return str(number)
        return f"{number}{ctx.locale.ordinal(number, ctx.locale.gender('month-01'))}"
    return str(number)
