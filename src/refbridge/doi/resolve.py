"""Resolve a DOI to its registered metadata, whichever agency registered it.

The path is the one that costs the registries least and answers most DOIs at once:

1. Crossref REST ``/works/{doi}`` (the DOI percent-encoded in the path; a 404 body is the
   plain text "Resource not found.", not JSON);
2. on a miss, the registration agency of the prefix from ``doi.org/ra/{prefix}`` (HTTP 200
   even when the prefix does not exist: the ``status`` key says so), then DataCite REST
   ``/dois/{doi}`` for DataCite, or doi.org content negotiation for the others (mEDRA, JaLC,
   KISTI, …) asking for ``application/vnd.citationstyles.csl+json``; the content type of
   the answer is checked, because a misconfigured prefix lands on an HTML landing page;
3. the doi.org Handle API ``/api/handles/{doi}`` (``responseCode`` 1 = exists, 100 = not
   found) as the last word on existence when no metadata is to be had.

The metadata becomes a :class:`~refbridge.model.Reference` through CSL-JSON
(:meth:`Reference.from_csl`); the agency's own record is kept in :attr:`Resolution.record`
for what CSL has no place for (``updated-by``, ``relation``, the record type).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import NetworkError
from ..model import CSL_TYPES, Reference
from . import shapes
from .client import DoiClient, HttpResponse
from .syntax import normalize_doi

__all__ = [
    "Resolution",
    "crossref_to_csl",
    "datacite_to_csl",
    "registration_agency",
    "resolve_doi",
]

CSL_JSON = "application/vnd.citationstyles.csl+json"

# Crossref work types -> CSL types.
_CROSSREF_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "proceedings-article": "paper-conference",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "reference-entry": "entry",
    "dataset": "dataset",
    "posted-content": "article",
    "dissertation": "thesis",
    "report": "report",
    "report-series": "report",
    "standard": "standard",
    "peer-review": "review",
    "journal-issue": "periodical",
    "journal-volume": "periodical",
    "journal": "periodical",
    "proceedings": "book",
    "component": "document",
}


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``converter=tuple``, typed so that mypy accepts lists at the call site."""
    return tuple(value)


@attrs.frozen
class Resolution:
    """What the registries say about one DOI.

    ``exists`` is True (registered), False (not registered) or None (could not tell).
    ``source`` names where the metadata came from: ``crossref``, ``datacite``,
    ``content-negotiation`` or ``handle`` (existence only, no metadata).
    """

    doi: str
    exists: bool | None
    agency: str = ""
    reference: Reference | None = None
    record: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    record_type: str = ""
    source: str = ""
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def crossref_to_csl(message: Mapping[str, Any]) -> dict[str, Any]:
    """A Crossref ``/works`` message as one CSL-JSON item (the variables refbridge models)."""
    csl: dict[str, Any] = {"type": _CROSSREF_TYPES.get(message.get("type", ""), "document")}
    title = _first(message.get("title"))
    subtitle = _first(message.get("subtitle"))
    if title:
        csl["title"] = f"{title}: {subtitle}" if subtitle and subtitle not in title else title
    for source, target in (
        ("container-title", "container-title"),
        ("short-container-title", "container-title-short"),
        ("original-title", "original-title"),
        ("ISBN", "ISBN"),
        ("ISSN", "ISSN"),
    ):
        value = _first(message.get(source))
        if value:
            csl[target] = value
    for var in ("volume", "issue", "page", "publisher", "language", "DOI", "URL"):
        if message.get(var):
            csl[var] = str(message[var])
    if message.get("publisher-location"):
        csl["publisher-place"] = message["publisher-location"]
    for role in ("author", "editor", "translator"):
        names = [_crossref_name(n) for n in message.get(role) or ()]
        if names:
            csl[role] = names
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = (message.get(key) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0] is not None:
            csl["issued"] = {"date-parts": [parts[0]]}
            break
    return csl


def _crossref_name(name: Mapping[str, Any]) -> dict[str, str]:
    if name.get("family"):
        out = {"family": name["family"]}
        if name.get("given"):
            out["given"] = name["given"]
        return out
    return {"literal": name.get("name") or name.get("given") or ""}


