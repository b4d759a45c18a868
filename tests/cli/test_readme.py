"""The README's Python example runs as printed, from the repository root."""

from __future__ import annotations

import os
import re

from paths import ROOT


def test_readme_python_example_runs(capsys):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "Иванов, И.И. М. Энергоатомиздат 1989" in out
    assert "1. Иванов И. И. Теория реакторов. М.: Энергоатомиздат, 1989. 575 с." in out
