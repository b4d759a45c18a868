"""The CLI contract: every command, misused, answers with a located message and an exit status.

Each case runs ``refbridge`` on a misuse — a missing file, a folder, a binary or empty file, a
closed standard input, ``-o`` into a folder that does not exist, option values out of range,
unknown names, unreadable bibliographies — and asserts three things: no Python traceback, the
documented exit status (2 for usage errors, 1 when something was not done), and a message that
names the file, option, line or entry at fault. The cases run in-process through
:func:`refbridge.cli.main` (fast); a few that need a real process (a closed file descriptor 0,
``python -m refbridge``, a broken pipe) run as subprocesses, in parallel.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from paths import ROOT
from refbridge.cli import main

LINES = (
    "Ivanov I. I. The title of a paper // Journal of Things. 2019. Vol. 1, no. 2. P. 80-92.\n"
    "Smith, J. (2020). Another paper. Journal of Stuff, 3(4), 5-6.\n"
)
BIB = "@article{smith2020, author = {Smith, John}, title = {A title}, journal = {J}, year = 2020}\n"
BROKEN_BIB = BIB + "@article{broken, title = {Unclosed brace, year = 2019\n\n@book{x,\n"
NO_NET = ["--offline", "--no-cache"]  # DOI commands never reach a network here

# (id, argv with {placeholders}, exit status, text the message must contain)
CASES: list[tuple[str, list[str], int, str]] = []


def case(name: str, argv: list[str], status: int, mention: str) -> None:
    CASES.append((name, argv, status, mention))


# every command that reads files, given each kind of bad file
FILE_COMMANDS = {
    "parse": ["parse", "{f}"],
    "dedup": ["dedup", "{f}"],
    "dedup-lines": ["dedup", "--input", "lines", "{f}"],
    "find-doi": ["find-doi", "{f}", *NO_NET],
    "check-dois": ["check-dois", "{f}", *NO_NET],
    "check-citations": ["check-citations", "{f}"],
    "extract": ["extract", "{f}"],
    "render": ["render", "{f}"],
    "pair": ["pair", "{f}"],
    "pair-two": ["pair", "{lines}", "{f}"],
    "references-en": ["references-en", "{f}"],
    "convert": ["convert", "{f}", "{tmp}/out.bib", "--from", "bibtex"],
    "library-add": ["library", "--library", "{tmp}/lib.sqlite", "add", "{f}"],
}
BAD_FILES = {"missing": "{missing}", "folder": "{folder}", "binary": "{binary}"}
for command, argv in FILE_COMMANDS.items():
    for kind, placeholder in BAD_FILES.items():
        if command == "library-add" and kind != "missing":
            continue  # one case is enough where add reports per file and goes on
        case(f"{command}-{kind}", [a.replace("{f}", placeholder) for a in argv], 1, placeholder)

# empty input: nothing to do is an error where the command promises records
for command in ("dedup", "extract", "render", "check-citations", "pair", "references-en"):
    case(f"{command}-empty", [a.replace("{f}", "{empty}") for a in FILE_COMMANDS[command]], 1,
         "{empty}")  # fmt: skip
case("parse-empty", ["parse", "{empty}"], 0, "")

# closed standard input
for command, argv in {
    "parse": ["parse", "-"],
    "dedup": ["dedup", "-"],
    "find-doi": ["find-doi", "-", *NO_NET],
    "translit": ["translit"],
    "extract": ["extract", "-"],
    "convert": ["convert", "-", "{tmp}/out.bib", "--from", "bibtex"],
    "render": ["render", "-"],
    "pair": ["pair", "-"],
    "check-citations": ["check-citations", "-"],
    "check-dois": ["check-dois", "-", *NO_NET],
}.items():
    case(f"{command}-closed-stdin", ["<closed>", *argv], 1, "<stdin>")

# binary bytes on standard input
for command, argv in {
    "dedup": ["dedup", "-"],
    "translit": ["translit"],
    "extract": ["extract", "-"],
    "convert": ["convert", "-", "{tmp}/out.bib", "--from", "bibtex"],
    "render": ["render", "-"],
}.items():
    case(f"{command}-binary-stdin", ["<binary>", *argv], 1, "<stdin>")

# -o into a folder that does not exist, and -o naming a folder
for command, argv in {
    "parse": ["parse", "{lines}"],
    "dedup": ["dedup", "{lines}"],
    "extract": ["extract", "{lines}"],
    "render": ["render", "{bib}"],
    "translit": ["translit", "Иванов"],
    "check-citations": ["check-citations", "{lines}"],
    "pair": ["pair", "{lines}", "{lines}"],
    "references-en": ["references-en", "{lines}"],
    "find-doi": ["find-doi", "{lines}", *NO_NET],
    "check-dois": ["check-dois", "{lines}", *NO_NET],
    "resolve": ["resolve", "10.1000/x", *NO_NET],
    "library-export": ["library", "export", "--library", "{library}"],
}.items():
    case(f"{command}-o-missing-folder", [*argv, "-o", "{tmp}/nope/out.txt"], 1, "nope")
    case(f"{command}-o-folder", [*argv, "-o", "{folder}"], 1, "{folder}")
case("convert-out-missing-folder", ["convert", "{bib}", "{tmp}/nope/x.ris"], 1, "nope")

# option values out of range or unknown: usage errors (2) naming the option
for name, argv, option in [
    ("find-doi-threshold", ["find-doi", "{lines}", "--threshold", "7"], "--threshold"),
    ("find-doi-margin", ["find-doi", "{lines}", "--min-margin", "-1"], "--min-margin"),
    ("find-doi-rows", ["find-doi", "{lines}", "--rows", "0"], "--rows"),
    ("find-doi-timeout", ["find-doi", "{lines}", "--timeout", "-5"], "--timeout"),
    ("check-dois-timeout", ["check-dois", "{lines}", "--timeout", "-5"], "--timeout"),
    ("check-dois-timeout-nan", ["check-dois", "{lines}", "--timeout", "nan"], "--timeout"),
    ("check-dois-workers", ["check-dois", "{lines}", "--workers", "0"], "--workers"),
    ("resolve-timeout", ["resolve", "10.1000/x", "--timeout", "0"], "--timeout"),
    ("pair-threshold", ["pair", "{lines}", "{lines}", "--threshold", "7"], "--threshold"),
    ("dedup-workers", ["dedup", "{lines}", "--workers", "-2"], "--workers"),
    ("library-dedup-workers", ["library", "dedup", "--workers", "0"], "--workers"),
    ("check-citations-list", ["check-citations", "{lines}", "--list", "0"], "--list"),
    ("parse-encoding", ["parse", "{lines}", "--encoding", "klingon-8"], "--encoding"),
    ("dedup-encoding", ["dedup", "{lines}", "--encoding", "nope"], "--encoding"),
    ("convert-encoding", ["convert", "{bib}", "{tmp}/o.ris", "--encoding", "x"], "--encoding"),
    ("parse-format", ["parse", "{lines}", "-f", "xml"], "--format"),
    ("dedup-format", ["dedup", "{lines}", "--format", "csv"], "--format"),
    ("extract-format", ["extract", "{lines}", "-f", "docx"], "--format"),
    ("resolve-format", ["resolve", "10.1000/x", "-f", "yaml"], "--format"),
    ("resolve-crossref-url", ["resolve", "10.1000/x", "--crossref-url", "notaurl"], "crossref"),
    ("check-dois-doi-url", ["check-dois", "{lines}", "--doi-url", "http://[::1"], "--doi-url"),
    ("find-doi-datacite-url", ["find-doi", "{lines}", "--datacite-url", "file:///x"], "datacite"),
    ("parse-segmenter", ["parse", "{lines}", "--segmenter", "nonsense"], "--segmenter"),
    ("translit-scheme", ["translit", "--scheme", "klingon", "x"], "--scheme"),
    ("references-en-style", ["references-en", "{lines}", "--style", "mla"], "--style"),
    ("extract-reader", ["extract", "{lines}", "--reader", "rtf"], "--reader"),
    ("convert-to", ["convert", "{bib}", "{tmp}/o.x", "--to", "word"], "--to"),
    ("library-protect-field", ["library", "protect", "r1", "colour"], "field"),
    ("unknown-command", ["frobnicate"], "frobnicate"),
    ("no-command", [], "usage"),
    ("missing-argument", ["dedup"], "FILE"),
]:
    case(name, argv, 2, option)

# unknown names that only the library knows: located errors listing the known names
case("render-style", ["render", "{bib}", "--style", "no-such-style"], 1, "no-such-style")
case("render-locale", ["render", "{bib}", "--locale", "xx-YY"], 1, "known: af-ZA")
case("check-citations-list-too-big", ["check-citations", "{lines}", "--list", "99"], 1, "--list")
case("convert-stdout-without-to", ["convert", "{bib}", "-"], 1, "--to")
case("convert-unknown-suffix", ["convert", "{bib}", "{tmp}/out.docx"], 1, "out.docx")

# bibliographies with unreadable entries: the rest is done, the status says not everything was
for command, argv in {
    "dedup": ["dedup", "{broken}"],
    "render": ["render", "{broken}"],
    "convert": ["convert", "{broken}", "{tmp}/ok.ris"],
}.items():
    case(f"{command}-broken-bib", argv, 1, "broken.bib, line")
case("dedup-binary-as-bib", ["dedup", "--input", "bibliography", "{binary}"], 1, "{binary}")

# library commands on a library that is not there (a mistyped --library)
for sub in (["works"], ["show", "w1"], ["dedup"], ["export"], ["explain", "r1", "r2"]):
    case(f"library-{sub[0]}-no-library", ["library", *sub, "--library", "{missing}"], 1,
         "{missing}")  # fmt: skip
case("library-before-command", ["--library", "{missing}", "library", "works"], 1, "{missing}")
case("library-folder", ["library", "works", "--library", "{folder}"], 1, "{folder}")
case("library-show-unknown-work", ["library", "show", "w999", "--library", "{library}"], 1, "w999")
case("check-dois-cache-folder", ["check-dois", "{lines}", "--offline", "--cache", "{folder}"], 1,
     "{folder}: is a folder")  # fmt: skip
case("resolve-cache-missing-folder", ["resolve", "10.1/x", "--cache", "{tmp}/no/c.sqlite"], 1,
     "{tmp}/no/c.sqlite")  # fmt: skip
case("library-add-unknown-reader", ["library", "--library", "{tmp}/l2.sqlite", "add", "{lines}",
     "--reader", "nope"], 1,
     "unknown format or reader 'nope'; known: biblatex, bibtex")  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("contract")
    (tmp / "folder").mkdir()
    (tmp / "lines.txt").write_text(LINES, encoding="utf-8")
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp / "ok.bib").write_text(BIB, encoding="utf-8")
    (tmp / "broken.bib").write_text(BROKEN_BIB, encoding="utf-8")
    library = tmp / "library.sqlite"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["library", "--library", str(library), "add", str(tmp / "ok.bib")]) == 0
    return {
        "tmp": str(tmp),
        "missing": str(tmp / "missing.txt"),
        "folder": str(tmp / "folder"),
        "binary": str(tmp / "binary.txt"),
        "empty": str(tmp / "empty.txt"),
        "lines": str(tmp / "lines.txt"),
        "bib": str(tmp / "ok.bib"),
        "broken": str(tmp / "broken.bib"),
        "library": str(library),
    }


def fill(text: str, files: dict[str, str]) -> str:
    for key, value in files.items():
        text = text.replace("{" + key + "}", value)
    return text


def run_in_process(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Exit status and standard error of ``refbridge ARGV`` run through ``main``."""
    if argv and argv[0] == "<closed>":
        monkeypatch.setattr(sys, "stdin", None)
        argv = argv[1:]
    elif argv and argv[0] == "<binary>":
        binary = io.TextIOWrapper(io.BytesIO(bytes(range(256)) * 64), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", binary)
        argv = argv[1:]
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            status = exc.code if isinstance(exc.code, int) else 1
    return status, err.getvalue()


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60
    assert len({name for name, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize(("name", "argv", "status", "mention"), CASES, ids=[c[0] for c in CASES])
def test_misuse(name, argv, status, mention, files, monkeypatch):
    monkeypatch.setenv("REFBRIDGE_LIBRARY", fill("{tmp}/default.sqlite", files))
    got, err = run_in_process([fill(a, files) for a in argv], monkeypatch)
    assert "Traceback" not in err and "internal error" not in err, err
    assert got == status, err
    assert fill(mention, files) in err, err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["parse", "{lines}"], ["convert", "{bib}", "--to", "ris"]])
def test_a_full_disk_names_the_output(command, files, monkeypatch):
    """ENOSPC often shows only when the file is closed; it is still a located error."""
    argv = [fill(a, files) for a in command]
    if argv[0] == "convert":
        argv.insert(2, "/dev/full")
    else:
        argv += ["-o", "/dev/full"]
    status, err = run_in_process(argv, monkeypatch)
    assert status == 1 and err.endswith("error: /dev/full: cannot write: No space left on device\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["-q", "parse", "{lines}"],
        ["parse", "{lines}", "-q"],
        ["--quiet", "library", "works", "--library", "{library}"],
        ["library", "works", "-q", "--library", "{library}"],
        ["--library", "{library}", "library", "export", "-f", "ris", "--quiet"],
    ],
)
def test_common_options_go_before_or_after_the_command(argv, files, monkeypatch):
    status, err = run_in_process([fill(a, files) for a in argv], monkeypatch)
    assert (status, err) == (0, "")


