"""Compilers of the CSL rendering elements <text>, <number>, <label>, <group> and <choose>:
each turns its element into a closure that renders one item."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from ..errors import InputError
from ..text import to_roman
from . import markup, textcase
from .citation_label import citation_label
from .context import (
    NUMBER_VARIABLES,
    POSITION_TESTS,
    Ctx,
    Render,
    Splice,
    collect,
    decorations_of,
    strip_periods_from,
    tag_name,
)
from .initials import ROMANESQUE
from .locale import NS
from .numbers import (
    HYPHEN_RANGE,
    LABELS,
    NUMERIC,
    format_page,
    is_numeric,
    page_plural,
    split_at_embedded_label,
    without_label,
)
from .output import Blob

if TYPE_CHECKING:
    from .style import CompiledStyle


def compile_children(
    style: CompiledStyle, elements: Iterable[ET.Element], delimiter: str
) -> Render:
    """A group-like renderer: children joined by ``delimiter``, suppressed when all empty."""
    children = [style.compile(e) for e in elements]

    def render(ctx: Ctx) -> Blob | None:
        called, rendered, term_first = ctx.called, ctx.rendered, ctx.term_first
        out = collect(ctx, children)
        if ctx.called > called and ctx.rendered == rendered:
            ctx.term_first = term_first  # the group prints nothing after all
            return None  # variables were asked for and none was there
        if not out:
            return None
        if ctx.rendered == rendered:  # printed terms only: a success for the enclosing group,
            ctx.rendered += 1  # as citeproc-js counts it
        # a group or macro is a level of its own even around one child, as in citeproc-js:
        # punctuation rules look at direct children only ("title." + group suffix ". ")
        return Blob(out, delimiter=delimiter)

    return render


def with_affixes(element: ET.Element, inner: Render, delimiter: str = "") -> Render:
    prefix = element.get("prefix", "")
    suffix = element.get("suffix", "")
    decorations = decorations_of(element)
    case = element.get("text-case", "")
    strip = element.get("strip-periods") == "true"
    if not (prefix or suffix or decorations or case or strip or delimiter):
        return inner

    def render(ctx: Ctx) -> Blob | None:
        saved = ctx.text_case, ctx.strip_periods
        if case:
            ctx.text_case = case
        if strip:
            ctx.strip_periods = True
        blob = inner(ctx)
        ctx.text_case, ctx.strip_periods = saved
        if blob is None:
            return None
        if not (prefix or suffix or decorations):
            return blob
        if isinstance(blob.blobs, list) and not (blob.prefix or blob.suffix or blob.decorations):
            blob.prefix, blob.suffix, blob.decorations = prefix, suffix, list(decorations)
            return blob
        return Blob([blob], prefix, suffix, "", list(decorations))

    return render


def text_leaf(
    ctx: Ctx,
    text: str,
    element_case: str,
    prefix: str,
    suffix: str,
    decorations: list[tuple[str, str]],
    num: bool = False,
    strip: bool = False,
    term: bool = False,
) -> Blob | None:
    """A text leaf, as citeproc-js appends a string: spaced as it spaces punctuation, in the
    text case asked for (title case of terms always, of variables of English items only),
    then read for markup and quotation marks (values printed as given keep their quotes)."""
    if not text:
        return None
    if not num:
        text = spaced(text)
    case = element_case or ctx.text_case
    if case and (term or not ctx.preserve):
        language = str(ctx.item.get("language") or "")
        text = textcase.apply(case, text, term or ctx.english, language)
    if num:
        return Blob(text, prefix, suffix, "", list(decorations), num)
    if decorations and ROMANESQUE.search(text) is None:  # no italics for CJK, as citeproc-js
        decorations = [d for d in decorations if d[0] != "@font-style"]
    strip = strip or ctx.strip_periods
    if strip and term:  # a term loses every period ("ed." → "ed")
        text = strip_periods_from(text)
    quotes = None if ctx.preserve else ctx.locale.quotes
    return read_leaf(text, quotes, prefix, suffix, decorations, strip and not term)


def read_leaf(
    text: str,
    quotes: markup.Quotes | None,
    prefix: str = "",
    suffix: str = "",
    decorations: Iterable[tuple[str, str]] = (),
    strip: bool = False,
) -> Blob:
    """A leaf of ``text`` read for markup and quotation marks; punctuation it starts with goes
    to its prefix, where the punctuation passes of :mod:`.output` merge it as citeproc-js does.
    ``strip``: periods go as citeproc-js strips a variable's, from the text after that prefix
    and not before a lower-case letter ("Am. L.J." → "Am LJ", "...’’" → ".’’")."""
    if text[:1] != " ":
        bare = text.lstrip(_TERMINAL)
        if bare and bare != text:
            prefix += text[: len(text) - len(bare)]
            text = bare
    if strip:
        text = _STRIPPED_PERIOD.sub(r"\1", text)
    children = markup.parse(text, quotes)
    if children is not None:
        return Blob(children, prefix, suffix, "", list(decorations))
    return Blob(text, prefix, suffix, "", list(decorations))


_TERMINAL = ":.;!? "
_STRIPPED_PERIOD = re.compile(r"\.([^a-z]|$)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([:;?!\u00bb])")
_SPACE_BEFORE_APOSTROPHE = re.compile(r"\s+'")


def spaced(text: str) -> str:
    """A narrow no-break space before high punctuation written after a space (French "Titre :
    sous-titre", « guillemets »), one plain space before an apostrophe, as citeproc-js does."""
    if " " in text:
        text = _SPACE_BEFORE_PUNCTUATION.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")
    if "'" in text:
        text = _SPACE_BEFORE_APOSTROPHE.sub(" '", text)
        if text[:1] == "'":
            text = " " + text
    return text


def compile_text(style: CompiledStyle, element: ET.Element) -> Render:
    prefix = element.get("prefix", "")
    suffix = element.get("suffix", "")
    decorations = decorations_of(element)
    case = element.get("text-case", "")
    strip = element.get("strip-periods") == "true"
    if element.get("macro"):
        name = element.get("macro", "")
        if name not in style.macros_xml:
            raise InputError(f"{style.where(element)}: undefined macro {name!r}")

        resolved: list[Render] = []

        def macro(ctx: Ctx) -> Blob | None:
            if not resolved:  # compiled on first use: macros may call macros defined later
                resolved.append(style.macro(name))
            return resolved[0](ctx)

        return with_affixes(element, macro)
    if element.get("term"):
        term = element.get("term", "")
        form = element.get("form", "long")
        plural = element.get("plural") == "true"

        def render_term(ctx: Ctx) -> Blob | None:
            text = ctx.locale.term(term, form, plural)
            if ctx.term_first:
                text = textcase.capitalize_first(text)
            return text_leaf(
                ctx,
                text,
                case,
                prefix,
                suffix,
                decorations,
                strip=strip,
                term=True,
            )

        return render_term
    if element.get("value") is not None:
        value = element.get("value", "")

        def render_value(ctx: Ctx) -> Blob | None:
            return text_leaf(ctx, value, case, prefix, suffix, decorations, strip=strip)

        return render_value
    variable = element.get("variable", "")
    form = element.get("form", "long")
    return _variable_text(style, variable, form, case, prefix, suffix, decorations, strip)


def _variable_text(
    style: CompiledStyle,
    variable: str,
    form: str,
    case: str,
    prefix: str,
    suffix: str,
    decorations: list[tuple[str, str]],
    strip: bool,
) -> Render:
    counts = variable != "year-suffix"  # citeproc-js: an empty year-suffix keeps a group alive
    ranged = variable in NUMBER_VARIABLES

    def render(ctx: Ctx) -> Blob | None:
        if counts:
            ctx.called += 1
        if variable in ctx.suppressed:
            return None
        value = variable_value(ctx, variable, form)
        if not value:
            return None
        tail = ""
        if variable == "locator":  # a label written into it keeps its text ("…, fig. 333")
            value, tail = split_at_embedded_label(value)
        page = variable == "page" or (  # a locator in pages is a page range too
            variable == "locator" and ctx.cite is not None and ctx.cite.label == "page"
        )
        if ranged:
            value = without_label(value, variable)
        if page:
            value = format_page(
                value,
                style.page_range_format,
                ctx.locale.term("page-range-delimiter") or "–",
                ctx.locale.term("and"),
                ctx.locale.ampersand,
            )
        elif ranged and "-" in value and NUMERIC.match(value):  # the locale's, as for pages
            value = HYPHEN_RANGE.sub(ctx.locale.term("page-range-delimiter") or "\u2013", value)
        value += tail
        ctx.rendered += 1
        ctx.touch(variable)
        num = variable == "citation-number"
        return text_leaf(ctx, value, case, prefix, suffix, decorations, num=num, strip=strip)

    return render


def variable_value(ctx: Ctx, variable: str, form: str = "long") -> str:
    item = ctx.item
    if variable == "citation-number":
        return str(ctx.citation_number) if ctx.citation_number is not None else ""
    if variable == "year-suffix":
        return ctx.year_suffix
    if variable == "citation-label":  # the label carries the year suffix ("Asth00a")
        return citation_label(item) + ("" if ctx.mode in ("key", "sort") else ctx.year_suffix)
    if variable == "locator":
        return ctx.cite.locator if ctx.cite is not None else ""
    if variable == "first-reference-note-number":
        return str(ctx.first_note) if ctx.first_note else ""
    if variable == "page-first":  # the first page of the page range ("321" of "321-28")
        page = str(item.get("page-first") or item.get("page") or "")
        return re.split(r"\s*(?:[-\u2013,&]|\band\b)\s*", page.strip(), maxsplit=1)[0]
    if form == "short":
        short = item.get(f"{variable}-short") or item.get(f"{variable}_short")
        if short:
            return str(short)
    value = item.get(variable)
    if value is None or isinstance(value, (list, dict)):
        return ""
    return str(value)


def compile_number(style: CompiledStyle, element: ET.Element) -> Render:
    variable = element.get("variable", "")
    form = element.get("form", "numeric")
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    decorations = decorations_of(element)
    case = element.get("text-case", "")

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if variable in ctx.suppressed:
            return None
        value = variable_value(ctx, variable)
        if not value:
            return None
        ctx.rendered += 1
        ctx.touch(variable)
        value, tail = split_at_embedded_label(without_label(value, variable))
        if is_numeric(value, variable):
            gender = ctx.locale.gender(variable)

            def number(match: re.Match[str]) -> str:
                n = int(match.group(0))
                if form == "ordinal":
                    return f"{n}{ctx.locale.ordinal(n, gender)}"
                if form == "long-ordinal":
                    return ctx.locale.long_ordinal(n, gender)
                if form == "roman":
                    return to_roman(n)
                return match.group(0)  # citeproc-js keeps the digits as given ("08", "0451")

            if NUMERIC.match(value):  # numbers only: "3", "3-9", "1, 3 & 5"
                value = re.sub(r"\s*[-–]\s*", "–", value)
                value = re.sub(r"\d+", number, value)
            else:  # "2-е изд., испр.": the leading number is formatted, the rest kept
                value = re.sub(r"\d+", number, value, count=1)
        value += _labelled_tail(ctx, tail)
        return text_leaf(ctx, value, case, prefix, suffix, decorations, num=True)

    return render


def _labelled_tail(ctx: Ctx, tail: str) -> str:
    """The part of a number from a label written into it on (", p. 3-8" of an edition "7, p.
    3-8"), as citeproc-js prints it: the label as the locale's short term, plural for more than
    one number ("pp."), and a range with the locale's range delimiter ("3–8")."""
    match = re.match(r"([,;]?\s+)([a-z]+\.)\s*(.*)$", tail, re.DOTALL)
    if match is None:
        return tail
    joint, label, rest = match.groups()
    several = page_plural(rest, ctx.locale.term("and"))
    term = ctx.locale.term(LABELS[label], "short", several) or label
    if several and NUMERIC.match(rest):
        rest = HYPHEN_RANGE.sub(ctx.locale.term("page-range-delimiter") or "\u2013", rest)
    return f"{joint}{term} {rest}"


def _plural(ctx: Ctx, variable: str, value: str, plural: str) -> bool:
    if plural == "always":
        return True
    if plural == "never":
        return False
    if variable == "number-of-pages" or variable == "number-of-volumes":
        return value.strip() != "1" and is_numeric(value)
    if variable == "locator":  # the numbers before a label written into it count
        value = split_at_embedded_label(value)[0]
    if variable == "page" or (
        variable == "locator" and ctx.cite is not None and ctx.cite.label == "page"
    ):
        return page_plural(value, ctx.locale.term("and"))
    return is_numeric(value) and len(re.split(r"[\s,&\-–]+", value.strip())) > 1


def compile_label(style: CompiledStyle, element: ET.Element) -> Render:
    variable = element.get("variable", "")
    form = element.get("form", "long")
    plural = element.get("plural", "contextual")
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    decorations = decorations_of(element)
    case = element.get("text-case", "")
    strip = element.get("strip-periods") == "true"

    def render(ctx: Ctx) -> Blob | None:
        value = variable_value(ctx, variable)
        if variable in ctx.suppressed and not ctx.substituting:  # "5th ed." standing for authors
            return None
        term = variable  # citeproc-js prints it with the variable empty too (a group may not)
        if variable == "locator":  # "p." when the cite has no locator
            term = ctx.cite.label if ctx.cite is not None and ctx.cite.label else "page"
            term = "sub-verbo" if term == "sub verbo" else term  # the label as Zotero spells it
        if variable in NUMBER_VARIABLES:
            value = without_label(value, variable)  # "p. 863-875" counts as "863-875"
        many = _plural(ctx, variable, value, plural) if value else plural == "always"
        text = ctx.locale.term(term, form, many)
        return text_leaf(ctx, text, case, prefix, suffix, decorations, strip=strip, term=True)

    return render


def compile_group(style: CompiledStyle, element: ET.Element) -> Render:
    inner = compile_children(style, list(element), element.get("delimiter", ""))
    return with_affixes(element, inner)


# -- choose ----------------------------------------------------------------------------------
def _uncertain(ctx: Ctx, variable: str) -> bool:
    date = ctx.item.get(variable)
    return isinstance(date, dict) and bool(date.get("circa"))


def _has_variable(ctx: Ctx, variable: str) -> bool:
    value = ctx.item.get(variable)
    if value and not isinstance(value, dict):
        return True
    if variable == "citation-number":
        return ctx.citation_number is not None
    if variable == "year-suffix":
        return bool(ctx.year_suffix)
    if variable in ("locator", "first-reference-note-number", "page-first"):
        return bool(variable_value(ctx, variable))
    value = ctx.item.get(variable)
    if isinstance(value, dict):
        return bool(value.get("date-parts") or value.get("literal") or value.get("raw"))
    return bool(value)


def _numeric_variable(ctx: Ctx, variable: str) -> bool:
    return is_numeric(variable_value(ctx, variable), variable)


def _locator_label(ctx: Ctx, label: str) -> bool:
    """CSL's ``locator`` test: the cite's locator has this label."""
    cite = ctx.cite
    return cite is not None and bool(cite.locator) and cite.label == label


def _position(ctx: Ctx, position: str) -> bool:
    if ctx.mode not in ("citation", "key"):
        return False
    if position == "near-note":
        return ctx.near_note
    test = POSITION_TESTS.get(position)
    return test is not None and test(ctx.position)


def _disambiguate(ctx: Ctx) -> bool:
    """CSL's ``disambiguate="true"``: the first ``ctx.disambiguate`` such conditions tried in
    a cite pass (citeproc-js adds them one at a time until the cites differ)."""
    if ctx.mode != "bibliography":
        ctx.disambiguate_tests += 1
    if ctx.disambiguate_count < ctx.disambiguate:
        ctx.disambiguate_count += 1
        return True
    return False


def _compile_condition(element: ET.Element) -> Callable[[Ctx], bool]:
    """An <if>/<else-if> test: its own attributes, or CSL 1.1's ``<conditions match="…">``
    child combining ``<condition>`` elements that each carry attributes and a match."""
    block = element.find(f"{NS}conditions")
    if block is None:
        return _compile_tests(element)
    tests = [_compile_tests(c) for c in block.findall(f"{NS}condition")]
    combine = {"any": any, "none": lambda results: not any(results)}.get(
        block.get("match", "all"), all
    )
    return lambda ctx: combine(test(ctx) for test in tests)


def _compile_tests(element: ET.Element) -> Callable[[Ctx], bool]:
    """One closure per condition: type tests become a set look-up (hot path of big styles)."""
    types = element.get("type", "").split()
    type_set = frozenset(types)
    others: list[Callable[[Ctx], bool]] = []
    for value in element.get("variable", "").split():
        others.append(functools.partial(_has_variable, variable=value))
    for value in element.get("is-numeric", "").split():
        others.append(functools.partial(_numeric_variable, variable=value))
    for value in element.get("is-uncertain-date", "").split():
        others.append(functools.partial(_uncertain, variable=value))
    for value in element.get("position", "").split():
        others.append(functools.partial(_position, position=value))
    for value in element.get("locator", "").split():
        others.append(functools.partial(_locator_label, label=value))
    if element.get("disambiguate") == "true":
        others.append(_disambiguate)
    match = element.get("match", "all")

    if match in ("any", "none"):
        negate = match == "none"

        def any_test(ctx: Ctx) -> bool:
            if type_set and ctx.item.get("type") in type_set:
                return not negate
            for test in others:
                if test(ctx):
                    return not negate
            return negate

        return any_test

    if not types and len(others) == 1:
        return others[0]

    def all_test(ctx: Ctx) -> bool:
        if types:
            item_type = ctx.item.get("type")
            if any(t != item_type for t in types):
                return False
        return all(test(ctx) for test in others)

    return all_test


def compile_choose(style: CompiledStyle, element: ET.Element) -> Render:
    branches: list[tuple[Callable[[Ctx], bool], Render]] = []
    for branch in element:
        tag = tag_name(branch)
        condition = (lambda ctx: True) if tag == "else" else _compile_condition(branch)
        children = [style.compile(child) for child in branch if tag_name(child) != "conditions"]

        def body(ctx: Ctx, children: list[Render] = children) -> Blob | None:
            out = collect(ctx, children)
            if not out:
                return None
            return out[0] if len(out) == 1 else Splice(out)

        branches.append((condition, body))

    def render(ctx: Ctx) -> Blob | None:
        for condition, body in branches:
            if condition(ctx):
                return body(ctx)
        return None

    return render
