"""One exception tree for the whole package.

::

    RefbridgeError                                     also a builtin:
    ├── InputError          a file we cannot read          OSError, ValueError
    │   └── MissingExtraError   an optional dependency is not installed; names the pip extra
    ├── ParseError          a reference string or block    ValueError
    ├── FormatError         BibTeX / CSL-JSON / RIS        ValueError
    ├── DoiError            a malformed or unresolvable    ValueError
    │   │                   DOI (``.doi``)
    │   └── NetworkError    an HTTP failure after retries  + ConnectionError
    │                       (``.url``, ``.status_code``)
    ├── StoreError          the library file is unusable   OSError
    ├── ConflictError       data that contradicts the      ValueError
    │                       library (fail fast in the API)
    └── UnknownNameError    a style, scheme, segmenter,    KeyError, ValueError
                            format, reader or locale name
                            that is not known; lists the known ones

Each also subclasses the nearest builtin, so code that already catches ``ValueError`` or
``OSError`` (or ``KeyError`` for a registry lookup) keeps working.

Every error may carry a :class:`Location` so the message names the file, line and entry.
Lenient readers do not raise for one bad entry: they return a :class:`~refbridge.model.Failure`
and go on.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


@attrs.frozen
class Location:
    """Where something is: a file (or ``<stdin>``), a 1-based line, and an entry index.

    ``entry`` is the 0-based index a program uses; messages show it 1-based ("entry 1" is
    the first entry), as people count and as line numbers already are.
    """

    source: str = ""
    line: int | None = None
    entry: int | None = None

    def __str__(self) -> str:
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.entry is not None:
            parts.append(f"entry {self.entry + 1}")
        return ", ".join(parts)


class RefbridgeError(Exception):
    """Base of every error refbridge raises on purpose."""

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class InputError(RefbridgeError, OSError, ValueError):
    """An input we cannot read at all: missing, a folder, unreadable, binary, corrupt."""


class MissingExtraError(InputError):
    """An optional dependency is missing; the message says exactly what to install."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(
            f"{feature} needs the optional package {module!r}: pip install 'refbridge[{extra}]'"
        )


class ParseError(RefbridgeError, ValueError):
    """A reference string or a block of a file that cannot become a record."""


class FormatError(RefbridgeError, ValueError):
    """A bibliographic file format we cannot read or write."""


class DoiError(RefbridgeError, ValueError):
    """A DOI-level failure; ``.doi`` is the DOI as given."""

    def __init__(self, message: str, *, doi: str = "", location: Location | None = None) -> None:
        self.doi = doi
        super().__init__(message, location=location)


class NetworkError(DoiError, ConnectionError):
    """An HTTP exchange that failed after the client's retries."""

    def __init__(
        self,
        message: str,
        *,
        url: str = "",
        status_code: int | None = None,
        doi: str = "",
    ) -> None:
        self.url = url
        self.status_code = status_code
        super().__init__(message, doi=doi)


class RegistryError(DoiError):
    """A registry answered, but not in the shape its API documents (``[]``, ``null``, a
    year of ``"20x9"``…): the DOI gets an ``error`` verdict naming what was wrong."""

    def __init__(self, message: str, *, url: str = "", doi: str = "") -> None:
        self.url = url
        super().__init__(message, doi=doi)


class StoreError(RefbridgeError, OSError):
    """The library store is unusable (wrong schema, locked, corrupt)."""


class ConflictError(RefbridgeError, ValueError):
    """Data added through the API contradicts what is already there."""


class UnknownNameError(RefbridgeError, KeyError, ValueError):
    """A name (style, scheme, segmenter, format, reader, locale) that is not known.

    Every lookup by name raises this one type, whose message lists the known names; ``kind``,
    ``name`` and ``known`` are kept for programs.
    """

    def __init__(self, kind: str, name: str, known: Iterable[str], *, hint: str = "") -> None:
        self.kind = kind
        self.name = name
        self.known = tuple(known)
        listed = ", ".join(self.known) or "none"
        super().__init__(f"unknown {kind} {name!r}{hint}; known: {listed}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
