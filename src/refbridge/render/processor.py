"""The processor: renders a bibliography and citations for CSL-JSON items in a compiled style,
tracking cite positions across a document, collapsing and affixing cites as citeproc-js does.

Entry points: :func:`~refbridge.render.style.compile_style` → :class:`CompiledStyle`;
:class:`Processor` renders a bibliography and citations for a set of CSL-JSON items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from . import markup
from .collapse import RenderedCite, grouped, joined
from .context import (
    FIRST,
    IBID,
    IBID_WITH_LOCATOR,
    SUBSEQUENT,
    AmbigConfig,
    Cite,
    Ctx,
    Item,
    collect,
    int_option,
)
from .disambiguation import NameRegistry, disambiguate
from .elements import read_leaf, spaced
from .initials import LETTERS
from .locale import Locale, build_locale, resolve_lang
from .numbers import leading_label
from .output import Blob, adjust, first_names, plain_text, serialise
from .sorting import bibliography_order, sorted_ids
from .style import Area, CompiledStyle
from .zotero import as_citeproc_reads

NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"
#: item types whose locators citeproc-js leaves as written (sections of laws)
_LEGAL_TYPES = frozenset(("bill", "gazette", "legislation", "regulation", "treaty"))


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
        self.items = [as_citeproc_reads(item) for item in items]
        self.fmt = fmt
        wanted = locale or style.default_locale or "en-US"
        self.lang = resolve_lang(wanted)
        self.item_locales = item_locales
        self.preserve_text = preserve_text
        self._locales: dict[str, Locale] = {}
        self._item_locale: dict[str, Locale] = {}
        self.locale = self._locale(wanted)  # the style's <locale> for "gx" applies to "gx"
        self.ids = [str(item.get("id", "")) or f"item-{i + 1}" for i, item in enumerate(self.items)]
        self.by_id = dict(zip(self.ids, self.items, strict=True))
        self.suffixes: dict[str, str] = {}
        self.disambig: dict[str, AmbigConfig] = {}
        self.namereg = NameRegistry(
            style.citation.options, style.attrs.get("demote-non-dropping-particle") == "never"
        )
        self.order, self.numbers = bibliography_order(self)
        self.bib_position = {item_id: i for i, item_id in enumerate(self.order)}
        disambiguate(self)

    def _bibliography_names(self, ctx: Ctx, config: AmbigConfig) -> None:
        """What citation disambiguation carries into the bibliography, as citeproc-js does:
        the given names it added (disambiguate-add-givenname) and, with those, the names."""
        options = self.style.citation.options
        if options.get("disambiguate-add-givenname") != "true":
            return
        settings = AmbigConfig(givens=[list(g) for g in config.givens])
        if options.get("disambiguate-add-names") == "true":
            settings.names = list(config.names)
        ctx.disambig = ctx.settings = settings

    def _locale(self, lang: str) -> Locale:
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

    def _ctx(self, item_id: str, mode: str, area: Area) -> Ctx:
        item = self.by_id[item_id]
        ctx = Ctx(item, self.locale_for(item), mode, area.name_options, self.lang)
        ctx.citation_number = self.numbers.get(item_id)
        ctx.preserve = self.preserve_text
        ctx.year_suffix = self.suffixes.get(item_id, "") if mode != "sort" else ""
        config = self.disambig.get(item_id)
        if mode in ("citation", "key"):
            ctx.namereg = self.namereg
            if config is not None:
                ctx.disambig = config.clone()
                ctx.settings = ctx.disambig
        elif mode == "bibliography" and config is not None:
            ctx.namereg = self.namereg
            self._bibliography_names(ctx, config)
        if config is not None:
            ctx.disambiguate = config.disambiguate
        ctx.implicit_year_suffix = bool(ctx.year_suffix) and not self.style.explicit_year_suffix
        return ctx

    # output -----------------------------------------------------------------------------
    def _finish(self, blob: Blob, locale: Locale) -> str:
        adjust(blob, locale.punctuation_in_quote)
        return serialise(blob, self.fmt, locale.quotes)

    def bibliography(self) -> list[tuple[str, str]]:
        """(id, entry) in bibliography order."""
        area = self.style.bibliography
        if area is None:
            return [(item_id, self.citation([item_id])) for item_id in self.order]
        out: list[tuple[str, str]] = []
        previous_names = None
        for item_id in self.order:
            ctx = self._ctx(item_id, "bibliography", area)
            ctx.term_first = True
            blob = area.render(ctx)
            if blob is None:  # citeproc-js leaves the entry out, or in a numeric style says why
                if self.style.numeric:
                    out.append((item_id, f"{len(out) + 1}. {NO_PRINTED_FORM}"))
                continue
            if area.subsequent_author_substitute is not None:
                previous_names = _substitute_author(
                    blob, previous_names, area.subsequent_author_substitute, ctx.first_people
                )
            entry = self._finish(blob, ctx.locale)
            # citeproc-js's HTML keeps an entry's outer spaces; plain text is trimmed
            out.append((item_id, entry if self.fmt == "html" else entry.strip()))
        return out

    def citation(self, ids: Sequence[str | Cite]) -> str:
        """One in-text citation cluster for the given item ids or cites (sorted, collapsed)."""
        cites = self._sorted([c if isinstance(c, Cite) else Cite(c) for c in ids])
        return self._cluster([_Placed(c, c.position or FIRST) for c in cites])

    def citations(self, clusters: Sequence[tuple[Sequence[Cite], int]]) -> list[str]:
        """A document's citation clusters in order, each with its note number (0: in the text).

        Positions are tracked as CSL defines them and citeproc-js decides them: first,
        subsequent, ibid (the same item as the cite just before, same or no locator),
        ibid-with-locator, near-note (cited within ``near-note-distance`` notes), and the
        item's first-reference-note-number.
        """
        return [self._cluster(placed) for placed in self._placements(clusters)]

    def cite_states(
        self, clusters: Sequence[tuple[Sequence[Cite], int]]
    ) -> list[list[tuple[str, int, bool, int, int | None]]]:
        """What each cluster's output depends on besides the items: every cite's id, position,
        near-note, first-reference-note-number and (in a numeric style) citation number. When
        an edit to the document changes these, citeproc-js re-renders the citation."""
        return [
            [
                (p.cite.id, p.position, p.near_note, p.first_note, self._printed_number(p.cite))
                for p in placed
            ]
            for placed in self._placements(clusters)
        ]

    def _printed_number(self, cite: Cite) -> int | None:
        return self.numbers.get(cite.id) if self.style.numeric else None

    def _sorted(self, cites: Sequence[Cite]) -> list[Cite]:
        """The known cites of a cluster in the citation's sort order."""
        cites = [self._labelled(c) for c in cites if c.id in self.by_id]
        area = self.style.citation
        if not area.sort_keys or len(cites) < 2:
            return cites
        ids = sorted_ids(self, list(dict.fromkeys(c.id for c in cites)), area)
        order = {item_id: i for i, item_id in enumerate(ids)}
        return sorted(cites, key=lambda c: order[c.id])

    def _labelled(self, cite: Cite) -> Cite:
        """A cite whose locator starts with a label ("vol. 3", "fig. 2") and has no other
        label than the default page takes that label, as citeproc-js reads it."""
        if not cite.locator or cite.label != "page":
            return cite
        if self.by_id[cite.id].get("type") in _LEGAL_TYPES:
            return cite
        found = leading_label(cite.locator)
        if found is None or not self.locale.has_term(found[0]):
            return cite
        return attrs.evolve(cite, label=found[0], locator=found[1])

    def _placements(self, clusters: Sequence[tuple[Sequence[Cite], int]]) -> list[list[_Placed]]:
        """Each cluster's sorted cites with their positions. As in citeproc-js, citations in
        the text and citations in notes are two sequences, each tracked on its own."""
        sorted_clusters = [(self._sorted(cites), note) for cites, note in clusters]
        out: list[list[_Placed]] = [[] for _ in clusters]
        for in_notes in (False, True):
            indices = [i for i, (_, note) in enumerate(sorted_clusters) if bool(note) == in_notes]
            stream = [sorted_clusters[i] for i in indices]
            for i, placed in zip(indices, self._track(stream), strict=True):
                out[i] = placed
        return out

    def _track(self, stream: Sequence[tuple[list[Cite], int]]) -> list[list[_Placed]]:
        """Positions along one sequence of citations (citeproc-js's rules)."""
        options = self.style.citation.options
        distance = 5  # CSL's default
        if "near-note-distance" in options:
            distance = int_option(options, "near-note-distance")
        first_note: dict[str, int] = {}
        last_note: dict[str, int] = {}
        cites_in_note: dict[int, int] = {}
        out: list[list[_Placed]] = []
        for j, (cites, note) in enumerate(stream):
            if j and note and stream[j - 1][1] > note:  # notes renumbered from here: start over
                first_note, last_note, cites_in_note = {}, {}, {}
            cites_in_note[note] = cites_in_note.get(note, 0) + len(cites)
            placed: list[_Placed] = []
            for k, cite in enumerate(cites):
                if cite.id not in last_note:
                    position = FIRST
                    first_note[cite.id] = last_note[cite.id] = note
                else:
                    previous = stream[j - 1] if j else None
                    position = _backward_position(cite, k, cites, note, previous, cites_in_note)
                if cite.position is not None:
                    position = cite.position
                first = first_note.get(cite.id, 0)
                near = position != FIRST and (not note or note - last_note[cite.id] <= distance)
                last_note[cite.id] = note
                reference = first if position != FIRST and first != note else 0
                placed.append(_Placed(cite, position, near, reference))
            out.append(placed)
        return out

    def _cite_ctx(self, placed: _Placed, area: Area) -> Ctx:
        ctx = self._ctx(placed.cite.id, "citation", area)
        ctx.cite = placed.cite
        ctx.position = placed.position
        ctx.near_note = placed.near_note
        ctx.first_note = placed.first_note
        ctx.skip_names = placed.cite.suppress_author
        return ctx

    def _rendered_cite(
        self, one: _Placed, area: Area, collapse: str, first: bool
    ) -> RenderedCite | None:
        """One cite of a citation, with what grouping and collapsing need to know of it."""
        cite_of = one.cite
        ctx = self._cite_ctx(one, area)
        if self.style.attrs.get("class") != "in-text":
            ctx.term_first = (first and not cite_of.prefix) or _ends_sentence(cite_of.prefix)
        children = collect(ctx, area.children)
        if not children:
            return None
        blob = Blob(children)
        if cite_of.author_only:
            names_only = first_names(blob)
            if names_only is None:
                return None
            blob = names_only
        affixed = bool(cite_of.prefix or cite_of.suffix)
        if affixed:
            blob = _with_cite_affixes(blob, cite_of.prefix, cite_of.suffix, self.locale.quotes)
        out = RenderedCite(
            blob,
            locator=bool(cite_of.locator),
            cite_prefix=cite_of.prefix,
            cite_suffix=cite_of.suffix,
        )
        if collapse == "citation-number":
            out.number = self.numbers.get(cite_of.id)
        elif not affixed:
            names_blob = first_names(blob)
            out.names = plain_text(names_blob) if names_blob is not None else None
            if names_blob is None and collapse.startswith("year-suffix") and ctx.year_suffix:
                out.names = ""  # cites of no names but year suffixes still collapse ("1965a,b")
            if collapse.startswith("year") and out.names is not None:
                ctx = self._cite_ctx(one, area)
                ctx.skip_names = True
                out.short = Blob(collect(ctx, area.children))
                out.suffix = ctx.year_suffix
        return out

    def _cluster(self, placed: Sequence[_Placed]) -> str:
        area = self.style.citation
        collapse = area.options.get("collapse", "")
        rendered = [self._rendered_cite(p, area, collapse, i == 0) for i, p in enumerate(placed)]
        if rendered and rendered[0] is None and not placed[0].cite.suppress_author:
            # citeproc-js says so in place of a first cite that prints nothing (others drop out)
            rendered[0] = RenderedCite(Blob(NO_PRINTED_FORM))
        cites = [c for c in rendered if c is not None]
        if area.sort_keys and (
            collapse.startswith("year") or "cite-group-delimiter" in area.options
        ):
            cites = grouped(cites)
        in_text = self.style.attrs.get("class") == "in-text" and not self.style.numeric
        pieces = joined(cites, area.options, area.layout_delimiter, in_text)
        if not pieces:
            return ""
        # as in citeproc-js, punctuation is cleaned up cite by cite (the layout's prefix on the
        # first, its suffix on the last), then the cites are joined by their delimiters
        last = len(pieces) - 1
        joined_cites = []
        for index, (delimiter, piece) in enumerate(pieces):
            prefix = area.layout_prefix if index == 0 else ""
            suffix = area.layout_suffix if index == last else ""
            cite = Blob([piece], prefix, suffix)
            adjust(cite, self.locale.punctuation_in_quote)
            joined_cites.append(Blob([cite], delimiter) if delimiter else cite)
        root = Blob(joined_cites)
        if area.layout_decorations:  # a citation layout's formatting covers its affixes too
            root = Blob([root], decorations=list(area.layout_decorations))
        return serialise(root, self.fmt, self.locale.quotes)


