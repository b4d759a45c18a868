"""The library store: schema, idempotent and atomic imports, works, decisions, merged view."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

from paths import ROOT
from refbridge import Date, DoiCheck, Library, Name, Reference, StoreError
from refbridge.cli import main
from refbridge.store import MIGRATIONS
from refbridge.store.database import write

SRC = ROOT / "src"


def article(**fields: object) -> Reference:
    base: dict[str, object] = {
        "type": "article-journal",
        "authors": (Name("Иванов", "И. И."),),
        "title": "Теория ядерных реакторов на быстрых нейтронах",
        "container_title": "Атомная энергия",
        "volume": "12",
        "pages": "45-50",
        "issued": Date(2019),
    }
    base.update(fields)
    return Reference(**base)  # type: ignore[arg-type]


RUSSIAN = article()
TRANSLIT = article(
    authors=(Name("Ivanov", "I. I."),),
    title="Teoriya yadernykh reaktorov na bystrykh neitronakh",
    container_title="Atomnaya energiya",
)
TYPO = article(
    authors=(Name("Ivanov", "I. I."),),
    title="Teoriya yadernyh reaktorov na bystryh neitronah",
    container_title="Atomnaya energiya",
    doi="10.1000/xyz",
)
OTHER = article(title="Коррозия сплавов циркония в воде", pages="100-120")


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.sqlite") as library:
        yield library


def test_new_library_has_the_latest_schema_in_wal_mode(tmp_path):
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    with Library(path) as lib:  # reopening does not migrate again
        assert lib.schema_version == len(MIGRATIONS)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Library(path)


def test_adding_the_same_document_twice_is_a_no_op(lib):
    first = lib.add_references([RUSSIAN, TRANSLIT], source="a.txt")
    again = lib.add_references([RUSSIAN, TRANSLIT], source="a.txt")
    assert first.added and not again.added and again.document_id == first.document_id
    assert lib.stats()["records"] == 2


def test_add_file_is_idempotent_by_content(tmp_path, lib):
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([RUSSIAN.to_csl(), OTHER.to_csl()]), encoding="utf-8")
    assert lib.add_file(path).added
    copy = tmp_path / "copy.json"
    copy.write_bytes(path.read_bytes())
    assert not lib.add_file(copy).added
    assert lib.stats()["documents"] == 1


def test_records_keep_their_provenance_and_raw(lib):
    from refbridge import Provenance

    ref = article(raw="Иванов И. И. Теория…", provenance=Provenance("x.txt", 0, 3, 10, 11))
    lib.add_references([ref], source="x.txt")
    stored = lib.records()[0]
    assert stored.raw == ref.raw and stored.provenance == ref.provenance and stored.id == "r1"


def test_dedup_builds_works_with_stable_ids_and_links(lib):
    lib.add_references([RUSSIAN, OTHER], source="ru.txt")
    lib.add_references([TRANSLIT, TYPO], source="en.txt")
    summary = lib.dedup()
    assert summary.records == 4 and summary.works == 2
    work = lib.work("w1")
    assert [r.id for r in work.records] == ["r1", "r3", "r4"]
    assert work.doi == "10.1000/xyz"
    assert ("transliteration-of", "r3>r1") in work.relations
    assert lib.dedup().works == 2 and [w.id for w in lib.works()] == ["w1", "w2"]
    links = lib.links("w1")
    assert all(link["evidence"] for link in links)


def _statements_of(lib: Library, action) -> list[str]:
    """The SQL statements ``action`` runs on the library's connection."""
    seen: list[str] = []
    lib._db.set_trace_callback(seen.append)
    try:
        action()
    finally:
        lib._db.set_trace_callback(None)
    return seen


def test_works_costs_one_query_however_many_works(tmp_path):
    def library_of(copies: int) -> Library:
        lib = Library(tmp_path / f"lib{copies}.sqlite")
        for n in range(copies):  # each copy: a Cyrillic record, its transliteration, a typo
            own = {
                "volume": str(n),
                "pages": f"{10 * n + 1}-{10 * n + 7}",
                "issued": Date(1990 + n),
            }
            copy = [attrs.evolve(r, **own) for r in (RUSSIAN, TRANSLIT)]
            copy.append(attrs.evolve(TYPO, doi=f"10.1000/xyz{n}", **own))
            lib.add_references(copy, source=f"{n}")
        assert lib.dedup().works == copies
        return lib

    with library_of(2) as small, library_of(20) as large:
        assert len(_statements_of(small, small.works)) == 1
        assert len(_statements_of(large, large.works)) == 1
        works = large.works()
        assert [w.id for w in works] == [f"w{3 * n + 1}" for n in range(20)]
        assert [[r.id for r in w.records] for w in works][:2] == [
            ["r1", "r2", "r3"],
            ["r4", "r5", "r6"],
        ]
        assert works[1].relations == large.work("w4").relations
        assert ("transliteration-of", "r5>r4") in works[1].relations
        assert works == [large.work(w.id) for w in works]
        assert len(_statements_of(large, lambda: large.work("w4"))) == 1


