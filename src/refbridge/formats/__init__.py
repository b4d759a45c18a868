"""Bibliographic file formats: BibTeX/BibLaTeX, CSL-JSON and RIS, both ways.

Each format module offers ``loads(text, source) -> LoadResult`` and ``dumps(refs, **opts)``.
They are registered in :data:`REGISTRY` by name and file suffix, so :func:`load` and
:func:`dump` pick one from a path or a name, and a user can plug in another format::

    refbridge.formats.REGISTRY.register("myfmt", Format("myfmt", loads, dumps), suffixes=(".my",))

Reading is lenient: a block that cannot become a record is a located
:class:`~refbridge.model.Failure` in :attr:`LoadResult.failures`, and the rest is read.
Problems that lose nothing (a duplicate key, a record with no end tag) are
:attr:`LoadResult.warnings`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._registry import Registry
from ..errors import FormatError, Location
from ..model import Failure, Reference
from ..readers import read_file_bytes
from ..readers.text import decode_bytes

__all__ = [
    "REGISTRY",
    "Format",
    "LoadResult",
    "check_content",
    "decode_bytes",
    "detect_format",
    "dump",
    "format_names",
    "load",
    "loads",
    "read_text",
]


@attrs.frozen
class LoadResult:
    """What a reader got from a file: the records, the blocks it could not read, and notices."""

    references: list[Reference] = attrs.field(factory=list)
    failures: list[Failure] = attrs.field(factory=list)
    warnings: list[Failure] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        """True when every block became a record."""
        return not self.failures


@attrs.frozen
class Format:
    """One registered format: a reader of text and a writer of records."""

    name: str
    loads: Callable[..., LoadResult]
    dumps: Callable[..., str]
    options: dict[str, Any] = attrs.field(factory=dict)  # passed to dumps, e.g. a dialect


REGISTRY: Registry[Format] = Registry(
    "bibliographic format",
    builtin_modules=tuple(f"{__name__}.{name}" for name in ("bibtex", "csljson", "ris")),
)


def format_names() -> list[str]:
    """The registered format names, built-in ones included."""
    return REGISTRY.names()


def detect_format(path: str | Path, head: str = "") -> str:
    """The format name for ``path``: by suffix, else by sniffing ``head`` (the file's start)."""
    name = REGISTRY.name_for_suffix(Path(path).suffix) or REGISTRY.sniff(
        head.lstrip("\ufeff").encode("utf-8")[:4096]
    )
    if name is None:
        known = ", ".join(REGISTRY.names())
        raise FormatError(
            f"cannot tell the bibliographic format; name it (one of: {known})",
            location=Location(str(path)),
        )
    return name


def _get(name: str) -> Format:
    return REGISTRY.get(name)  # an unknown name: UnknownNameError, listing the known ones


def loads(text: str, format: str, source: str = "<input>") -> LoadResult:
    """Read records from ``text`` in the named format."""
    return _get(format).loads(text, source=source)


def load(path: str | Path, format: str | None = None, *, encoding: str = "utf-8") -> LoadResult:
    """Read the file at ``path``; the format is named or detected from suffix and content.

    Files are UTF-8 (a BOM is fine); name another ``encoding`` (``cp1251``, ``latin-1``)
    for older files. A file whose content is not what its suffix says (CSL-JSON in a
    ``.bib``), or that has text but no record at all, is a :class:`FormatError`.
    """
    path = Path(path)
    return read_text(decode_bytes(read_file_bytes(path), encoding, str(path)), format, str(path))


def read_text(text: str, format: str | None, source: str) -> LoadResult:
    """Records from the text of file ``source``, the format named or detected; detected, it
    must match the content, and a file with text but no record is an error."""
    name = format or detect_format(source, text[:4096])
    if format is None:
        check_content(name, text, source)
    result = loads(text, name, source)
    if format is None and text.strip() and not (result.references or result.failures):
        raise FormatError(f"no {name} record in this file", location=Location(source))
    return result


def _reader(name: str) -> Callable[..., LoadResult]:
    """The function behind a format's ``loads`` (dialects share one)."""
    function = _get(name).loads
    return getattr(function, "func", function)


def check_content(name: str, text: str, source: str) -> None:
    """Refuse a file whose content another format's sniffer claims (JSON in ``x.bib``)."""
    sniffed = REGISTRY.sniff(text[:4096].lstrip("\ufeff").encode("utf-8"))
    if sniffed is not None and _reader(sniffed) is not _reader(name):
        raise FormatError(
            f"the suffix says {name}, but the content is {sniffed}; rename the file "
            "or name its format",
            location=Location(source),
        )


def dump(refs: Sequence[Reference], format: str, **opts: Any) -> str:
    """Records as text in the named format (``bibtex``, ``biblatex``, ``csljson``, ``ris``)."""
    fmt = _get(format)
    return fmt.dumps(refs, **{**fmt.options, **opts})
