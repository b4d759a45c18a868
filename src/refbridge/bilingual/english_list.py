"""Write the English "References" list of an article from its Russian list.

Russian journals indexed in Scopus and Web of Science print a second, Latin-script list: each
Cyrillic entry with its authors and title transliterated (the journal's scheme, BSI by
default), the English title in square brackets where one is known, the container
transliterated, and a "(In Russian)" mark. Entries already in Latin script are kept as they
are. Two layouts are offered, the two our journals use:

* ``apa``: ``Dudin, V. A., & Tsvetkov, M. N. (2019). Vneshneekonomicheskoe … [Foreign
  economic …]. Market economy problems, 1, 80–92. https://doi.org/… (In Russian)``
* ``vol-no-pp``: ``Sinev N.M., Baturov B.B. Ekonomika atomnoi energetiki [Economics of
  nuclear power]. Moscow, Atomizdat Publ., 1980. (In Russian)`` and, for articles,
  ``… Izvestiya vuzov. Yadernaya energetika, 2010, no. 3, pp. 131–137. (In Russian)``

English titles come from a paired English list (:func:`~.pairing.pair_lists` finds the pairs;
an English entry of the form "Translit [English]" gives the bracketed part) or from an
explicit mapping; without one, the transliterated title stands alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from ..errors import ParseError, UnknownNameError
from ..model import Name, Reference, ReferenceList
from ..parsing import parse_reference
from ..text.marks import find_language_mark, strip_language_mark
from ..text.script import entry_script, has_cyrillic
from ..text.surnames import match_surnames
from .pairing import pair_lists
from .translit import transliterate

__all__ = ["STYLES", "english_entry", "english_list"]

STYLES = ("apa", "vol-no-pp")

# Places as Russian lists abbreviate them, and their English names.
_PLACES = {
    "м": "Moscow",
    "москва": "Moscow",
    "спб": "St. Petersburg",
    "санкт-петербург": "St. Petersburg",
    "л": "Leningrad",
    "ленинград": "Leningrad",
    "киев": "Kyiv",
    "минск": "Minsk",
    "новосибирск": "Novosibirsk",
    "екатеринбург": "Yekaterinburg",
    "алматы": "Almaty",
    "астана": "Astana",
    "обнинск": "Obninsk",
}
_BRACKETED = re.compile(r"\[([^\]]{4,})\]")
_EN_DASH = "\u2013"


def _tr(text: str, scheme: str) -> str:
    return transliterate(text, scheme) if has_cyrillic(text) else text


def _name(name: Name, scheme: str) -> Name:
    if name.literal:
        return Name(literal=_tr(name.literal, scheme))
    return attrs.evolve(name, family=_tr(name.family, scheme), given=_tr(name.given, scheme))


def _place(place: str) -> str:
    key = place.strip(" .").casefold()
    return _PLACES.get(key, "")


def english_title_of(entry: Reference) -> str:
    """The English title an English-list entry offers: its bracketed translation, or its title
    when that is English (not a transliteration, which has no brackets to give)."""
    title = entry.title or ""
    bracketed = _BRACKETED.search(entry.raw or "") or _BRACKETED.search(title)
    if bracketed:
        return bracketed.group(1).strip().rstrip(".")
    return title.rstrip(".") if title and entry_script(title) == "latin" else ""


def english_entry(ref: Reference, *, scheme: str = "bsi", english_title: str = "") -> Reference:
    """The record as the English list gives it: Cyrillic fields transliterated by ``scheme``.

    The English title is a translation, not the work's own title, so it travels in
    ``extra["title-en"]``; ``extra["transliterated"]`` names the scheme used, and
    ``original_language`` the work's own language. Latin-script records come back unchanged.
    """
    if not has_cyrillic(" ".join([ref.title, ref.container_title, *map(str, ref.authors)])):
        return ref
    place = _place(ref.publisher_place) or _tr(ref.publisher_place, scheme)
    extra = {**ref.extra, "transliterated": scheme}
    if english_title:
        extra["title-en"] = english_title
    return attrs.evolve(
        ref,
        authors=tuple(_name(n, scheme) for n in ref.authors),
        editors=tuple(_name(n, scheme) for n in ref.editors),
        title=_tr(ref.title, scheme),
        container_title=_tr(ref.container_title, scheme),
        collection_title=_tr(ref.collection_title, scheme),
        publisher=_tr(ref.publisher, scheme),
        publisher_place=place,
        language="en",
        original_language=ref.original_language or "ru",
        extra=extra,
    )


def _initials(given: str, spaced: bool) -> str:
    parts = [p for p in re.split(r"[\s.]+", given) if p]
    out = []
    for part in parts:
        pieces = [p[:2] if p[:2] in _DIGRAPH_INITIALS else p[:1] for p in part.split("-")]
        out.append("-".join(f"{p}." for p in pieces))
    return (" " if spaced else "").join(out)


# Transliterated initials that are two letters: Yu., Ya., Zh., Kh., Ts., Ch., Sh., Yo.
_DIGRAPH_INITIALS = {"Yu", "Ya", "Zh", "Kh", "Ts", "Ch", "Sh", "Yo", "Iu", "Ia", "Ye"}


def _others(ref: Reference) -> bool:
    custom = ref.extra.get("custom")
    return isinstance(custom, Mapping) and "author" in (custom.get("others") or ())


def _authors_apa(ref: Reference) -> str:
    names = [
        n.literal or (f"{n.family}, {_initials(n.given, True)}" if n.given else n.family)
        for n in ref.authors
    ]
    if _others(ref):
        return ", ".join(names) + ", et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return names[0] if names else ""


def _authors_vol(ref: Reference) -> str:
    names = [
        n.literal or (f"{n.family} {_initials(n.given, False)}" if n.given else n.family)
        for n in ref.authors
    ]
    return ", ".join(names) + (" et al." if _others(ref) else "")


def _title(ref: Reference) -> str:
    title = ref.title.rstrip(". ")
    english = str(ref.extra.get("title-en", "")).strip()
    return f"{title} [{english}]" if english and english != title else title


def _pages(pages: str) -> str:
    return pages.replace("-", _EN_DASH)


def _render_apa(ref: Reference, mark: str) -> str:
    parts: list[str] = []
    authors = _authors_apa(ref)
    year = f"({ref.issued.year})" if ref.issued and ref.issued.year else "(n.d.)"
    if authors:
        parts.append(f"{authors} {year}.")
        parts.append(_title(ref) + ".")
    else:
        parts.append(f"{_title(ref)}. {year}.")
    if ref.container_title:
        tail = ref.container_title
        if ref.volume:
            tail += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
        elif ref.issue:
            tail += f", {ref.issue}"
        if ref.pages:
            tail += f", {_pages(ref.pages)}"
        parts.append(tail + ".")
    elif ref.publisher:
        parts.append(ref.publisher.rstrip(".") + ".")
    if ref.doi:
        parts.append(f"https://doi.org/{ref.doi}")
    elif ref.url:
        parts.append(ref.url)
    return " ".join(parts) + (f" {mark}" if mark else "")


def _render_vol(ref: Reference, mark: str) -> str:
    parts: list[str] = []
    authors = _authors_vol(ref)
    if authors:
        parts.append(authors.rstrip(".") + ".")
    parts.append(_title(ref) + ".")
    year = str(ref.issued.year) if ref.issued and ref.issued.year else ""
    if ref.container_title:
        bits = [ref.container_title.rstrip(".")]
        bits += [year] if year else []
        bits += [f"vol. {ref.volume}"] if ref.volume else []
        bits += [f"no. {ref.issue}"] if ref.issue else []
        if ref.pages:
            bits.append(f"{'pp.' if '-' in ref.pages else 'p.'} {_pages(ref.pages)}")
        parts.append(", ".join(bits) + ".")
    else:
        bits = [ref.publisher_place] if ref.publisher_place else []
        if ref.publisher:
            publisher = ref.publisher.rstrip(".")
            bits.append(f"{publisher} Publ." if "transliterated" in ref.extra else publisher)
        bits += [year] if year else []
        if bits:
            parts.append(", ".join(bits) + ".")
        if ref.number_of_pages:
            parts.append(f"{ref.number_of_pages} p.")
    if ref.doi:
        parts.append(f"DOI: {ref.doi}")
    elif ref.url:
        accessed = f" (accessed {ref.accessed})" if ref.accessed else ""
        parts.append(f"Available at: {ref.url}{accessed}")
    return " ".join(parts) + (f" {mark}" if mark else "")


def _own_spellings(ref: Reference, partner: Reference) -> Reference:
    """Authors' own Latin spellings from the paired English entry (Mineev-Lee, not Mineev-Li),
    taken only when every author matches one in the same position."""
    if len(partner.authors) != len(ref.authors) or not ref.authors:
        return ref
    pairs = zip(ref.authors, partner.authors, strict=True)
    if not all(match_surnames(a.family, b.family).matched for a, b in pairs):
        return ref
    authors = tuple(
        attrs.evolve(mine, family=theirs.family) if theirs.family else mine
        for mine, theirs in zip(ref.authors, partner.authors, strict=True)
    )
    return attrs.evolve(ref, authors=authors)


def _parse(entry: Reference | str) -> Reference | None:
    if isinstance(entry, Reference):
        return entry
    try:
        return parse_reference(entry)
    except ParseError:
        return None


def english_list(
    russian: Sequence[Reference | str] | ReferenceList,
    *,
    english: Sequence[Reference | str] | ReferenceList | None = None,
    titles: Mapping[int, str] | None = None,
    scheme: str = "bsi",
    style: str = "apa",
) -> list[str]:
    """One English-list line per entry of ``russian``, in the same order.

    ``english`` is the article's English list, if it has one, to take English titles from
    (entries are paired first); ``titles`` maps entry indices to English titles and wins over
    the pairing. Entries in Latin script are rendered without transliteration or mark; a
    string the parser rejects is transliterated as a whole.
    """
    if style not in STYLES:
        raise UnknownNameError("style", style, STYLES)
    entries = list(russian.entries if isinstance(russian, ReferenceList) else russian)
    english_titles: dict[int, str] = {}
    partners: dict[int, Reference] = {}
    if english is not None:
        en_entries = list(english.entries if isinstance(english, ReferenceList) else english)
        for pair in pair_lists(entries, en_entries).pairs:
            partner = _parse(en_entries[pair.b])
            if partner is None:
                continue
            partners[pair.a] = partner
            if title := english_title_of(partner):
                english_titles[pair.a] = title
    english_titles.update(titles or {})
    render = _render_apa if style == "apa" else _render_vol
    lines = []
    for index, entry in enumerate(entries):
        ref = _parse(entry)
        raw = entry.raw if isinstance(entry, Reference) else entry
        if ref is None or not ref.title:
            text = strip_language_mark(raw)
            lines.append(_tr(text, scheme) + (" (In Russian)" if has_cyrillic(text) else ""))
            continue
        cyrillic = has_cyrillic(ref.raw or ref.title)
        converted = english_entry(ref, scheme=scheme, english_title=english_titles.get(index, ""))
        if index in partners:
            converted = _own_spellings(converted, partners[index])
        mark = find_language_mark(raw)
        label = "(In Russian)" if cyrillic else (mark.text if mark else "")
        lines.append(render(converted, label))
    return lines
