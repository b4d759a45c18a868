"""DOCX (Word): paragraphs in order, with Word's automatic numbering written out.

A Word reference list is usually a numbered list whose numbers are *not* in the text: they
come from the paragraph's numbering (``w:numPr``, directly or through its style) and the
numbering part's level definitions (``w:numFmt``, ``w:lvlText``, ``w:start``). This reader
resolves them and writes ``1. ``, ``[1] ``, ``a) `` or ``- `` in front of the paragraph, so
the section finder sees the list Word shows.

The text of a paragraph is read from the XML in document order: runs (italic as ``*…*``),
tabs and line breaks, hyperlinks (their URL kept when the text does not show it), the
displayed result of fields (``HYPERLINK``, ``PAGE``, citation fields) but not their
instructions, insertions but not tracked deletions, and soft hyphens dropped. Headings
("Heading 1" … or any style with an outline level) become ``#`` lines; tables become one
line per row.

python-docx opens the package (it is in the ``docx`` extra); a file that is not a ZIP, a
ZIP without a Word document inside, or an encrypted document raises :class:`InputError`.

A DOCX is a ZIP archive, so a small file can unpack to gigabytes. Before anything is
unpacked, the sizes the archive declares are checked against :data:`MAX_PART_BYTES` (one part),
:data:`MAX_PACKAGE_BYTES` (all parts), :data:`MAX_MARKUP_BYTES` (all XML parts, which
python-docx parses whole, at about twice their size in memory), :data:`MAX_PARTS` and
:data:`MAX_INFLATE_RATIO` (how many times its packed size a part may unpack to: Apache POI's
rule). Python's ``zipfile``
never yields more than the declared size of a part (a part that holds more fails its CRC
check), so the declared sizes cap what is read. Compression methods other than the two
Word writes (stored, deflate) are refused, since a bzip2 or LZMA part is decompressed without
a bound. Parts nested in parts (an embedded workbook or document) are never opened.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ..errors import InputError, Location, MissingExtraError
from ..model import Document
from ..text import to_roman
from . import REGISTRY

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADING_STYLE = re.compile(r"^(?:heading|заголовок|überschrift|titre)\s*(\d)$", re.I)
_CONTAINERS = frozenset(
    f"{{{_W}}}{tag}"
    for tag in ("fldSimple", "ins", "smartTag", "sdt", "sdtContent", "customXml", "moveTo")
)
_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"([^"]+)"', re.I)
# A 2,000-page thesis has a document.xml of some 30 MB; images are parts too.
MAX_PART_BYTES = 128 * 2**20
MAX_PACKAGE_BYTES = 512 * 2**20
# python-docx parses every XML part it reaches (document, headers, notes…) at once: 480 MB of
# them, packed into a 6.8 MB file, took 1 GB of memory; 160 MB keeps a read under 500 MB.
MAX_MARKUP_BYTES = 160 * 2**20
MAX_PARTS = 10_000
# Apache POI's zip-bomb rule (ZipSecureFile.MIN_INFLATE_RATIO): a part may unpack to at most
# 100 times its packed size. Word's XML packs 5-40 times; only parts over 1 MB are judged.
MAX_INFLATE_RATIO = 100
RATIO_GRACE_BYTES = 2**20


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _to_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _to_letters(value)
    if fmt in ("upperLetter",):
        return _to_letters(value).upper()
    if fmt == "lowerRoman":
        return to_roman(value)
    if fmt == "upperRoman":
        return to_roman(value).upper()
    return str(value)  # decimal and the many decimal variants


class _Numbering:
    """Word list numbering: level definitions per numId, and running counters."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(_w("abstractNum")):
            abstract[node.get(_w("abstractNumId"))] = self._levels(node)
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is None:
                continue
            levels = dict(abstract.get(ref.get(_w("val")), {}))
            for override in num.iter(_w("lvlOverride")):
                level = int(override.get(_w("ilvl"), "0"))
                start = override.find(_w("startOverride"))
                redefined = override.find(_w("lvl"))
                if redefined is not None:
                    levels.update(self._levels_of([redefined]))
                if start is not None and level in levels:
                    fmt, text, _ = levels[level]
                    levels[level] = (fmt, text, int(start.get(_w("val"), "1")))
            self.levels[num.get(_w("numId"))] = levels

    def _levels(self, node: Any) -> dict[int, tuple[str, str, int]]:
        return self._levels_of(node.findall(_w("lvl")))

    @staticmethod
    def _levels_of(nodes: list[Any]) -> dict[int, tuple[str, str, int]]:
        out: dict[int, tuple[str, str, int]] = {}
        for lvl in nodes:
            fmt = lvl.find(_w("numFmt"))
            text = lvl.find(_w("lvlText"))
            start = lvl.find(_w("start"))
            out[int(lvl.get(_w("ilvl"), "0"))] = (
                fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                text.get(_w("val"), "%1.") if text is not None else "%1.",
                int(start.get(_w("val"), "1")) if start is not None else 1,
            )
        return out

    def label(self, num_id: str, level: int) -> str:
        """The marker Word shows for the next paragraph of list ``num_id`` at ``level``."""
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, _, start = levels[level]
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        text = levels[level][1]

        def value(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            lvl_fmt = levels.get(at, ("decimal", "", 1))[0]
            return _format_number(counters.get(at, levels.get(at, ("", "", 1))[2]), lvl_fmt)

        return re.sub(r"%([1-9])", value, text).strip()


class _Styles:
    """Numbering and heading level inherited through paragraph styles."""

    def __init__(self, document: Any) -> None:
        self.numbering: dict[str, tuple[str, int]] = {}
        self.heading: dict[str, int] = {}
        styles_root = document.styles.element
        parents: dict[str, str] = {}
        names: dict[str, str] = {}
        own: dict[str, tuple[str, int] | None] = {}
        outline: dict[str, int] = {}
        for style in styles_root.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            name = style.find(_w("name"))
            names[style_id] = name.get(_w("val"), "") if name is not None else ""
            based = style.find(_w("basedOn"))
            if based is not None:
                parents[style_id] = based.get(_w("val"))
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            own[style_id] = _num_pr(num_pr) if num_pr is not None else None
            level = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if level is not None:
                outline[style_id] = int(level.get(_w("val"), "9")) + 1
        for style_id in names:
            seen = set()
            current: str | None = style_id
            while current and current not in seen:
                seen.add(current)
                if own.get(current) and style_id not in self.numbering:
                    found = own[current]
                    assert found is not None
                    self.numbering[style_id] = found
                match = _HEADING_STYLE.match(names.get(current, ""))
                if style_id not in self.heading:
                    if match:
                        self.heading[style_id] = int(match.group(1))
                    elif current in outline and outline[current] <= 9:
                        self.heading[style_id] = outline[current]
                current = parents.get(current)
            if names.get(style_id, "").lower() == "title":
                self.heading[style_id] = 1


def _num_pr(node: Any) -> tuple[str, int] | None:
    num_id = node.find(_w("numId"))
    level = node.find(_w("ilvl"))
    if num_id is None:
        return None
    value = num_id.get(_w("val"), "0")
    return value, int(level.get(_w("val"), "0")) if level is not None else 0


class _Paragraph:
    """Text of one ``w:p`` in document order (see the module docstring for what counts)."""

    def __init__(self, links: dict[str, str]) -> None:
        self.links = links
        self.parts: list[tuple[str, bool]] = []
        self.urls: list[str] = []
        self.field_depth = 0
        self.in_instruction: list[bool] = []

    def read(self, paragraph: Any) -> str:
        self._walk(paragraph)
        text = _emphasise(self.parts)
        for url in self.urls:
            if url not in text:
                text = f"{text} <{url}>"
        return text

    def _walk(self, node: Any) -> None:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == _w("r"):
                self._run(child)
            elif tag == _w("hyperlink"):
                before = len(self.parts)
                self._walk(child)
                target = self.links.get(child.get(f"{{{_R}}}id", ""), "")
                shown = "".join(t for t, _ in self.parts[before:])
                if target.startswith(("http://", "https://", "ftp://")) and target not in shown:
                    self.urls.append(target)
            elif tag in _CONTAINERS:  # insertions, simple fields, content controls
                self._walk(child)
            # deletions (w:del, w:moveFrom) and properties are not text

    def _run(self, run: Any) -> None:
        props = run.find(_w("rPr"))
        italic = False
        hidden = False
        if props is not None:
            flag = props.find(_w("i"))
            italic = flag is not None and flag.get(_w("val"), "true") not in ("0", "false")
            vanish = props.find(_w("vanish"))
            hidden = vanish is not None and vanish.get(_w("val"), "true") not in ("0", "false")
            if (
                props.find(_w("vertAlign")) is not None
                and props.find(_w("vertAlign")).get(_w("val")) == "superscript"
                and _is_marker(run)
            ):
                return
        for child in run:
            tag = child.tag
            if tag == _w("fldChar"):
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    self.in_instruction.append(True)
                elif kind == "separate" and self.in_instruction:
                    self.in_instruction[-1] = False
                elif kind == "end" and self.in_instruction:
                    self.in_instruction.pop()
            elif tag == _w("instrText"):
                link = _HYPERLINK_FIELD.search(child.text or "")
                if link:
                    self.urls.append(link.group(1))
            elif any(self.in_instruction) or hidden:
                continue
            elif tag == _w("t"):
                self.parts.append((child.text or "", italic))
            elif tag == _w("tab"):
                self.parts.append(("\t", False))
            elif tag in (_w("br"), _w("cr")):
                if child.get(_w("type")) not in ("page", "column"):
                    self.parts.append(("\n", False))
            elif tag == _w("noBreakHyphen"):
                self.parts.append(("-", italic))
            elif tag == _w("sym"):
                self.parts.append((chr(int(child.get(_w("char"), "20"), 16)), italic))
            # w:softHyphen is an optional break: nothing to write


def _is_marker(run: Any) -> bool:
    text = "".join(t.text or "" for t in run.iter(_w("t")))
    return bool(re.fullmatch(r"[\s\d,*†‡§¶\-–]{1,8}", text))


def _emphasise(parts: list[tuple[str, bool]]) -> str:
    runs: list[tuple[str, bool]] = []
    for text, italic in parts:
        if runs and runs[-1][1] == italic:
            runs[-1] = (runs[-1][0] + text, italic)
        else:
            runs.append((text, italic))
    out: list[str] = []
    for text, italic in runs:
        core = text.strip()
        if italic and core:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{lead}*{core}*{trail}")
        else:
            out.append(text)
    return "".join(out).replace("\u00ad", "")


def _block_lines(document: Any, styles: _Styles, numbering: _Numbering) -> Iterator[str]:
    links = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == _w("p"):
            yield from _paragraph_lines(block, links, styles, numbering)
        elif block.tag == _w("tbl"):
            for row in block.iter(_w("tr")):
                cells = [
                    " ".join(
                        line
                        for p in cell.iter(_w("p"))
                        for line in _paragraph_lines(p, links, styles, numbering)
                        if line
                    )
                    for cell in row.iter(_w("tc"))
                ]
                text = " ".join(c for c in cells if c)
                if text:
                    yield text
            yield ""
        elif block.tag == _w("sdt"):
            for paragraph in block.iter(_w("p")):
                yield from _paragraph_lines(paragraph, links, styles, numbering)


def _paragraph_lines(
    paragraph: Any, links: dict[str, str], styles: _Styles, numbering: _Numbering
) -> Iterator[str]:
    props = paragraph.find(_w("pPr"))
    style_id = ""
    num: tuple[str, int] | None = None
    if props is not None:
        style = props.find(_w("pStyle"))
        style_id = style.get(_w("val"), "") if style is not None else ""
        direct = props.find(_w("numPr"))
        num = _num_pr(direct) if direct is not None else None
    if num is None:
        num = styles.numbering.get(style_id)
    text = _Paragraph(links).read(paragraph)
    pieces = [" ".join(p.split()) for p in text.split("\n")]
    pieces = [p for p in pieces if p]
    if not pieces:
        yield ""
        return
    level = styles.heading.get(style_id)
    if level:
        yield ""
        yield "#" * min(level, 6) + " " + " ".join(pieces)
        yield ""
        return
    label = numbering.label(*num) if num and num[0] != "0" else ""
    if label:
        pieces[0] = f"{label} {pieces[0]}"
        pieces[1:] = ["    " + p for p in pieces[1:]]  # a manual line break inside an item
    yield from pieces


def _note_lines(document: Any, styles: _Styles, numbering: _Numbering) -> Iterator[str]:
    """Footnotes, then endnotes, as numbered lines after the body.

    Many Russian papers cite in footnotes or endnotes instead of a list; written at the end
    of the text, they are found as a list closing the document when they are references.
    """
    from lxml import etree

    for kind in ("footnotes", "endnotes"):
        part = next(
            (
                rel.target_part
                for rel in document.part.rels.values()
                if not rel.is_external and rel.reltype.endswith(f"/{kind}")
            ),
            None,
        )
        if part is None:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(part.blob, parser)
        links = {rid: rel.target_ref for rid, rel in part.rels.items() if rel.is_external}
        number = 0
        for note in root.iterchildren(_w(kind[:-1])):
            if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(
                line
                for paragraph in note.iter(_w("p"))
                for line in _paragraph_lines(paragraph, links, styles, numbering)
                if line
            )
            if text:
                number += 1
                if number == 1:
                    yield ""
                yield f"{number}. {text}"


def read_docx(data: bytes, source: str) -> Document:
    """Read a Word document into lines (see the module docstring)."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(
            "an OLE compound file, not a DOCX: a password-protected DOCX or an old .doc; "
            "save it as an unprotected .docx first",
            location=Location(source),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(
            "not a DOCX file: it is not a ZIP archive", location=Location(source)
        ) from None
    _check_sizes(parts, source)
    if "word/document.xml" not in {part.filename for part in parts}:
        raise InputError(
            "a ZIP archive but not a Word document (no word/document.xml inside)",
            location=Location(source),
        )
    try:
        import docx
    except ImportError:
        raise MissingExtraError("Reading DOCX", "docx", "python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
        styles = _Styles(document)
        numbering = _Numbering(document)
        lines = list(_block_lines(document, styles, numbering))
        lines += _note_lines(document, styles, numbering)
    except InputError:
        raise
    except Exception as exc:  # python-docx/lxml errors on a damaged package
        raise InputError(f"cannot read the DOCX: {exc}", location=Location(source)) from None
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    while collapsed and not collapsed[-1]:
        collapsed.pop()
    return Document(
        source=source,
        format="docx",
        lines=tuple(collapsed),
        metadata={"title": document.core_properties.title or ""},
    )


def _check_sizes(parts: list[zipfile.ZipInfo], source: str) -> None:
    """Refuse a package that would unpack to more than the limits (see the module docstring)."""

    def refuse(problem: str) -> InputError:
        return InputError(
            f"{problem}; not read (a ZIP bomb, or a document beyond refbridge's limits)",
            location=Location(source),
        )

    if len(parts) > MAX_PARTS:
        raise refuse(f"the package has {len(parts):,} parts, more than {MAX_PARTS:,}")
    total = markup = 0
    for part in parts:
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(
                f"part {part.filename!r} uses ZIP compression method {part.compress_type}, "
                "which Word never writes"
            )
        if part.file_size > MAX_PART_BYTES:
            raise refuse(
                f"part {part.filename!r} unpacks to {_megabytes(part.file_size)}, more than "
                f"{_megabytes(MAX_PART_BYTES)}"
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_GRACE_BYTES and ratio > MAX_INFLATE_RATIO:
            raise refuse(
                f"part {part.filename!r} unpacks to {ratio:,.0f} times its packed size, more "
                f"than {MAX_INFLATE_RATIO}"
            )
        total += part.file_size
        if part.filename.lower().endswith((".xml", ".rels")):
            markup += part.file_size
    if markup > MAX_MARKUP_BYTES:
        raise refuse(
            f"the XML parts unpack to {_megabytes(markup)} together, more than "
            f"{_megabytes(MAX_MARKUP_BYTES)}"
        )
    if total > MAX_PACKAGE_BYTES:
        raise refuse(
            f"the parts unpack to {_megabytes(total)} together, more than "
            f"{_megabytes(MAX_PACKAGE_BYTES)}"
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _sniff_docx(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and b"word/" in head


REGISTRY.register("docx", read_docx, suffixes=(".docx", ".docm", ".dotx"), sniff=_sniff_docx)

__all__ = ["read_docx"]
