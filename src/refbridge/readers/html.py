"""HTML pages: journal article pages and scraped copies, read into Markdown-like lines.

A page is walked once with lxml. Block elements become lines (with a blank line after
paragraph-level blocks, as in Markdown), ``<li>`` becomes ``- `` or ``1. `` lines,
headings become ``#`` lines and ``<i>``/``<b>`` become ``*``/``**`` emphasis, so that the
same section finder and parser serve HTML and Markdown alike. Links keep their URL: a link
whose text is not the URL has the URL appended to the end of its line as ``<url>``, so a
reference keeps its text intact and still carries its address.

Navigation, scripts, forms, footers, cookie banners and the like are dropped; what is left
of the boilerplate ("Talk to us", "Full Text") is plain prose that the section finder
rejects. "Google Scholar"/"PubMed"/"Crossref" buttons inside a reference are dropped, except
that a DOI link keeps its DOI when the entry's text does not already show it.

A page is read whole or not at all: text nodes over 10 MB and pages of unclosed ``<font>``
or ``<span>`` tags thousands of levels deep are parsed completely (see :func:`_parse`); what
cannot be is an error naming the line, never a silently shortened page.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError, Location
from ..model import Document
from ..text.identifiers import DOI_START, URL_START
from . import REGISTRY
from .text import decode

_DROP_TAGS = frozenset(
    """script style noscript template svg math nav footer aside form button select option
    textarea iframe object embed canvas head input label dialog menu""".split()
)
_DROP_ROLES = frozenset("navigation banner contentinfo search menu menubar dialog".split())
_DROP_CLASS_WORDS = frozenset(
    """nav navbar navigation breadcrumb breadcrumbs cookie cookies menu share sharing social
    advert advertisement ads banner footer sidebar skip""".split()
)
_PARAGRAPH_TAGS = frozenset(
    """p div section article main header blockquote pre table figure figcaption address
    h1 h2 h3 h4 h5 h6 ul ol dl hr fieldset details summary center""".split()
)
_LINE_TAGS = frozenset("li tr dd dt caption".split())
_CELL_TAGS = frozenset(("td", "th"))
_BREAKING_TAGS = _PARAGRAPH_TAGS | _LINE_TAGS | {"br"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_NOISE_LINKS = re.compile(
    r"^\s*\[?\s*(?:google\s*scholar|pubmed(?:\s*central)?|pmc|crossref|cross\s*ref|scopus|"
    r"web\s+of\s+science|wos|cas|mathscinet|ads|zbmath|medline|europe\s*pmc|"
    r"full\s*text|view\s+(?:article|record)|link|article|pdf|publisher\s+site|"
    r"search\s+in\s+google\s+scholar|ссылка|полный\s+текст)\s*\]?\s*$",
    re.IGNORECASE,
)
_URL_TEXT = re.compile(rf"^\s*<?(?:{URL_START}|www\.|doi:|{DOI_START})\S*>?\s*$", re.I)
_DOI_HREF = re.compile(rf"^https?://(?:dx\.)?doi\.org/({DOI_START}\S+)$", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"^[\s\d,*†‡§¶\-–]{1,8}$")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# white space a browser shows as one space; a lone " " is left alone, so that a 12 MB text
# node of words is not rebuilt two million times over
_SPACES = re.compile(
    r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}"
    r"|[\t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]"
)


class _Lines:
    """Collects text into lines; whitespace collapses as a browser collapses it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._urls: list[str] = []
        self.prefix = ""
        self.item_depth = 0

    def add(self, text: str) -> None:
        if text:
            self._parts.append(_SPACES.sub(" ", text))

    def add_raw(self, text: str) -> None:
        """Text whose line breaks count (``<pre>``)."""
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.end_line()
            self._parts.append(piece)

    def add_url(self, url: str) -> None:
        self._urls.append(url)

    def current_text(self) -> str:
        return "".join(self._parts)

    def end_line(self) -> None:
        text = " ".join("".join(self._parts).split())
        for url in self._urls:
            if url not in text:
                text = f"{text} <{url}>" if text else f"<{url}>"
        if text:
            self.lines.append(self.prefix + text)
            self.prefix = ""  # a list marker waits for the item's first text
        self._parts, self._urls = [], []

    def blank(self) -> None:
        """A paragraph break; inside a list item only a line break, so the item stays one."""
        self.end_line()
        if self.item_depth:
            return
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _class_words(element: Any) -> set[str]:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return set(re.split(r"[\s_\-]+", names)) - {""}


