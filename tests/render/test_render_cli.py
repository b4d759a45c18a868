"""``refbridge render``: CSL-JSON and documents in, styled text out; clear errors."""

from __future__ import annotations

import json
import re
import shutil
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


def test_style_and_locale_errors_name_the_file_and_line(
    items_file: Path, tmp_path: Path, capsys
) -> None:
    styles = {
        "broken.csl": '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n'
        '  <citation><layout><text variable="title"></layout></citation>\n</style>\n',
        "typo.csl": '<style xmlns="http://purl.org/net/xbiblio/csl">\n  <citation>\n'
        '    <layout>\n      <grup><text variable="title"/></grup>\n    </layout>\n'
        "  </citation>\n</style>\n",
        "bare.csl": '<style xmlns="http://purl.org/net/xbiblio/csl">\n  <citation>\n'
        "    <layout>\n      <text/>\n    </layout>\n  </citation>\n</style>\n",
    }
    expected = {
        "broken.csl": r"broken\.csl, line 3, column \d+: not well-formed CSL style XML",
        "typo.csl": r"typo\.csl, line 4: <grup> is not a CSL rendering element",
        "bare.csl": r"bare\.csl, line 4: <text> needs variable or macro or term or value",
    }
    for name, xml in styles.items():
        (tmp_path / name).write_text(xml, encoding="utf-8")
        assert main(["render", str(items_file), "--style", str(tmp_path / name)]) == 1
        err = capsys.readouterr().err
        assert re.search(f"^refbridge render: error: .*{expected[name]}", err, re.M), err
        assert "Traceback" not in err
    assert main(["render", str(items_file), "--locale", "xx-YY"]) == 1
    assert "error: unknown locale 'xx-YY'; known: af-ZA" in capsys.readouterr().err


def test_a_broken_locale_file_is_named_with_its_line(
    items_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from refbridge.render import locale

    shutil.copy(locale.LOCALES_DIR / "locales.json", tmp_path)
    (tmp_path / "locales-en-US.xml").write_text(
        '<?xml version="1.0"?>\n<locale xmlns="http://purl.org/net/xbiblio/csl">\n'
        "  <terms>\n    <term name='and'>and</term>\n</locale>\n",
        encoding="utf-8",
    )
    caches = (locale._locale_file, locale._bundled, locale._primary_dialects, locale.resolve_lang)

    def clear() -> None:
        for cached in caches:
            cached.cache_clear()

    monkeypatch.setattr(locale, "LOCALES_DIR", tmp_path)
    clear()
    try:
        assert main(["render", str(items_file), "--one-locale", "--locale", "en-US"]) == 1
    finally:
        monkeypatch.undo()
        clear()
    err = capsys.readouterr().err
    assert re.search(r"locales-en-US\.xml, line 5, column \d+: not well-formed CSL locale", err)
    assert "Traceback" not in err
