"""Resolution through every route: Crossref, RA lookup, DataCite, content negotiation, Handle."""

from __future__ import annotations

import pytest

from refbridge.doi.resolve import crossref_to_csl, datacite_to_csl, resolve_doi
from refbridge.errors import DoiError, NetworkError


def test_crossref_record_becomes_a_reference(doi_client, doi_server):
    resolution = resolve_doi("https://doi.org/10.31857/S2587-55662019124-36", client=doi_client)
    assert resolution.exists and resolution.agency == "Crossref"
    ref = resolution.reference
    assert ref.title.startswith("Приграничное измерение")
    assert (ref.year, ref.issue, ref.pages, ref.type) == (2019, "1", "24-36", "article-journal")
    assert ref.authors[0].family == "Карпенко"
    # the DOI travels percent-encoded in the path, "/" included
    assert doi_server.requests[0][0].startswith("/crossref/works/10.31857%2FS2587-55662019124-36")


def test_not_registered_after_crossref_404_ra_and_handle(doi_client, doi_server):
    resolution = resolve_doi("10.24411/2076-1503-2020-10441", client=doi_client)
    assert resolution.exists is False
    assert resolution.agency == "Crossref"
    assert "Crossref: HTTP 404 (Resource not found.)" in resolution.evidence
    paths = [p for p, _ in doi_server.requests]
    assert any(p.startswith("/doi/ra/10.24411") for p in paths)
    assert any(p.startswith("/doi/api/handles/") for p in paths)


def test_unknown_prefix(doi_client):
    resolution = resolve_doi("10.99999/nothing", client=doi_client)
    assert resolution.exists is False
    assert any("prefix 10.99999 is not registered" in e for e in resolution.evidence)


def test_datacite_route(doi_client):
    resolution = resolve_doi("10.5061/dryad.b835k", client=doi_client)
    assert (resolution.agency, resolution.source) == ("DataCite", "datacite")
    assert resolution.reference.type == "dataset"
    assert resolution.reference.authors[0].family == "Sankar"


def test_content_negotiation_route(doi_client, doi_server):
    resolution = resolve_doi("10.3280/ECAG2015-001002", client=doi_client)
    assert (resolution.agency, resolution.source) == ("mEDRA", "content-negotiation")
    assert resolution.reference.title.startswith("Agricultural policy")
    accepts = [h.get("accept") for p, h in doi_server.requests if p.startswith("/doi/10.3280")]
    assert accepts == ["application/vnd.citationstyles.csl+json"]


def test_html_from_content_negotiation_falls_back_to_the_handle_api(doi_client):
    resolution = resolve_doi("10.11501/3140078", client=doi_client)
    assert resolution.exists is True and resolution.reference is None
    assert resolution.source == "handle"
    assert any("text/html, not CSL-JSON" in e for e in resolution.evidence)


def test_malformed_raises_doi_error(doi_client):
    with pytest.raises(DoiError, match="malformed"):
        resolve_doi("10.12/x", client=doi_client)


def test_unreachable_raises_network_error(doi_server):
    doi_server.inject("/crossref/works/", *["503"] * 10)
    with doi_server.client(timeout=10.0) as doi_client, pytest.raises(NetworkError):
        resolve_doi("10.5555/other.work", client=doi_client)


def test_converters_cover_the_documented_shapes():
    csl = crossref_to_csl(
        {
            "type": "book-chapter",
            "title": ["T"],
            "subtitle": ["S"],
            "author": [{"name": "Consortium"}],
            "published-print": {"date-parts": [[2001, 2]]},
        }
    )
    assert csl == {
        "type": "chapter",
        "title": "T: S",
        "author": [{"literal": "Consortium"}],
        "issued": {"date-parts": [[2001, 2]]},
    }
    data = datacite_to_csl({"publisher": {"name": "Zenodo"}, "types": {"citeproc": "weird"}})
    assert data == {"type": "dataset", "publisher": "Zenodo"}


@pytest.mark.shared_data
def test_real_recorded_crossref_responses(recorded_doi_server):
    with recorded_doi_server.client(timeout=10.0) as doi_client:
        elife = resolve_doi("10.7554/ELIFE.01567", client=doi_client)
        assert elife.reference.title.startswith("Automated quantitative histology")
        assert elife.reference.container_title == "eLife"
        # recorded public-pool headers: 5 requests/s, concurrency 1 -> adopted
        plos = resolve_doi("10.1371/journal.pone.0033693", client=doi_client)
        assert plos.reference.pages == "e33693"
        assert doi_client.limiter(doi_client.crossref_url).limits.concurrency == 1
        missing = resolve_doi("10.1371/notarealdoi", client=doi_client)
        assert missing.exists is False
        # a prefix of another agency, unknown DOI: the recorded doi.org 404 page, then Handle
        unknown = resolve_doi("10.3280/no-such-article", client=doi_client)
        assert unknown.exists is False and unknown.agency == "mEDRA"
        assert "doi.org content negotiation: HTTP 404" in unknown.evidence
