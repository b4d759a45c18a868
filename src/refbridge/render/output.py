"""The output tree of one rendered entry, punctuation clean-up, and serialisation.

Each CSL element that renders something becomes a :class:`Blob` with its affixes, delimiter and
decorations (font style, quotes, …); text leaves hold strings. Before serialising, the tree goes
through the same four passes citeproc-js applies (upward, leftward, downward, fix): duplicate
punctuation at affix boundaries collapses ("?." → "?", ".." → "."), delimiters' leading
punctuation moves onto the preceding suffix, and — for locales with ``punctuation-in-quote`` —
commas and periods move inside closing quotes (``present,”`` not ``present”,``). Matching the
reference implementation pass for pass is what keeps our output identical to it.
"""

from __future__ import annotations

from collections.abc import Callable

from .superscripts import as_sup

PUNCT = frozenset("!?.:,;")
PUNCT_OR_SPACE = PUNCT | {" ", "\u00a0"}
_NO_SWAP_IN = frozenset(";:")
_NO_SWAP_OUT = frozenset(".!?")
SWAP_IN = PUNCT - _NO_SWAP_IN
SWAP_OUT = PUNCT - _NO_SWAP_OUT

LTOR: dict[str, dict[str, str]] = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}
RTOL: dict[str, dict[str, str]] = {}
for _left, _row in LTOR.items():
    for _right, _merged in _row.items():
        RTOL.setdefault(_right, {})[_left] = _merged

FONT_DECORATIONS = (
    "@font-style",
    "@font-variant",
    "@font-weight",
    "@text-decoration",
    "@vertical-align",
)


class Blob:
    """A node of rendered output: a string leaf or a list of children, with affixes."""

    __slots__ = (
        "blobs",
        "decorations",
        "delimiter",
        "is_et_al",
        "is_label",
        "is_names",
        "markup",
        "num",
        "prefix",
        "suffix",
    )

    def __init__(
        self,
        blobs: str | list[Blob],
        prefix: str = "",
        suffix: str = "",
        delimiter: str = "",
        decorations: list[tuple[str, str]] | None = None,
        num: bool = False,
    ) -> None:
        self.blobs = blobs
        self.prefix = prefix
        self.suffix = suffix
        self.delimiter = delimiter
        self.decorations = decorations or []
        self.num = num
        self.is_names = False  # output of a <names> element (for subsequent-author-substitute)
        self.is_et_al = False
        self.is_label = False  # a <names> element's label (kept by subsequent-author-substitute)
        self.markup = False  # decorations written in the data: they flip against enclosing ones

    def __repr__(self) -> str:  # debugging aid
        return f"Blob({self.blobs!r}, {self.prefix!r}, {self.suffix!r}, {self.delimiter!r})"


def _has_decorations(blob: Blob, include_quotes: bool = False) -> bool:
    for name, _value in blob.decorations:
        if name in FONT_DECORATIONS or (include_quotes and name == "@quotes"):
            return True
    return False


def _is_number(blob: Blob) -> bool:
    if blob.num:
        return True
    return isinstance(blob.blobs, list) and len(blob.blobs) == 1 and blob.blobs[0].num


def _ends_in_number(blob: Blob) -> bool:
    if blob.num:
        return True
    if not isinstance(blob.blobs, list) or not blob.blobs:
        return False
    return _ends_in_number(blob.blobs[-1])


def _has_descendant_quotes(blob: Blob) -> bool:
    for name, value in blob.decorations:
        if name == "@quotes" and value != "false":
            return True
    if not isinstance(blob.blobs, list) or not blob.blobs:
        return False
    return _has_descendant_quotes(blob.blobs[-1])


def _has_descendant_merging_punct(parent_char: str, blob: Blob) -> bool:
    child_char = blob.suffix[-1:]
    if not child_char and isinstance(blob.blobs, str):
        child_char = blob.blobs[-1:]
    merged = RTOL.get(parent_char, {}).get(child_char)
    if merged and len(merged) == 1:
        return True
    if not isinstance(blob.blobs, list) or not blob.blobs:
        return False
    return _has_descendant_merging_punct(parent_char, blob.blobs[-1])


def _match_last_char(blob: Blob, char: str) -> bool:
    if char not in PUNCT:
        return False
    if isinstance(blob.blobs, str):
        return blob.blobs[-1:] == char
    if not blob.blobs:
        return False
    child = blob.blobs[-1]
    child_char = child.suffix[-1:]
    if not child_char:
        return _match_last_char(child, char)
    return child_char == char


# mergeChars operates on (object, field) slots: field is "blobs", "prefix" or "suffix".
def _get(obj: Blob, field: str) -> str:
    value = getattr(obj, field)
    return value if isinstance(value, str) else ""


