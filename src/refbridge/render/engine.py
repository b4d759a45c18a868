"""A compact CSL 1.0.2 processor: the style is compiled once into Python closures.

Why not citeproc-py: measured on 1,000 items it takes ~11 s for APA and ~47 s for Chicago
author-date (much of it repeated XPath look-ups on the style tree), and its output differs from
citeproc-js in ways users see (punctuation and quotes, no year suffixes, code-point sorting, one
locale per list). Compiling each CSL element once into a closure that renders one item makes
rendering a matter of calling functions, and lets us follow citeproc-js's output rules exactly.

Entry points: :func:`compile_style` → :class:`CompiledStyle`; :class:`Processor` renders a
bibliography and citations for a set of CSL-JSON items.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

import attrs

from ..errors import InputError
from ..textutil import to_roman
from . import markup, textcase
from .collate import sort_key
from .locale import NS, Locale, build_locale, resolve_lang
from .output import Blob, adjust, serialise

Item = Mapping[str, Any]
Render = Callable[["Ctx"], Blob | None]

NAME_VARIABLES = frozenset(
    """author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director editortranslator executive-producer guest host illustrator
    interviewer narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator""".split()
)
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)
NUMBER_VARIABLES = frozenset(
    """chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page part-number printing-number
    section supplement-number version volume""".split()
)
_NUMERIC = re.compile(
    r"^\s*[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:[-–,&]|and)\s*[A-Za-z]?\d+[A-Za-z]?)*\s*$"
)
_RANGE = re.compile(r"(\d+)\s*[-–—‐]\s*(\d+)")
_HYPHEN_RANGE = re.compile(r"\s*-\s*")
_FORMATTING = {
    "font-style": "@font-style",
    "font-variant": "@font-variant",
    "font-weight": "@font-weight",
    "text-decoration": "@text-decoration",
    "vertical-align": "@vertical-align",
}
_INHERITABLE_NAME_OPTIONS = (
    "and delimiter-precedes-et-al delimiter-precedes-last et-al-min et-al-use-first "
    "et-al-use-last et-al-subsequent-min et-al-subsequent-use-first initialize initialize-with "
    "initialize-with-hyphen name-as-sort-order sort-separator name-form name-delimiter "
    "names-delimiter demote-non-dropping-particle"
).split()


#: Cite positions, in the order CSL's ``position`` test ranks them ("ibid" is also "subsequent").
#: Numbered as citeproc-js numbers them (the values word processors pass as ``position``).
FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR = 0, 1, 2, 3
_POSITION_TESTS = {
    "first": lambda p: p == FIRST,
    "subsequent": lambda p: p >= SUBSEQUENT,
    "ibid-with-locator": lambda p: p == IBID_WITH_LOCATOR,
    "ibid": lambda p: p >= IBID,
}


@attrs.frozen
class Cite:
    """One item cited in a citation: the item's id and what this cite adds to it."""

    id: str
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    position: int | None = None  # explicit position (as word processors pass it), else tracked

    @classmethod
    def from_csl(cls, item: Mapping[str, Any]) -> Cite:
        """A cite from a CSL citation item (``{"id": …, "locator": …, "label": …}``)."""
        position = item.get("position")
        return cls(
            id=str(item["id"]),
            locator=str(item.get("locator") or ""),
            label=str(item.get("label") or "page"),
            prefix=str(item.get("prefix") or ""),
            suffix=str(item.get("suffix") or ""),
            suppress_author=bool(item.get("suppress-author")),
            author_only=bool(item.get("author-only")),
            position=int(position) if position is not None else None,
        )


