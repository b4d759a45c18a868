"""Start-up stays light: ``import refbridge`` and a light command load no heavy library.

The timing itself is a benchmark (benchmarks/startup.py); this test guards the cause: the
modules that made every command pay 1.5 s before doing anything.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import refbridge
from paths import ROOT

SRC = ROOT / "src"
HEAVY = ("scipy", "numpy", "requests", "lxml", "rapidfuzz", "citeproc", "bibtexparser", "tqdm")


def loaded_after(code: str) -> list[str]:
    """The heavy top-level modules loaded by ``code`` in a fresh interpreter."""
    listing = "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    probe = f"{code}\nimport sys, json\n{listing}"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [m for m in json.loads(out.splitlines()[-1]) if m in HEAVY]


def test_import_refbridge_loads_no_heavy_library():
    assert loaded_after("import refbridge") == []


@pytest.mark.parametrize("argv", [["--help"], ["translit", "Иванов"], ["parse", "--help"]])
def test_light_commands_load_no_heavy_library(argv):
    code = (
        "import contextlib, io\nfrom refbridge.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})"
    )
    assert loaded_after(code) == []


@pytest.mark.parametrize("command", ["pair", "references-en", "check-citations", "extract"])
def test_commands_load_scipy_and_requests_only_to_use_them(command):
    code = (
        "import contextlib, io\nfrom refbridge.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main([{command!r}, '--help'])"
    )
    assert not {"scipy", "requests"} & set(loaded_after(code))


def test_public_names_load_on_first_use():
    assert refbridge.transliterate("Иванов") == "Ivanov"
    assert "Library" in dir(refbridge)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        refbridge.nonsense  # noqa: B018


def test_functions_named_like_their_module_stay_functions():
    import refbridge.extract
    import refbridge.render

    assert callable(refbridge.render) and callable(refbridge.extract)
    assert refbridge.render.__module__ == "refbridge.render"


def test_every_unknown_name_raises_one_error_type_listing_the_known_names(tmp_path):
    from refbridge import UnknownNameError

    text = tmp_path / "refs.txt"
    text.write_text("Smith J. A title. 2020.\n", encoding="utf-8")
    lookups = {
        "segmenter": lambda: list(refbridge.parse_references(["x"], segmenter="nope")),
        "transliteration scheme": lambda: refbridge.transliterate("x", "nope"),
        "bibliographic format": lambda: refbridge.dump_bibliography([], "nope"),
        "CSL style": lambda: refbridge.render([], "nope"),
        "locale": lambda: refbridge.render([], "apa", locale="zz-ZZ"),
        "reader": lambda: refbridge.read_document(text, format="nope"),
        "style": lambda: refbridge.english_list([], style="nope"),
    }
    for kind, lookup in lookups.items():
        with pytest.raises(UnknownNameError) as caught:
            lookup()
        error = caught.value
        assert (error.kind, error.name) == (kind, "nope" if kind != "locale" else "zz-ZZ")
        assert error.known and "; known: " in str(error)
        assert isinstance(error, KeyError) and isinstance(error, ValueError)
