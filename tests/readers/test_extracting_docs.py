"""docs/extracting.md: every `refbridge extract` command on the page runs from the repo root."""

from __future__ import annotations

import io
import re
import shlex
import sys
from pathlib import Path

import pytest

from paths import ROOT
from refbridge.cli import main

PAGE = (ROOT / "docs" / "extracting.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    """Shell lines of the page's ``sh`` blocks, continuations joined, comments dropped."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", PAGE, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("#")[0].strip()
            if line:
                commands.append(line)
    return commands


@pytest.mark.parametrize("command", _commands())
def test_command_runs_as_shown(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    if command.startswith("cat "):
        source, command = (part.strip() for part in command.split("|", 1))
        data = (ROOT / shlex.split(source)[1]).read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    args = shlex.split(command)
    redirect = args.index(">") if ">" in args else None
    if redirect is not None:
        args = [*args[:redirect], "-o", args[redirect + 1]]
    if "-o" in args:  # outputs go to a temporary folder, not into the repository
        args[args.index("-o") + 1] = str(tmp_path / Path(args[args.index("-o") + 1]).name)
    assert args[:2] == ["refbridge", "extract"]
    status = main(args[1:])
    err = capsys.readouterr().err
    # the page shows exactly one failing command: the scanned PDF, reported by name
    assert status == (1 if "scanned.pdf" in command else 0), err
    assert "Traceback" not in err
    if "--format biblatex" in command and "002" in command:
        assert "20 translation link(s)" in err
