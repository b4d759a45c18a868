"""The files refbridge writes, run through the programs users feed them to.

Corpora: the seed documents 001 and 002 (extracted as ``refbridge extract`` does: one work
once, translations linked), the development documents of ``../shared/data/documents``
(20 JATS articles and 22 PDFs) and ``tests/data/formats/tricky30.bib`` (30 hand-written
entries, written back as read and written again from their fields). Each check skips, and
says which package installs it, when its program is absent; ``.ci/run`` installs them all.

- biber ``--tool --validate-datamodel``: no invalid field or value in any BibLaTeX output; a
  "missing mandatory field" only where the record has no such data (dev documents);
- bibtex + pdflatex (T2A, utf8) with plain, unsrt, apalike and plainnat: no error, one
  bibliography item per record;
- pandoc ``--citeproc`` renders every record, from CSL-JSON and from BibLaTeX;
- citeproc-js (npm ``citeproc``, ``benchmarks/oracle``) renders every record;
- every CSL-JSON item is valid against the CSL-JSON schema; rispy reads every RIS record;
- seed 002 through biblatex-apa keeps "Russia", "Kazakhstan", "Caspian" capitalised, and
  through biblatex-gost prints each work once with no dangling "trans. from … by //".
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from paths import ROOT, SHARED_DATA
from refbridge.commands.extract import output_text
from refbridge.extract import extract
from refbridge.formats import bibtex, csljson, dump, load
from refbridge.model import Reference

SEEDS = ("001_58b1d439e6741896.txt", "002_dfc645286ca376c6.txt")
TRICKY = ROOT / "tests" / "data" / "formats" / "tricky30.bib"
STYLES = ROOT / "src" / "refbridge" / "render" / "styles"
LOCALES = ROOT / "src" / "refbridge" / "render" / "locales"
ORACLE = ROOT / "benchmarks" / "oracle"
pytestmark = pytest.mark.slow  # every test here runs external programs on the corpora

APT = "apt-get install biber texlive-bibtex-extra texlive-latex-extra texlive-lang-cyrillic "
APT += "cm-super pandoc poppler-utils"


def need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed ({APT})")


def need_tex_file(name: str) -> None:
    need("kpsewhich")
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False)
    if not found.stdout.strip():
        pytest.skip(f"{name} not installed ({APT})")


def run(args: Sequence[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",  # TeX logs are 8-bit
        timeout=timeout,
        check=False,
    )


# -- the corpora --------------------------------------------------------------------------------


class Corpus:
    """One set of records and the text each writer gives for it."""

    def __init__(self, name: str, texts: dict[str, str]) -> None:
        self.name, self.texts = name, texts
        self.records = csljson.loads(texts["csljson"]).references

    def __len__(self) -> int:
        return len(self.records)


def _documents(name: str, paths: Sequence[Path]) -> Corpus | None:
    documents = [(str(path), extract(path)) for path in paths]
    if not any(lists for _, lists in documents):
        return None
    fmts = ("csljson", "biblatex", "bibtex", "ris")
    return Corpus(name, {f: output_text(documents, f) for f in fmts})


@pytest.fixture(scope="module")
def corpora(references_dir: Path) -> dict[str, Corpus]:
    out: dict[str, Corpus] = {}
    seeds = _documents("seeds", [references_dir / name for name in SEEDS])
    assert seeds is not None
    out["seeds"] = seeds
    out["seed002"] = _documents("seed002", [references_dir / SEEDS[1]])  # type: ignore[assignment]
    dev = SHARED_DATA / "documents"
    if dev.is_dir():  # without ../shared/data the other corpora are still checked
        paths = sorted((dev / "jats").glob("*.xml")) + sorted((dev / "pdf").glob("*.pdf"))
        corpus = _documents("dev", paths)
        if corpus is not None:
            out["dev"] = corpus
    refs = load(TRICKY).references
    fields = [bibtex.without_source(ref) for ref in refs]  # written from the model
    out["tricky"] = Corpus("tricky", {f: dump(refs, f) for f in ("csljson", "biblatex",
                                                                 "bibtex", "ris")})  # fmt: skip
    out["tricky-fields"] = Corpus(
        "tricky-fields", {f: dump(fields, f) for f in ("csljson", "biblatex", "bibtex", "ris")}
    )
    assert len(out["tricky"]) == 30 and len(out["seeds"]) == 41  # 001 = 002's English list
    return out


def test_the_corpora_are_what_the_suite_says(corpora):
    assert len(corpora["seed002"]) == 41  # 42 entries, Zhiltsov's paper in both lists once
    if "dev" in corpora:
        assert len(corpora["dev"]) > 900


# -- no program needed beyond Python -------------------------------------------------------------


def test_every_csl_json_item_is_valid_against_the_official_schema(corpora, shared_data):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared_data / "csl" / "csl-data.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for corpus in corpora.values():
        items = json.loads(corpus.texts["csljson"])
        errors = [e.message for e in validator.iter_errors(items)]
        assert errors == [], (corpus.name, errors[:5])
        ids = [item["id"] for item in items]
        assert len(set(ids)) == len(ids) == len(corpus)


def test_rispy_reads_every_ris_record(corpora):
    rispy = pytest.importorskip("rispy")
    for corpus in corpora.values():
        records = rispy.loads(corpus.texts["ris"])
        titles = [r.get("title") or r.get("primary_title") or "" for r in records]
        assert titles == [ref.title for ref in corpus.records], corpus.name


# -- biber --------------------------------------------------------------------------------------

_WARNING = re.compile(r"^WARN - (?:Datamodel: )?(?:Entry '([^']*)' \([^)]*\): )?(.*)$", re.M)
# what a record must have for biber not to call a field missing
_HAS = {
    "author": lambda r: bool(r.authors),
    "editor": lambda r: bool(r.editors),
    "title": lambda r: bool(r.title),
    "journaltitle": lambda r: bool(r.container_title),
    "booktitle": lambda r: bool(r.container_title),
    "date, year": lambda r: r.issued is not None,
    "type": lambda r: bool(r.genre),
    "institution": lambda r: bool(r.publisher),
}


# data a parsed record holds although its type has no place for it (a chapter misread as an
# article, with a publisher; an article misread as a report, with a journal and volume):
# biber drops it, and so would any writer that kept to the type
_MISPLACED = {
    "publisher": lambda r: bool(r.publisher),
    "location": lambda r: bool(r.publisher_place),
    "booktitle": lambda r: bool(r.container_title),
    "volume": lambda r: bool(r.volume),
    "issue": lambda r: bool(r.issue),
    "type": lambda r: bool(r.genre),  # a genre ("Monograph") on a type without one (@book)
}


def _unplaceable_volume(r: Reference) -> bool:
    """A journal volume that is no integer ("1, 105") beside an issue: nowhere to put it."""
    return bool(r.volume) and not r.volume.isdigit() and bool(r.issue)


def test_biber_validates_every_biblatex_output(corpora, tmp_path):
    need("biber")
    counts = {}
    for corpus in corpora.values():
        path = tmp_path / f"{corpus.name}.bib"
        path.write_text(corpus.texts["biblatex"], encoding="utf-8")
        done = run(["biber", "--tool", "--validate-datamodel", path.name, "-O", "out.bib"],
                   tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stdout[-2000:]
        by_key = {r.id: r for r in bibtex.loads(corpus.texts["biblatex"]).references}
        unexplained, missing, misplaced = [], 0, 0
        for key, message in _WARNING.findall(done.stdout):
            needed = re.search(r"Missing mandatory field(?: - one of)? '([^']*)'", message)
            invalid = re.search(r"Invalid field '([^']*)' for entrytype", message)
            if needed and _HAS.get(needed.group(1), lambda r: True)(by_key[key]) is False:
                missing += 1  # the record has no such data
            elif invalid and _MISPLACED.get(invalid.group(1), lambda r: False)(by_key[key]):
                misplaced += 1  # the record holds data its type cannot
            elif "field 'volume' must be datatype 'integer'" in message and _unplaceable_volume(
                by_key[key]
            ):
                misplaced += 1
            else:
                unexplained.append((key, message))
        counts[corpus.name] = (missing, misplaced)
        assert unexplained == [], (corpus.name, unexplained[:10])  # none from the writer
        if corpus.name != "dev":  # parsed documents lack data; these records are complete
            assert missing == misplaced == 0, corpus.name
    print("biber: (missing mandatory data, data the type cannot hold) by corpus", counts)


# -- bibtex + pdflatex ---------------------------------------------------------------------------

CLASSIC = r"""\documentclass{article}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[russian,english]{babel}
\usepackage{url}
NATBIB
\begin{document}
\nocite{*}
\bibliographystyle{STYLE}
\bibliography{refs}
\end{document}
"""


@pytest.mark.parametrize("style", ["plain", "unsrt", "apalike", "plainnat"])
def test_classic_bibtex_compiles_with_pdflatex(corpora, tmp_path, style):
    need("bibtex", "pdflatex")
    need_tex_file("t2aenc.def")
    names = ("seeds", "dev", "tricky", "tricky-fields")
    refs: list[Reference] = [r for n in names if n in corpora for r in corpora[n].records]
    (tmp_path / "refs.bib").write_text(dump(refs, "bibtex"), encoding="utf-8")
    natbib = "\\usepackage{natbib}" if style == "plainnat" else ""
    tex = CLASSIC.replace("STYLE", style).replace("NATBIB", natbib)
    (tmp_path / "doc.tex").write_text(tex, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    assert run(latex, tmp_path).returncode == 0
    done = run(["bibtex", "doc"], tmp_path)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert done.returncode < 2 and "error message" not in log, log[-3000:]
    for _ in range(2):
        done = run(latex, tmp_path)
        assert done.returncode == 0, done.stdout[-3000:]
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == len(refs)


# -- pandoc, citeproc-js ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csljson", "biblatex"])
def test_pandoc_citeproc_renders_every_record(corpora, tmp_path, fmt):
    need("pandoc")
    suffix = {"csljson": ".json", "biblatex": ".bib"}[fmt]
    for corpus in corpora.values():
        bib = tmp_path / f"{corpus.name}{suffix}"
        bib.write_text(corpus.texts[fmt], encoding="utf-8")
        done = subprocess.run(
            ["pandoc", "--citeproc", "-f", "markdown", "-t", "html", f"--bibliography={bib}"],
            input="---\nnocite: '@*'\n---\n",
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.count('class="csl-entry"') == len(corpus), (corpus.name, fmt)


def test_citeproc_js_renders_every_record(corpora):
    need("node")
    if not (ORACLE / "node_modules" / "citeproc").is_dir():
        pytest.skip("citeproc-js not installed: npm ci in benchmarks/oracle")
    # one run for every corpus (starting citeproc-js costs seconds): ids say the corpus
    items = [
        {**item, "id": f"{corpus.name}/{item['id']}"}
        for corpus in corpora.values()
        for item in json.loads(corpus.texts["csljson"])
    ]
    job = {"name": "apa", "style": str(STYLES / "apa.csl"), "locale": None}
    payload = {"items": items, "jobs": [job], "locale_dir": str(LOCALES)}
    done = subprocess.run(
        ["node", str(ORACLE / "render.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rendered = dict(json.loads(done.stdout)["apa"]["bibliography"])
    assert sorted(rendered) == sorted(item["id"] for item in items)
    for corpus in corpora.values():
        texts = [text for key, text in rendered.items() if key.startswith(f"{corpus.name}/")]
        assert len(texts) == len(corpus) and all(texts), corpus.name


# -- biblatex styles, read back from the PDF ------------------------------------------------------

BIBLATEX = r"""\documentclass{article}
\usepackage[T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[LANGUAGES]{babel}
\usepackage{csquotes}
\usepackage[backend=biber,style=STYLE]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def biblatex_pdf_text(text: str, style: str, languages: str, tmp_path: Path) -> str:
    need("biber", "pdflatex", "pdftotext")
    need_tex_file(f"{style}.bbx")
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    tex = BIBLATEX.replace("STYLE", style).replace("LANGUAGES", languages)
    (tmp_path / "doc.tex").write_text(tex, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    assert run(latex, tmp_path).returncode == 0
    done = run(["biber", "doc"], tmp_path)
    assert done.returncode == 0, done.stdout[-2000:]
    for _ in range(2):
        done = run(latex, tmp_path)
        assert done.returncode == 0, done.stdout[-3000:]
    return run(["pdftotext", "doc.pdf", "-"], tmp_path).stdout


def letters(text: str) -> str:
    """Lower-case letters only: titles compared across line breaks and hyphenation."""
    return "".join(c for c in text.lower() if c.isalpha())


def printed(title: str, text: str) -> str | None:
    """The span of ``text`` (a PDF's text) that prints ``title``, whatever its case, line
    breaks and hyphenation; None when it is not printed."""
    words = re.findall(r"[^\W_]+", title)
    match = re.search(r"\W*".join(map(re.escape, words)), text, re.IGNORECASE)
    return match.group() if match else None


def test_biblatex_apa_keeps_proper_nouns_capitalised(corpora, tmp_path):
    corpus = corpora["seed002"]
    text = biblatex_pdf_text(corpus.texts["biblatex"], "apa", "russian,english", tmp_path)
    text = " ".join(text.replace("-\n", "").split())
    checked = 0
    for record in (r for r in corpus.records if r.language == "en"):
        span = printed(record.title, text)
        assert span is not None, record.title  # every English title is printed
        for name in ("Russia", "Kazakhstan", "Caspian"):
            if name in re.findall(r"[A-Za-z]+", record.title):
                assert name in re.findall(r"[A-Za-z]+", span), (name, span)
                checked += 1
    assert checked >= 30  # of the 21 English titles, most name two of the three


def test_biblatex_gost_prints_each_work_once_without_dangling_phrases(corpora, tmp_path):
    corpus = corpora["seed002"]
    text = biblatex_pdf_text(corpus.texts["biblatex"], "gost-numeric", "english,russian",
                             tmp_path)  # fmt: skip
    body = letters(text)
    counts = {r.title: body.count(letters(r.title)) for r in corpus.records}
    assert all(n == 1 for n in counts.values()), {t: n for t, n in counts.items() if n != 1}
    flat = " ".join(text.split())
    assert "trans. from" not in flat and "by //" not in flat and "by /" not in flat
    assert flat.count("Пер.:") == 20  # each translation noted once, in its original
