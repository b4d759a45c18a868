"""CSL text-case transforms, with citeproc-js's English title-case rules."""

from __future__ import annotations

import re

# citeproc-js's CSL.SKIP_WORDS: words title case leaves in lower case inside a title.
STOP_WORDS = frozenset(
    """about above across afore after against al along alongside amid amidst among amongst anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath
    beside besides between beyond but by circa despite down during et except for forenenst from
    given in inside into lest like modulo near next notwithstanding of off on onto out over per
    plus pro qua sans since than through thru throughout thruout till to toward towards under
    underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or yet so
    and nor a an the de d' von van c ca""".split()
)
_WORD = re.compile(r"[^\s\-–—/]+|[\s\-–—/]+")


def _capitalize(word: str) -> str:
    """Upper-case the first letter, unless the word starts with a digit ("21st")."""
    for i, char in enumerate(word):
        if char.isalpha():
            return word[:i] + char.upper() + word[i + 1 :]
        if char.isdigit():
            return word
    return word


def title_case(text: str) -> str:
    """English title case: lower-case words capitalised except stop words mid-title."""
    out: list[str] = []
    pieces = _WORD.findall(text)
    words = [i for i, p in enumerate(pieces) if not p[0].isspace() and p[0] not in "-–—/"]
    first = words[0] if words else -1
    last = words[-1] if words else -1
    after_colon = False
    for i, piece in enumerate(pieces):
        if i not in (first, last) and not piece[0].isalnum() and piece[0] not in "'\"“‘«(":
            out.append(piece)
            continue
        if piece[0].isspace() or piece[0] in "-–—/":
            out.append(piece)
            continue
        bare = piece.strip("\"'“”‘’«»()[].,:;!?")
        if piece == piece.lower() and (
            i == first
            or (i == last and len(bare) > 1 and bare == piece)
            or after_colon
            or bare.lower() not in STOP_WORDS
        ):
            piece = _capitalize(piece)
        out.append(piece)
        after_colon = piece.endswith((":", "?", "!"))
    return "".join(out)


def capitalize_first(text: str) -> str:
    return _capitalize(text) if text else text


def capitalize_all(text: str) -> str:
    return " ".join(_capitalize(w) for w in text.split(" "))


def sentence_case(text: str) -> str:
    if text.isupper():
        text = text.lower()
    return capitalize_first(text)


def apply(case: str, text: str, english: bool = True) -> str:
    if case == "lowercase":
        return text.lower()
    if case == "uppercase":
        return text.upper()
    if case == "capitalize-first":
        return capitalize_first(text)
    if case == "capitalize-all":
        return capitalize_all(text)
    if case == "sentence":
        return sentence_case(text)
    if case == "title":
        return title_case(text) if english else text
    return text
