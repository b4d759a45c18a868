"""``refbridge parse``: the JSON Lines contract outside evaluation scripts rely on."""

import io
import json
import subprocess
import sys

import pytest

from refbridge.cli import main

# CSL 1.0.2 variables (plus "custom", CSL-JSON's extension object): nothing else at top level.
CSL_KEYS = set(
    """type id author editor translator collection-editor container-author issued accessed
    event-date original-date submitted title title-short container-title container-title-short
    collection-title collection-number publisher publisher-place event event-place volume issue
    page page-first number-of-pages number-of-volumes edition number genre medium DOI URL ISBN
    ISSN PMID PMCID language note abstract keyword source status version archive
    original-title original-publisher original-publisher-place references custom""".split()
)

LINES = [
    "Дудин, В. А., & Цветков, М. Н. (2019). Внешнеэкономическое сотрудничество России и "
    "Казахстана: От истории к современности. *Market economy problems*, 1, 80–92. "
    "<https://doi.org/10.33051/2500-2325-2019-1-80-92>",
    "",
    "Иванов И.И. Заглавие // Журнал. – 2019. – Т. 1, № 2. – С. 80–92.",
    "\x00\x01\x02\x03",
    "Forum of Interregional Cooperation between Russia and Kazakhstan. (2019, November 7). "
    "The President of Russia. http://kremlin.ru/events/president/news/61997 (In Russian)",
]


def _run(tmp_path, capsys, lines, *extra, status=1):
    """Parse ``lines``; exit status 1 means a non-blank line was not parsed."""
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["parse", str(path), *extra]) == status
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_output_line_per_input_line_in_order(tmp_path, capsys):
    out = _run(tmp_path, capsys, LINES)
    assert len(out) == len(LINES)
    assert [("error" in o) for o in out] == [False, True, False, True, False]
    assert out[1] == {"error": "empty reference string", "line": 2, "input": ""}
    assert out[3]["line"] == 4 and "not text" in out[3]["error"]


def test_csl_json_shape(tmp_path, capsys):
    first, _, gost, _, web = _run(tmp_path, capsys, LINES)
    for item in (first, gost, web):
        assert set(item) <= CSL_KEYS, set(item) - CSL_KEYS
    assert first["author"] == [
        {"family": "Дудин", "given": "В. А."},
        {"family": "Цветков", "given": "М. Н."},
    ]
    assert first["issued"] == {"date-parts": [[2019]]}
    assert first["container-title"] == "Market economy problems"  # no Markdown in values
    assert first["custom"]["refbridge"]["raw"] == LINES[0]  # Markdown kept in raw
    assert (gost["volume"], gost["issue"], gost["page"]) == ("1", "2", "80-92")
    assert web["issued"] == {"date-parts": [[2019, 11, 7]]}
    assert web["custom"]["refbridge"]["original-language"] == "ru"


def test_huge_line_gives_a_short_error_record(tmp_path, capsys):
    (record,) = _run(tmp_path, capsys, ["x" * 6_000_000])
    assert "too long" in record["error"] and len(record["input"]) <= 1_001


def test_stdin_and_output_file(tmp_path, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(LINES[:3]) + "\n"))
    target = tmp_path / "out.jsonl"
    assert main(["parse", "-", "-o", str(target)]) == 0  # a blank line is no failure
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and rows[1]["line"] == 2


def test_unknown_segmenter_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        main(["parse", "--segmenter", "nonsense", "-"])


def test_output_streams_line_by_line():
    """Each result is written before the next input line arrives (a pipe, not a batch)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "refbridge.cli", "parse", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin and proc.stdout
    try:
        for number, line in enumerate(LINES[:3], start=1):
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
            answer = json.loads(proc.stdout.readline())
            assert ("error" in answer) == (line == "")
            if "error" in answer:
                assert answer["line"] == number
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_bare_cr_does_not_split_a_line_but_crlf_ends_one(tmp_path, capsys):
    path = tmp_path / "cr.txt"
    path.write_bytes(
        b"Ivanov I. Title one\rcontinued // Journal. 2019. Vol. 1. P. 1-2.\r\n"
        b"Petrov P. Title two // Journal. 2020. Vol. 2. P. 3-4.\r\n"
    )
    assert main(["parse", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2 and "continued" in rows[0]["custom"]["refbridge"]["raw"]


def test_standard_input_splits_lines_by_the_same_rule(monkeypatch, capsys):
    """Streamed standard input ends lines where a file does: LF and CRLF, not a bare CR."""
    data = (
        b"Ivanov I. Title one\rcontinued // Journal. 2019. Vol. 1. P. 1-2.\r\n"
        b"Petrov P. Title two // Journal. 2020. Vol. 2. P. 3-4.\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["parse", "-"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["custom"]["refbridge"]["raw"] for row in rows] == [
        "Ivanov I. Title one continued // Journal. 2019. Vol. 1. P. 1-2.",
        "Petrov P. Title two // Journal. 2020. Vol. 2. P. 3-4.",
    ]


def test_json_format_is_one_array_of_the_same_objects(tmp_path, capsys):
    lines = _run(tmp_path, capsys, LINES)
    path = tmp_path / "in.txt"
    assert main(["parse", str(path), "-f", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == lines


def test_parser_option_reaches_every_parse(tmp_path, capsys):
    """--parser (or --segmenter) picks the parser of parse and of extract's found entries."""
    from refbridge.parsing import SEGMENTERS, get_segmenter, using_segmenter

    with using_segmenter("crf"):
        assert get_segmenter() is SEGMENTERS.get("crf")
    assert get_segmenter() is SEGMENTERS.get("hybrid")  # the default again after the block
    entry = (
        'C. E. Shannon, "A mathematical theory of communication," Bell Syst. Tech. J., '
        "vol. 27, no. 3, pp. 379-423, Jul. 1948."
    )
    doc = tmp_path / "paper.txt"
    doc.write_text(f"A paper\n\nReferences\n\n[1] {entry}\n", encoding="utf-8")
    volumes = {}
    for option in ("--parser=crf", "--segmenter=rules"):
        assert main(["extract", str(doc), "--format", "csljson", option]) == 0
        (item,) = json.loads(capsys.readouterr().out)
        volumes[option] = item.get("volume")
    assert volumes == {"--parser=crf": "27", "--segmenter=rules": None}
