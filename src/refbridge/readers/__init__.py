"""Readers turn a file into a :class:`~refbridge.model.Document` (lines of text in reading order).

Each format is one module that registers itself in :data:`REGISTRY` with its suffixes and a
content sniffer. :func:`read_document` picks the reader by explicit name, then by content
sniffing (a ``.txt`` that is really HTML is read as HTML), then by suffix, then plain text.
A reader signature is ``reader(data: bytes, source: str) -> Document``; it raises
:class:`~refbridge.errors.InputError` (naming ``source``) for input it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .._registry import Registry
from ..errors import InputError, Location
from ..model import Document

Reader = Callable[[bytes, str], Document]

# Modules that register built-in readers on import. Heavy dependencies (PDF, DOCX) are
# imported inside their reader functions, so importing these modules is cheap.
REGISTRY: Registry[Reader] = Registry(
    "reader",
    builtin_modules=tuple(f"{__name__}.{name}" for name in ("text", "html", "pdf", "docx", "jats")),
)


def read_bytes(data: bytes, source: str = "<input>", format: str | None = None) -> Document:
    """Read a document from bytes; ``format`` is a registered reader name or None to detect."""
    name = format or REGISTRY.sniff(data[:4096]) or REGISTRY.name_for_suffix(Path(source).suffix)
    return REGISTRY.get(name or "text")(data, source)


def read_document(path: str | Path, format: str | None = None) -> Document:
    """Read the file at ``path`` into a Document."""
    return read_bytes(read_file_bytes(path), str(path), format)


#: The largest input file read (a device like /dev/zero or a runaway file never ends otherwise).
MAX_FILE_BYTES = 1 << 28  # 256 MB: far past any article, bibliography or book PDF


def read_file_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file, or an InputError naming it (missing, a folder, no permission,
    larger than ``limit`` bytes)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"cannot read file: {exc.strerror or exc}", location=Location(str(path))
        ) from exc
    if len(data) > limit:
        raise InputError(
            f"file is larger than {limit >> 20} MB: not read", location=Location(str(path))
        )
    return data


__all__ = ["REGISTRY", "Reader", "read_bytes", "read_document", "read_file_bytes"]
