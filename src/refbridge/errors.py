"""One exception tree for the whole package.

::

    RefbridgeError
    ├── InputError          a file we cannot read (binary, bad encoding, corrupt)
    │   └── MissingExtraError   an optional dependency is not installed; names the pip extra
    ├── ParseError          a reference string or a file block we cannot turn into a record
    ├── FormatError         BibTeX / CSL-JSON / RIS we cannot read or write
    ├── DoiError            a DOI that is malformed or cannot be resolved (``.doi``)
    │   └── NetworkError    an HTTP failure after retries (``.url``, ``.status_code``)
    ├── StoreError          the library file is unusable or a write conflicts
    └── ConflictError       adding data that contradicts what is there (fail fast through the API)

Every error may carry a :class:`Location` so the message names the file, line and entry.
Lenient readers do not raise for one bad entry: they return a :class:`~refbridge.model.Failure`
and go on.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Location:
    """Where something is: a file (or ``<stdin>``), a 1-based line, and an entry index."""

    source: str = ""
    line: int | None = None
    entry: int | None = None

    def __str__(self) -> str:
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.entry is not None:
            parts.append(f"entry {self.entry}")
        return ", ".join(parts)


class RefbridgeError(Exception):
    """Base of every error refbridge raises on purpose."""

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class InputError(RefbridgeError):
    """An input we cannot read at all."""


class MissingExtraError(InputError):
    """An optional dependency is missing; the message says exactly what to install."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(
            f"{feature} needs the optional package {module!r}: pip install 'refbridge[{extra}]'"
        )


class ParseError(RefbridgeError):
    """A reference string or a block of a file that cannot become a record."""


class FormatError(RefbridgeError):
    """A bibliographic file format we cannot read or write."""


class DoiError(RefbridgeError):
    """A DOI-level failure; ``.doi`` is the DOI as given."""

    def __init__(self, message: str, *, doi: str = "", location: Location | None = None) -> None:
        self.doi = doi
        super().__init__(message, location=location)


class NetworkError(DoiError):
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


class StoreError(RefbridgeError):
    """The library store is unusable (wrong schema, locked, corrupt)."""


class ConflictError(RefbridgeError):
    """Data added through the API contradicts what is already there."""
