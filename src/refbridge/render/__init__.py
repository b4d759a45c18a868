"""Render references in CSL styles: bibliographies and in-text citations.

>>> from refbridge import Reference, Name, Date, render
>>> ref = Reference(type="book", id="b1", authors=(Name("Smith", "John"),),
...                 issued=Date(2020), title="A book", publisher="Routledge")
>>> print(render([ref], "apa"))
Smith, J. (2020). A book. Routledge.

Styles come by bundled name (``apa``, ``ieee``, ``gost-r-7-0-5-2008-numeric`` …, see
:func:`available_styles`), by path to a ``.csl`` file, or as CSL XML text. The engine is our own
compact CSL processor (:mod:`refbridge.render.style` compiles, :mod:`refbridge.render.processor`
renders), checked entry by entry against citeproc-js by ``benchmarks/render_oracle.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from ..errors import InputError, UnknownNameError
from ..model import Reference
from .context import DATE_VARIABLES, NAME_VARIABLES, Cite
from .locale import available_locales, check_locale
from .processor import Processor
from .style import CompiledStyle, compile_style

__all__ = [
    "Cite",
    "RenderedEntry",
    "available_locales",
    "available_styles",
    "load_style",
    "render",
    "render_citations",
    "render_entries",
]

STYLES_DIR = Path(__file__).parent / "styles"
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)+", re.IGNORECASE)
FORMATS = ("text", "html", "markdown")

#: Short names people use for the bundled styles.
ALIASES = {
    "apa7": "apa",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",
    "mla9": "modern-language-association",
    "vancouver": "nlm-citation-sequence",
    "nlm": "nlm-citation-sequence",
    "gost": "gost-r-7-0-5-2008-numeric",
    "gost-numeric": "gost-r-7-0-5-2008-numeric",
    "gost-alphabetical": "gost-r-7-0-5-2008-numeric-alphabetical",
    "gost-author-date": "gost-r-7-0-5-2008",
    "gost-r-7-0-5-2008-author-date": "gost-r-7-0-5-2008",
}


@attrs.frozen
class RenderedEntry:
    """One bibliography entry: the item's id and its rendered text."""

    id: str
    text: str


def available_styles() -> list[str]:
    """Names of the bundled CSL styles (aliases in :data:`ALIASES` work too)."""
    return sorted(p.stem for p in STYLES_DIR.glob("*.csl"))


@lru_cache(maxsize=32)
def _compile_file(path: str, mtime: float) -> CompiledStyle:
    return compile_style(Path(path).read_bytes(), source=path)


@lru_cache(maxsize=8)
def _compile_text(xml: str) -> CompiledStyle:
    return compile_style(xml)


def load_style(style: str | Path | CompiledStyle) -> CompiledStyle:
    """A compiled style from a bundled name, a ``.csl`` path, or CSL XML text (cached)."""
    if isinstance(style, CompiledStyle):
        return style
    text = str(style)
    if text.lstrip().startswith("<"):
        return _compile_text(text)
    name = ALIASES.get(text.lower(), text)
    bundled = STYLES_DIR / f"{name}.csl"
    path = bundled if bundled.exists() else Path(text)
    if not path.is_file():
        raise UnknownNameError(
            "CSL style", text, available_styles(), hint=" (not a bundled style, not a .csl file)"
        )
    return _compile_file(str(path.resolve()), path.stat().st_mtime)


def _check_item(item: Mapping[str, Any], index: int) -> None:
    """Malformed CSL-JSON fails here with the entry named, not deep inside the engine."""
    where = f"entry {index + 1}" + (f" (id {item['id']!r})" if item.get("id") else "")
    for variable in NAME_VARIABLES:
        names = item.get(variable)
        if names is not None and not (
            isinstance(names, list) and all(isinstance(n, Mapping) for n in names)
        ):
            raise InputError(f"{where}: {variable!r} must be a list of CSL name objects")
    for variable in DATE_VARIABLES:
        date = item.get(variable)
        if date is not None and not isinstance(date, Mapping):
            raise InputError(f"{where}: {variable!r} must be a CSL date object")


def _items(references: Iterable[Reference | Mapping[str, Any]]) -> list[dict[str, Any]]:
    items = []
    for index, ref in enumerate(references):
        item = ref.to_csl() if isinstance(ref, Reference) else dict(ref)
        _check_item(item, index)
        if item.get("DOI"):  # styles add the resolver themselves: never print it twice
            item["DOI"] = _DOI_PREFIX.sub("", str(item["DOI"]).strip())
        if not item.get("id"):
            item["id"] = f"item-{index + 1}"
        else:
            item["id"] = str(item["id"])
        items.append(item)
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        for index, item in enumerate(items):  # keep every entry: make repeated ids unique
            if item["id"] in seen:
                item["id"] = f"{item['id']}#{index + 1}"
            seen.add(item["id"])
    return items