def _last_text(prefix: str) -> str:
    """A cite prefix without markup and without the closing quotes and spaces it ends with,
    as citeproc-js tests how a prefix ends."""
    return re.sub(r"<[^>]+>", "", prefix).rstrip("\"'\u201d\u2019\u00bb\u202f\u00a0 ")


def _ends_sentence(prefix: str) -> bool:
    """citeproc-js's test: a cite prefix ending a sentence ("He said so. ") lets the cite's
    first term capitalise."""
    bare = _last_text(prefix)
    return bool(bare) and bare[-1] in ":.;!?" and " " in prefix.strip()


def _with_cite_affixes(cite: Blob, prefix: str, suffix: str, quotes: markup.Quotes) -> Blob:
    """A cite with the prefix and suffix the author gave it, spaced from it as citeproc-js
    spaces them ("See" → "See ", "at 5" → " at 5") and read as field values are (markup,
    quotation marks, leading punctuation that merges with what comes before)."""
    pieces = []
    if prefix:
        pieces.append(read_leaf(spaced(_space_after(prefix)), quotes))
    pieces.append(cite)
    if suffix:
        pieces.append(read_leaf(spaced(_space_before(suffix)), quotes))
    return Blob(pieces)


_ROMANESQUE_END = re.compile(f"[.;:&{LETTERS}]$")
_ROMANESQUE_START = re.compile(f"^[&{LETTERS}[(]")


