"""What rendering one item needs: the CSL variable kinds, cites and their positions, the
per-item rendering state (:class:`Ctx`), and small helpers every element compiler shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

import attrs

from .locale import NS, Locale
from .output import Blob

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
    issue locator number number-of-pages number-of-volumes page page-first part-number
    printing-number section supplement-number version volume""".split()
)
FORMATTING = {
    "font-style": "@font-style",
    "font-variant": "@font-variant",
    "font-weight": "@font-weight",
    "text-decoration": "@text-decoration",
    "vertical-align": "@vertical-align",
}
INHERITABLE_NAME_OPTIONS = (
    "and delimiter-precedes-et-al delimiter-precedes-last et-al-min et-al-use-first "
    "et-al-use-last et-al-subsequent-min et-al-subsequent-use-first initialize initialize-with "
    "initialize-with-hyphen name-as-sort-order sort-separator name-form name-delimiter "
    "names-delimiter demote-non-dropping-particle"
).split()


#: Cite positions, in the order CSL's ``position`` test ranks them ("ibid" is also "subsequent").
#: Numbered as citeproc-js numbers them (the values word processors pass as ``position``).
FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR = 0, 1, 2, 3
POSITION_TESTS = {
    "first": lambda p: p == FIRST,
    "subsequent": lambda p: p >= SUBSEQUENT,
    "ibid-with-locator": lambda p: p == IBID_WITH_LOCATOR,
    "ibid": lambda p: p >= IBID,
}


def _stripped(text: object) -> str:
    return str(text if text is not None else "").strip()


@attrs.frozen
class Cite:
    """One item cited in a citation: the item's id and what this cite adds to it."""

    id: str
    locator: str = attrs.field(default="", converter=_stripped)  # " 666" is "666"
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


@attrs.define
class AmbigConfig:
    """How one cite is disambiguated (citeproc-js's AmbigConfig): per name list (in rendering
    order) the number of names shown and each name's given-name level (0 family only,
    1 initials, 2 full given name), the year suffix (0 = "a") and the number of
    ``disambiguate="true"`` conditions that pass."""

    names: list[int] = attrs.Factory(list)
    givens: list[list[int]] = attrs.Factory(list)
    year_suffix: int | None = None
    disambiguate: int = 0

    def clone(self) -> AmbigConfig:
        return AmbigConfig(
            list(self.names), [list(g) for g in self.givens], self.year_suffix, self.disambiguate
        )


def grown(values: list[Any], index: int, fill: Any) -> Any:
    """values[index], padding the list with ``fill`` (a fresh one each time for a list) as
    JavaScript arrays grow when written past their end (disambiguation configs)."""
    while len(values) <= index:
        values.append([] if isinstance(fill, list) else fill)
    return values[index]


def tag_name(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


class Ctx:
    """State for rendering one item once: the item, its locale, and group bookkeeping."""

    __slots__ = (
        "called",
        "citation_number",
        "cite",
        "disambig",
        "disambiguate",
        "disambiguate_count",
        "disambiguate_tests",
        "english",
        "first_note",
        "first_people",
        "implicit_year_suffix",
        "item",
        "locale",
        "mode",
        "name_options",
        "namereg",
        "names_max",
        "nameset",
        "near_note",
        "position",
        "preserve",
        "rendered",
        "settings",
        "skip_names",
        "strip_periods",
        "substituting",
        "suppressed",
        "term_first",
        "text_case",
        "touched",
        "year_suffix",
    )

    def __init__(
        self,
        item: Item,
        locale: Locale,
        mode: str,
        name_options: dict[str, str],
        default_language: str = "en",
    ) -> None:
        self.item = item
        self.locale = locale
        self.mode = mode  # "bibliography", "citation", "sort" or "key"
        self.name_options = name_options
        self.called = 0
        self.rendered = 0
        self.suppressed: set[str] = set()
        self.touched: list[str] = []  # variables printed, in order
        self.substituting = 0  # inside a <substitute>: what prints is suppressed at once
        self.text_case = ""
        self.strip_periods = False
        self.year_suffix = ""
        self.implicit_year_suffix = False  # style has no year-suffix variable: add it to the year
        self.citation_number: int | None = None
        # disambiguation (see disambiguation.py): the requested names and given-name levels
        # (None: the style's own), what this rendering showed, and the number of
        # `disambiguate="true"` conditions to pass (those met, those tried so far)
        self.disambig: AmbigConfig | None = None
        self.settings = AmbigConfig()
        self.namereg: Any = None  # the processor's NameRegistry: names shared across items
        self.nameset = 0  # name lists rendered so far: the index into the configs' lists
        self.names_max: list[int] = []  # each name list's full length
        self.disambiguate = 0
        self.disambiguate_count = 0
        self.disambiguate_tests = 0
        self.preserve = False  # print variables as given: no case change, straight apostrophes
        self.skip_names = False  # collapsed cite ("Smith, 2019a, 2019b"): the names go once
        self.cite: Cite | None = None  # in a citation: the cite (locator, label) being rendered
        self.position = FIRST
        self.near_note = False
        self.first_note = 0  # note number of the item's first cite (0: not in a note)
        # nothing printed yet in a bibliography entry or a note citation: a term that comes now
        # is capitalised ("Ibid."), as citeproc-js does
        self.term_first = False
        self.first_people: list[str] | None = None  # see names.py: subsequent-author-substitute
        # English text gets title case: an item's language, else the style's (citeproc-js)
        language = str(item.get("language", "") or "") or default_language
        self.english = language.lower().startswith("en")

    def touch(self, variable: str) -> None:
        """Record that ``variable`` printed; inside a <substitute> it is then suppressed for
        the rest of the entry at once (citeproc-js: an editor printed by a substitute macro is
        not printed again by the same macro)."""
        self.touched.append(variable)
        if self.substituting:
            self.suppressed.add(variable)


# -- small helpers ---------------------------------------------------------------------------
class Splice(Blob):
    """Output of <choose>: its children belong to the enclosing group, not to a group of theirs."""

    __slots__ = ()


def collect(ctx: Ctx, children: Sequence[Render]) -> list[Blob]:
    out: list[Blob] = []
    for child in children:
        blob = child(ctx)
        if blob is None:
            continue
        ctx.term_first = False  # something is printed: a term after it keeps its case
        if type(blob) is Splice:
            out.extend(blob.blobs)  # type: ignore[arg-type]
        else:
            out.append(blob)
    return out


def decorations_of(element: ET.Element) -> list[tuple[str, str]]:
    out = [(name, element.get(attr, "")) for attr, name in FORMATTING.items() if element.get(attr)]
    if element.get("quotes") in ("true", "false"):  # "false": quotes in the value print outer
        out.append(("@quotes", element.get("quotes", "")))
    if element.get("display"):
        out.append(("@display", element.get("display", "")))
    return out


_PERIOD = re.compile(r"\.([^a-z]|$)")


def strip_periods_from(text: str) -> str:
    """citeproc-js's strip-periods: a period goes unless a lower-case letter follows it
    ("CSH Protoc pdb.prot4995" keeps its inner period)."""
    return _PERIOD.sub(r"\1", text)


def decorations_from(spec: Mapping[str, str]) -> list[tuple[str, str]]:
    out = [(name, spec[attr]) for attr, name in FORMATTING.items() if spec.get(attr)]
    if spec.get("quotes") == "true":
        out.append(("@quotes", "true"))
    return out


def int_option(options: Mapping[str, str], name: str) -> int:
    try:
        return int(options.get(name, "0") or 0)
    except ValueError:
        return 0
