"""Reading CSL XML (styles, locales) so that every error names the file and the line."""

from __future__ import annotations

from xml.etree import ElementTree as ET
from xml.parsers import expat

from ..errors import InputError


def parse_located(xml: str | bytes, source: str, what: str) -> tuple[ET.Element, dict[int, int]]:
    """The XML tree and the line each element starts on (by ``id``), so that errors found after
    parsing can name it; XML that is not well-formed names the source, line and column."""
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(_qualified(tag), {_qualified(k): v for k, v in attrs.items()})
        lines[id(element)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_qualified(tag))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise InputError(
            f"{source}, line {exc.lineno}, column {exc.offset + 1}: not well-formed {what} XML: "
            f"{expat.ErrorString(exc.code)}"
        ) from exc
    return builder.close(), lines


def _qualified(name: str) -> str:
    """expat's "namespace}name" as ElementTree spells it: "{namespace}name"."""
    return "{" + name if "}" in name else name