def datacite_to_csl(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """DataCite REST ``data.attributes`` as one CSL-JSON item."""
    types = attributes.get("types") or {}
    kind = types.get("citeproc") or ""
    csl: dict[str, Any] = {"type": kind if kind in CSL_TYPES else "dataset"}
    titles = attributes.get("titles") or []
    if titles:
        csl["title"] = titles[0].get("title", "")
    authors = []
    for creator in attributes.get("creators") or ():
        if creator.get("familyName"):
            authors.append({"family": creator["familyName"], "given": creator.get("givenName", "")})
        elif creator.get("name"):
            authors.append({"literal": creator["name"]})
    if authors:
        csl["author"] = authors
    publisher = attributes.get("publisher")
    if isinstance(publisher, Mapping):
        publisher = publisher.get("name")
    if publisher:
        csl["publisher"] = str(publisher)
    if attributes.get("publicationYear"):  # a number, or digits: see shapes.DATACITE_DOI
        csl["issued"] = {"date-parts": [[int(attributes["publicationYear"])]]}
    container = attributes.get("container") or {}
    if container.get("title"):
        csl["container-title"] = container["title"]
    for source, target in (("volume", "volume"), ("issue", "issue")):
        if container.get(source):
            csl[target] = str(container[source])
    if container.get("firstPage"):
        last = container.get("lastPage")
        csl["page"] = f"{container['firstPage']}-{last}" if last else str(container["firstPage"])
    if attributes.get("doi"):
        csl["DOI"] = attributes["doi"]
    if attributes.get("url"):
        csl["URL"] = attributes["url"]
    if attributes.get("language"):
        csl["language"] = attributes["language"]
    return csl


def csl_to_reference(csl: Mapping[str, Any]) -> Reference:
    """CSL from a registry, made safe for :class:`Reference` (unknown types -> document)."""
    clean = dict(csl)
    if clean.get("type") not in CSL_TYPES:
        clean["type"] = "document"
    for key, value in csl.items():
        if isinstance(value, list) and key not in ("author", "editor", "translator"):
            clean[key] = _first(value)
    known = {
        "type",
        "title",
        "container-title",
        "container-title-short",
        "original-title",
        "ISBN",
        "ISSN",
        "volume",
        "issue",
        "page",
        "publisher",
        "publisher-place",
        "language",
        "DOI",
        "URL",
        "author",
        "editor",
        "translator",
        "issued",
    }
    return Reference.from_csl({k: v for k, v in clean.items() if k in known})


def registration_agency(doi: str, client: DoiClient) -> str:
    """The registration agency of a DOI's prefix ("Crossref", "DataCite", "mEDRA", …).

    '' when doi.org says the prefix does not exist. Remembered per prefix by the client.
    """
    prefix = doi.split("/", 1)[0]
    known = client.agencies.get(prefix)
    if known is not None:
        return str(known)
    response = client.get(
        f"{client.doi_url}/ra/{urllib.parse.quote(prefix, safe='')}",
        expect_json=True,
        shape=shapes.RA,
    )
    agency = ""
    if response.status == 200:
        for item in response.json():
            if item.get("RA"):
                agency = str(item["RA"])
    elif response.status >= 400:
        raise NetworkError(
            f"registration agency lookup failed: HTTP {response.status}", url=response.url
        )
    client.agencies.put(prefix, agency)
    return agency


def _handle_exists(doi: str, client: DoiClient) -> bool | None:
    response = client.get(f"{client.doi_url}/api/handles/{urllib.parse.quote(doi, safe='/')}")
    try:
        body = response.json() if response.is_json else {}
    except ValueError:
        body = {}
    code = shapes.checked(body, shapes.HANDLE, doi=doi).get("responseCode")
    if code == 1:
        return True
    if code == 100 or response.status == 404:
        return False
    return None


def resolve_doi(doi: str, *, client: DoiClient | None = None) -> Resolution:
    """Everything the registries say about ``doi`` (any written form; it is normalised first).

    Raises :class:`~refbridge.errors.DoiError` for a malformed DOI,
    :class:`~refbridge.errors.NetworkError` when the services cannot be reached and
    :class:`~refbridge.errors.RegistryError` when one answers in a shape its API does not
    document.
    """
    doi = normalize_doi(doi)
    own_client = client is None
    client = client or DoiClient.from_env()
    try:
        return _resolve(doi, client)
    finally:
        if own_client:
            client.close()


def _resolve(doi: str, client: DoiClient) -> Resolution:
    response = client.crossref(
        f"/works/{urllib.parse.quote(doi, safe='')}", shape=shapes.CROSSREF_WORK
    )
    if response.status == 200:
        message = response.json()["message"]
        return Resolution(
            doi=doi,
            exists=True,
            agency="Crossref",
            reference=csl_to_reference(crossref_to_csl(message)),
            record=message,
            record_type=message.get("type", ""),
            source="crossref",
            evidence=("registered with Crossref",),
        )
    evidence = [f"Crossref: HTTP {response.status} {_snippet(response)}"]
    agency = registration_agency(doi, client)
    if not agency:
        evidence.append(f"doi.org: prefix {doi.split('/')[0]} is not registered")
        return Resolution(doi=doi, exists=False, evidence=evidence)
    evidence.append(f"registration agency of {doi.split('/')[0]}: {agency}")
    if agency.lower() == "datacite":
        found = _datacite(doi, client)
        if found is not None:
            return attrs.evolve(found, evidence=(*evidence, *found.evidence))
        evidence.append("DataCite: no such DOI")
    elif agency.lower() != "crossref":
        found, note = _content_negotiation(doi, client, agency)
        evidence.append(note)
        if found is not None:
            return attrs.evolve(found, evidence=tuple(evidence))
    exists = _handle_exists(doi, client)
    if exists:
        evidence.append("doi.org Handle API: registered (responseCode 1), no metadata available")
        return Resolution(doi=doi, exists=True, agency=agency, source="handle", evidence=evidence)
    if exists is False:
        evidence.append("doi.org Handle API: not found (responseCode 100)")
    return Resolution(doi=doi, exists=exists, agency=agency, evidence=evidence)


def _datacite(doi: str, client: DoiClient) -> Resolution | None:
    response = client.get(
        f"{client.datacite_url}/dois/{urllib.parse.quote(doi, safe='')}",
        accept="application/vnd.api+json",
        expect_json=True,
        shape=shapes.DATACITE_DOI,
    )
    if response.status != 200:
        return None
    attributes = response.json()["data"]["attributes"]
    return Resolution(
        doi=doi,
        exists=True,
        agency="DataCite",
        reference=csl_to_reference(datacite_to_csl(attributes)),
        record=attributes,
        record_type=(attributes.get("types") or {}).get("resourceTypeGeneral", ""),
        source="datacite",
        evidence=("registered with DataCite",),
    )


def _content_negotiation(doi: str, client: DoiClient, agency: str) -> tuple[Resolution | None, str]:
    url = f"{client.doi_url}/{urllib.parse.quote(doi, safe='/')}"
    try:
        response = client.get(url, accept=CSL_JSON, shape=shapes.CSL_ITEM)
    except NetworkError as exc:
        if "redirect loop" in str(exc):
            return None, "doi.org content negotiation: redirect loop"
        raise
    if response.status == 200 and response.is_json:
        try:
            csl = response.json()
        except ValueError:
            return None, "doi.org content negotiation: truncated or invalid CSL-JSON"
        resolution = Resolution(
            doi=doi,
            exists=True,
            agency=agency,
            reference=csl_to_reference(csl),
            record=csl,
            record_type=str(csl.get("type", "")),
            source="content-negotiation",
        )
        return resolution, f"metadata from doi.org content negotiation ({agency})"
    if response.status == 200:
        kind = response.content_type or "no content type"
        return (
            None,
            f"doi.org content negotiation returned {kind}, not CSL-JSON (misconfigured prefix?)",
        )
    return None, f"doi.org content negotiation: HTTP {response.status}"


def _snippet(response: HttpResponse) -> str:
    text = response.text.strip().replace("\n", " ")
    if response.content_type.endswith("html"):
        return "(HTML page)"
    return f"({text[:60]})" if text else ""