def _merge_chars(
    first: Blob, ffield: str, second: Blob, sfield: str, merge_right: bool = False
) -> None:
    first_char = _get(first, ffield)[-1:]
    second_char = _get(second, sfield)[:1]

    def cull_right() -> None:
        setattr(second, sfield, _get(second, sfield)[1:])

    def cull_left() -> None:
        setattr(first, ffield, _get(first, ffield)[:-1])

    if first_char == second_char:
        (cull_left if merge_right else cull_right)()
        return
    if merge_right:
        if first_char not in LTOR:
            return
        merged = LTOR[first_char].get(second_char)
        cull_left()
        if merged is not None:
            cull_right()
            setattr(second, sfield, merged + _get(second, sfield))
        else:
            setattr(second, sfield, first_char + _get(second, sfield))
    else:
        if second_char not in RTOL:
            return
        merged = RTOL[second_char].get(first_char)
        cull_right()
        if merged is not None:
            cull_left()
            setattr(first, ffield, _get(first, ffield) + merged)
        else:
            setattr(first, ffield, _get(first, ffield) + second_char)


def _upward(parent: Blob) -> None:
    if isinstance(parent.blobs, str):
        if parent.suffix[:1] in PUNCT and parent.suffix[:1] == parent.blobs[-1:]:
            parent.suffix = parent.suffix[1:]
        return
    if not parent.blobs:
        return
    parent_decorations = _has_decorations(parent, True)
    last = len(parent.blobs) - 1
    for i in range(last, -1, -1):
        child = parent.blobs[i]
        _upward(child)
        if i == 0:
            if parent.prefix[-1:] == " " and child.prefix[:1] == " ":
                child.prefix = child.prefix[1:]
            char = child.prefix[:1]
            if not parent_decorations and char in PUNCT_OR_SPACE and char and not parent.prefix:
                parent.prefix += char
                child.prefix = child.prefix[1:]
        if i == last:
            char = child.suffix[-1:]
            if not parent_decorations and char == " ":
                if parent.suffix[:1] != char:
                    parent.suffix = char + parent.suffix
                child.suffix = child.suffix[:-1]
        if parent.delimiter and i > 0:
            char = parent.delimiter[-1:]
            if char in PUNCT_OR_SPACE and char == child.prefix[:1]:
                child.prefix = child.prefix[1:]


def _leftward(parent: Blob) -> None:
    if not isinstance(parent.blobs, list) or not parent.blobs:
        return
    for i in range(len(parent.blobs) - 1, -1, -1):
        _leftward(parent.blobs[i])
        if i < len(parent.blobs) - 1 and not parent.delimiter:
            child = parent.blobs[i]
            sibling = parent.blobs[i + 1]
            sibling_char = sibling.prefix[:1]
            decorated = _has_decorations(child) or _has_decorations(sibling)
            if not decorated and sibling_char in PUNCT and sibling_char:
                suffix_match = sibling_char == child.suffix[-1:]
                field_match = (
                    not child.suffix
                    and isinstance(child.blobs, str)
                    and child.blobs[-1:] == sibling_char
                )
                if not suffix_match and not field_match:
                    _merge_chars(child, "suffix", sibling, "prefix")
                else:
                    sibling.prefix = sibling.prefix[1:]


def _downward(parent: Blob, punct_in_quote: bool) -> None:
    if isinstance(parent.blobs, str):
        if (
            parent.suffix[:1] in PUNCT
            and parent.suffix[:1]
            and parent.suffix[:1] == parent.blobs[-1:]
        ):
            parent.suffix = parent.suffix[1:]
        return
    if not parent.blobs:
        return
    if parent.delimiter and parent.delimiter[:1] in PUNCT:
        delim_char = parent.delimiter[0]
        for child in parent.blobs[:-1]:
            if child.suffix[-1:] != delim_char:
                child.suffix += delim_char
        parent.delimiter = parent.delimiter[1:]
    last = len(parent.blobs) - 1
    for i in range(last, -1, -1):
        child = parent.blobs[i]
        child_decorations = _has_decorations(child, True)
        child_is_number = _is_number(child)
        if i == last:
            parent_char = parent.suffix[:1]
            allow = False
            if parent_char and parent_char in PUNCT:
                allow = _has_descendant_merging_punct(parent_char, child)
                if not allow and punct_in_quote:
                    allow = _has_descendant_quotes(child)
            if allow and not _ends_in_number(child):
                if isinstance(child.blobs, str):
                    _merge_chars(child, "blobs", parent, "suffix")
                else:
                    _merge_chars(child, "suffix", parent, "suffix")
                if parent.suffix[:1] == ".":
                    child.suffix += "."
                    parent.suffix = parent.suffix[1:]
            if child.suffix[-1:] == "\u00a0" and parent.suffix[:1] == " ":
                parent.suffix = parent.suffix[1:]
            if child.suffix[:1] and child.suffix[:1] in PUNCT_OR_SPACE:
                if isinstance(child.blobs, str) and child.blobs[-1:] == child.suffix[:1]:
                    child.suffix = child.suffix[1:]
                if child.suffix[-1:] and child.suffix[-1:] == parent.suffix[:1]:
                    parent.suffix = parent.suffix[:-1]
            if parent.suffix[:1] and _match_last_char(parent, parent.suffix[:1]):
                parent.suffix = parent.suffix[1:]
        elif parent.delimiter:
            char = parent.delimiter[:1]
            if char in PUNCT_OR_SPACE and char == child.suffix[-1:]:
                child.suffix = child.suffix[:-1]
        else:
            sibling = parent.blobs[i + 1]
            char = child.suffix[-1:]
            if (
                not child_is_number
                and not child_decorations
                and char
                and char in PUNCT_OR_SPACE
                and char == sibling.prefix[:1]
            ):
                sibling.prefix = sibling.prefix[1:]
        if (
            not child_is_number
            and not child_decorations
            and child.suffix[:1]
            and child.suffix[:1] in PUNCT
            and isinstance(child.blobs, str)
        ):
            _merge_chars(child, "blobs", child, "suffix")
        _downward(child, punct_in_quote)


