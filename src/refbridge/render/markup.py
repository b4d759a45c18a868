"""Rich text inside CSL values (titles, names, affixes): the markup and quotation marks
citeproc-js honours.

A value may carry ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``, ``<span class="nocase">``
(keeps its case whatever the style's text-case says; see :mod:`.textcase`),
``<span class="nodecor">`` (no formatting) and ``<span style="font-variant:small-caps;">``, and
quotation marks: straight ones opening after a space or "(" and the locale's own. They become
output nodes whose decorations were *written in the data*: when printed they flip against the
formatting around them (an italic species name inside an italic title prints upright, a quotation
inside a quoted title takes the inner quotes) — see :func:`refbridge.render.output.serialise`.

This is a port of citeproc-js's ``CSL.Util.FlipFlopper``, so that badly paired marks end up as
it prints them: a tag or quote that does not pair up stays text, and a lone straight apostrophe
becomes a typographic one (’).
"""

from __future__ import annotations

import functools
import re

from .initials import ROMANESQUE
from .output import Blob

#: Opening tag → (kind, closing tag, decoration name, value outside any like decoration).
_Opener = tuple[str, str, str, str]
_TAGS: dict[str, _Opener] = {
    '<span class="nocase">': ("nocase", "</span>", "", ""),
    '<span class="nodecor">': ("nodecor", "</span>", "@nodecor", "true"),
    '<span style="font-variant:small-caps;">': ("tag", "</span>", "@font-variant", "small-caps"),
    "<sc>": ("tag", "</sc>", "@font-variant", "small-caps"),
    "<i>": ("tag", "</i>", "@font-style", "italic"),
    "<b>": ("tag", "</b>", "@font-weight", "bold"),
    "<sup>": ("tag", "</sup>", "@vertical-align", "sup"),
    "<sub>": ("tag", "</sub>", "@vertical-align", "sub"),
    ' "': ("quote", '"', "@quotes", "true"),
    " '": ("quote", "'", "@quotes", "inner"),
    '("': ("quote", '"', "@quotes", "true"),
    "('": ("quote", "'", "@quotes", "inner"),
}
_STRAIGHT = (' "', " '", '"', "'")
_DOUBLE = (' "', '("')
_SINGLE = (" '", "('")
_SPAN_SMALL_CAPS = re.compile(r'(<span)\s+(style="font-variant:)\s*(small-caps);?"[^>]*(>)')
_SPAN_CLASS = re.compile(r'(<span)\s+(class="no(?:case|decor)")[^>]*(>)')
_INNER_APOSTROPHE = re.compile(f"({ROMANESQUE.pattern})\u2019({ROMANESQUE.pattern})")
_APOSTROPHE_WORD = re.compile(r"^[^,.?:; ]")

Quotes = tuple[str, str, str, str]  # open, close, open-inner, close-inner


class _Syntax:
    """The tags and quotation marks one locale's quotes make meaningful."""

    def __init__(self, quotes: Quotes | None) -> None:
        openers = {k: v for k, v in _TAGS.items() if quotes is not None or v[0] != "quote"}
        if quotes is not None:
            open_, close, open_inner, close_inner = quotes
            if open_ and close and open_ not in _STRAIGHT:
                openers[open_] = ("quote", close, "@quotes", "true")
            if open_inner and close_inner and open_inner not in _STRAIGHT:
                openers[open_inner] = ("quote", close_inner, "@quotes", "inner")
        self.openers = openers
        closers = list(dict.fromkeys(v[1] for v in openers.values()))
        self.tags = re.compile("|".join(re.escape(t) for t in [*openers, *closers]))
        # characters without which a string holds no markup or quotation marks (fast path)
        marks = {t[-1] for t in [*openers, *closers]} - {">"} | {"<"}
        self.maybe = re.compile("[" + re.escape("".join(sorted(marks))) + "]")


@functools.lru_cache(maxsize=64)
def _syntax(quotes: Quotes | None) -> _Syntax:
    return _Syntax(quotes)


def normalise_tags(text: str) -> str:
    """Spans written with other spacing or extra attributes, in the one form the parser reads."""
    if "<span" not in text:
        return text
    text = _SPAN_SMALL_CAPS.sub(r'\1 \2\3;"\4', text)
    return _SPAN_CLASS.sub(r"\1 \2\3", text)


