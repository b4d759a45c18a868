"""Checking DOIs end to end against the local server; every status is produced here."""

from __future__ import annotations

import pytest

from refbridge.doi.check import (
    STATUSES,
    check_doi,
    check_dois,
    check_urls,
    cited_dois,
    only_a_doi,
)
from refbridge.model import Date, Name, Provenance, Reference

SEED_DOIS = {
    "10.33051/2500-2325-2019-1-80-92": "ok",
    "10.31857/S2587-55662019124-36": "ok",
    "10.51176/JESP/issue_3_T9": "mismatch",
    "10.24975/2313-8920-2018-5-2-191-202": "ok",
    "10.24411/2076-1503-2020-10441": "not_found",
}


def _seed_entries(references_dir, name):
    lines = (references_dir / name).read_text(encoding="utf-8").splitlines()
    return [line.lstrip("- ") for line in lines if "doi.org/10." in line]


@pytest.mark.parametrize("name", ["001_58b1d439e6741896.txt", "002_dfc645286ca376c6.txt"])
def test_seed_dois_end_to_end_from_strings(references_dir, doi_client, name):
    entries = _seed_entries(references_dir, name)
    checks = check_dois(entries, client=doi_client)
    verdicts = {c.doi: c.status for c in checks}
    assert verdicts == SEED_DOIS
    evidence = {c.doi: [e for d in checks if d.doi == c.doi for e in d.evidence] for c in checks}
    assert any("known relation" in e for e in evidence["10.33051/2500-2325-2019-1-80-92"])
    assert any("journal-issue" in e for e in evidence["10.51176/JESP/issue_3_T9"])


def test_seed_dois_end_to_end_through_extract(references_dir, doi_client, doi_server):
    """Seed 002 read as a document: reference lists found and parsed, then checked."""
    from refbridge.extract import extract

    lists = extract(references_dir / "002_dfc645286ca376c6.txt")
    entries = [entry for found in lists for entry in found.entries]
    checks = check_dois(entries, client=doi_client)
    assert {c.doi: c.status for c in checks} == SEED_DOIS
    # five DOIs, each in the English and the Russian list: ten sources, one row per verdict
    assert sum(len(c.sources) for c in checks) == 10
    assert all(c.sources and ", line " in c.sources[0] for c in checks)
    lookups = [p for p, _ in doi_server.requests if p.startswith("/crossref/works/")]
    assert len(lookups) == 5  # each DOI looked up once, though cited in both lists


def _ref(title, family, year, volume="", pages="", doi="", raw=""):
    return Reference(
        type="article-journal",
        title=title,
        authors=(Name(family=family, given="A."),),
        issued=Date(year),
        volume=volume,
        pages=pages,
        doi=doi,
        raw=raw,
        provenance=Provenance(document="list.txt", entry_index=3, line_start=7),
    )


