"""Disambiguation of in-text citations, ported from citeproc-js (``CSL.Disambiguation`` and
``CSL.Registry.NameReg``), whose results the CSL test suite and every word processor expect.

Each item's cite is rendered once in its "ambiguity key" form (a subsequent cite, plain
text); items with equal keys form a group. A group is split by the enabled methods in CSL's
order, each item keeping the :class:`AmbigConfig` that made it unique: more names and fuller
given names (``disambiguate-add-names``, ``disambiguate-add-givenname`` with the ``by-cite``
rule), the year suffix, and the ``disambiguate="true"`` condition. The global given-name rules
(``all-names``, ``primary-name`` and their ``-with-initials`` forms) work through the
:class:`NameRegistry`, name by name, whenever a name is rendered.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .context import SUBSEQUENT, AmbigConfig, Ctx, grown
from .initials import initialize
from .output import plain_text

if TYPE_CHECKING:
    from .processor import Processor


def suffix_letters(index: int) -> str:
    """The year suffix for a 0-based index: a … z, aa, ab …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


@functools.lru_cache(maxsize=8192)
def _name_keys(family: str, given: str, particle: str) -> tuple[str, str, str]:
    """(family, initials, given) as citeproc-js compares names: periods ignored, a trailing
    lower-case word of the given name ("et al.") dropped."""
    family = _strip_periods(family)
    if particle:
        family = f"{family} {particle}"
    given = _strip_periods(given)
    last = re.search(r"[,!]* ([^,]+)$", given)
    if last and last.group(1) == last.group(1).lower():
        given = given[: last.start()]
    return family, initialize(given, ".", True), given


def _strip_periods(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(".", " ")).rstrip()


class NameRegistry:
    """The names of every rendered cite, by family name → initials → given name, and the
    given-name level each name needs (citeproc-js's ``NameReg``). Under the ``by-cite`` rule
    names are compared within one item only."""

    def __init__(self, options: Mapping[str, str], demote_never: bool) -> None:
        self.rule = options.get("givenname-disambiguation-rule", "by-cite")
        self.by_cite = self.rule == "by-cite"
        self.with_initials = self.rule.endswith("-with-initials")
        self.add_givenname = options.get("disambiguate-add-givenname") == "true"
        self.demote_never = demote_never
        self.families: dict[tuple[int, str], dict[str, set[str]]] = {}
        # items whose ambiguity key is made: until then a name keeps the style's form
        self.registered: set[int] = set()

    def _keys(self, item: int, name: Mapping[str, str]) -> tuple[tuple[int, str], str, str]:
        particle = name.get("non-dropping-particle", "") if self.demote_never else ""
        family, initials, given = _name_keys(
            str(name.get("family") or ""), str(name.get("given") or ""), str(particle or "")
        )
        return (item if self.by_cite else 0, family), initials, given

    def add(self, item: int, name: Mapping[str, str], index: int) -> None:
        if self.rule.startswith("primary-") and index:
            return
        family, initials, given = self._keys(item, name)
        if family[1]:
            self.families.setdefault(family, {}).setdefault(initials, set()).add(given)

    def level(
        self,
        item: int,
        name: Mapping[str, str],
        index: int,
        requested: int,
        form: str,
        initialize_with: str | None,
    ) -> int:
        """citeproc-js's evalname: the style's level for the name (0 short form, 1 initials,
        2 full), raised to ``requested`` (by-cite) or to what tells apart the people of the
        same family name (the global rules)."""
        level = 0 if form == "short" else 1 if initialize_with is not None else 2
        family, initials, _given = self._keys(item, name)
        people = self.families.get(family)
        if people is None or initials not in people:
            return level
        if self.by_cite and level <= requested:
            return requested
        if not self.add_givenname or (self.rule.startswith("primary") and index > 0):
            return level
        if self.with_initials:
            return (1 if len(people) > 1 else 0) if item in self.registered else level
        if item not in self.registered:
            return level
        if len(people) > 1:
            level = 1
        if len(people[initials]) > 1 or (len(people) > 1 and initialize_with is None):
            level = 2
        return level