def _swap_to_the_left(child: Blob) -> None:
    char = child.suffix[:1]
    if isinstance(child.blobs, str):
        while char and char in SWAP_IN:
            before = (child.blobs, child.suffix)
            _merge_chars(child, "blobs", child, "suffix")
            char = child.suffix[:1]
            if before == (child.blobs, child.suffix):
                break
    elif child.blobs:
        while char and char in SWAP_IN:
            previous = child.suffix
            _merge_chars(child.blobs[-1], "suffix", child, "suffix")
            char = child.suffix[:1]
            if previous == child.suffix:
                break


def _swap_to_the_right(child: Blob) -> None:
    if isinstance(child.blobs, str):
        char = child.blobs[-1:]
        while char and char in SWAP_OUT:
            _merge_chars(child, "blobs", child, "suffix", True)
            char = child.blobs[-1:]
    elif child.blobs:
        char = child.blobs[-1].suffix[-1:]
        while char and char in SWAP_OUT:
            _merge_chars(child.blobs[-1], "suffix", child, "suffix", True)
            char = child.blobs[-1].suffix[-1:]


def _fix(parent: Blob, punct_in_quote: bool) -> None:
    if not isinstance(parent.blobs, list):
        return
    for child in parent.blobs:
        if any(n == "@quotes" and v != "false" for n, v in child.decorations):
            if punct_in_quote:
                _swap_to_the_left(child)
            else:
                _swap_to_the_right(child)
        _fix(child, punct_in_quote)


def _purge_empty(parent: Blob) -> None:
    """Nodes left empty (a name list replaced by an empty subsequent-author-substitute) go
    before the passes, so that they do not stand between punctuation and its neighbours."""
    if not isinstance(parent.blobs, list):
        return
    for child in parent.blobs:
        _purge_empty(child)
    parent.blobs = [child for child in parent.blobs if child.blobs]


def adjust(root: Blob, punct_in_quote: bool) -> None:
    """citeproc-js's punctuation passes, in its order, after empty nodes are dropped."""
    _purge_empty(root)
    _upward(root)
    _leftward(root)
    _downward(root, punct_in_quote)
    _fix(root, punct_in_quote)


# -- serialisation ---------------------------------------------------------------------------
Decorate = Callable[[str, str, str], str]


def _text_decorate(name: str, value: str, text: str) -> str:
    return text + " " if (name, value) == ("@display", "left-margin") else text


#: Where CSL's ``display`` attribute puts a block, as citeproc-js's HTML marks it.
#: Laid out on lines as citeproc-js lays them out (before, after).
_HTML_DISPLAY = {
    "block": ("\n\n    ", "\n"),
    "left-margin": ("\n    ", ""),
    "right-inline": ("", "\n  "),
    "indent": ("", "\n  "),
}


def _html_escape(text: str) -> str:
    """Escape as citeproc-js does (numeric entities, a double space as no-break space and
    space, superscript characters as <sup>), so HTML output compares byte for byte."""
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    return as_sup(text.replace("  ", "\u00a0 "))