def parse(text: str, quotes: Quotes | None = None) -> list[Blob] | None:
    """``text`` as output nodes, or None when it holds no markup (print it as it is).

    ``quotes``: the locale's quotation marks, whose use in the data is read as quotations
    (None: quotation marks are text, as when values are printed as given).
    """
    syntax = _syntax(quotes)
    if syntax.maybe.search(text) is None:
        return None
    leading_space = text[:1] == " " and re.match(r"^\s+['\"]", text) is None
    source = " " + _INNER_APOSTROPHE.sub(r"\1'\2", normalise_tags(text))
    tags = [m.group() for m in syntax.tags.finditer(source)]
    if not tags:
        return None
    strings = syntax.tags.split(source)
    forced = _force_spaces(syntax, tags, strings)
    _pair(syntax, tags, strings, forced)
    # tags neutralised above are gone: join the strings around them
    for i in range(len(tags) - 1, -1, -1):
        if not tags[i]:
            del tags[i]
            strings[i : i + 2] = [strings[i] + strings[i + 1]]
    outer = {'"': "true", "'": "inner"}
    form_seen = False
    for i, tag in enumerate(tags):
        if tag in _DOUBLE or tag in _SINGLE:
            if not form_seen:  # the first straight quotation mark used is the outer one
                single = tag in _SINGLE
                outer = {'"': "inner" if single else "true", "'": "true" if single else "inner"}
                form_seen = True
            if not _at(forced, i - 1):
                strings[i] += tag[0]
    return _build(syntax, tags, strings, leading_space, outer)


def _force_spaces(syntax: _Syntax, tags: list[str], strings: list[str]) -> list[bool]:
    """A straight quote right after an opening tag opens a quotation ('<i>"Title"</i>')."""
    forced = []
    for i in range(len(tags) - 1):
        if tags[i] in syntax.openers:
            if strings[i + 1] == "" and tags[i + 1] in ('"', "'"):
                tags[i + 1] = " " + tags[i + 1]
                forced.append(True)
            else:
                forced.append(False)
    return forced


def _at(flags: list[bool], index: int) -> bool:
    return 0 <= index < len(flags) and flags[index]


def _pair(syntax: _Syntax, tags: list[str], strings: list[str], forced: list[bool]) -> None:
    """Pairs openers with closers; what does not pair is put back into the text ('' tags)."""
    stack: list[tuple[str, str, int]] = []  # (kind, closer, tag index) of open tags

    def push(tag: str, i: int) -> tuple[str, int, int] | None:
        """None when the tag opened or closed; ("fix", index) or ("nocase", open, close)."""
        if tag in syntax.openers:
            kind, closer = syntax.openers[tag][:2]
            stack.append((kind, closer, i))
            return None
        if stack and tag == stack[-1][1]:
            kind, _closer, start = stack.pop()
            return ("nocase", start, i) if kind == "nocase" else None
        return ("fix", stack[-1][2] if stack else i, 0)

    for i, tag in enumerate(list(tags)):
        after = strings[i + 1]
        if tag == "'" and after and _APOSTROPHE_WORD.match(after):
            strings[i + 1] = "\u2019" + after  # an apostrophe ("Smith's")
            tags[i] = ""
            continue
        if tag == " '" and after[:1] == " ":
            strings[i + 1] = " \u2019" + after
            tags[i] = ""
            continue
        info = None
        while True:
            info = push(tag, i)
            if info is None:
                break
            if info[0] == "nocase":  # the nocase span did its work in text-case: drop it
                tags[info[1]] = tags[info[2]] = ""
                break
            fix = info[1]
            if tag == "'":
                strings[i + 1] = "\u2019" + strings[i + 1]
                tags[i] = ""
            else:
                failed = tags[fix]
                if _at(forced, fix - 1):
                    failed = failed[1:]
                strings[fix + 1] = failed + strings[fix + 1]
                tags[fix] = ""
            if stack and tag != "'":
                stack.pop()
                continue
            break
        if info is not None and info[0] == "fix":
            strings[i + 1] = tags[i] + strings[i + 1]
            tags[i] = ""
    for _kind, _closer, start in reversed(stack):  # openers never closed are text
        tag = tags[start]
        strings[start + 1] = (" \u2019" if tag in (" '", "'") else tag) + strings[start + 1]
        tags[start] = ""


def _build(
    syntax: _Syntax,
    tags: list[str],
    strings: list[str],
    leading_space: bool,
    outer: dict[str, str],
) -> list[Blob]:
    root: list[Blob] = []
    stack = [root]
    first = True

    def add(piece: str, decoration: tuple[str, str] | None = None) -> None:
        nonlocal first
        if first:  # the space put in front for parsing (kept once if the value had one)
            piece = piece.removeprefix(" ").removeprefix(" ")
            first = False
        if decoration is not None:
            node = Blob([], decorations=[decoration])
            node.markup = True
            stack[-1].append(node)
            stack.append(node.blobs)  # type: ignore[arg-type]
        if piece:
            stack[-1].append(Blob(piece))

    add((" " if leading_space else "") + strings[0])
    for i, tag in enumerate(tags):
        piece = strings[i + 1]
        opener = syntax.openers.get(tag)
        if opener is not None:
            _kind, closer, name, value = opener
            if name == "@quotes" and tag in _DOUBLE + _SINGLE:
                value = outer[closer]
            add(piece, (name, value))
        else:
            stack.pop()
            add(piece)
    return root