def test_not_a_duplicate_persists_across_runs(tmp_path):
    path = tmp_path / "lib.sqlite"
    with Library(path) as lib:
        lib.add_references([RUSSIAN, TRANSLIT], source="a")
        assert lib.dedup().works == 1
        lib.mark_not_duplicate("r1", "r2", note="different editions")
    with Library(path) as lib:
        assert lib.dedup().works == 2
        assert "a person marked them as not one work" in lib.explain("r1", "r2").evidence
        assert lib.decisions()["not_duplicates"][0]["note"] == "different editions"


def test_merged_view_keeps_every_source_and_protect_wins(lib):
    lib.add_references([RUSSIAN, TRANSLIT, TYPO], source="a")
    lib.dedup()
    merged = lib.merged("w1")
    title = merged.fields["title"]
    all_sources = set(title.sources) | {s for _, src in title.alternatives for s in src}
    assert all_sources == {1, 2, 3}
    lib.protect("r3", "title")
    lib.dedup()  # decisions survive a new dedup
    protected = lib.merged("w1").fields["title"]
    assert protected.value == TYPO.title and protected.protected and protected.sources == (3,)
    assert lib.merged("w1").to_reference().title == TYPO.title


def test_export_writes_one_entry_per_work(lib):
    lib.add_references([RUSSIAN, TRANSLIT, OTHER], source="a")
    lib.dedup()
    items = json.loads(lib.export("csljson"))
    assert [(item["id"], item["title"]) for item in items] == [
        ("w1", RUSSIAN.title),  # the vote ties: the earliest record's title
        ("w3", OTHER.title),
    ]


def test_doi_checks_round_trip(lib):
    lib.add_references([TYPO], source="a")
    check = DoiCheck(
        "10.1000/xyz", "10.1000/xyz", "ok", "crossref", ("resolves",), None, ("a, line 3",)
    )
    lib.add_doi_check("r1", check)
    assert lib.doi_checks("r1") == [check]


def test_readers_see_committed_data_while_a_writer_works(tmp_path):
    path = tmp_path / "lib.sqlite"
    with Library(path) as writer, Library(path) as reader:
        writer.add_references([RUSSIAN], source="a")
        with write(writer._db) as db:
            db.execute("DELETE FROM records")
            assert reader.stats()["records"] == 1  # the reader is not blocked by the writer
        assert reader.stats()["records"] == 0


def test_a_second_writer_waits_for_the_first(tmp_path):
    import threading

    path = tmp_path / "lib.sqlite"
    Library(path).close()
    holding = threading.Event()

    def hold_the_write_lock() -> None:
        with Library(path) as first, write(first._db):
            holding.set()
            time.sleep(0.3)

    thread = threading.Thread(target=hold_the_write_lock)
    thread.start()
    holding.wait(5)
    with Library(path, timeout=10) as second:
        assert second.add_references([RUSSIAN], source="b").added  # waited, did not fail
    thread.join()


def test_unknown_ids_are_clear_errors(lib):
    with pytest.raises(StoreError, match="no record r9"):
        lib.record("r9")
    with pytest.raises(StoreError, match="not a record id"):
        lib.record("x1")


_IMPORTER = """
import sys
from refbridge import Library, Name, Reference, Date
docs, per_doc = int(sys.argv[2]), int(sys.argv[3])
refs = [[Reference(type="article-journal", title=f"Document {d} entry {i} about reactors",
                   authors=(Name(f"Author{d}", "A."),), issued=Date(2000 + i % 20),
                   container_title="Journal", pages=f"{i}-{i + 5}")
         for i in range(per_doc)] for d in range(docs)]
print("ready", flush=True)
with Library(sys.argv[1]) as lib:
    for d in range(docs):
        lib.add_references(refs[d], source=f"doc{d}.txt", content_hash=f"hash-{d}")
        print(d, flush=True)
"""