def test_every_status(doi_client, doi_server):
    doi_server.inject("/crossref/works/10.5061", *["503"] * 3)
    doi_server.answer("/crossref/works/10.5555%2Fbroken", {"message": "oops"})
    items = [
        _ref(
            "Soil microbiology of arid grasslands",
            "Miller",
            2011,
            "88",
            "301-317",
            doi="10.5555/other.work",
        ),
        "Smirnova, A. (2020). Energy cooperation in Central Asia. Energy Policy Review, 12, 1–9. "
        "https://doi.org/https://doi.org/10.5555/corrected.2020.3.",
        "Doe, J. (2017). Something. J. X, 1, 2-3. doi: 10.123/abc",
        "10.24411/2076-1503-2020-10441",
        _ref("Caspian shipping routes", "Brown", 2018, "3", "5-9", doi="10.5555/other.work"),
        _ref(
            "Trade flows across the Caspian: a gravity model",
            "Petrov",
            2019,
            "4",
            "10-25",
            doi="10.5555/retracted.2019.1",
        ),
        "Sankar, M. (2014). Data from: Automated quantitative histology. Dryad."
        " 10.5061/dryad.b835k",
        "https://doi.org/10.5555/broken",
    ]
    checks = check_dois(items, client=doi_client, workers=1)
    statuses = [c.status for c in checks]
    assert statuses == [
        "ok",
        "repaired",
        "malformed",
        "not_found",
        "mismatch",
        "retracted",
        "unreachable",
        "error",
    ]
    assert set(statuses) == set(STATUSES)
    assert checks[7].evidence == (
        "10.5555/broken: malformed answer from Crossref: message is 'oops', expected an object",
    )
    repaired = checks[1]
    assert "repair: removed doubled resolver prefix 'https://doi.org/'" in repaired.evidence
    assert any(e.startswith("corrected: correction 10.5555/erratum") for e in repaired.evidence)
    mismatch = checks[4]
    assert any(e.startswith("mismatch: title, author, year") for e in mismatch.evidence)
    assert mismatch.sources == ("list.txt, line 7, entry 4",)  # index 3, 1-based
    retracted = checks[5]
    assert any(
        "retraction notice 10.5555/retraction.2021.7" in e and "retraction-watch" in e
        for e in retracted.evidence
    )
    assert "malformed DOI" in checks[2].evidence[0]


def test_json_shape(doi_client):
    check = check_doi("10.33051/2500-2325-2019-1-80-92", client=doi_client)
    data = check.to_dict()
    assert list(data) == ["input", "doi", "status", "agency", "evidence", "reference", "sources"]
    assert data["status"] == "ok" and data["agency"] == "Crossref"
    assert data["reference"]["title"].startswith("Внешнеэкономическое")


def test_faults_never_lose_a_result(doi_server, doi_client):
    for number, fault in enumerate(("timeout", "reset", "500", "truncated", "html", "429"), 1):
        doi_server.inject("10.33051", fault)
        assert check_doi("10.33051/2500-2325-2019-1-80-92", client=doi_client).status == "ok"
        assert doi_server.counts["faults"] == number  # the fault was served, and then retried


def test_offline_without_cache_is_unreachable(doi_server):
    with doi_server.client(offline=True) as offline:
        check = check_doi("10.5555/other.work", client=offline)
    assert check.status == "unreachable"
    assert "offline" in check.evidence[-1]


def test_cited_dois_finds_malformed_attempts_and_fields():
    ref = Reference(doi="10.1000/abc", raw="X. doi: 10.1000/ABC; see also https://doi.org/foo")
    found = [(written, repair.valid) for written, repair in cited_dois(ref)]
    assert found == [("doi: 10.1000/ABC", True), ("https://doi.org/foo", False)]
    only_field = Reference(doi="10.1000/xyz", raw="X. (2001). Title.")
    assert [w for w, _ in cited_dois(only_field)] == ["10.1000/xyz"]


def test_links_alive_redirected_gone(doi_client, doi_server):
    base = f"{doi_server.url}/web"
    text = f"see {base}/ok, {base}/moved and <{base}/gone> or {base}/loop; https://doi.org/10.1/x"
    verdicts = {u.url.rsplit("/", 1)[1]: u.status for u in check_urls([text], client=doi_client)}
    assert verdicts == {"ok": "alive", "moved": "redirected", "gone": "gone", "loop": "unreachable"}


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("https://doi.org/10.1371/journal.pone.0033693.", True),
        ("<https://doi.org/10.1371/journal.pone.0033693>", True),
        ("DOI: 10.1371/journal.pone.0033693;", True),
        ("(https://dx.doi.org/10.1371/journal.pone.0033693)", True),
        ("https://doi.org/10.1371", True),  # cut short: a malformed DOI, still one
        ("10.1371", True),
        ("10.5", False),  # a number
        ("Smith, J. (2012). Title. PLoS ONE 7, e33693. doi:10.1371/journal.pone.0033693", False),
        ("10.1371/journal.pone.0033693 10.1371/journal.pone.0033694", False),
        ("", False),
    ],
)
def test_only_a_doi(text, alone):
    assert only_a_doi(text) is alone