def _processor(
    references: Iterable[Reference | Mapping[str, Any]],
    style: str | Path | CompiledStyle,
    locale: str | None,
    format: str,
    item_locales: bool,
    preserve_text: bool = False,
) -> Processor:
    if format not in FORMATS:
        raise UnknownNameError("output format", format, FORMATS)
    if locale is not None:
        check_locale(locale)
    return Processor(
        load_style(style),
        _items(references),
        locale=locale,
        item_locales=item_locales,
        fmt=format,
        preserve_text=preserve_text,
    )


#: How an English-language list says which language a work was published in.
LANGUAGE_NAMES = {
    "ru": "Russian",
    "kk": "Kazakh",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "uz": "Uzbek",
    "ky": "Kyrgyz",
    "de": "German",
    "fr": "French",
}


def _original_language(item: Mapping[str, Any]) -> str:
    custom = item.get("custom") or {}
    ours = custom.get("refbridge") or {} if isinstance(custom, Mapping) else {}
    return str(ours.get("original-language") or item.get("original-language") or "")


def _language_note(item: Mapping[str, Any], list_lang: str) -> str:
    """The note " (In Russian)" for a transliterated entry in an English list, else empty."""
    original = _original_language(item).split("-")[0].lower()
    if not original or not list_lang.startswith("en"):
        return ""
    if original == str(item.get("language") or "en").split("-")[0].lower():
        return ""
    name = LANGUAGE_NAMES.get(original)
    return f" (In {name})" if name else ""


def render_entries(
    references: Iterable[Reference | Mapping[str, Any]],
    style: str | Path | CompiledStyle,
    locale: str | None = None,
    format: str = "text",
    *,
    item_locales: bool = True,
    note_original_language: bool = False,
    preserve_text: bool = False,
) -> list[RenderedEntry]:
    """The bibliography as entries in the style's order (sorted, numbered, year suffixes).

    ``locale`` overrides the style's default locale (e.g. ``"ru-RU"`` for a Russian APA).
    With ``item_locales`` (the default) an item whose ``language`` differs from the list's
    gets its own language's terms, so a GOST list says "и др." for Russian items and "et al."
    for English ones; pass ``False`` for one locale throughout, as citeproc-js does.
    With ``note_original_language``, entries of an English list whose work was published in
    another language end with the usual note, e.g. " (In Russian)". With ``preserve_text``
    titles and names print exactly as in the data: the style's case changes (title case,
    capitalize-first), typographic apostrophes and quote handling are skipped — for lists
    whose capitalisation is deliberate (transliterated titles keep the source's case).
    """
    processor = _processor(references, style, locale, format, item_locales, preserve_text)
    entries = []
    for item_id, text in processor.bibliography():
        if note_original_language:
            text += _language_note(processor.by_id[item_id], processor.lang)
        entries.append(RenderedEntry(item_id, text))
    return entries


def render(
    references: Iterable[Reference | Mapping[str, Any]],
    style: str | Path | CompiledStyle,
    locale: str | None = None,
    format: str = "text",
    *,
    item_locales: bool = True,
    note_original_language: bool = False,
    preserve_text: bool = False,
) -> str:
    """The bibliography as one string, an entry per line (see :func:`render_entries`)."""
    entries = render_entries(
        references,
        style,
        locale,
        format,
        item_locales=item_locales,
        note_original_language=note_original_language,
        preserve_text=preserve_text,
    )
    return "\n".join(entry.text for entry in entries)


def render_citations(
    references: Iterable[Reference | Mapping[str, Any]],
    style: str | Path | CompiledStyle,
    clusters: Sequence[Sequence[str | Cite]] | None = None,
    locale: str | None = None,
    format: str = "text",
    *,
    item_locales: bool = True,
    notes: Sequence[int] | None = None,
) -> list[str]:
    """Citations: one string per cluster (default: each item alone), in document order.

    A cluster lists item ids or :class:`Cite` records (an id with a locator such as page 45,
    its label, a prefix or suffix, suppress-author or author-only). The clusters are read as
    one document, so positions are tracked as CSL defines them (first, subsequent, ibid,
    ibid-with-locator, near-note); ``notes`` gives each cluster's footnote number (default:
    1, 2, 3… in a note style, 0 — in the text — otherwise). Citations share the
    bibliography's numbering and year suffixes ("Smith, 2019a").
    """
    processor = _processor(references, style, locale, format, item_locales)
    if clusters is None:
        clusters = [[item_id] for item_id in processor.ids]
    cites = [[c if isinstance(c, Cite) else Cite(str(c)) for c in cluster] for cluster in clusters]
    unknown = [c.id for cluster in cites for c in cluster if c.id not in processor.by_id]
    if unknown:
        raise InputError(f"citation of unknown item id(s): {', '.join(map(repr, unknown))}")
    if notes is None:
        in_notes = processor.style.attrs.get("class") == "note"
        notes = [i + 1 if in_notes else 0 for i in range(len(cites))]
    if len(notes) != len(cites):
        raise InputError(f"{len(notes)} note numbers for {len(cites)} citation clusters")
    return processor.citations(list(zip(cites, notes, strict=True)))
