"""The shapes of the registries' JSON answers, checked where the answers come in.

A registry can answer 200 with anything: ``[]``, ``null``, ``{"message": "oops"}``, an
author that is a number, a year of ``"20x9"``. Each answer is checked against the shape its
API documents before any converter reads it, so a malformed answer becomes one
:class:`~refbridge.errors.RegistryError` naming the service, the field and the value, and
never a ``TypeError`` deep inside a converter that would take the whole run down with it.

A :class:`Shape` names the service and gives the shape as plain data: a ``dict`` is an
object whose listed keys are checked when present (:class:`Required` marks keys that must
be there), ``[shape]`` a list of that shape, a type or tuple of types a scalar,
:class:`AnyOf` alternatives, a compiled pattern a string that must match it, :class:`MapOf`
an object with free keys. Keys the shapes do not list are not looked at: they are never
read. The client checks a 2xx answer before caching it, so a malformed answer is never
served again from the cache.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import RegistryError

__all__ = [
    "CROSSREF_LIST",
    "CROSSREF_WORK",
    "CSL_ITEM",
    "DATACITE_DOI",
    "HANDLE",
    "RA",
    "Shape",
    "checked",
]


@attrs.frozen
class Shape:
    """A documented answer: the service that sends it (for messages) and its shape."""

    service: str
    spec: Any


@attrs.frozen
class Required:
    """A key that must be present (and not null)."""

    shape: Any


@attrs.frozen
class AnyOf:
    options: tuple[Any, ...]


@attrs.frozen
class MapOf:
    """An object with free keys, every value of this shape."""

    shape: Any


_NUMERIC = re.compile(r"^\s*-?\d{1,9}\s*$")
_SCALAR = (str, int, float)
_TEXTS = AnyOf((str, [_SCALAR]))
_NUMBER = AnyOf((int, _NUMERIC))
_DATE = {"date-parts": [[AnyOf((_NUMBER, type(None)))]]}
_NAME = {"family": str, "given": str, "name": str, "literal": str}
_WORK_FIELDS: dict[str, Any] = {
    "type": str,
    **{key: _TEXTS for key in ("title", "subtitle", "container-title", "short-container-title")},
    **{key: _TEXTS for key in ("original-title", "ISBN", "ISSN")},
    **{key: _SCALAR for key in ("volume", "issue", "page", "publisher", "language", "URL")},
    "DOI": str,
    "publisher-location": str,
    **{role: [_NAME] for role in ("author", "editor", "translator")},
    **{key: _DATE for key in ("issued", "published-print", "published-online", "published")},
    "created": _DATE,
    "updated-by": [{"type": str, "DOI": str, "source": str, "updated": _DATE}],
    "update-to": [{"type": str, "DOI": str}],
    "relation": MapOf([{"id": _SCALAR}]),
    "score": (int, float),
}
#: Crossref ``/works/{doi}``.
CROSSREF_WORK = Shape("Crossref", {"message": Required(_WORK_FIELDS)})
#: Crossref ``/works?query…``: every item is a work with a DOI.
CROSSREF_LIST = Shape(
    "Crossref search", {"message": Required({"items": [{**_WORK_FIELDS, "DOI": Required(str)}]})}
)
#: DataCite REST ``/dois/{doi}``.
DATACITE_DOI = Shape(
    "DataCite",
    {
        "data": Required(
            {
                "attributes": Required(
                    {
                        "types": {"citeproc": str, "resourceTypeGeneral": str},
                        "titles": [{"title": str}],
                        "creators": [{"familyName": str, "givenName": str, "name": str}],
                        "publisher": AnyOf((str, {"name": str})),
                        "publicationYear": _NUMBER,
                        "container": {
                            **{
                                key: _SCALAR for key in ("volume", "issue", "firstPage", "lastPage")
                            },
                            "title": str,
                        },
                        **{key: str for key in ("doi", "url", "language")},
                    }
                )
            }
        )
    },
)
#: doi.org ``/ra/{prefix}``.
RA = Shape("doi.org /ra", [{"RA": str, "DOI": str, "status": str}])
#: doi.org Handle API ``/api/handles/{doi}``.
HANDLE = Shape("doi.org Handle API", {"responseCode": int})
#: CSL-JSON from doi.org content negotiation.
CSL_ITEM = Shape(
    "doi.org content negotiation",
    {
        "type": str,
        **{key: _TEXTS for key in ("title", "container-title", "container-title-short")},
        **{key: _TEXTS for key in ("original-title", "publisher", "ISBN", "ISSN")},
        **{key: _SCALAR for key in ("volume", "issue", "page", "language", "DOI", "URL")},
        "publisher-place": _SCALAR,
        **{role: [_NAME] for role in ("author", "editor", "translator")},
        "issued": {"date-parts": [[AnyOf((_NUMBER, type(None)))]], "literal": str},
    },
)


def checked(value: Any, shape: Shape, *, doi: str = "") -> Any:
    """``value`` when it has ``shape``; else :class:`RegistryError` saying where it differs."""
    problem = _non_finite(value, "") or _problem(value, shape.spec, "")
    if problem:
        raise RegistryError(f"malformed answer from {shape.service}: {problem}", doi=doi)
    return value


def _problem(value: Any, shape: Any, path: str) -> str:
    if isinstance(shape, Required):
        shape = shape.shape
    if isinstance(shape, dict):
        if not isinstance(value, Mapping):
            return _wrong(value, path, "an object")
        for key, sub in shape.items():
            here = f"{path}.{key}" if path else key
            if value.get(key) is None:
                if isinstance(sub, Required):
                    return f"{here} is missing"
                continue
            problem = _problem(value[key], sub, here)
            if problem:
                return problem
        return ""
    if isinstance(shape, MapOf):
        if not isinstance(value, Mapping):
            return _wrong(value, path, "an object")
        return _first(_problem(item, shape.shape, f"{path}.{key}") for key, item in value.items())
    if isinstance(shape, list):
        if not isinstance(value, list):
            return _wrong(value, path, "a list")
        return _first(_problem(item, shape[0], f"{path}[{i}]") for i, item in enumerate(value))
    if isinstance(shape, AnyOf):
        problems = [_problem(value, option, path) for option in shape.options]
        return "" if "" in problems else problems[0]
    if isinstance(shape, re.Pattern):
        if isinstance(value, str) and shape.match(value):
            return ""
        return _wrong(value, path, "a number")
    if isinstance(value, bool) or not isinstance(value, shape):
        names = shape if isinstance(shape, tuple) else (shape,)
        return _wrong(value, path, " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in names))
    return ""


def _non_finite(value: Any, path: str) -> str:
    """Where the body holds NaN or Infinity: Python's JSON reader takes them, JSON has neither
    (RFC 8259), and one would otherwise reach a record as a volume or year of "nan"."""
    if isinstance(value, float) and not math.isfinite(value):
        return _wrong(value, path, "a number")
    if isinstance(value, Mapping):
        items: Iterable[tuple[str, Any]] = (
            (f"{path}.{key}" if path else str(key), item) for key, item in value.items()
        )
    elif isinstance(value, list):
        items = ((f"{path}[{i}]", item) for i, item in enumerate(value))
    else:
        return ""
    return _first(_non_finite(item, here) for here, item in items)


def _first(problems: Iterable[str]) -> str:
    """The first problem found ('' when none): later items are not even looked at."""
    return next((problem for problem in problems if problem), "")


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", type(None): "null"}


def _wrong(value: Any, path: str, expected: str) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"{path or 'the body'} is {shown}, expected {expected}"