def _run_importer(db: Path, docs: int, per_doc: int, kill_at: int | None) -> None:
    """Run an import in a subprocess; SIGKILL it just after document ``kill_at`` is reported.

    The kill follows an event, not a clock, so it lands while the next document's transaction
    is under way however fast the machine is (a document of 400 records takes milliseconds).
    """
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    args = [sys.executable, "-c", _IMPORTER, str(db), str(docs), str(per_doc)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    if kill_at is None:
        assert proc.wait(timeout=120) == 0
        return
    for line in proc.stdout:
        if line.strip() == str(kill_at):
            break
    time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _check_consistent(db: Path, per_doc: int) -> int:
    """Every stored document is whole; returns how many documents are stored."""
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = con.execute(
        "SELECT d.source, count(r.id) FROM documents d LEFT JOIN records r"
        " ON r.document_id = d.id GROUP BY d.id"
    ).fetchall()
    assert all(n == per_doc for _, n in counts), counts
    titles = [t for (t,) in con.execute("SELECT json_extract(csl, '$.title') FROM records")]
    assert len(titles) == len(set(titles))  # nothing doubled
    con.close()
    return len(counts)


@pytest.mark.slow
def test_killed_import_leaves_whole_documents_and_rerun_completes(tmp_path):
    db = tmp_path / "lib.sqlite"
    docs, per_doc = 60, 400
    for kill_at in (5, 25, 45):  # three kills, each while later documents are still to come
        _run_importer(db, docs, per_doc, kill_at=kill_at)
        stored = _check_consistent(db, per_doc)
        assert kill_at < stored < docs  # the kill really interrupted the import
    _run_importer(db, docs, per_doc, kill_at=None)
    assert _check_consistent(db, per_doc) == docs
    with Library(db) as lib:
        assert lib.stats()["records"] == docs * per_doc


def test_cli_add_works_explain_export(tmp_path, capsys):
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([RUSSIAN.to_csl(), TRANSLIT.to_csl(), OTHER.to_csl()]), "utf-8")
    lib = str(tmp_path / "cli.sqlite")
    assert main(["library", "add", str(path), "--library", lib]) == 0
    assert "3 records in 2 works" in capsys.readouterr().out
    assert main(["library", "works", "--library", lib, "--format", "json"]) == 0
    works = json.loads(capsys.readouterr().out)
    assert works[0]["records"] == ["r1", "r2"]
    assert main(["library", "explain", "r1", "r3", "--library", lib]) == 0
    assert "different works" in capsys.readouterr().out
    assert main(["library", "export", "--format", "bibtex", "--library", lib]) == 0
    exported = capsys.readouterr().out
    assert exported.count("@") == 2 and "Коррозия сплавов циркония в воде" in exported


def test_cli_add_reads_standard_input_and_says_when_nothing_was_found(
    tmp_path, capsys, monkeypatch
):
    """``library add -`` takes a bibliography (by content) or a document from stdin."""
    import io

    lib = str(tmp_path / "stdin.sqlite")
    data = json.dumps([RUSSIAN.to_csl(), OTHER.to_csl()])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode()), "utf-8"))
    assert main(["library", "add", "-", "--library", lib]) == 0
    assert "<stdin>: added as document 1, 2 records" in capsys.readouterr().out
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["library", "add", str(empty), "--library", lib]) == 1
    assert capsys.readouterr().err == f"refbridge library add: {empty}: no reference list found\n"
    assert main(["library", "add", str(tmp_path / "no.txt"), "--library", lib]) == 1
    assert capsys.readouterr().err.count("no.txt") == 1  # named once, not twice


def _import_during_dedup(monkeypatch, path, batch, *, timeout=30.0):
    """Another connection imports ``batch(n)`` while dedup clusters for the n-th time."""
    import refbridge.store.library as store

    real = store.deduplicate
    calls: list[int] = []

    def import_meanwhile(*args, **kwargs):
        calls.append(len(calls) + 1)
        refs = batch(len(calls))
        try:
            if refs:
                with Library(path, timeout=timeout) as other:
                    other.add_references(refs, source=f"meanwhile {len(calls)}")
        except StoreError:  # dedup holds the write lock: the import has to wait
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "deduplicate", import_meanwhile)
    return calls


def test_dedup_redoes_when_an_import_lands_while_it_works(tmp_path, monkeypatch):
    """The issue-15 race: a document imported while dedup computes must not lose its works."""
    path = tmp_path / "lib.sqlite"
    eight = [OTHER, *(article(title=f"Статья номер {n}", pages=f"{n}-{n + 1}") for n in range(7))]
    with Library(path) as lib:
        lib.add_references([RUSSIAN, TRANSLIT], source="first.txt")
        calls = _import_during_dedup(monkeypatch, path, lambda n: eight if n == 1 else [])
        summary = lib.dedup()
        orphans = lib._db.execute("SELECT count(*) FROM records WHERE work_id IS NULL").fetchone()
        assert orphans[0] == 0
        assert summary.records == 10 and len(calls) == 2  # the stale first pass was redone
        assert sum(len(w.records) for w in lib.works()) == 10
        assert lib.export("csljson").count('"title"') == summary.works