def disambiguate(proc: Processor) -> None:
    """Give every item the AmbigConfig that makes its cite unique, as citeproc-js does when
    the items are registered in ``proc.ids`` order."""
    options = proc.style.citation.options
    proc.disambig = {}
    keys: dict[str, list[str]] = {}
    for item_id in proc.ids:
        text, ctx = ambiguous_cite(proc, item_id, None)
        keys.setdefault(text, []).append(item_id)
        proc.disambig[item_id] = ctx.settings.clone()
        proc.namereg.registered.add(id(proc.by_id[item_id]))
    modes = []
    by_cite_givens = (
        options.get("disambiguate-add-givenname") == "true"
        and options.get("givenname-disambiguation-rule", "by-cite") == "by-cite"
    )
    if options.get("disambiguate-add-names") == "true" or by_cite_givens:
        modes.append("names")
    if options.get("disambiguate-add-year-suffix") == "true":
        modes.append("years")
    if proc.style.has_disambiguate:
        modes.append("extra_text")
    if modes:
        for ids in keys.values():
            if len(ids) > 1:
                _Run(proc, ids, modes, by_cite_givens).run()
    for item_id, config in proc.disambig.items():
        if config.year_suffix is not None:
            proc.suffixes[item_id] = suffix_letters(config.year_suffix)


def ambiguous_cite(proc: Processor, item_id: str, request: AmbigConfig | None) -> tuple[str, Ctx]:
    """The cite as plain text in its subsequent form (citeproc-js's getAmbiguousCite), with
    ``request``'s names and given names, and the rendering context it leaves (what the
    rendering showed, in ``ctx.settings``). Like citeproc-js, a shared ``request`` is
    updated with what this item's rendering showed."""
    area = proc.style.citation
    ctx = proc._ctx(item_id, "key", area)
    ctx.position = SUBSEQUENT
    ctx.near_note = True
    ctx.year_suffix = ""
    ctx.implicit_year_suffix = False
    ctx.disambig = request
    ctx.settings = request if request is not None else AmbigConfig()
    ctx.disambiguate = request.disambiguate if request is not None else 0
    blob = area.render(ctx)
    return (plain_text(blob) if blob is not None else ""), ctx


