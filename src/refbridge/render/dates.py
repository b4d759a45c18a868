"""The <date> element: localized and own date forms, date parts, the implicit year suffix."""

from __future__ import annotations

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

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if variable in ctx.suppressed:
            return None
        value = ctx.item.get(variable)
        parts = date_parts(value)
        if parts is None:
            literal = value.get("literal") or value.get("raw") if isinstance(value, dict) else None
            if not literal:
                return None
            ctx.rendered += 1
            return text_leaf(ctx, str(literal), case, prefix, suffix, decorations)
        ctx.rendered += 1
        ctx.touched.append(variable)
        if ctx.mode == "sort":  # dates sort as YYYYMMDD
            year, month, day = ([*parts, 0, 0])[:3]
            return Blob(f"{year:04d}{month:02d}{day:02d}")
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
        out: list[Blob] = []
        values = dict(zip(("year", "month", "day"), parts, strict=False))
        for spec in specs:
            name = spec.get("name", "")
            number = values.get(name)
            if number is None:
                continue
            text = _date_part_text(ctx, name, number, spec.get("form", ""))
            if not text:
                continue
            if name == "year" and ctx.implicit_year_suffix:  # first year rendered, any date
                text += ctx.year_suffix
                ctx.implicit_year_suffix = False
            if spec.get("strip-periods") == "true":
                text = strip_periods_from(text)
            part_case = spec.get("text-case", "")
            if part_case:
                text = textcase.apply(part_case, text, ctx.english)
            out.append(
                Blob(
                    text,
                    spec.get("prefix", ""),
                    spec.get("suffix", ""),
                    "",
                    decorations_from(spec),
                )
            )
        if not out:
            return None
        # A trailing part's suffix is dropped when later parts are missing ("2019, " → "2019").
        if form and out:
            last_spec_name = [
                s.get("name") for s in specs if values.get(s.get("name", "")) is not None
            ]
            if last_spec_name and specs and specs[-1].get("name") != last_spec_name[-1]:
                out[-1].suffix = ""
        return Blob(out, prefix, suffix, date_delimiter, list(decorations))

    return render


def _date_part_text(ctx: Ctx, name: str, number: int, form: str) -> str:
    if name == "year":
        if form == "short":
            return f"{number % 100:02d}"
        if number < 0:
            return f"{-number}{ctx.locale.term('bc')}"
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