def test_dedup_holds_the_lock_after_repeated_interference(tmp_path, monkeypatch):
    path = tmp_path / "lib.sqlite"
    with Library(path) as lib:
        lib.add_references([RUSSIAN], source="first.txt")
        calls = _import_during_dedup(
            monkeypatch, path, lambda n: [article(title=f"Работа {n}")], timeout=0.2
        )
        summary = lib.dedup(attempts=3)
        orphans = lib._db.execute("SELECT count(*) FROM records WHERE work_id IS NULL").fetchone()
    assert len(calls) == 3 and orphans[0] == 0 and summary.records == 3


def _damage(path: Path, offset: int, size: int = 512) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xff" * size)


def _library_with_records(path: Path) -> None:
    with Library(path) as lib:
        lib.add_references([article(title=f"Запись {n}" * 20) for n in range(200)], source="a")
        lib.dedup()
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def test_a_damaged_library_is_a_store_error_before_anything_is_added(tmp_path, capsys):
    path = tmp_path / "lib.sqlite"
    _library_with_records(path)
    _damage(path, 4096 * 3)  # inside a b-tree page: the header still reads fine
    with pytest.raises(StoreError, match="damaged") as error:
        Library(path)
    assert str(path) in str(error.value)
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps([OTHER.to_csl()]), "utf-8")
    assert main(["library", "add", str(refs), "--library", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "added" not in out and "damaged" in err and "Traceback" not in err


def test_a_file_that_is_no_library_is_named(tmp_path):
    path = tmp_path / "lib.sqlite"
    _library_with_records(path)
    _damage(path, 0, 100)  # the SQLite header
    with pytest.raises(StoreError, match="not a refbridge library"):
        Library(path)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a refbridge library"):
        Library(other)


def test_reading_commands_never_create_a_library(tmp_path, capsys):
    missing = tmp_path / "mistyped.sqlite"
    for command in (["works"], ["show", "w1"], ["export"], ["explain", "r1", "r2"], ["dedup"]):
        assert main(["library", *command, "--library", str(missing)]) == 1
        assert "no library here" in capsys.readouterr().err
    assert not missing.exists()
    with pytest.raises(StoreError, match="no library here"):
        Library(missing, create=False)


def test_a_read_only_open_reads_and_never_writes(tmp_path):
    path = tmp_path / "lib.sqlite"
    with Library(path) as lib:
        lib.add_references([RUSSIAN, TRANSLIT], source="a.txt")
        lib.dedup()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with Library(path, readonly=True) as lib:
        assert [len(w.records) for w in lib.works()] == [2]
        with pytest.raises(StoreError, match="read-only"):
            lib.protect("r1", "title")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in before} == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_library_on_read_only_media_can_be_read(tmp_path, capsys):
    folder = tmp_path / "media"
    folder.mkdir()
    path = folder / "lib.sqlite"
    with Library(path) as lib:
        lib.add_references([RUSSIAN, TRANSLIT], source="a.txt")
        lib.dedup()
    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert main(["library", "works", "--library", str(path), "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)[0]["records"] == ["r1", "r2"]
        assert main(["library", "dedup", "--library", str(path)]) == 1
        assert "read-only" in capsys.readouterr().err
    finally:
        folder.chmod(0o755)


def test_read_only_media_fall_back_to_an_immutable_open(tmp_path, monkeypatch):
    """Where no -shm file can be made (read-only media), mode=ro fails; immutable=1 reads."""
    import refbridge.store.library as store

    path = tmp_path / "lib.sqlite"
    with Library(path) as lib:
        lib.add_references([RUSSIAN, TRANSLIT], source="a.txt")
        lib.dedup()
    real = sqlite3.connect
    opened = []

    def media(database, *args, **kwargs):
        opened.append(str(database))
        if "mode=ro" in str(database):
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *args, **kwargs)

    monkeypatch.setattr(store.sqlite3, "connect", media)
    with Library(path, readonly=True) as lib:
        assert [len(w.records) for w in lib.works()] == [2]
    assert [o.rsplit("?", 1)[1] for o in opened] == ["mode=ro", "immutable=1"]
