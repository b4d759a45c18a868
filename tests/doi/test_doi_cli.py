"""The DOI commands: check-dois (table, json, html), resolve and find-doi, on the local server."""

from __future__ import annotations

import io
import json
import sys

import pytest

from refbridge.cli import main

SEED = "001_58b1d439e6741896.txt"


@pytest.fixture(autouse=True)
def services(doi_env):
    return doi_env


def test_check_dois_json_one_object_per_doi(references_dir, capsys):
    status = main(["check-dois", str(references_dir / SEED), "--format", "jsonl"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows] == ["ok", "ok", "mismatch", "ok", "not_found"]
    assert all(
        list(r) == ["input", "doi", "status", "agency", "evidence", "reference", "sources"]
        for r in rows
    )
    assert rows[2]["sources"][0].startswith(f"{references_dir / SEED}, line 13, entry ")
    assert status == 1  # problems found
    assert err == ""  # no progress bar when stderr is not a terminal


def test_check_dois_skips_unreadable_blocks_that_cite_no_doi(tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a, title={A}, doi={10.33051/2500-2325-2019-1-80-92}}\n\n"
        "@article{broken, title={never closed,\n  year = 2021\n}\n\n"
        "@article{b, title={B}, doi={10.123/abc}}\n",
        encoding="utf-8",
    )
    status = main(["check-dois", str(bib), "--format", "jsonl"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    # the broken block is no "malformed DOI"; it is named on stderr instead
    assert [(r["doi"], r["status"]) for r in rows] == [
        ("10.33051/2500-2325-2019-1-80-92", "ok"),
        ("10.123/abc", "malformed"),
    ]
    assert f"{bib}, line 3: not read, no DOI in it" in err
    assert "bibtexparser" not in err and "Parsing of" not in err  # no library log noise
    assert status == 1


def test_check_dois_offline_second_run_answers_from_cache(references_dir, capsys, services):
    main(["check-dois", str(references_dir / SEED), "--format", "jsonl"])
    first = capsys.readouterr().out
    served = services.counts["requests"]
    main(["check-dois", str(references_dir / SEED), "--format", "jsonl", "--offline"])
    assert capsys.readouterr().out == first
    assert services.counts["requests"] == served


def test_check_dois_table(references_dir, capsys):
    main(["check-dois", str(references_dir / SEED), "--no-cache"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["status", "agency", "DOI"]
    assert lines[5].startswith("mismatch     Crossref  10.51176/JESP/issue_3_T9")
    assert lines[6].strip().startswith("cited at ")


def test_check_dois_html_is_self_contained(references_dir, tmp_path, capsys, services):
    report = tmp_path / "report.html"
    main(["check-dois", str(references_dir / SEED), "--format", "html", "-o", str(report)])
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "10.51176/JESP/issue_3_T9" in page and "not_found" in page


def test_check_dois_links(tmp_path, capsys, services):
    listing = tmp_path / "dois.txt"
    base = f"{services.url}/web"
    listing.write_text(
        f"Miller (2011) {base}/moved doi:10.5555/other.work\n{base}/gone 10.5061/dryad.b835k\n",
        encoding="utf-8",
    )
    main(["check-dois", str(listing), "--urls", "--format", "html", "-o", str(tmp_path / "r.html")])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Other links" in page and "redirected" in page and "gone" in page


def test_check_dois_bibtex_file(tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{k, author={Karpenko, M. S.}, title={Cross-border dimension of Eurasian"
        " integration}, journal={Izvestiya RAN}, year={2019}, number={1}, pages={24--36},"
        " doi={10.31857/S2587-55662019124-36}}\n"
        "@article{bad, author={Doe, J.}, title={X}, year={2001}, doi={10.12/x}}\n",
        encoding="utf-8",
    )
    main(["check-dois", str(bib), "--format", "jsonl", "--no-cache"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["doi"], r["status"]) for r in rows] == [
        ("10.31857/S2587-55662019124-36", "ok"),
        ("10.12/x", "malformed"),
    ]


def test_resolve(capsys):
    status = main(["resolve", "doi:10.31857/S2587-55662019124-36", "10.99999/none", "--no-cache"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("10.31857/S2587-55662019124-36\tCrossref\tПриграничное")
    assert lines[1].startswith("10.99999/none\t-\tnot found")
    assert status == 1


def test_resolve_keeps_the_order_given(doi_env, capsys):
    """Lookups run in parallel (--workers); rows come out in the order the DOIs were given,
    whichever finishes first (the first takes a retry here)."""
    doi_env.inject("S2587-55662019124-36", "503")
    dois = ["10.31857/S2587-55662019124-36", "10.99999/none", "10.5061/dryad.b835k", "bad"]
    status = main(["resolve", *dois, "--format", "jsonl", "--no-cache", "--workers", "4"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["input"] for r in rows] == dois
    assert rows[0]["reference"]["title"].startswith("Приграничное")
    assert rows[1]["exists"] is False and rows[2]["reference"]["type"] == "dataset"
    assert "error" in rows[3] and status == 1


def test_resolve_csl(capsys):
    main(["resolve", "10.5061/dryad.b835k", "--format", "csl", "--no-cache"])
    items = json.loads(capsys.readouterr().out)
    assert items[0]["type"] == "dataset" and items[0]["DOI"] == "10.5061/dryad.b835k"


def test_find_doi(tmp_path, capsys):
    lines = tmp_path / "refs.txt"
    lines.write_text(
        "Karpenko, M. S. (2019). Cross-border dimension of Eurasian integration of Russia and "
        "Kazakhstan: challenges for cooperation. Izvestiya Rossiiskoi akademii nauk. Seriya "
        "geograficheskaya, 1, 24–36.\n\n"
        "Miller, J. (2015). Soil microbiology of semi-arid shrublands. Applied Soil Ecology, 12, "
        "44–51.\n",
        encoding="utf-8",
    )
    main(["find-doi", str(lines), "--format", "jsonl", "--no-cache"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["line"], r["doi"]) for r in rows] == [
        (1, "10.31857/S2587-55662019124-36"),
        (3, ""),
    ]
    assert rows[1]["candidates"][0]["doi"] == "10.5555/other.work"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(references_dir, monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["check-dois", str(references_dir / SEED), "--format", "jsonl", "--no-cache"])
    assert "checking DOIs: 100%" in terminal.getvalue() and "5/5" in terminal.getvalue()
    assert "checking DOIs" not in capsys.readouterr().out
    terminal.seek(0)
    terminal.truncate()
    main(["check-dois", str(references_dir / SEED), "-f", "jsonl", "--no-cache", "--quiet"])
    assert "checking DOIs" not in terminal.getvalue()


def test_check_dois_on_every_written_form_of_a_doi(tmp_path, capsys, services):
    """Issue 17: a line that is only a DOI is checked as one; every line gets a row with its
    source; a DOI listed twice is looked up once and reported with both sources."""
    listing = tmp_path / "dois.txt"
    listing.write_text(
        "https://doi.org/10.33051/2500-2325-2019-1-80-92.\n"  # URL, trailing full stop
        "10.31857/S2587-55662019124-36\n"  # bare, as registered
        "doi: 10.5061/dryad.b835k;\n"  # label, trailing semicolon
        "https://doi.org/10.1371\n"  # a prefix, no suffix
        "\n"
        "https://doi.org/10.31857/S2587-55662019124-36\n",  # the second DOI again, as a URL
        encoding="utf-8",
    )
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{first, doi = {https://doi.org/10.5061/dryad.b835k.}}\n\n"
        "@misc{second,\n  doi = {10.5061/dryad.b835k}\n}\n",
        encoding="utf-8",
    )
    status = main(["check-dois", str(listing), str(bib), "--format", "jsonl", "--no-cache"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    found = [(r["doi"], r["status"], r["sources"]) for r in rows]
    assert found == [
        ("10.33051/2500-2325-2019-1-80-92", "repaired", [f"{listing}, line 1"]),
        ("10.31857/S2587-55662019124-36", "ok", [f"{listing}, line 2", f"{listing}, line 6"]),
        ("10.5061/dryad.b835k", "repaired", [f"{listing}, line 3"]),
        ("10.1371", "malformed", [f"{listing}, line 4"]),
        ("10.5061/dryad.b835k", "repaired", [f"{bib}, line 1, entry first"]),
        ("10.5061/dryad.b835k", "ok", [f"{bib}, line 3, entry second"]),
    ]
    assert "repair: removed trailing '.'" in rows[0]["evidence"]
    lookups = [p for p, _ in services.requests if p.startswith("/crossref/works/10.31857")]
    assert len(lookups) == 1  # listed twice, looked up once
    assert status == 1  # a malformed DOI


def test_a_service_url_that_is_not_http_is_refused_by_name(monkeypatch, capsys):
    """A typo in --crossref-url or $REFBRIDGE_*_URL is one message, not one error per DOI."""
    monkeypatch.setenv("REFBRIDGE_DOI_URL", "ftp://doi.example")
    assert main(["resolve", "10.1000/x", "--no-cache"]) == 1
    assert "$REFBRIDGE_DOI_URL: not an http(s) URL with a host: 'ftp://doi.example'" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit) as exit_:
        main(["resolve", "10.1000/x", "--crossref-url", "localhost:8080"])
    assert exit_.value.code == 2 and "argument --crossref-url" in capsys.readouterr().err