def _html_decorate(name: str, value: str, text: str) -> str:
    if name == "@display" and value in _HTML_DISPLAY:
        before, after = _HTML_DISPLAY[value]
        return f'{before}<div class="csl-{value}">{text}</div>{after}'
    tags = {
        ("@font-style", "italic"): ("<i>", "</i>"),
        ("@font-style", "oblique"): ("<em>", "</em>"),
        ("@font-style", "normal"): ('<span style="font-style:normal;">', "</span>"),
        ("@font-weight", "normal"): ('<span style="font-weight:normal;">', "</span>"),
        ("@font-variant", "normal"): ('<span style="font-variant:normal;">', "</span>"),
        ("@font-weight", "bold"): ("<b>", "</b>"),
        ("@font-variant", "small-caps"): ('<span style="font-variant:small-caps;">', "</span>"),
        ("@text-decoration", "underline"): ('<span style="text-decoration:underline;">', "</span>"),
        ("@text-decoration", "none"): ('<span style="text-decoration:none;">', "</span>"),
        ("@vertical-align", "baseline"): ('<span style="baseline">', "</span>"),
        ("@vertical-align", "sup"): ("<sup>", "</sup>"),
        ("@vertical-align", "sub"): ("<sub>", "</sub>"),
    }
    open_, close = tags.get((name, value), ("", ""))
    return f"{open_}{text}{close}" if open_ else text


def _markdown_decorate(name: str, value: str, text: str) -> str:
    if (name, value) == ("@display", "left-margin"):
        return text + " "
    if not text.strip():
        return text
    if (name, value) in (("@font-style", "italic"), ("@font-style", "oblique")):
        return f"*{text}*"
    if (name, value) == ("@font-weight", "bold"):
        return f"**{text}**"
    if (name, value) == ("@vertical-align", "sup"):
        return f"^{text}^"
    return text


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


FORMATS: dict[str, tuple[Callable[[str], str], Decorate]] = {
    "text": (lambda s: s, _text_decorate),
    "html": (_html_escape, _html_decorate),
    "markdown": (_md_escape, _markdown_decorate),
}


#: Font decorations that markup in the data flips: italic within italic prints upright.
_FONTS = ("@font-style", "@font-variant", "@font-weight")


def _resolved(node: Blob, nearest: dict[str, str]) -> list[tuple[str, str]]:
    """The node's decorations with those written in the data resolved as citeproc-js's
    flip-flopper resolves them: against the nearest enclosing decoration of the same kind."""
    if not node.markup:
        return node.decorations
    out: list[tuple[str, str]] = []
    for name, value in node.decorations:
        if name == "@nodecor":  # every font decoration in force goes back to normal
            out.extend((font, "normal") for font in _FONTS if font in nearest)
            continue
        around = nearest.get(name)
        if around is not None:
            if name in _FONTS:
                value = value if around == "normal" else "normal"
            elif name == "@quotes":
                value = "inner" if around == "true" else "true"
        out.append((name, value))
    return out


def serialise(blob: Blob, fmt: str, quotes: tuple[str, str, str, str]) -> str:
    """The blob as a string in ``fmt``; quotes = (open, close, open-inner, close-inner)."""
    escape, decorate = FORMATS[fmt]

    def walk(node: Blob, nearest: dict[str, str], raised: frozenset[str]) -> str:
        decorations = _resolved(node, nearest)
        if decorations:
            nearest = {**nearest, **dict(decorations)}
            raised = raised | {n for n, v in decorations if v != "normal"}
        if isinstance(node.blobs, str):
            body = escape(node.blobs)
        else:
            parts = [walk(child, nearest, raised) for child in node.blobs]
            body = escape(node.delimiter).join(p for p in parts if p)
        if not body:
            return ""
        display = ""
        for name, value in decorations:
            if name == "@quotes":
                if value == "true":
                    body = f"{escape(quotes[0])}{body}{escape(quotes[1])}"
                elif value == "inner":
                    body = f"{escape(quotes[2])}{body}{escape(quotes[3])}"
            elif name == "@display":
                display = value  # a display block holds the element's affixes too
            elif value != "normal" or name in raised:  # "normal" only undoes something
                body = decorate(name, value, body)
        body = escape(node.prefix) + body + escape(node.suffix)
        return decorate("@display", display, body) if display else body

    return walk(blob, {}, frozenset())


def plain_text(blob: Blob, skip_et_al: bool = False) -> str:
    if skip_et_al and blob.is_et_al:
        return ""
    if isinstance(blob.blobs, str):
        return blob.prefix + blob.blobs + blob.suffix
    inner = blob.delimiter.join(t for t in (plain_text(b, skip_et_al) for b in blob.blobs) if t)
    return blob.prefix + inner + blob.suffix if inner else ""


def first_names(blob: Blob) -> Blob | None:
    if blob.is_names:
        return blob
    if isinstance(blob.blobs, list):
        for child in blob.blobs:
            found = first_names(child)
            if found is not None:
                return found
    return None
