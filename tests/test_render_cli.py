"""``refbridge render``: CSL-JSON and documents in, styled text out; clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refbridge.cli import main

ITEMS = [
    {
        "id": "Ru1",
        "type": "book",
        "language": "ru",
        "title": "Экономика Казахстана",
        "author": [{"family": "Иванов", "given": "Пётр Сергеевич"}],
        "issued": {"date-parts": [[2020]]},
        "publisher": "Наука",
        "publisher-place": "Москва",
    },
    {
        "id": "En1",
        "type": "article-journal",
        "language": "en",
        "title": "Trade in the Caspian region",
        "author": [{"family": "Smith", "given": "John"}, {"family": "Doe", "given": "Ann"}],
        "issued": {"date-parts": [[2019]]},
        "container-title": "Energy Policy",
        "volume": "12",
        "page": "1-10",
    },
]


@pytest.fixture
def items_file(tmp_path: Path) -> Path:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    return path


def test_render_gost_with_per_item_language(items_file: Path, capsys) -> None:
    assert main(["render", str(items_file), "--style", "gost"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "1. Иванов П. С. Экономика Казахстана. Москва: Наука, 2020.",
        "2. Smith J., Doe A. Trade in the Caspian region // Energy Policy. 2019. Vol. 12. P. 1–10.",
    ]


def test_render_markdown_with_citations(items_file: Path, capsys) -> None:
    args = ["render", str(items_file), "-s", "apa", "-f", "markdown", "--citations"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert (
        "Smith, J., & Doe, A. (2019). Trade in the Caspian region. *Energy Policy*, *12*, 1–10."
        in out
    )
    assert "(Smith & Doe, 2019)" in out and "(Иванов, 2020)" in out


def test_render_document(tmp_path: Path, capsys) -> None:
    pytest.importorskip("refbridge.extract")
    doc = tmp_path / "paper.md"
    doc.write_text(
        "Text.\n\nReferences\n\n"
        "1. Smith, J. (2019). Trade in the Caspian region. *Energy Policy*, 12, 1–10.\n",
        encoding="utf-8",
    )
    assert main(["render", str(doc), "--style", "ieee"]) == 0
    assert "Energy Policy" in capsys.readouterr().out


def test_render_seed_list_back(references_dir: Path, capsys) -> None:
    pytest.importorskip("refbridge.extract")
    seed = references_dir / "002_dfc645286ca376c6.txt"
    assert main(["render", str(seed), "-s", "apa", "--preserve-text", "--language-note"]) == 0
    out = capsys.readouterr().out
    assert (
        "Litvinov, A. I. (2019). Trade and economic cooperation between Russia and Kazakhstan. "
        "Russian Foreign Economic Journal, 11, 101–111. (In Russian)"
    ) in out


def test_render_errors(items_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["render", str(tmp_path / "missing.json")]) == 1
    assert "missing.json: cannot read file: No such file" in capsys.readouterr().err
    assert main(["render", str(items_file), "--style", "nope"]) == 1
    assert "unknown CSL style 'nope'" in capsys.readouterr().err
    assert main(["render", "--list-styles"]) == 0
    assert "modern-language-association  (mla, mla9)" in capsys.readouterr().out
