"""LaTeX in BibTeX values: decoding what we read, escaping what we write.

Decoding is bibtexparser's decoder (pylatexenc, the one its ``LatexDecodingMiddleware``
builds) plus the text-mode escapes our writer uses; values with the usual markup only are
decoded directly, which gives the same text several times faster. Escaping leaves Unicode
alone — Cyrillic stays Cyrillic, never ``{\\CYRA}`` — and escapes only what LaTeX gives a
meaning to, so ``decode(escape(text)) == text`` for any text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence

from pylatexenc import latex2text, latexwalker
from pylatexenc.latexencode import unicode_to_latex

__all__ = ["decode", "escape", "for_pdflatex", "is_balanced", "is_one_group", "protect_case"]


def _build_decoder() -> latex2text.LatexNodes2Text:
    """bibtexparser's LaTeX decoder, plus the text-mode escapes our writer uses."""
    context = latex2text.get_default_latex_context_db()
    context.add_context_category(
        "refbridge-bibtex",
        prepend=True,
        macros=[
            latex2text.MacroTextSpec("url", simplify_repl="%s"),
            latex2text.MacroTextSpec("textbraceleft", "{"),
            latex2text.MacroTextSpec("textbraceright", "}"),
            latex2text.MacroTextSpec("textasciitilde", "~"),
            latex2text.MacroTextSpec("textasciicircum", "^"),
            latex2text.MacroTextSpec("textbackslash", "\\"),
        ],
    )
    return latex2text.LatexNodes2Text(
        latex_context=context, keep_braced_groups=False, math_mode="verbatim"
    )


DECODER = _build_decoder()
WALKER_CONTEXT = latexwalker.get_default_latex_context_db()  # built once, not per value
_MARKUP = re.compile(r"[\\{}$%&~^#_]|--|``|''|[?!]`")


# The LaTeX of typical values — case-protecting braces, \& \% \$ \# \_, dash and quote
# ligatures, ~ — decoded without pylatexenc (5x faster), exactly as pylatexenc decodes it
# (a property test checks the two agree). Anything else goes to pylatexenc.
_SIMPLE_TOKEN = re.compile(r"---|--|``|''|[?!]`|\\[&%$#_]|[{}~]|[^\\{}~`'?!$%^&#_-]+|[-`'?!]")
_SIMPLE_TEXT = {
    "---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "?`": "\u00bf",
    "!`": "\u00a1", "{": "", "}": "", "~": "\u00a0",
}  # fmt: skip


def decode_simple(value: str) -> str | None:
    """``value`` decoded if it uses only the simple LaTeX above, else None."""
    pieces, end = [], 0
    for match in _SIMPLE_TOKEN.finditer(value):
        if match.start() != end:
            return None
        token = match.group()
        pieces.append(_SIMPLE_TEXT.get(token, token[1:] if token[0] == "\\" else token))
        end = match.end()
    return "".join(pieces) if end == len(value) else None


def decode(value: str) -> str:
    """The text a LaTeX value stands for: ``M{\\"u}ller`` -> ``Müller``, ``\\&`` -> ``&``."""
    if not _MARKUP.search(value):  # plain text (most values): nothing to decode
        return value
    simple = decode_simple(value)
    if simple is not None:
        return simple
    return str(DECODER.latex_to_text(value, latex_context=WALKER_CONTEXT))


_ESCAPES = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
_SPECIAL = re.compile(r"[\\{}~^&%$#_]|-(?=-)|`(?=`)|'(?=')|[?!](?=`)")


def escape(text: str) -> str:
    """Plain Unicode text as LaTeX that decodes back to exactly ``text`` (UTF-8 untouched)."""
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(), m.group() + "{}"), text)


# What pdflatex reads from UTF-8 (inputenc) with T1 and T2A fonts: ASCII, Latin-1 and
# Latin Extended-A, Cyrillic, typographic quotes and dashes, the numero sign.
_PDFLATEX_READS = re.compile(
    r"[\x00-\x7f\u00a0-\u017f\u0400-\u04ff\u2013\u2014\u2018-\u201e\u2116]"
)


def for_pdflatex(value: str) -> str:
    """LaTeX ``value`` with each character pdflatex cannot read from UTF-8 spelled as a
    command (``β`` -> ``\\ensuremath{\\beta}``): classic BibTeX files go to pdflatex."""
    if value.isascii():
        return value
    return "".join(c if _PDFLATEX_READS.match(c) else _spelled(c) for c in value)


logging.getLogger("pylatexenc").addHandler(logging.NullHandler())  # _spelled says it itself


def _spelled(char: str) -> str:
    """One character as LaTeX: its own command, else its compatibility form's (``𝛾`` is
    ``γ``), else its code point shown (``U+1D6FE``): never a character pdflatex stops on."""
    for form in (char, unicodedata.normalize("NFKC", char)):
        spelled = unicode_to_latex(form, non_ascii_only=True, unknown_char_policy="unihex")
        if "U+" not in spelled:
            return spelled
    return unicode_to_latex(char, non_ascii_only=True, unknown_char_policy="unihex")


def protect_case(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escape ``text`` and brace the ``spans`` a style must not re-case (DNA, iPhone, РФ)."""
    out, end = [], 0
    for start, stop in spans:
        out += [escape(text[end:start]), "{" + escape(text[start:stop]) + "}"]
        end = stop
    return "".join([*out, escape(text[end:])])


def is_one_group(value: str) -> bool:
    """True when ``value`` is a single brace group: ``{The President of Russia}``."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and i < len(value) - 1:
            return False
    return depth == 0


def is_balanced(value: str) -> bool:
    """True when every brace in ``value`` closes (BibTeX counts braces, escaped or not)."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
