"""Finding missing DOIs: search, then validate; a high search score alone is never enough."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from refbridge.doi.find import THRESHOLD, find_doi
from refbridge.model import Date, Name, Reference

KARPENKO = (
    "Karpenko, M. S. (2019). Cross-border dimension of Eurasian integration of Russia and "
    "Kazakhstan: challenges for cooperation. Izvestiya Rossiiskoi akademii nauk. Seriya "
    "geograficheskaya, 1, 24–36."
)
MILLER = (
    "Miller, J. (2015). Soil microbiology of semi-arid shrublands. Applied Soil Ecology, 12, 44–51."
)


def test_translated_citation_finds_the_russian_record(doi_client):
    search = find_doi(KARPENKO, client=doi_client)
    assert search.doi == "10.31857/S2587-55662019124-36"
    assert search.score >= THRESHOLD and search.margin > 0.5
    assert any("across scripts" in e for e in search.evidence)


def test_top_search_hit_with_wrong_numbers_is_rejected(doi_client):
    search = find_doi(MILLER, client=doi_client)
    assert search.doi == ""
    assert search.candidates[0].doi == "10.5555/other.work"
    assert any("below threshold" in e for e in search.evidence)


def test_reference_objects_are_validated_by_their_fields(doi_client):
    ref = Reference(
        type="article-journal",
        authors=(Name(family="Karpenko", given="M. S."),),
        issued=Date(2019),
        title="Cross-border dimension of Eurasian integration of Russia and Kazakhstan",
        issue="1",
        pages="24-36",
        raw=KARPENKO,
    )
    assert find_doi(ref, client=doi_client).doi == "10.31857/S2587-55662019124-36"


def test_no_candidates(doi_client):
    search = find_doi("Nobody, A. (1999). Nothing at all. Void, 1, 1-2.", client=doi_client)
    assert not search.found and search.evidence == ("Crossref returned no candidates",)


@pytest.mark.shared_data
def test_crossref_sbmv_fixtures_match_and_nomatch(shared_data, recorded_doi_server):
    """Crossref's own matcher fixtures: accept the first string, reject the second."""
    index = json.loads((shared_data / "http" / "index.json").read_text(encoding="utf-8"))
    queries = {}
    for entry in index["entries"]:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(entry["request"]["url"]).query))
        if "query.bibliographic" in query:
            queries[entry["id"]] = query["query.bibliographic"]
    with recorded_doi_server.client(timeout=10.0) as client:
        match = find_doi(queries["crossref-bibliographic-refstring-match-2019"], client=client)
        nomatch = find_doi(queries["crossref-bibliographic-refstring-nomatch-2019"], client=client)
    assert match.doi == "10.1007/s10032-015-0249-8"
    assert match.margin >= 0.1
    assert nomatch.doi == ""
    # the top *search* hit of the no-match string is that same article: validation says no
    top_search = max(nomatch.candidates, key=lambda c: c.search_score)
    assert top_search.doi == "10.1007/s10032-015-0249-8" and top_search.score < THRESHOLD
