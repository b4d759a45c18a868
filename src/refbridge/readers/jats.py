"""JATS XML (NISO Z39.96): reference lists taken as structure, not found and parsed again.

Journals publish JATS with every reference already tagged. This reader turns each
``<ref-list>`` into :class:`~refbridge.model.ReferenceList` records in
``Document.structured_lists``, which :func:`refbridge.extract.extract` returns as given:

* ``<element-citation>`` and tagged ``<mixed-citation>``: fields are read from the tags
  (``person-group``/``name``/``string-name``/``collab``, ``year``/``month``/``day``,
  ``article-title``/``chapter-title``, ``source``, ``volume``, ``issue``, ``fpage``/``lpage``,
  ``publisher-*``, ``pub-id pub-id-type="doi"``, ``ext-link``/``uri``, ``date-in-citation``)
  — taken as printed, confidence 1.0, no parsing;
* a ``<mixed-citation>`` with only italics, bold and links (no field tags) keeps its printed
  text as ``raw`` and takes the fields of its tagged twin — an ``<element-citation>`` beside
  it or in ``<citation-alternatives>`` (SciELO, many Brazilian and Russian journals); without
  a twin it is a record of its printed text and language only, which
  :func:`refbridge.extract.extract` parses as any found entry;
* ``<citation-alternatives>`` with ``xml:lang`` gives one list per language — the Russian
  "Список литературы" and the English "References" — and the pairing between them, stored
  as a :class:`~refbridge.model.PairingResult` in ``Document.metadata["pairs"]`` (a ref
  with a single citation appears in every language's list, as printed journals do).

The body text becomes the document's lines (section titles as ``#`` headings). XML is
parsed with entity resolution and network access off; malformed XML raises
:class:`InputError` with the line number.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from ..errors import InputError, Location
from ..model import (
    Date,
    Document,
    Name,
    Pair,
    PairingResult,
    Provenance,
    Reference,
    ReferenceList,
)
from ..text.list_markers import MARKER
from ..text.marks import mark_language
from ..text.script import script_of
from . import REGISTRY

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_CITATIONS = ("mixed-citation", "element-citation", "nlm-citation")
_TYPES = {
    "journal": "article-journal",
    "article": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "confproc": "paper-conference",
    "conf-proc": "paper-conference",
    "conference": "paper-conference",
    "thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
    "web": "webpage",
    "webpage": "webpage",
    "website": "webpage",
    "patent": "patent",
    "standard": "standard",
    "newspaper": "article-newspaper",
    "data": "dataset",
    "dataset": "dataset",
    "software": "software",
    "preprint": "article",
    "legal-doc": "legislation",
    "gov": "report",
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan январь января янв",
            "february feb февраль февраля фев",
            "march mar март марта мар",
            "april apr апрель апреля апр",
            "may май мая",
            "june jun июнь июня июн",
            "july jul июль июля июл",
            "august aug август августа авг",
            "september sep sept сентябрь сентября сен",
            "october oct октябрь октября окт",
            "november nov ноябрь ноября ноя",
            "december dec декабрь декабря дек",
        ],
        start=1,
    )
    for name in names.split()
}
_HEADINGS = {"ru": "Список литературы", "en": "References", "kk": "Әдебиеттер тізімі"}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(node: Any) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _child(node: Any, *names: str) -> Any:
    for child in node.iter():
        if _local(child.tag) in names:
            return child
    return None


def _children(node: Any, name: str) -> list[Any]:
    return [child for child in node.iter() if _local(child.tag) == name]


def _month(value: str) -> int | None:
    value = value.strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return _MONTHS.get(value)


def _date(node: Any) -> Date | None:
    year = _child(node, "year")
    if year is None:
        return None
    digits = re.search(r"\d{4}", _text(year))
    if not digits:
        return Date(literal=_text(year))
    month_node = _child(node, "month")
    day_node = _child(node, "day")
    month = _month(_text(month_node)) if month_node is not None else None
    day_text = _text(day_node) if day_node is not None else ""
    day = int(day_text) if month and day_text.isdigit() and 1 <= int(day_text) <= 31 else None
    return Date(year=int(digits.group()), month=month, day=day)


def _iso_date(value: str) -> Date | None:
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match:
        return Date(literal=value) if value.strip() else None
    year, month, day = match.groups()
    return Date(year=int(year), month=int(month) if month else None, day=int(day) if day else None)


def _name(node: Any) -> Name:
    tag = _local(node.tag)
    if tag == "collab":
        return Name(literal=_text(node))
    surname = _child(node, "surname")
    given = _child(node, "given-names")
    if surname is None and given is None:
        return Name(literal=_text(node))
    prefix = _child(node, "prefix")
    suffix = _child(node, "suffix")
    return Name(
        family=_text(surname),
        given=_text(given),
        particle=_text(prefix) if prefix is not None else "",
        suffix=_text(suffix) if suffix is not None else "",
    )


#: person-group-type values some publishers use for the CSL roles.
_ROLES = {"allauthors": "author", "authors": "author", "editors": "editor"}


def _people(citation: Any) -> dict[str, tuple[Name, ...]]:
    groups: dict[str, list[Name]] = {"author": [], "editor": [], "translator": []}
    for group in _children(citation, "person-group"):
        role = group.get("person-group-type", "author")
        role = _ROLES.get(role, role)
        names = [
            _name(child)
            for child in group
            if _local(child.tag) in ("name", "string-name", "collab", "name-alternatives")
        ]
        groups.setdefault(role, []).extend(names)
    if not groups["author"]:  # names directly in the citation (older NLM style, Wiley)
        groups["author"] = [
            _name(child)
            for child in citation
            if _local(child.tag) in ("name", "string-name", "collab")
        ]
    return {role: tuple(names) for role, names in groups.items()}


#: Markup that styles a printed citation without saying which field a run of text is.
_FORMATTING = frozenset(
    """italic bold sup sub sc underline overline monospace roman sans-serif strike break
    ext-link uri named-content styled-content inline-graphic inline-formula label x""".split()
)


def _has_fields(citation: Any) -> bool:
    """Does the citation tag its fields (``source``, ``year``, …), beyond italics and links?"""
    return any(
        isinstance(node.tag, str) and _local(node.tag) not in _FORMATTING
        for node in citation.iterdescendants()
    )


def _structured(citation: Any, language: str) -> Reference:
    """A Reference from the tags of one citation, taken as given."""
    kind = citation.get("publication-type") or citation.get("citation-type") or ""
    article_title = _text(_child(citation, "article-title"))
    chapter_title = _text(_child(citation, "chapter-title", "part-title"))
    source = _text(_child(citation, "source"))
    ref_type = _TYPES.get(kind.lower(), "")
    if kind.lower() == "book" and (chapter_title or article_title):
        ref_type = "chapter"
    if not ref_type:
        if article_title and source:
            ref_type = "article-journal"
        elif source:
            ref_type = "book"
        elif _child(citation, "ext-link", "uri") is not None:
            ref_type = "webpage"
        else:
            ref_type = "document"
    title = article_title or chapter_title
    container = source
    if not title and ref_type in ("book", "report", "thesis", "standard", "patent"):
        title, container = source, ""
    first = _text(_child(citation, "fpage"))
    last = _text(_child(citation, "lpage"))
    pages = _text(_child(citation, "page-range")) or (f"{first}-{last}" if last else first)
    if not pages:
        pages = _text(_child(citation, "elocation-id"))
    doi = ""
    url = ""
    extra: dict[str, Any] = {}
    for pub_id in _children(citation, "pub-id"):
        id_type = pub_id.get("pub-id-type", "").lower()
        if id_type == "doi" and not doi:
            doi = _text(pub_id)
        elif id_type in ("pmid", "pmcid"):
            extra[id_type.upper()] = _text(pub_id)
    for link in _children(citation, "ext-link") + _children(citation, "uri"):
        href = link.get(_XLINK_HREF) or _text(link)
        if "doi.org/" in href and not doi:
            doi = href
        elif href and not url:
            url = href
    accessed = None
    for node in _children(citation, "date-in-citation"):
        if node.get("content-type", "access-date") in ("access-date", "accessed"):
            accessed = _iso_date(node.get("iso-8601-date") or _text(node))
    size = next((n for n in _children(citation, "size") if n.get("units") == "pages"), None)
    people = _people(citation)
    raw = _text(citation)
    comment = " ".join(_text(c) for c in _children(citation, "comment"))
    return Reference(
        type=ref_type,
        authors=people.get("author", ()),
        editors=people.get("editor", ()),
        translators=people.get("translator", ()),
        issued=_date(citation),
        accessed=accessed,
        title=title,
        container_title=container,
        publisher=_text(_child(citation, "publisher-name")),
        publisher_place=_text(_child(citation, "publisher-loc")),
        volume=_text(_child(citation, "volume")),
        issue=_text(_child(citation, "issue")),
        pages=pages,
        number_of_pages=_text(size),
        edition=_text(_child(citation, "edition")),
        doi=doi,
        url=url,
        isbn=_text(_child(citation, "isbn")),
        issn=_text(_child(citation, "issn")),
        language=language,
        original_language=mark_language(f"{raw} {comment}"),
        raw=raw,
        confidence=1.0,
        extra=extra,
    )


def _language(node: Any, default: str) -> str:
    value = node.get(_XML_LANG) or node.get("lang") or ""
    return value.split("-")[0].lower() if value else default


def _citation_record(citations: list[Any], language: str) -> Reference:
    """The record of one ref in one language from its citations (twins of one work).

    The printed ``<mixed-citation>`` gives the raw string; the fields come from its own tags,
    or — when it carries only italics and links — from a tagged twin (``<element-citation>``,
    in ``<citation-alternatives>`` or beside it). A citation with no tagged twin is only its
    printed text and language: :func:`refbridge.extract.extract` parses it (readers sit below
    the parser).
    """
    printed = next((c for c in citations if _local(c.tag) == "mixed-citation"), None)
    tagged = next((c for c in citations if _has_fields(c)), None)
    if printed is not None and tagged is not printed:
        text = MARKER.sub("", _text(printed), count=1)
        if tagged is not None:
            return attrs.evolve(_structured(tagged, language), raw=text)
        return Reference(raw=text, language=language)
    return _structured(tagged if tagged is not None else citations[0], language)


def _ref_citations(ref: Any, default: str) -> list[tuple[str, Any]]:
    """(language, citation element) pairs of one ``<ref>``."""
    found: list[tuple[str, Any]] = []
    for node in ref.iter():
        if _local(node.tag) in _CITATIONS:
            parent = node.getparent()
            inherited = _language(parent, default) if parent is not None else default
            found.append((_language(node, inherited), node))
    return found


def _read_ref_list(ref_list: Any, default: str, source: str, index: int) -> list[ReferenceList]:
    """One or more ReferenceLists (one per language of the citation alternatives)."""
    title_node = next((c for c in ref_list if _local(c.tag) == "title"), None)
    title = _text(title_node)
    list_language = _language(ref_list, default)
    refs = [child for child in ref_list if _local(child.tag) == "ref"]
    per_ref = [_ref_citations(ref, list_language) for ref in refs]
    languages: list[str] = []
    for citations in per_ref:
        if len({lang for lang, _ in citations}) > 1:
            for lang, _ in citations:
                if lang not in languages:
                    languages.append(lang)
    if not languages:
        languages = [list_language]
    title_language = _language(title_node, list_language) if title_node is not None else ""
    lists: list[ReferenceList] = []
    for lang in languages:
        entries: list[Reference] = []
        for position, (ref, citations) in enumerate(zip(refs, per_ref, strict=True)):
            chosen = [c for c_lang, c in citations if c_lang == lang] or [
                c for c_lang, c in citations if c_lang == citations[0][0]
            ]
            if not chosen:
                continue
            citation_language = next((c_lang for c_lang, c in citations if c is chosen[0]), lang)
            line = getattr(ref, "sourceline", None)
            record = _citation_record(chosen, citation_language)
            provenance = Provenance(
                document=source,
                list_index=index + len(lists),
                entry_index=position,
                line_start=line,
                line_end=_last_line(ref),
            )
            entries.append(attrs.evolve(record, provenance=provenance))
        heading = title if (len(languages) == 1 or lang == title_language) else ""
        lists.append(
            ReferenceList(
                heading=heading or _HEADINGS.get(lang, title or "References"),
                language=lang,
                entries=entries,
                source=source,
                line_start=getattr(ref_list, "sourceline", None),
                line_end=_last_line(ref_list),
            )
        )
    return lists


def _last_line(node: Any) -> int | None:
    """The line of the last element inside ``node`` (lxml keeps no end-tag lines)."""
    return max((n.sourceline for n in node.iter() if n.sourceline), default=None)


def _body_lines(root: Any) -> list[str]:
    lines: list[str] = []
    body = next((n for n in root.iter() if _local(n.tag) == "body"), None)
    if body is None:
        return lines
    for node in body.iter():
        tag = _local(node.tag)
        if tag == "title" and _local(node.getparent().tag) == "sec":
            depth = sum(1 for a in node.iterancestors() if _local(a.tag) == "sec")
            lines += ["#" * min(depth + 1, 6) + " " + _text(node), ""]
        elif tag == "p":
            lines += [_text(node), ""]
    return lines


def read_jats(data: bytes, source: str) -> Document:
    """Read a JATS article: body text as lines, reference lists as structure."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise InputError(f"malformed XML: {exc.msg}", location=Location(source, line)) from None
    if _local(root.tag) not in ("article", "book", "sub-article", "ref-list", "back"):
        raise InputError(
            f"XML whose root is <{_local(root.tag)}>, not a JATS <article>",
            location=Location(source),
        )
    default = _language(root, "")
    lists: list[ReferenceList] = []
    for ref_list in root.iter():
        if _local(ref_list.tag) != "ref-list":
            continue
        if not any(_local(child.tag) == "ref" for child in ref_list):
            continue  # a wrapper of nested ref-lists
        lists += _read_ref_list(ref_list, default, source, len(lists))
    lists = [_with_language(found) for found in lists]
    metadata: dict[str, Any] = {"language": default}
    if len(lists) == 2 and lists[0].language != lists[1].language:
        count = min(len(lists[0].entries), len(lists[1].entries))
        metadata["pairs"] = PairingResult(
            pairs=tuple(
                Pair(i, i, 1.0, ("JATS <citation-alternatives> of one <ref>",))
                for i in range(count)
            )
        )
    title = next((n for n in root.iter() if _local(n.tag) == "article-title"), None)
    metadata["title"] = _text(title)
    return Document(
        source=source,
        format="jats",
        lines=tuple(_body_lines(root)),
        structured_lists=tuple(lists),
        metadata=metadata,
    )


def _with_language(found: ReferenceList) -> ReferenceList:
    """A list read without any xml:lang gets the language of its entries' script."""
    if found.language:
        return found
    scripts = [script_of(r.raw) for r in found.entries]
    language = "ru" if scripts.count("cyrillic") * 2 > len(scripts) else "en"
    return attrs.evolve(found, language=language)


def _sniff_jats(head: bytes) -> bool:
    text = head[:4096]
    return (
        b"<article" in text and (b"JATS" in text or b"jats" in text or b"dtd-version" in text)
    ) or (b"<!DOCTYPE article" in text)


REGISTRY.register("jats", read_jats, suffixes=(".xml", ".nxml", ".jats"), sniff=_sniff_jats)

__all__ = ["read_jats"]