class _Run:
    """One group of items with the same ambiguity key, split step by step (citeproc-js's
    Disambiguation.runDisambig and the mode functions it calls)."""

    def __init__(self, proc: Processor, ids: list[str], modes: list[str], givens: bool) -> None:
        self.proc = proc
        self.modes = modes
        self.max_names: dict[str, list[int]] = {}
        self.base: AmbigConfig | None = None
        self.better = AmbigConfig()
        self.namesets_max = -1
        first = ids[0]
        self._cite_data(first, None)
        self.base = proc.disambig[first].clone()
        bundles = [(self.max_names[first], first)]
        for other in ids[1:]:
            self._cite_data(other, self.base)
            bundles.append((self.max_names[other], other))
        # citeproc-js sorts by the list of name counts as JavaScript compares arrays (as text)
        bundles.sort(key=lambda b: (",".join(map(str, b[0])), b[1]))
        self.lists: list[tuple[AmbigConfig, list[str]]] = [(self.base, [b[1] for b in bundles])]
        counts = self.max_names[self.lists[0][1][0]]
        self.names_max: int | None = counts[0] if counts else None
        self.givens_max: int | None = 2 if givens else None
        rule = proc.style.citation.options.get("givenname-disambiguation-rule", "by-cite")
        self.by_cite = rule == "by-cite"
        _pad(self.base)
        _pad(self.better)
        for config in (self.base, self.better):
            config.year_suffix = None
            config.disambiguate = 0
        self.mode = 0
        self.add_names = proc.style.citation.options.get("disambiguate-add-names") == "true"
        self.init_givens = True
        self.gnameset = self.gname = 0
        self.clashes = [1, 0]
        self.partners: list[str] = []
        self.nonpartners: list[str] = []
        self.tests = self.passed = 0

    def _cite_data(self, item_id: str, base: AmbigConfig | None) -> None:
        if item_id in self.max_names:
            return
        request = base if base is not None else self.proc.disambig[item_id]
        _text, ctx = ambiguous_cite(self.proc, item_id, request)
        config = ctx.settings.clone()
        self.max_names[item_id] = list(ctx.names_max)
        registered = self.proc.disambig[item_id]
        registered.givens = [list(g) for g in config.givens]
        self.namesets_max = len(registered.names) - 1
        if self.base is None:
            self.base = config
            self.better = config.clone()
        if len(config.names) < len(self.base.names):
            self.base = config
        for i, count in enumerate(config.names):
            if i < len(self.base.names) and count > self.base.names[i]:
                self.base.givens[i] = list(config.givens[i]) if i < len(config.givens) else []
                self.base.names[i] = count
                self.better.names = list(self.base.names)
                self.better.givens = self.base.givens
                _pad(self.base)
                _pad(self.better)
        self.better.givens = [list(g) for g in self.base.givens]

    def _register(self, item_id: str, config: AmbigConfig) -> None:
        self.proc.disambig[item_id] = config.clone()

    def _key(self, item_id: str) -> str:
        assert self.base is not None
        text, ctx = ambiguous_cite(self.proc, item_id, self.base)
        self.tests = ctx.disambiguate_tests
        self.passed = ctx.disambiguate_count
        return text

    def run(self) -> None:
        self.init_givens = True
        while self.lists:
            self.gnameset = self.gname = 0
            self.clashes = [1, 0]
            while self.lists[0][1]:
                maxed = self._increment()
                self._scan(self.lists[0][1])
                getattr(self, f"_{self.modes[self.mode]}")(maxed)
                if maxed:
                    if self.mode < len(self.modes) - 1:
                        self.mode += 1
                    else:
                        self._set_list(1, (self.base, []))
            self.lists = self.lists[1:]

    def _set_list(self, index: int, value: tuple[AmbigConfig | None, list[str]]) -> None:
        config = value[0] if value[0] is not None else self.better
        if index < len(self.lists):
            self.lists[index] = (config, value[1])
        else:
            self.lists.append((config, value[1]))

    def _scan(self, members: list[str]) -> None:
        mine = self._key(members[0])
        self.partners, self.nonpartners = [members[0]], []
        for other in members[1:]:
            (self.partners if self._key(other) == mine else self.nonpartners).append(other)
        self.clashes = [self.clashes[1], len(self.partners) - 1]

    def _increment(self) -> bool:
        """Push the shared configuration one step further (more names, a fuller given name,
        the next name list; or one more ``disambiguate`` condition); True when at its end."""
        if self.init_givens:
            self.init_givens = False
            return False
        base = self.base
        assert base is not None
        mode = self.modes[self.mode]
        if mode == "extra_text":
            base.disambiguate += 1
            self.better.disambiguate += 1
            return False
        if mode != "names":
            return False
        next_name = self.givens_max is None
        next_nameset = self.names_max is None
        current = _given(base, self.gnameset, self.gname)
        if self.givens_max is not None:
            if base.givens and current is not None and current < self.givens_max:
                base.givens[self.gnameset][self.gname] += 1
            else:
                next_name = True
        if self.names_max is not None and next_name:
            if self.add_names:
                next_nameset = False
                if self.gname < self.names_max:
                    grown(base.names, self.gnameset, 0)
                    base.names[self.gnameset] += 1
                    self.gname += 1
                else:
                    next_nameset = True
            else:
                next_nameset = True
        if next_nameset and self.gnameset < self.namesets_max:
            self.gnameset += 1
            grown(base.names, self.gnameset, 0)
            base.names[self.gnameset] = 1
            self.gname = 0
        current = _given(base, self.gnameset, self.gname)
        return (
            (self.namesets_max == -1 or self.gnameset == self.namesets_max)
            and (not self.add_names or self.names_max is None or self.gname == self.names_max)
            and (self.givens_max is None or current is None or current == self.givens_max)
        )

    def _capture(self) -> None:
        base = self.base
        assert base is not None
        if self.by_cite and base.givens:
            value = _given(base, self.gnameset, self.gname)
            if value is not None:
                if len(self.better.givens) < len(base.givens):
                    self.better.givens = [list(g) for g in base.givens]
                row = grown(self.better.givens, self.gnameset, [])
                grown(row, self.gname, 0)
                row[self.gname] = value
        grown(self.better.names, self.gnameset, 0)
        if self.gnameset < len(base.names):
            self.better.names[self.gnameset] = base.names[self.gnameset]

    def _names(self, maxed: bool) -> None:
        """citeproc-js's disNames: register the items a step made unique."""
        better = self.better
        if self.clashes[1] == 0 and len(self.nonpartners) == 1:
            self._capture()
            self._register(self.nonpartners[0], better)
            self._register(self.partners[0], better)
            self.lists[0] = (better, [])
        elif self.clashes[1] == 0:
            self._capture()
            self._register(self.partners[0], better)
            self.lists[0] = (better, self.nonpartners)
            if self.nonpartners:
                self.init_givens = True
        elif len(self.nonpartners) == 1:
            self._capture()
            self._register(self.nonpartners[0], better)
            self.lists[0] = (better, self.partners)
        elif self.clashes[1] < self.clashes[0]:
            self._capture()
            self.lists[0] = (better, self.partners)
            self.lists.append((better, self.nonpartners))
        elif maxed:
            self.lists[0] = (better, self.nonpartners)
            self.lists.append((better, self.partners))
            if self.mode == len(self.modes) - 1:
                for item_id in self.partners:
                    self._register(item_id, better)
                self.lists[0] = (better, [])

    def _years(self, _maxed: bool) -> None:
        """citeproc-js's disYears: suffixes a, b, … in bibliography order."""
        config, members = self.lists[0]
        if self.clashes[1]:
            order = self.proc.bib_position
            for index, item_id in enumerate(sorted(members, key=order.__getitem__)):
                config.year_suffix = index
                self._register(item_id, config)
        self.lists[0] = (self.better, [])

    def _extra_text(self, maxed: bool) -> None:
        """citeproc-js's disExtraText: pass one more ``disambiguate="true"`` condition."""
        base = self.base
        assert base is not None
        done = self.clashes[1] == 0 and len(self.nonpartners) < 2
        if not done and (not base.disambiguate or self.passed != self.tests):
            self.mode = 0
            base.disambiguate = self.better.disambiguate = self.passed
            if not base.disambiguate:
                self.init_givens = True
                base.disambiguate = 1
            else:
                self._names(False)
            return
        config, members = self.lists[0]
        if done or self.mode == len(self.modes) - 1:
            for item_id in members:
                self._register(item_id, config)
            self.lists[0] = (self.better, [])
        else:
            # a year suffix follows: keep the condition, it may print the date
            self.mode = len(self.modes) - 1
            config.disambiguate = 1
            for item_id in members:
                self._register(item_id, config)


def _given(config: AmbigConfig, nameset: int, index: int) -> int | None:
    if nameset < len(config.givens) and index < len(config.givens[nameset]):
        return config.givens[nameset][index]
    return None


def _pad(config: AmbigConfig) -> None:
    """A given-name level for every name shown (citeproc-js's padBase)."""
    for i, count in enumerate(config.names):
        row = grown(config.givens, i, [])
        while len(row) < count:
            row.append(0)
