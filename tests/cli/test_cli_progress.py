"""Progress bars: on standard error, only when it is a terminal, and never with --quiet."""

from __future__ import annotations

import io
import sys

import pytest

from refbridge.cli import main

LINES = "".join(
    f"Ivanov I. I. Paper number {i} // Journal of Things. 2019. Vol. {i}. P. 1-2.\n"
    for i in range(30)
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def lines_file(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text(LINES, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("argv", "label"),
    [
        (["parse", "{f}"], "parsing"),
        (["dedup", "{f}"], "comparing"),
        (["extract", "{f}", "{f}"], "extracting"),
    ],
)
def test_bar_on_a_terminal_only(argv, label, lines_file, monkeypatch, capsys):
    argv = [a.replace("{f}", lines_file) for a in argv]
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(argv)
    assert f"{label}:" in terminal.getvalue()
    terminal.seek(0)
    terminal.truncate()
    main([*argv, "--quiet"])
    assert f"{label}:" not in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    main(argv)
    assert f"{label}:" not in sys.stderr.getvalue()
    assert f"{label}:" not in capsys.readouterr().out
