"""docs/cli.md: every ``console`` example runs as printed, with the exit status it shows."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys

import pytest

from paths import ROOT
from refbridge.cli import main

PAGE = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
EXAMPLES = [
    (command, [line.strip() for line in output.strip("\n").splitlines()])
    for block in re.findall(r"```console\n(.*?)```", PAGE, re.DOTALL)
    for command, output in re.findall(r"^\s*\$ (.*)\n((?:(?!\s*\$ ).*\n)*)", block, re.M)
]


def _pattern(expected: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in expected.split("...")))


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_example_runs_as_printed(command, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    line, _, comment = command.partition("  # ")
    status = int(comment.removeprefix("exit ")) if comment else 0
    if line.startswith("echo "):
        echoed, line = line.split(" | ", 1)
        monkeypatch.setattr(sys, "stdin", io.StringIO(shlex.split(echoed)[1] + "\n"))
    args = shlex.split(line)
    assert args[0] == "refbridge"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            got = main(args[1:])
        except SystemExit as exc:
            got = exc.code
    assert got == status, err.getvalue()
    lines = [ln.strip() for ln in (out.getvalue() + err.getvalue()).splitlines()]
    wanted = [e for e in expected if e != "..."]
    for want in wanted:
        assert any(_pattern(want).fullmatch(ln) for ln in lines), (want, lines)
    if not any("..." in e for e in expected):
        assert len(lines) == len(expected), lines


def test_every_example_is_found():
    assert len(EXAMPLES) >= 8
