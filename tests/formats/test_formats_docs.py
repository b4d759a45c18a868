"""docs/formats.md: its Python examples run and print what the page shows; its commands run."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys

import pytest

from paths import ROOT
from refbridge.cli import main

PAGE = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", PAGE, re.DOTALL)


def test_python_examples_run_and_print_the_text_shown(monkeypatch):
    monkeypatch.chdir(ROOT)
    checked = 0
    for i, (lang, code) in enumerate(BLOCKS):
        if lang != "python":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"docs/formats.md block {i}", "exec"), {})
        following = BLOCKS[i + 1] if i + 1 < len(BLOCKS) else ("", "")
        if following[0] == "text":
            assert out.getvalue().strip() == following[1].strip()
            checked += 1
    assert checked >= 1


def test_shell_examples_run_and_report_the_errors_shown(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    commands = next(code for lang, code in BLOCKS if lang == "sh").strip().splitlines()
    stderr = []
    for line in commands:
        line = line.split("#")[0].replace("/tmp/", f"{tmp_path}/")
        source = ""
        if line.startswith("cat "):
            source, line = line.split("|", 1)
            data = (ROOT / shlex.split(source)[1]).read_bytes()
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        args = shlex.split(line)
        assert args[:2] == ["refbridge", "convert"]
        # tricky.bib and sample.ris hold a deliberately broken block each: exit status 1
        broken_input = "tricky.bib" in line or "sample.ris" in source + line
        assert main(args[1:]) == (1 if broken_input else 0), line
        stderr.append(capsys.readouterr().err)
    shown = next(code for lang, code in BLOCKS if lang == "text")
    assert stderr[0].strip() == shown.strip()
    assert (tmp_path / "from-stdin.json").exists()


@pytest.mark.parametrize("name", ["load_bibliography", "dump_bibliography", "LoadResult"])
def test_top_level_names_named_on_the_page_exist(name):
    import refbridge

    assert name in refbridge.__all__ and name in PAGE