def _tag(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


class Ctx:
    """State for rendering one item once: the item, its locale, and group bookkeeping."""

    __slots__ = (
        "called",
        "citation_number",
        "cite",
        "disambiguate",
        "english",
        "extra_names",
        "first_note",
        "given_level",
        "given_levels",
        "implicit_year_suffix",
        "item",
        "locale",
        "mode",
        "name_options",
        "near_note",
        "position",
        "preserve",
        "rendered",
        "skip_names",
        "strip_periods",
        "suppressed",
        "text_case",
        "touched",
        "year_suffix",
    )

    def __init__(self, item: Item, locale: Locale, mode: str, name_options: dict[str, str]) -> None:
        self.item = item
        self.locale = locale
        self.mode = mode  # "bibliography", "citation", "sort" or "key"
        self.name_options = name_options
        self.called = 0
        self.rendered = 0
        self.suppressed: set[str] = set()
        self.touched: list[str] = []
        self.text_case = ""
        self.strip_periods = False
        self.year_suffix = ""
        self.implicit_year_suffix = False  # style has no year-suffix variable: add it to the year
        self.citation_number: int | None = None
        self.extra_names = 0  # disambiguation: names shown beyond et-al-use-first
        self.given_level = 0  # disambiguation of every name in the cite: 1 initials, 2 full
        self.given_levels: Mapping[tuple[str, str], int] = {}  # global name disambiguation
        self.disambiguate = False  # the CSL `disambiguate="true"` condition
        self.preserve = False  # print variables as given: no case change, straight apostrophes
        self.skip_names = False  # collapsed cite ("Smith, 2019a, 2019b"): the names go once
        self.cite: Cite | None = None  # in a citation: the cite (locator, label) being rendered
        self.position = FIRST
        self.near_note = False
        self.first_note = 0  # note number of the item's first cite (0: not in a note)
        language = str(item.get("language", "") or "")
        self.english = not language or language.lower().startswith("en")


# -- small helpers ---------------------------------------------------------------------------
class Splice(Blob):
    """Output of <choose>: its children belong to the enclosing group, not to a group of theirs."""

    __slots__ = ()


def _collect(ctx: Ctx, children: Sequence[Render]) -> list[Blob]:
    out: list[Blob] = []
    for child in children:
        blob = child(ctx)
        if blob is None:
            continue
        if type(blob) is Splice:
            out.extend(blob.blobs)  # type: ignore[arg-type]
        else:
            out.append(blob)
    return out


def _decorations(element: ET.Element) -> list[tuple[str, str]]:
    out = [(name, element.get(attr, "")) for attr, name in _FORMATTING.items() if element.get(attr)]
    if element.get("quotes") == "true":
        out.append(("@quotes", "true"))
    if element.get("display"):
        out.append(("@display", element.get("display", "")))
    return out


def _strip_periods(text: str) -> str:
    return text.replace(".", "")


_FIRST_TOKEN = re.compile(r"^\s*(?:\d+|[ixv]+)[a-zA-Z]*(?=$|[\s,&\-–])")


def is_numeric(value: Any) -> bool:
    """citeproc-js's test: the value starts with a number ("3", "2nd", "2-е изд.", "iv")."""
    if isinstance(value, int):
        return True
    return bool(value) and bool(_FIRST_TOKEN.match(str(value)))


def _expand_range(first: str, last: str, fmt: str) -> str:
    """The second number of a page range in a CSL page-range-format."""
    if not (first.isdigit() and last.isdigit()):
        return last
    if len(last) < len(first):  # "321-28" → "328" first
        last = first[: len(first) - len(last)] + last
    if fmt == "expanded":
        return last
    if len(first) != len(last):
        return last
    if fmt in ("minimal", "minimal-two"):
        i = 0
        while i < len(first) - 1 and first[i] == last[i]:
            i += 1
        short = last[i:]
        if fmt == "minimal-two" and len(short) < 2 <= len(last):
            short = last[-2:]
        return short
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        n = int(first)
        if n < 100 or n % 100 == 0:
            return last
        if n % 100 < 10:
            return _expand_range(first, last, "minimal")
        if fmt == "chicago-16":
            return _expand_range(first, last, "minimal-two")
        if len(first) == 4 and (int(first) // 100 != int(last) // 100) and fmt != "chicago-16":
            return last
        return _expand_range(first, last, "minimal-two")
    return last


def format_page(value: str, fmt: str, delimiter: str) -> str:
    def repl(match: re.Match[str]) -> str:
        first, last = match.group(1), match.group(2)
        return f"{first}{delimiter}{_expand_range(first, last, fmt) if fmt else last}"

    return _RANGE.sub(repl, value)


# -- compiled style --------------------------------------------------------------------------
class CompiledStyle:
    """A CSL style compiled into closures, with its options and locale overrides."""

    def __init__(self, root: ET.Element, source: str = "<style>") -> None:
        if _tag(root) != "style":
            raise InputError(f"{source}: not a CSL style (root element is <{_tag(root)}>)")
        self.source = source
        self.root = root
        self.attrs = dict(root.attrib)
        self.default_locale = root.get("default-locale", "")
        self.locale_elements = root.findall(f"{NS}locale")
        info = root.find(f"{NS}info")
        self.title = ""
        self.id = ""
        if info is not None:
            self.title = (info.findtext(f"{NS}title") or "").strip()
            self.id = (info.findtext(f"{NS}id") or "").strip()
        self.macros_xml = {m.get("name", ""): m for m in root.findall(f"{NS}macro")}
        self.explicit_year_suffix = any(
            e.get("variable") == "year-suffix" for e in root.iter(f"{NS}text")
        )
        self.macros: dict[str, Render] = {}
        self.macro_uses_citation_number: dict[str, bool] = {}
        self.page_range_format = root.get("page-range-format", "")
        self.demote_particle = root.get("demote-non-dropping-particle", "display-and-sort")
        self.initialize_with_hyphen = root.get("initialize-with-hyphen", "true") == "true"
        citation = root.find(f"{NS}citation")
        bibliography = root.find(f"{NS}bibliography")
        if citation is None:
            raise InputError(f"{source}: a CSL style needs a <citation> element")
        self.citation = _Area(self, citation)
        self.bibliography = _Area(self, bibliography) if bibliography is not None else None
        for name in self.macros_xml:  # compile everything now: errors surface at load time
            self.macro(name)

    def macro(self, name: str) -> Render:
        if name not in self.macros:
            element = self.macros_xml.get(name)
            if element is None:
                raise InputError(f"{self.source}: undefined macro {name!r}")
            self.macros[name] = _noop  # guards against recursion while compiling
            self.macros[name] = _compile_children(self, list(element), "")
        return self.macros[name]

    def locales(self) -> list[ET.Element]:
        return self.locale_elements


def _noop(_ctx: Ctx) -> Blob | None:
    return None


class _Area:
    """<citation> or <bibliography>: layout, sort keys and the area's inheritable options."""

    def __init__(self, style: CompiledStyle, element: ET.Element) -> None:
        self.style = style
        self.options = dict(element.attrib)
        self.name_options = {
            k: v
            for k, v in {**style.attrs, **element.attrib}.items()
            if k in _INHERITABLE_NAME_OPTIONS
        }
        layout = element.find(f"{NS}layout")
        if layout is None:
            raise InputError(f"{style.source}: <{_tag(element)}> needs a <layout>")
        self.layout_prefix = layout.get("prefix", "")
        self.layout_suffix = layout.get("suffix", "")
        self.layout_delimiter = layout.get("delimiter", "")
        self.layout_decorations = _decorations(layout)
        self.children = [_compile(style, child) for child in layout]
        self.sort_keys: list[tuple[str, str, bool, dict[str, str]]] = []
        sort = element.find(f"{NS}sort")
        if sort is not None:
            for key in sort.findall(f"{NS}key"):
                kind = "macro" if key.get("macro") else "variable"
                ref = key.get("macro") or key.get("variable") or ""
                overrides = {}
                if key.get("names-min"):
                    overrides["et-al-min"] = key.get("names-min", "")
                if key.get("names-use-first"):
                    overrides["et-al-use-first"] = key.get("names-use-first", "")
                if key.get("names-use-last"):
                    overrides["et-al-use-last"] = key.get("names-use-last", "")
                self.sort_keys.append((kind, ref, key.get("sort") == "descending", overrides))
        self.second_field_align = self.options.get("second-field-align", "")
        self.subsequent_author_substitute = self.options.get("subsequent-author-substitute")

    def render(self, ctx: Ctx) -> Blob | None:
        children = _collect(ctx, self.children)
        if not children:
            return None
        if self.second_field_align and len(children) > 1:
            first = Blob([children[0]], decorations=[("@display", "left-margin")])
            rest = Blob(
                children[1:], suffix=self.layout_suffix, decorations=[("@display", "right-inline")]
            )
            return Blob([first, rest], self.layout_prefix, "", "", list(self.layout_decorations))
        return Blob(
            children, self.layout_prefix, self.layout_suffix, "", list(self.layout_decorations)
        )


# -- element compilers -----------------------------------------------------------------------
def _compile_children(
    style: CompiledStyle, elements: Iterable[ET.Element], delimiter: str
) -> Render:
    """A group-like renderer: children joined by ``delimiter``, suppressed when all empty."""
    children = [_compile(style, e) for e in elements]

    def render(ctx: Ctx) -> Blob | None:
        called, rendered = ctx.called, ctx.rendered
        out = _collect(ctx, children)
        if ctx.called > called and ctx.rendered == rendered:
            return None  # variables were asked for and none was there
        if not out:
            return None
        if len(out) == 1 and not out[0].decorations:
            return out[0]  # a neutral wrapper around a plain child changes nothing: skip it
        return Blob(out, delimiter=delimiter)

    return render


def _with_affixes(element: ET.Element, inner: Render, delimiter: str = "") -> Render:
    prefix = element.get("prefix", "")
    suffix = element.get("suffix", "")
    decorations = _decorations(element)
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


def _compile(style: CompiledStyle, element: ET.Element) -> Render:
    tag = _tag(element)
    compiler = _COMPILERS.get(tag)
    if compiler is None:
        return _noop  # unknown or non-rendering element (e.g. comments)
    return compiler(style, element)


def _leaf(
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
    """A text leaf; title case applies to terms always, to variables of English items only."""
    if not text:
        return None
    case = element_case or ctx.text_case
    if not term and not num and markup.has_markup(text):
        english = ctx.english
        transform = None
        if case and not ctx.preserve:
            transform = lambda value: textcase.apply(case, value, english)  # noqa: E731
        return Blob(markup.parse(text, transform), prefix, suffix, "", list(decorations))
    if case and (term or not ctx.preserve):
        text = textcase.apply(case, text, term or ctx.english)
    if strip or ctx.strip_periods:
        text = _strip_periods(text)
    return Blob(text, prefix, suffix, "", list(decorations), num)


def _compile_text(style: CompiledStyle, element: ET.Element) -> Render:
    prefix = element.get("prefix", "")
    suffix = element.get("suffix", "")
    decorations = _decorations(element)
    case = element.get("text-case", "")
    strip = element.get("strip-periods") == "true"
    if element.get("macro"):
        name = element.get("macro", "")

        resolved: list[Render] = []

        def macro(ctx: Ctx) -> Blob | None:
            if not resolved:  # compiled on first use: macros may call macros defined later
                resolved.append(style.macro(name))
            return resolved[0](ctx)

        return _with_affixes(element, macro)
    if element.get("term"):
        term = element.get("term", "")
        form = element.get("form", "long")
        plural = element.get("plural") == "true"

        def render_term(ctx: Ctx) -> Blob | None:
            return _leaf(
                ctx,
                ctx.locale.term(term, form, plural),
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
            return _leaf(ctx, value, case, prefix, suffix, decorations, strip=strip)

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
        if variable == "page":
            value = format_page(
                value, style.page_range_format, ctx.locale.term("page-range-delimiter") or "–"
            )
        elif ranged and "-" in value and _NUMERIC.match(value):
            value = _HYPHEN_RANGE.sub("\u2013", value)
        ctx.rendered += 1
        ctx.touched.append(variable)
        num = variable == "citation-number"
        blob = _leaf(ctx, value, case, prefix, suffix, decorations, num=num, strip=strip)
        if blob is not None and not num and not ctx.preserve:
            for leaf in _text_leaves(blob):
                _split_quotes(leaf, ctx.locale.quote_pattern)
        return blob

    return render


def variable_value(ctx: Ctx, variable: str, form: str = "long") -> str:
    item = ctx.item
    if variable == "citation-number":
        return str(ctx.citation_number) if ctx.citation_number is not None else ""
    if variable == "year-suffix":
        return ctx.year_suffix
    if variable == "locator":
        return ctx.cite.locator if ctx.cite is not None else ""
    if variable == "first-reference-note-number":
        return str(ctx.first_note) if ctx.first_note else ""
    if form == "short":
        short = item.get(f"{variable}-short") or item.get(f"{variable}_short")
        if short:
            return str(short)
    value = item.get(variable)
    if value is None or isinstance(value, (list, dict)):
        return ""
    return str(value) if ctx.preserve else str(value).replace("'", "\u2019")


def _text_leaves(blob: Blob) -> list[Blob]:
    """The string leaves of a (possibly marked-up) value, outside nocase spans."""
    if isinstance(blob.blobs, str):
        return [blob]
    if ("@nocase", "true") in blob.decorations:
        return []
    return [leaf for child in blob.blobs for leaf in _text_leaves(child)]


def _split_quotes(blob: Blob, quoted: re.Pattern[str]) -> None:
    """Quotation marks in the data become quote blobs, as citeproc-js parses them: they then
    take the locale's quotes, flip to inner quotes inside a quoted title, and get punctuation
    moved inside them."""
    text = blob.blobs
    assert isinstance(text, str)
    pieces: list[Blob] = []
    position = 0
    for match in quoted.finditer(text):
        if match.start() > position:
            pieces.append(Blob(text[position : match.start()]))
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        pieces.append(Blob(inner, decorations=[("@quotes", "true")]))
        position = match.end()
    if not pieces:
        return
    if position < len(text):
        pieces.append(Blob(text[position:]))
    blob.blobs = pieces


def _compile_number(style: CompiledStyle, element: ET.Element) -> Render:
    variable = element.get("variable", "")
    form = element.get("form", "numeric")
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    decorations = _decorations(element)
    case = element.get("text-case", "")

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if variable in ctx.suppressed:
            return None
        value = variable_value(ctx, variable)
        if not value:
            return None
        ctx.rendered += 1
        ctx.touched.append(variable)
        if is_numeric(value):
            gender = ctx.locale.gender(variable)

            def number(match: re.Match[str]) -> str:
                n = int(match.group(0))
                if form == "ordinal":
                    return f"{n}{ctx.locale.ordinal(n, gender)}"
                if form == "long-ordinal":
                    return ctx.locale.long_ordinal(n, gender)
                if form == "roman":
                    return to_roman(n)
                return str(n)

            if _NUMERIC.match(value):  # numbers only: "3", "3-9", "1, 3 & 5"
                value = re.sub(r"\s*[-–]\s*", "–", value)
                value = re.sub(r"\d+", number, value)
            else:  # "2-е изд., испр.": the leading number is formatted, the rest kept
                value = re.sub(r"\d+", number, value, count=1)
        return _leaf(ctx, value, case, prefix, suffix, decorations, num=True)

    return render


def _plural(ctx: Ctx, variable: str, value: str, plural: str) -> bool:
    if plural == "always":
        return True
    if plural == "never":
        return False
    if variable == "number-of-pages" or variable == "number-of-volumes":
        return value.strip() != "1" and is_numeric(value)
    return is_numeric(value) and len(re.split(r"[\s,&\-–]+", value.strip())) > 1


def _compile_label(style: CompiledStyle, element: ET.Element) -> Render:
    variable = element.get("variable", "")
    form = element.get("form", "long")
    plural = element.get("plural", "contextual")
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    decorations = _decorations(element)
    case = element.get("text-case", "")
    strip = element.get("strip-periods") == "true"

    def render(ctx: Ctx) -> Blob | None:
        value = variable_value(ctx, variable)
        if not value or variable in ctx.suppressed:
            return None
        term = variable
        if variable == "locator":
            term = ctx.cite.label if ctx.cite is not None else "page"
        text = ctx.locale.term(term, form, _plural(ctx, variable, value, plural))
        return _leaf(ctx, text, case, prefix, suffix, decorations, strip=strip, term=True)

    return render


def _compile_group(style: CompiledStyle, element: ET.Element) -> Render:
    inner = _compile_children(style, list(element), element.get("delimiter", ""))
    return _with_affixes(element, inner)


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
    if variable in ("locator", "first-reference-note-number"):
        return bool(variable_value(ctx, variable))
    value = ctx.item.get(variable)
    if isinstance(value, dict):
        return bool(value.get("date-parts") or value.get("literal") or value.get("raw"))
    return bool(value)


def _numeric_variable(ctx: Ctx, variable: str) -> bool:
    return is_numeric(variable_value(ctx, variable))


def _position(ctx: Ctx, position: str) -> bool:
    if ctx.mode != "citation":
        return False
    if position == "near-note":
        return ctx.near_note
    test = _POSITION_TESTS.get(position)
    return test is not None and test(ctx.position)


def _compile_condition(element: ET.Element) -> Callable[[Ctx], bool]:
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
    for _value in element.get("locator", "").split():
        others.append(lambda ctx: False)  # no locators in citations yet
    if element.get("disambiguate") == "true":
        others.append(lambda ctx: ctx.disambiguate)
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


def _compile_choose(style: CompiledStyle, element: ET.Element) -> Render:
    branches: list[tuple[Callable[[Ctx], bool], Render]] = []
    for branch in element:
        tag = _tag(branch)
        condition = (lambda ctx: True) if tag == "else" else _compile_condition(branch)
        children = [_compile(style, child) for child in branch]

        def body(ctx: Ctx, children: list[Render] = children) -> Blob | None:
            out = _collect(ctx, children)
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


# -- dates -----------------------------------------------------------------------------------
def _date_parts(value: Any) -> list[int] | None:
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


def _compile_date(style: CompiledStyle, element: ET.Element) -> Render:
    variable = element.get("variable", "")
    form = element.get("form", "")
    wanted = element.get("date-parts", "year-month-day").split("-")
    overrides = {p.get("name", ""): dict(p.attrib) for p in element.findall(f"{NS}date-part")}
    own_parts = [dict(p.attrib) for p in element.findall(f"{NS}date-part")]
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    delimiter = element.get("delimiter", "")
    decorations = _decorations(element)
    case = element.get("text-case", "")

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if variable in ctx.suppressed:
            return None
        value = ctx.item.get(variable)
        parts = _date_parts(value)
        if parts is None:
            literal = value.get("literal") or value.get("raw") if isinstance(value, dict) else None
            if not literal:
                return None
            ctx.rendered += 1
            return _leaf(ctx, str(literal), case, prefix, suffix, decorations)
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
                text = _strip_periods(text)
            part_case = spec.get("text-case", "")
            if part_case:
                text = textcase.apply(part_case, text, ctx.english)
            out.append(
                Blob(
                    text,
                    spec.get("prefix", ""),
                    spec.get("suffix", ""),
                    "",
                    _decorations_from(spec),
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


def _decorations_from(spec: Mapping[str, str]) -> list[tuple[str, str]]:
    out = [(name, spec[attr]) for attr, name in _FORMATTING.items() if spec.get(attr)]
    if spec.get("quotes") == "true":
        out.append(("@quotes", "true"))
    return out


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


# -- names -----------------------------------------------------------------------------------
_GIVEN_PART = re.compile(r"([-\u2010]?)\s*([^\s.\-\u2010]+)(\.?)")


def initialize(given: str, initialize_with: str, hyphen: bool, do_initialize: bool = True) -> str:
    """Given names as initials, as citeproc-js does it.

    "John Quincy" → "J. Q."; "Jean-Paul" → "J.-P."; abbreviations already in the data keep
    their letters ("M. Sh." stays "M. Sh.", "Ju. A." stays "Ju. A."). With ``initialize``
    false only the abbreviations get ``initialize_with``; full names stay.
    """
    out = ""
    for match in _GIVEN_PART.finditer(given):
        dash, word, period = match.groups()
        if period:
            piece = word + initialize_with
        elif do_initialize:
            piece = word[0] + initialize_with
        else:
            piece = word + " "
        if dash and out:
            out = out.rstrip() + "-" if hyphen else out.rstrip()
        out += piece
    return out.rstrip()


def _compile_names(style: CompiledStyle, element: ET.Element) -> Render:
    variables = element.get("variable", "").split()
    name_el = element.find(f"{NS}name")
    et_al_el = element.find(f"{NS}et-al")
    label_el = element.find(f"{NS}label")
    substitute_el = element.find(f"{NS}substitute")
    label_after = name_el is None  # no <name>: the implicit name comes first
    if label_el is not None and name_el is not None:
        children = list(element)
        label_after = children.index(label_el) > children.index(name_el)
    return _names_renderer(
        style, element, variables, name_el, et_al_el, label_el, substitute_el, label_after
    )


def _names_renderer(
    style: CompiledStyle,
    element: ET.Element,
    variables: list[str],
    name_el: ET.Element | None,
    et_al_el: ET.Element | None,
    label_el: ET.Element | None,
    substitute_el: ET.Element | None,
    label_after: bool,
) -> Render:
    own_options = {k: v for k, v in element.attrib.items() if k in _INHERITABLE_NAME_OPTIONS}
    name_options = dict(name_el.attrib) if name_el is not None else {}
    name_prefix = name_options.pop("prefix", "")
    name_suffix = name_options.pop("suffix", "")
    name_decorations = _decorations(name_el) if name_el is not None else []
    parts = {}
    if name_el is not None:
        for part in name_el.findall(f"{NS}name-part"):
            parts[part.get("name", "")] = dict(part.attrib)
    et_al_term = et_al_el.get("term", "et-al") if et_al_el is not None else "et-al"
    et_al_prefix = et_al_el.get("prefix", "") if et_al_el is not None else ""
    et_al_suffix = et_al_el.get("suffix", "") if et_al_el is not None else ""
    et_al_decorations = _decorations(et_al_el) if et_al_el is not None else []
    label_attrs = dict(label_el.attrib) if label_el is not None else None
    substitutes: list[Render] = []
    if substitute_el is not None:
        for child in substitute_el:
            if _tag(child) == "names" and not list(child):
                substitutes.append(
                    _names_renderer(
                        style,
                        child,
                        child.get("variable", "").split(),
                        name_el,
                        et_al_el,
                        label_el,
                        None,
                        label_after,
                    )
                )
            else:
                substitutes.append(_compile(style, child))
    delimiter_attr = element.get("delimiter")
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    decorations = _decorations(element)

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if ctx.skip_names:
            ctx.skip_names = False
            ctx.rendered += 1
            return None
        options = {**ctx.name_options, **own_options, **name_options}
        found = []
        for variable in variables:
            if variable in ctx.suppressed:
                continue
            names = ctx.item.get(variable)
            if names:
                found.append((variable, names))
        if not found:
            for substitute in substitutes:
                touched_before = len(ctx.touched)
                blob = substitute(ctx)
                if blob is not None:
                    ctx.suppressed.update(ctx.touched[touched_before:])
                    out = Blob([blob], prefix, suffix, "", list(decorations))
                    out.is_names = True
                    return out
            return None
        ctx.rendered += 1
        if options.get("form", options.get("name-form")) == "count" or (
            name_el is not None and name_el.get("form") == "count"
        ):
            total = sum(_shown_count(ctx, options, names) for _v, names in found)
            return Blob(str(total), prefix, suffix, "", list(decorations), num=True)
        blobs = []
        for variable, names in found:
            ctx.touched.append(variable)
            list_blob = _render_name_list(
                ctx,
                names,
                options,
                parts,
                name_prefix,
                name_suffix,
                name_decorations,
                et_al_term,
                et_al_prefix,
                et_al_suffix,
                et_al_decorations,
            )
            if list_blob is None:
                continue
            if label_attrs is not None:
                label = _names_label(ctx, variable, len(names), label_attrs)
                if label is not None:
                    list_blob = Blob([list_blob, label] if label_after else [label, list_blob])
            blobs.append(list_blob)
        if not blobs:
            return None
        delimiter = (
            delimiter_attr if delimiter_attr is not None else options.get("names-delimiter", "")
        )
        out = Blob(blobs, prefix, suffix, delimiter, list(decorations))
        out.is_names = True
        return out

    return render


def _names_label(ctx: Ctx, variable: str, count: int, attrs: Mapping[str, str]) -> Blob | None:
    form = attrs.get("form", "long")
    plural_attr = attrs.get("plural", "contextual")
    plural = count > 1 if plural_attr == "contextual" else plural_attr == "always"
    text = ctx.locale.term(variable, form, plural)
    if not text:
        return None
    case = attrs.get("text-case", "")
    if case:
        text = textcase.apply(case, text, True)
    if attrs.get("strip-periods") == "true":
        text = _strip_periods(text)
    return Blob(
        text, attrs.get("prefix", ""), attrs.get("suffix", ""), "", _decorations_from(attrs)
    )


def _int_option(options: Mapping[str, str], name: str) -> int:
    try:
        return int(options.get(name, "0") or 0)
    except ValueError:
        return 0


def _shown_count(ctx: Ctx, options: Mapping[str, str], names: Sequence[Any]) -> int:
    et_al_min = _int_option(options, "et-al-min")
    use_first = _int_option(options, "et-al-use-first")
    if et_al_min and len(names) >= et_al_min and use_first < len(names):
        return use_first
    return len(names)


def _render_name_list(
    ctx: Ctx,
    names: Sequence[Mapping[str, str]],
    options: Mapping[str, str],
    parts: Mapping[str, Mapping[str, str]],
    name_prefix: str,
    name_suffix: str,
    name_decorations: list[tuple[str, str]],
    et_al_term: str,
    et_al_prefix: str,
    et_al_suffix: str,
    et_al_decorations: list[tuple[str, str]],
) -> Blob | None:
    count = len(names)
    et_al_min = _int_option(options, "et-al-min")
    use_first = _int_option(options, "et-al-use-first")
    use_last = options.get("et-al-use-last") == "true"
    use_first += ctx.extra_names
    truncated = bool(et_al_min) and count >= et_al_min and use_first < count
    shown = list(names[:use_first]) if truncated else list(names)
    if truncated and use_first == 0:
        return None
    delimiter = options.get("delimiter", options.get("name-delimiter", ", "))
    and_mode = options.get("and", "")
    sort_order = options.get("name-as-sort-order", "")
    if ctx.mode == "sort":
        sort_order = "all"
    rendered = []
    inverted = []
    for index, name in enumerate(shown):
        invert = sort_order == "all" or (sort_order == "first" and index == 0)
        level = ctx.given_level
        if ctx.given_levels and (index == 0 or not ctx.given_levels.get(("", "primary"))):
            level = max(level, ctx.given_levels.get(_name_key(name), 0))
        rendered.append(_render_name(ctx, name, options, parts, invert, level))
        inverted.append(invert and not name.get("literal"))
    if ctx.mode == "sort":
        return Blob(" ".join(r for r in rendered if r))
    blobs = [Blob(text) for text in rendered if text]
    if not blobs:
        return None
    if truncated and use_last and count > use_first + 1:
        last_name = _render_name(ctx, names[-1], options, parts, sort_order == "all")
        body = delimiter.join(b.blobs for b in blobs if isinstance(b.blobs, str))
        text = f"{body}{delimiter}… {last_name}"
        return Blob([Blob(text)], name_prefix, name_suffix, "", list(name_decorations))
    if truncated:
        term = ctx.locale.term(et_al_term)
        precedes = options.get("delimiter-precedes-et-al", "contextual")
        use_delimiter = (
            precedes == "always"
            or (precedes == "contextual" and len(blobs) >= 2)
            or (precedes == "after-inverted-name" and inverted[len(blobs) - 1])
        )
        joined = Blob(blobs, delimiter=delimiter)
        if not term:
            return Blob([joined], name_prefix, name_suffix, "", list(name_decorations))
        et_al = Blob(term, et_al_prefix, et_al_suffix, "", list(et_al_decorations))
        glue = delimiter if use_delimiter else " "
        et_al_group = Blob([et_al], glue.rstrip(" ") + " " if glue.strip() else " ")
        et_al_group.is_et_al = True
        return Blob([joined, et_al_group], name_prefix, name_suffix, "", list(name_decorations))
    if len(blobs) == 1 or not and_mode:
        return Blob(blobs, name_prefix, name_suffix, delimiter, list(name_decorations))
    and_text = ctx.locale.term("and") if and_mode == "text" else "&"
    precedes = options.get("delimiter-precedes-last", "contextual")
    use_delimiter = (
        precedes == "always"
        or (precedes == "contextual" and len(blobs) >= 3)
        or (precedes == "after-inverted-name" and inverted[-2])
    )
    head = Blob(blobs[:-1], delimiter=delimiter)
    glue = delimiter if use_delimiter else " "
    last = Blob([blobs[-1]], f"{glue.rstrip()} {and_text} " if glue.strip() else f" {and_text} ")
    return Blob([head, last], name_prefix, name_suffix, "", list(name_decorations))


def _name_key(name: Mapping[str, str]) -> tuple[str, str]:
    return (name.get("family", "") or name.get("literal", ""), name.get("given", ""))


def _render_name(
    ctx: Ctx,
    name: Mapping[str, str],
    options: Mapping[str, str],
    parts: Mapping[str, Mapping[str, str]],
    invert: bool,
    level: int = 0,
) -> str:
    literal = name.get("literal")
    family = name.get("family", "")
    if literal or not family:
        text = literal or name.get("given", "")
        part = parts.get("family")
        if part and part.get("text-case"):
            text = textcase.apply(part["text-case"], text, ctx.english)
        return text
    given = name.get("given", "")
    if not ctx.preserve:
        family = family.replace("'", "\u2019")
        given = given.replace("'", "\u2019")
    particle = name.get("non-dropping-particle", "")
    dropping = name.get("dropping-particle", "")
    suffix = name.get("suffix", "")
    form = options.get("form", "long")
    initialize_with = options.get("initialize-with")
    if level and form == "short":
        form = "long"  # disambiguation adds the given name
        if level == 1 and initialize_with is None:
            initialize_with = ". "
    if level == 2:
        initialize_with = None
    if given and initialize_with is not None:
        given = initialize(
            given,
            initialize_with,
            options.get("initialize-with-hyphen", "true") != "false",
            options.get("initialize", "true") != "false",
        )
    family_part = parts.get("family", {})
    given_part = parts.get("given", {})
    family_text = family
    if family_part.get("text-case"):
        family_text = textcase.apply(family_part["text-case"], family_text, ctx.english)
    given_text = given
    if given_part.get("text-case") and given_text:
        given_text = textcase.apply(given_part["text-case"], given_text, ctx.english)
    family_text = family_part.get("prefix", "") + family_text + family_part.get("suffix", "")
    if given_text:
        given_text = given_part.get("prefix", "") + given_text + given_part.get("suffix", "")
    if form == "short":
        return " ".join(p for p in (particle, family_text) if p)
    demote = options.get("demote-non-dropping-particle", "display-and-sort")
    if invert:
        separator = options.get("sort-separator", ", ")
        if particle and demote != "display-and-sort":
            head = f"{particle} {family_text}"
            tail = " ".join(p for p in (given_text, dropping) if p)
        else:
            head = family_text
            tail = " ".join(p for p in (given_text, dropping, particle) if p)
        text = head + (separator + tail if tail else "")
        if suffix:
            text += separator + suffix
        return text
    text = " ".join(p for p in (given_text, dropping, particle, family_text) if p)
    if suffix:
        text += " " + suffix
    return text


_COMPILERS: dict[str, Callable[[CompiledStyle, ET.Element], Render]] = {
    "text": _compile_text,
    "number": _compile_number,
    "label": _compile_label,
    "group": _compile_group,
    "choose": _compile_choose,
    "date": lambda style, element: _compile_date(style, element),
    "names": _compile_names,
}


def compile_style(xml: str | bytes, source: str = "<style>") -> CompiledStyle:
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise InputError(f"{source}: not well-formed CSL XML: {exc}") from exc
    return CompiledStyle(root, source)


# -- the processor -----------------------------------------------------------------------------
def _suffix_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class Processor:
    """Renders a bibliography and citations for CSL-JSON items in one compiled style."""

    def __init__(
        self,
        style: CompiledStyle,
        items: Sequence[Item],
        locale: str | None = None,
        item_locales: bool = True,
        fmt: str = "text",
        preserve_text: bool = False,
    ) -> None:
        self.style = style
        self.items = list(items)
        self.fmt = fmt
        self.lang = resolve_lang(locale or style.default_locale or "en-US")
        self.item_locales = item_locales
        self.preserve_text = preserve_text
        self._locales: dict[str, Locale] = {}
        self._item_locale: dict[str, Locale] = {}
        self.locale = self._locale(self.lang)
        self.ids = [str(item.get("id", "")) or f"item-{i + 1}" for i, item in enumerate(self.items)]
        self.by_id = dict(zip(self.ids, self.items, strict=True))
        self.suffixes: dict[str, str] = {}
        self.given_levels: dict[tuple[str, str], int] = {}
        self.states: dict[str, dict[str, Any]] = {}
        self._bib_follows_cites = self._same_name_options()
        self.order, self.numbers = self._sort()
        self._disambiguate()

    def _same_name_options(self) -> bool:
        """citeproc-js carries names added for disambiguation into the bibliography when the
        bibliography shortens name lists exactly as the citations do."""
        if self.style.bibliography is None:
            return False
        cite, bib = self.style.citation.name_options, self.style.bibliography.name_options
        keys = ("et-al-min", "et-al-use-first", "initialize-with")
        return all(cite.get(k) == bib.get(k) for k in keys) and "et-al-min" in cite

    def _locale(self, lang: str) -> Locale:
        lang = resolve_lang(lang)
        if lang not in self._locales:
            self._locales[lang] = build_locale(lang, self.style.locales())
        return self._locales[lang]

    def locale_for(self, item: Item) -> Locale:
        if not self.item_locales:
            return self.locale
        language = str(item.get("language", "") or "")
        if language not in self._item_locale:
            self._item_locale[language] = self._locale_for_language(language)
        return self._item_locale[language]

    def _locale_for_language(self, language: str) -> Locale:
        if not language or language.split("-")[0].lower() == self.lang.split("-")[0].lower():
            return self.locale
        resolved = resolve_lang(language)
        if resolved.split("-")[0] != language.split("-")[0].lower():
            return self.locale  # no locale file for that language: keep the list's
        return self._locale(resolved)

    def _ctx(self, item_id: str, mode: str, area: _Area) -> Ctx:
        item = self.by_id[item_id]
        ctx = Ctx(item, self.locale_for(item), mode, area.name_options)
        ctx.citation_number = self.numbers.get(item_id)
        ctx.preserve = self.preserve_text
        ctx.year_suffix = self.suffixes.get(item_id, "")
        if mode in ("citation", "key") or (mode == "bibliography" and self._bib_follows_cites):
            ctx.given_levels = self.given_levels if mode != "bibliography" else {}
            for field, value in self.states.get(item_id, {}).items():
                if mode != "bibliography" or field in ("extra_names", "given_level"):
                    setattr(ctx, field, value)
        ctx.implicit_year_suffix = bool(ctx.year_suffix) and not self.style.explicit_year_suffix
        return ctx

    # sorting ----------------------------------------------------------------------------
    def _key_part(self, item_id: str, area: _Area, level: int) -> tuple[int, Any]:
        kind, ref, descending, overrides = area.sort_keys[level]
        ctx = self._ctx(item_id, "sort", area)
        ctx.locale = self.locale
        if overrides:
            ctx.name_options = {**ctx.name_options, **overrides}
        if kind == "variable":
            value = self._variable_sort_value(ctx, ref)
        else:
            blob = self.style.macro(ref)(ctx)
            value = _plain(blob) if blob is not None else ""
        if value == "" or value is None:
            return (1, ())  # missing values go last either way
        collated = sort_key(value, self.lang) if isinstance(value, str) else value
        return (0, _Reverse(collated) if descending else collated)

    def _sorted(self, ids: Sequence[str], area: _Area, level: int = 0) -> list[str]:
        """Stable sort by the area's keys; a later key is computed only to break a tie."""
        if level >= len(area.sort_keys) or len(ids) < 2:
            return list(ids)  # ties keep the input order, as in citeproc-js
        parts = {item_id: self._key_part(item_id, area, level) for item_id in ids}
        ordered = sorted(ids, key=parts.__getitem__)
        out: list[str] = []
        start = 0
        for end in range(1, len(ordered) + 1):
            if end == len(ordered) or parts[ordered[end]] != parts[ordered[start]]:
                out.extend(self._sorted(ordered[start:end], area, level + 1))
                start = end
        return out

    def _variable_sort_value(self, ctx: Ctx, variable: str) -> Any:
        item = ctx.item
        if variable in NAME_VARIABLES:
            names = item.get(variable) or []
            return " ".join(
                _render_name(ctx, n, {**ctx.name_options, "name-as-sort-order": "all"}, {}, True)
                for n in names
            )
        if variable in DATE_VARIABLES:
            parts = _date_parts(item.get(variable))
            if not parts:
                return ""
            year, month, day = ([*parts, 0, 0])[:3]
            return ((0, year), (0, month), (0, day))
        if variable == "citation-number":
            return ((0, ctx.citation_number or 0),)
        value = variable_value(ctx, variable)
        if variable in NUMBER_VARIABLES and value.isdigit():
            return ((0, int(value)),)
        return value

    def _sort(self) -> tuple[list[str], dict[str, int]]:
        ids = list(self.ids)
        numbers = {item_id: i + 1 for i, item_id in enumerate(ids)}
        self.numbers = numbers
        area = self.style.bibliography
        if area is None or not area.sort_keys:
            return ids, numbers
        order = self._sorted(ids, area)
        if not any(ref == "citation-number" for _k, ref, _d, _o in area.sort_keys):
            numbers = {item_id: i + 1 for i, item_id in enumerate(order)}
        return order, numbers

    # disambiguation ---------------------------------------------------------------------
    def _disambiguate(self) -> None:
        """Make ambiguous in-text citations unique, in CSL's order of methods.

        Global given-name rules (APA, Chicago) first add initials or given names to every name
        shared by different people; then for cites still identical: more names (et al.
        expanded), given names, the ``disambiguate`` condition, and last the year suffix.
        Suffix letters follow bibliography order.
        """
        citation = self.style.citation
        options = citation.options
        rule = options.get("givenname-disambiguation-rule", "by-cite")
        add_given = options.get("disambiguate-add-givenname") == "true"
        self.given_levels = {}
        self.states = {i: {} for i in self.ids}
        if add_given and rule != "by-cite":
            self.given_levels = self._global_given_levels(rule)
        groups = self._ambiguous(self.order)
        # Each method is a series of ever stronger settings; the first that splits a group of
        # identical cites is kept for its members, a method that never helps is undone.
        methods: list[list[tuple[str, Any]]] = []
        if add_given and rule == "by-cite":
            methods.append([("given_level", 1), ("given_level", 2)])
        if options.get("disambiguate-add-names") == "true":
            methods.append([("extra_names", n) for n in range(1, 30)])
        methods.append([("disambiguate", True)])
        for group in groups:
            pending = self._resolve(group, methods, 0, 0)
            if options.get("disambiguate-add-year-suffix") == "true":
                for members in pending:
                    for index, item_id in enumerate(members):
                        self.suffixes[item_id] = _suffix_letters(index)

    def _resolve(
        self, members: list[str], methods: list[list[tuple[str, Any]]], method: int, start: int
    ) -> list[list[str]]:
        """Escalate one method until the group splits; groups still tied go on escalating the
        same method, then the next. Returns the groups no method could split."""
        if method == len(methods):
            return [members]
        before = {i: dict(self.states[i]) for i in members}
        for step in range(start, len(methods[method])):
            field, value = methods[method][step]
            for item_id in members:
                self.states[item_id][field] = value
            split = self._ambiguous(members)
            if not (len(split) == 1 and len(split[0]) == len(members)):
                out: list[list[str]] = []
                for tied in split:
                    out.extend(self._resolve(tied, methods, method, step + 1))
                return out
        for item_id in members:  # this method never helped: undo it
            self.states[item_id] = before[item_id]
        return self._resolve(members, methods, method + 1, 0)

    def _global_given_levels(self, rule: str) -> dict[tuple[str, str], int]:
        people: dict[str, set[str]] = {}
        for item in self.items:
            for variable in ("author", "editor"):
                names = item.get(variable) or []
                if names:
                    for name in names if rule.startswith("all") else names[:1]:
                        if name.get("family"):
                            people.setdefault(name["family"], set()).add(name.get("given", ""))
                    break
        levels: dict[tuple[str, str], int] = {}
        for family, givens in people.items():
            if len(givens) < 2:
                continue
            initials = {g: initialize(g, ".", True) for g in givens}
            for given in givens:
                clash = sum(1 for g in givens if initials[g] == initials[given]) > 1
                full = not rule.endswith("with-initials") and clash
                levels[(family, given)] = 2 if full else 1
        if rule.startswith("primary"):
            levels[("", "primary")] = 1  # marker: only the first name of a cite
        return levels

    def _cite_text(self, item_id: str) -> str:
        ctx = self._ctx(item_id, "key", self.style.citation)
        ctx.year_suffix = ""
        blob = self.style.citation.render(ctx)
        return _plain(blob) if blob is not None else ""

    def _ambiguous(self, ids: Sequence[str]) -> list[list[str]]:
        groups: dict[str, list[str]] = {}
        for item_id in ids:
            groups.setdefault(self._cite_text(item_id), []).append(item_id)
        return [members for members in groups.values() if len(members) > 1]

    # output -----------------------------------------------------------------------------
    def _finish(self, blob: Blob, locale: Locale) -> str:
        adjust(blob, locale.punctuation_in_quote)
        quotes = (
            locale.term("open-quote") or "“",
            locale.term("close-quote") or "”",
            locale.term("open-inner-quote") or "‘",
            locale.term("close-inner-quote") or "’",
        )
        return serialise(blob, self.fmt, quotes)

    def bibliography(self) -> list[tuple[str, str]]:
        """(id, entry) in bibliography order."""
        area = self.style.bibliography
        if area is None:
            return [(item_id, self.citation([item_id])) for item_id in self.order]
        out = []
        previous_names = None
        for item_id in self.order:
            ctx = self._ctx(item_id, "bibliography", area)
            blob = area.render(ctx)
            if blob is None:
                out.append((item_id, ""))
                continue
            if area.subsequent_author_substitute is not None:
                previous_names = _substitute_author(
                    blob, previous_names, area.subsequent_author_substitute
                )
            out.append((item_id, self._finish(blob, ctx.locale).strip()))
        return out

    def citation(self, ids: Sequence[str | Cite]) -> str:
        """One in-text citation cluster for the given item ids or cites (sorted, collapsed)."""
        cites = [c if isinstance(c, Cite) else Cite(c) for c in ids]
        return self._cluster([_Placed(c, c.position or FIRST) for c in cites])

    def citations(self, clusters: Sequence[tuple[Sequence[Cite], int]]) -> list[str]:
        """A document's citation clusters in order, each with its note number (0: in the text).

        Positions are tracked as CSL defines them: first, subsequent, ibid (same item as the
        cite just before, same or no locator), ibid-with-locator, near-note (cited within
        ``near-note-distance`` notes), and the item's first-reference-note-number.
        """
        distance = _int_option(self.style.citation.options, "near-note-distance") or 5
        first_note: dict[str, int] = {}
        last_note: dict[str, int] = {}
        previous: list[Cite] = []  # the cites of the previous cluster
        out = []
        for cites, note in clusters:
            placed: list[_Placed] = []
            for index, cite in enumerate(c for c in cites if c.id in self.by_id):
                before = placed[-1].cite if index else (previous[0] if len(previous) == 1 else None)
                position = cite.position
                if position is None:
                    position = _track(cite, before, cite.id in first_note)
                near = cite.id in last_note and note - last_note[cite.id] <= distance
                placed.append(_Placed(cite, position, near, first_note.get(cite.id, note)))
                first_note.setdefault(cite.id, note)
                last_note[cite.id] = note
            previous = [p.cite for p in placed]
            out.append(self._cluster(placed))
        return out

    def _cite_ctx(self, placed: _Placed, area: _Area) -> Ctx:
        ctx = self._ctx(placed.cite.id, "citation", area)
        ctx.cite = placed.cite
        ctx.position = placed.position
        ctx.near_note = placed.near_note
        ctx.first_note = placed.first_note
        ctx.skip_names = placed.cite.suppress_author
        return ctx

    def _cluster(self, placed: Sequence[_Placed]) -> str:
        area = self.style.citation
        placed = [p for p in placed if p.cite.id in self.by_id]
        if area.sort_keys:
            order = {
                item_id: i
                for i, item_id in enumerate(
                    self._sorted(list(dict.fromkeys(p.cite.id for p in placed)), area)
                )
            }
            placed = sorted(placed, key=lambda p: order[p.cite.id])
        collapse = area.options.get("collapse", "")
        groups: list[Blob] = []
        collapsed: set[int] = set()  # ids of the groups "Smith, 2019a, 2019b" being built
        previous_names: str | None = None
        run: list[tuple[int, Blob]] = []  # consecutive citation numbers
        for one in placed:
            item_id, cite_of = one.cite.id, one.cite
            ctx = self._cite_ctx(one, area)
            children = _collect(ctx, area.children)
            if not children:
                continue
            cite = Blob(children)
            if cite_of.author_only:
                names_only = _first_names(cite)
                if names_only is None:
                    continue
                cite = names_only
            if cite_of.prefix or cite_of.suffix:
                cite = _with_cite_affixes(cite, cite_of.prefix, cite_of.suffix)
            if collapse.startswith("year") and not (cite_of.prefix or cite_of.suffix):
                names_blob = _first_names(cite)
                names = _plain(names_blob) if names_blob is not None else None
                if names is not None and names == previous_names and groups:
                    ctx = self._cite_ctx(one, area)
                    ctx.skip_names = True
                    short = Blob(_collect(ctx, area.children))
                    last = groups[-1]
                    if id(last) not in collapsed:  # first collapse: wrap the cite in a group
                        last = Blob(
                            [last], delimiter=area.options.get("cite-group-delimiter", ", ")
                        )
                        collapsed.add(id(last))
                        groups[-1] = last
                    assert isinstance(last.blobs, list)
                    last.blobs.append(short)
                    continue
                previous_names = names
            number = self.numbers.get(item_id)
            if collapse == "citation-number" and number is not None and not cite_of.locator:
                if run and run[-1][0] + 1 != number:
                    groups.extend(_number_run(run))
                    run = []
                run.append((number, cite))
                continue
            groups.extend(_number_run(run))
            run = []
            groups.append(cite)
        groups.extend(_number_run(run))
        if not groups:
            return ""
        root = Blob(groups, area.layout_prefix, area.layout_suffix, area.layout_delimiter)
        if area.layout_decorations:  # a citation layout's formatting covers its affixes too
            root = Blob([root], decorations=list(area.layout_decorations))
        return self._finish(root, self.locale)


def _with_cite_affixes(cite: Blob, prefix: str, suffix: str) -> Blob:
    """A cite with the prefix and suffix the author gave it (which may carry markup)."""
    if not (markup.has_markup(prefix) or markup.has_markup(suffix)):
        return Blob([cite], prefix, suffix)
    before = [Blob(markup.parse(prefix))] if prefix else []
    after = [Blob(markup.parse(suffix))] if suffix else []
    return Blob([*before, cite, *after])


@attrs.frozen
class _Placed:
    """A cite with what its place in the document decides."""

    cite: Cite
    position: int
    near_note: bool = False
    first_note: int = 0


def _track(cite: Cite, before: Cite | None, seen: bool) -> int:
    """The position of ``cite`` after ``before`` (the cite just before it, when ibid may apply)."""
    if not seen:
        return FIRST
    if before is None or before.id != cite.id:
        return SUBSEQUENT
    if cite.locator == before.locator:
        return IBID
    return IBID_WITH_LOCATOR if cite.locator else SUBSEQUENT


def _number_run(run: list[tuple[int, Blob]]) -> list[Blob]:
    """Three or more consecutive citation numbers collapse to a range: [1]–[3]."""
    if len(run) < 3:
        return [cite for _n, cite in run]
    return [Blob([run[0][1], run[-1][1]], delimiter="\u2013")]


class _Reverse:
    """Inverts ordering for descending sort keys."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reverse) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


def _plain(blob: Blob, skip_et_al: bool = False) -> str:
    if skip_et_al and blob.is_et_al:
        return ""
    if isinstance(blob.blobs, str):
        return blob.prefix + blob.blobs + blob.suffix
    inner = blob.delimiter.join(t for t in (_plain(b, skip_et_al) for b in blob.blobs) if t)
    return blob.prefix + inner + blob.suffix if inner else ""


def _first_names(blob: Blob) -> Blob | None:
    if blob.is_names:
        return blob
    if isinstance(blob.blobs, list):
        for child in blob.blobs:
            found = _first_names(child)
            if found is not None:
                return found
    return None


def _substitute_author(blob: Blob, previous: str | None, substitute: str) -> str | None:
    """MLA's "———" for a repeated author list (citeproc-js's default complete-all rule)."""
    names_blob = _first_names(blob)
    if names_blob is None:
        return None
    names = _plain(names_blob, skip_et_al=True)
    if previous is not None and names == previous and names:
        names_blob.blobs = [Blob(substitute)] if substitute else []
    return names