def _process(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refbridge", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        **kwargs,
    )


@pytest.mark.slow
def test_real_processes(files):
    """What only a real process shows: fd 0 closed, python -m, --version, a broken pipe."""
    lines = files["lines"]
    runs = {
        "closed-fd0-parse": (["parse"], {"stdin": subprocess.DEVNULL, "preexec_fn": _close_stdin}),
        "closed-fd0-translit": (["translit"], {"preexec_fn": _close_stdin}),
        "version": (["--version"], {}),
        "help": (["--help"], {}),
        "library-help": (["library", "add", "--help"], {}),
        "missing": (["dedup", files["missing"]], {}),
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = {name: pool.submit(_process, argv, **kw) for name, (argv, kw) in runs.items()}
        pipe = pool.submit(_broken_pipe, lines)
        results = {name: future.result() for name, future in done.items()}
    for name, result in results.items():
        assert "Traceback" not in result.stderr, (name, result.stderr)
    assert results["closed-fd0-parse"].returncode == 1
    assert "<stdin>: standard input is closed" in results["closed-fd0-parse"].stderr
    assert results["closed-fd0-translit"].returncode == 1
    assert results["version"].stdout.startswith("refbridge ")
    assert "translit" in results["help"].stdout and results["help"].returncode == 0
    assert "--no-dedup" in results["library-help"].stdout
    assert results["missing"].returncode == 1 and files["missing"] in results["missing"].stderr
    status, err = pipe.result()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert status == 0


def test_ctrl_c_ends_at_once_with_status_130_and_no_traceback():
    proc = subprocess.Popen(
        [sys.executable, "-m", "refbridge", "parse", "-"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin and proc.stdout and proc.stderr
    proc.stdin.write(LINES.splitlines()[0].encode() + b"\n")
    proc.stdin.flush()
    assert proc.stdout.readline().startswith(b"{")  # running, waiting for the next line
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    status = proc.wait(timeout=30)
    assert time.monotonic() - started < 1.0
    err = proc.stderr.read().decode("utf-8", "replace")
    assert status == 130 and "refbridge parse: interrupted" in err and "Traceback" not in err


def _close_stdin() -> None:
    os.close(0)


def _broken_pipe(lines: str) -> tuple[int, str]:
    """``refbridge parse many-lines | head -1``: the reader goes away early."""
    many = Path(lines).with_name("many.txt")
    many.write_text(Path(lines).read_text(encoding="utf-8") * 2000, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "refbridge", "parse", str(many)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout and proc.stderr
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    return proc.wait(timeout=120), err


def test_help_descriptions_leave_out_the_synopsis_line():
    """``--help`` shows usage once; the module docstring's synopsis line would repeat it."""
    from refbridge.cli import build_parser
    from refbridge.commands import SUMMARIES

    for name in SUMMARIES:
        sub = build_parser(name)._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
        assert sub.description and not sub.description.startswith("``refbridge"), name