def _space_after(prefix: str) -> str:
    """A cite prefix ending in a word, a number or punctuation gets a space before the cite."""
    bare = _last_text(prefix)
    if bare and (_ROMANESQUE_END.search(bare) or bare[-1] in ":.;!?)],0123456789"):
        prefix += " "
    return re.sub(r"\s+", " ", prefix)


def _space_before(suffix: str) -> str:
    """A cite suffix starting with a letter or bracket gets a space after the cite."""
    return " " + suffix if _ROMANESQUE_START.match(suffix) else suffix


@attrs.frozen
class _Placed:
    """A cite with what its place in the document decides."""

    cite: Cite
    position: int
    near_note: bool = False
    first_note: int = 0


def _backward_position(
    cite: Cite,
    k: int,
    cites: Sequence[Cite],
    note: int,
    previous: tuple[Sequence[Cite], int] | None,
    cites_in_note: dict[int, int],
) -> int:
    """The position of an item cited before: ibid when the cite just before it (earlier in
    this citation, or the previous citation — alone in its note, the note just before) is of
    the same item, ibid-with-locator when the locators differ, else subsequent."""
    before: Cite | None = None
    if k:
        before = cites[k - 1] if cites[k - 1].id == cite.id else None
    elif previous is not None and previous[0]:
        earlier, earlier_note = previous
        if earlier_note != note:
            alone = cites_in_note.get(earlier_note) == 1 or earlier_note == 0
            if earlier[0].id == cite.id and earlier_note >= note - 1 and alone:
                before = earlier[0]
        elif earlier[-1].id == cite.id:
            before = earlier[0]  # sic: citeproc-js compares locators with the first cite
    if before is None:
        return SUBSEQUENT
    was, now = _located(before), _located(cite)
    if was and not now:
        return SUBSEQUENT
    return IBID if was == now else IBID_WITH_LOCATOR


def _located(cite: Cite) -> str:
    return f"{cite.locator}\0{cite.label}" if cite.locator else ""


def _substitute_author(
    blob: Blob, previous: str | None, substitute: str, people: list[str] | None
) -> str | None:
    """MLA's "———" for a repeated author list (citeproc-js's default complete-all rule): the
    entry's first name list names the same people, written the same way, as the entry before."""
    names_blob = first_names(blob)
    key = ",".join(people or ())
    if names_blob is None or not key:
        return previous
    if key == previous:  # the names give way, their label ("ed.") stays
        label = next((b for b in _descendants(names_blob) if b.is_label), None)
        names_blob.blobs = [b for b in (Blob(substitute), label) if b is not None and b.blobs]
    return key


def _descendants(blob: Blob) -> list[Blob]:
    if isinstance(blob.blobs, str):
        return []
    return [d for child in blob.blobs for d in (child, *_descendants(child))]