def _is_dropped(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    if element.get("aria-hidden") == "true" or element.get("hidden") is not None:
        return True
    if (element.get("role") or "").lower() in _DROP_ROLES:
        return True
    if tag == "header" and not any(a.tag in ("article", "main") for a in element.iterancestors()):
        return True  # the site's banner, not an article's title block
    return tag in ("div", "section", "ul", "span", "p") and bool(
        _class_words(element) & _DROP_CLASS_WORDS
    )


def _has_block(element: Any) -> bool:
    return any(
        isinstance(d.tag, str) and (d.tag in _BREAKING_TAGS) for d in element.iterdescendants()
    )


class _Walker:
    def __init__(self) -> None:
        self.out = _Lines()

    def walk(self, element: Any, depth: int = 0) -> None:
        if not isinstance(element.tag, str):  # comments, processing instructions
            self.out.add(element.tail or "")
            return
        if _is_dropped(element):
            self.out.add(element.tail or "")
            return
        tag = element.tag.lower()
        if tag == "br":
            self.out.end_line()
        elif tag == "sup" and _FOOTNOTE_MARK.match(element.text_content() or ""):
            pass  # footnote and affiliation markers: "Davydova¹"
        elif tag in _HEADINGS:
            self.out.blank()
            text = " ".join(element.text_content().split())
            if text:
                self.out.lines.append("#" * _HEADINGS[tag] + " " + text)
            self.out.blank()
        elif tag in ("i", "em", "b", "strong", "cite") and not _has_block(element):
            self._emphasis(element, "**" if tag in ("b", "strong") else "*", depth)
        elif tag == "a":
            self._link(element, depth)
        elif tag == "pre":
            self.out.blank()
            self.out.add_raw(element.text_content())
            self.out.blank()
        elif tag in ("ul", "ol"):
            self.out.blank()
            self._list(element, ordered=tag == "ol", depth=depth)
            self.out.blank()
        else:
            block = tag in _PARAGRAPH_TAGS
            line = tag in _LINE_TAGS
            if block:
                self.out.blank()
            elif line:
                self.out.end_line()
            self._children(element, depth)
            if tag in _CELL_TAGS or tag == "dt":
                self.out.add(" ")
            if block:
                self.out.blank()
            elif line and tag != "dt":
                self.out.end_line()
        self.out.add(element.tail or "")

    def _children(self, element: Any, depth: int) -> None:
        self.out.add(element.text or "")
        for child in element:
            self.walk(child, depth)

    def _list(self, element: Any, *, ordered: bool, depth: int) -> None:
        number = _int(element.get("start"), 1)
        indent = "  " * depth
        for child in element:
            if not isinstance(child.tag, str) or child.tag.lower() != "li" or _is_dropped(child):
                if isinstance(child.tag, str) and not _is_dropped(child):
                    self.walk(child, depth + 1)
                continue
            number = _int(child.get("value"), number)
            self.out.end_line()
            self.out.prefix = indent + (f"{number}. " if ordered else "- ")
            self.out.item_depth += 1
            self._children(child, depth + 1)
            self.out.end_line()
            self.out.item_depth -= 1
            self.out.prefix = ""
            number += 1

    def _emphasis(self, element: Any, marker: str, depth: int) -> None:
        inner = _Walker()
        inner._children(element, depth)
        text = inner.out.current_text()
        core = text.strip()
        if not core or core.startswith(marker[0]):
            self.out.add(text)
        else:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            self.out.add(f"{lead}{marker}{core}{marker}{trail}")
        for url in inner.out._urls:
            self.out.add_url(url)

    def _link(self, element: Any, depth: int) -> None:
        href = (element.get("href") or "").strip()
        inner = _Walker()
        inner._children(element, depth)
        text = inner.out.current_text()
        doi = _DOI_HREF.match(href)
        if _NOISE_LINKS.match(text):
            parent = element.getparent()
            context = parent.text_content() if parent is not None else ""
            if doi and doi.group(1).lower() not in context.lower().replace(text.lower(), ""):
                self.out.add_url(href)
            return
        self.out.add(text)
        for url in inner.out._urls:
            self.out.add_url(url)
        if href.lower().startswith(("http://", "https://", "ftp://")) and not _URL_TEXT.match(text):
            self.out.add_url(href)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    match = _META_CHARSET.search(data[:4096])
    if match:
        encoding = match.group(1).decode("ascii").lower()
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            pass
        else:
            if not text.startswith("\ufeff") or encoding.startswith("utf"):
                return text.lstrip("\ufeff"), encoding
    return decode(data, source)


#: Tags that only style text: unclosed, they nest a page thousands of levels deep.
_PRESENTATIONAL = ("font", "span", "small", "big", "basefont", "blink", "nobr")
_PRESENTATIONAL_TAG = re.compile(rf"</?(?:{'|'.join(_PRESENTATIONAL)})\b[^>]{{0,2000}}>", re.I)
#: Deepest nesting walked (the walk recurses); deeper styling tags are unwrapped first.
_MAX_DEPTH = 250


def _parse(markup: str, source: str) -> Any:
    """The page's element tree, whole: never silently cut short.

    libxml2 stops at 256 levels of nesting and at text nodes over 10 MB unless told
    ``huge_tree``, and even then at 2,048 levels; a page of unclosed ``<font>`` tags gets
    there. When it stops, the styling tags are removed and the page parsed again; a page
    still too deep is a located error. So is one whose nesting the walk cannot follow after
    unwrapping the styling tags.
    """
    import lxml.etree

    root, stopped = _parse_once(markup, source)
    if stopped is not None:  # libxml2 gave up part way: unwrap the styling tags, try again
        root, stopped = _parse_once(_PRESENTATIONAL_TAG.sub("", markup), source)
    if stopped is not None:
        raise InputError(
            f"cannot read the whole page: {stopped.message.strip()} (column {stopped.column})",
            location=Location(source, stopped.line),
        )
    depth, deepest = _depth(root)
    if depth > _MAX_DEPTH:
        lxml.etree.strip_tags(root, *_PRESENTATIONAL)
        depth, deepest = _depth(root)
        if depth > _MAX_DEPTH:
            raise InputError(
                f"elements nested {depth} levels deep (<{deepest.tag}>); refbridge reads "
                f"HTML up to {_MAX_DEPTH} levels",
                location=Location(source, deepest.sourceline),
            )
    return root


def _parse_once(markup: str, source: str) -> tuple[Any, Any]:
    """The tree and the resource-limit error that cut it short (None when it did not)."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}", location=Location(source)) from None
    stopped = next((e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    return root, stopped


def _depth(root: Any) -> tuple[int, Any]:
    """The deepest nesting level under ``root`` and an element there (without recursing)."""
    best, deepest = 0, root
    stack = [(root, 0)]
    while stack:
        element, level = stack.pop()
        if level > best:
            best, deepest = level, element
        stack.extend((child, level + 1) for child in element)
    return best, deepest


def html_to_lines(markup: str, source: str = "<input>") -> tuple[list[str], str]:
    """The page as Markdown-like lines, and its ``<title>``."""
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return [], ""
    root = _parse(markup, source)
    title = " ".join((root.findtext(".//title") or "").split())
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.out.end_line()
    lines = walker.out.lines
    while lines and lines[-1] == "":
        lines.pop()
    return lines, title


def read_html(data: bytes, source: str) -> Document:
    """Read an HTML page into lines (see the module docstring for what is kept)."""
    text, encoding = _decode_html(data, source)
    lines, title = html_to_lines(text, source)
    return Document(
        source=source,
        format="html",
        lines=tuple(lines),
        metadata={"encoding": encoding, "title": title},
    )


def _sniff_html(head: bytes) -> bool:
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith(b"<?xml") and b"<html" in start
    )


REGISTRY.register("html", read_html, suffixes=(".html", ".htm", ".xhtml"), sniff=_sniff_html)

__all__ = ["html_to_lines", "read_html"]
