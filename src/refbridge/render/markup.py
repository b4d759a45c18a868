"""Rich text inside CSL-JSON values: the HTML-like markup citeproc-js honours.

Titles and names in CSL-JSON may carry ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span class="nocase">`` (keep this text's case whatever the style's text-case says),
``<span class="nodecor">`` (no formatting) and ``<span style="font-variant:small-caps;">`` (or
``<sc>``). They become output nodes with decorations, so a species name stays italic inside an
italic book title (printed upright there: the "flip-flop" of
:func:`refbridge.render.output.serialise`) and an acronym keeps its capitals under sentence case.
Tags that do not pair up are kept as text, as citeproc-js keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .output import Blob

#: Opening tag → the decoration it stands for.
TAGS = {
    "<i>": ("@font-style", "italic"),
    "<b>": ("@font-weight", "bold"),
    "<sup>": ("@vertical-align", "sup"),
    "<sub>": ("@vertical-align", "sub"),
    "<sc>": ("@font-variant", "small-caps"),
    '<span class="nocase">': ("@nocase", "true"),
    '<span class="nodecor">': ("@nodecor", "true"),
    '<span style="font-variant:small-caps;">': ("@font-variant", "small-caps"),
    '<span style="font-variant: small-caps;">': ("@font-variant", "small-caps"),
}
_CLOSE = {"<i>": "</i>", "<b>": "</b>", "<sup>": "</sup>", "<sub>": "</sub>", "<sc>": "</sc>"}
_TOKEN = re.compile(
    "|".join(re.escape(t) for t in sorted(TAGS, key=len, reverse=True))
    + r"|</i>|</b>|</sup>|</sub>|</sc>|</span>"
)


def has_markup(text: str) -> bool:
    return "<" in text and _TOKEN.search(text) is not None


def _pairs(text: str) -> dict[int, int]:
    """Start offset of each opening tag → start offset of its closing tag (paired ones only)."""
    stack: list[tuple[str, int]] = []
    pairs: dict[int, int] = {}
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in TAGS:
            stack.append((token, match.start()))
            continue
        # a closer pairs with the innermost opener of its kind; unpaired closers stay text
        for depth in range(len(stack) - 1, -1, -1):
            opener, start = stack[depth]
            if _CLOSE.get(opener, "</span>") == token:
                pairs[start] = match.start()
                del stack[depth:]
                break
    return pairs


def parse(text: str, case: Callable[[str], str] | None = None) -> list[Blob]:
    """``text`` as output nodes; ``case`` (a text-case transform) skips nocase spans."""
    pairs = _pairs(text)
    segments: list[tuple[str, bool]] = []  # (text, protected) in document order

    def build(start: int, end: int, protected: bool) -> list[Blob]:
        out: list[Blob] = []
        position = start
        for match in _TOKEN.finditer(text, start, end):
            if match.start() < position or match.start() not in pairs:
                continue
            if match.start() > position:
                out.append(_text(text[position : match.start()], protected))
            close = pairs[match.start()]
            decoration = TAGS[match.group(0)]
            inner = build(match.end(), close, protected or decoration[0] == "@nocase")
            out.append(Blob(inner, decorations=[decoration]))
            position = close + len(
                "</span>" if match.group(0).startswith("<span") else _CLOSE[match.group(0)]
            )
        if position < end:
            out.append(_text(text[position:end], protected))
        return out

    def _text(piece: str, protected: bool) -> Blob:
        segments.append((piece, protected))
        return Blob(piece)

    blobs = build(0, len(text), False)
    if case is not None:
        _apply_case(blobs, segments, case)
    return blobs


def _apply_case(
    blobs: list[Blob], segments: list[tuple[str, bool]], case: Callable[[str], str]
) -> None:
    """Case the whole text at once (title case needs the word positions), then put protected
    segments back as they were."""
    plain = "".join(piece for piece, _ in segments)
    cased = case(plain)
    if len(cased) != len(plain):  # a length-changing case map (ß → SS): case piece by piece
        pieces = [piece if protected else case(piece) for piece, protected in segments]
    else:
        pieces, offset = [], 0
        for piece, protected in segments:
            pieces.append(piece if protected else cased[offset : offset + len(piece)])
            offset += len(piece)
    leaves = iter(pieces)

    def walk(nodes: list[Blob]) -> None:
        for node in nodes:
            if isinstance(node.blobs, str):
                node.blobs = next(leaves)
            else:
                walk(node.blobs)

    walk(blobs)
