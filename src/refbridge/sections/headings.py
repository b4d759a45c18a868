"""Reference-list headings ("References", "Список литературы", "7. Bibliography") and the
headings that end a list."""

from __future__ import annotations

import re

from ..textutil import fold, strip_markdown

_HEADING_KEYS = frozenset(
    fold(h)
    for h in """references|reference|reference list|list of references|references cited|
    cited references|bibliography|bibliographic references|bibliographical references|
    literature|literature cited|cited literature|references and notes|notes and references|
    works cited|sources|list of sources|sources and literature|sources and references|
    literature and sources|список литературы|литература|библиографический список|
    библиография|источники|список источников|список использованных источников|
    список использованной литературы|использованная литература|использованные источники|
    список использованных источников и литературы|источники и литература|
    литература и источники|список цитируемой литературы|цитируемая литература|
    библиографические ссылки|пристатейный список литературы|список литературы и источников|
    ссылки|список ссылок|литературные ссылки|ссылки на литературу|ссылки на источники|
    список литературных источников|литературные источники|библиографический список литературы|
    әдебиеттер|әдебиеттер тізімі|пайдаланылған әдебиеттер|пайдаланылған әдебиеттер тізімі|
    колданылган адебиеттер|пайдаланылган адебиеттер|адебиеттер|адебиеттер тiзiмi""".split("|")
)
_HEADING_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:[*_]{1,3})?\s*")
_HEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.|[A-ZА-Я]\.|§\s?\d{1,2}\.?)\s+(?=\S)"
)
_HEADING_TRAILER = re.compile(r"[\s*_:.]+$")
_PARENTHETICAL = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$")
_HEADING_SEPARATOR = re.compile(r"\s*[/|]\s*")
_MAX_HEADING = 90


def heading_name(line: str) -> str | None:
    """The heading as printed ("Список литературы") if ``line`` is a reference-list heading."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    text = _HEADING_MARKUP.sub("", text)
    text = _HEADING_NUMBER.sub("", text)
    text = _HEADING_TRAILER.sub("", text).strip()
    if not text:
        return None
    core = _PARENTHETICAL.sub("", text)
    parts = [p for p in _HEADING_SEPARATOR.split(core) if p]
    if parts and all(fold(strip_markdown(p)) in _HEADING_KEYS for p in parts):
        return text
    return None


def is_other_heading(line: str) -> bool:
    """A Markdown ``#`` heading or a whole-line bold heading: the end of any list."""
    text = line.strip()
    if text.startswith("#"):
        return bool(re.match(r"#{1,6}\s", text))
    return bool(re.fullmatch(r"(\*\*|__)[^*_]{1,120}\1:?", text))


def markdown_level(line: str) -> int:
    """1-6 for a Markdown ``#`` heading, 0 for anything else."""
    match = re.match(r"\s*(#{1,6})\s", line)
    return len(match.group(1)) if match else 0
