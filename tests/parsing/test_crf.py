"""The trained segmenter and its data pipeline: tokens, label mapping, synthetic data, model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paths import ROOT
from refbridge.errors import InputError, ParseError
from refbridge.parsing import parse_reference
from refbridge.parsing.crf import CrfSegmenter, segment
from refbridge.parsing.features import FeatureExtractor, tokenize
from refbridge.parsing.labels import LABELS
from refbridge.parsing.synth_ru import generate
from refbridge.parsing.training_data import (
    load_jsonl,
    map_label,
    normalize_spans,
    split_of,
    token_labels,
)

GOST = (
    "Коровин Ю.А., Тихоненко А.В. Современные компьютерные технологии в подготовке "
    "специалистов // Известия вузов. Ядерная энергетика. – 2011. – Т. 3, №2. – С. 188-193."
)
APA = (
    "Smith, J. A., & Jones, B. (2019). Neutron transport in fast reactors. "
    "Annals of Nuclear Energy, 12(3), 45–50. https://doi.org/10.1016/j.anucene.2019.01.002"
)


def _labelled(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
    return [(label, text[start:end]) for label, start, end in spans]


@pytest.mark.slow
@given(st.text(max_size=200))
def test_tokens_cover_every_visible_character(text: str) -> None:
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert "".join(t.text for t in tokens) == re.sub(r"\s", "", text)


def test_urls_dois_and_gost_separator_are_single_tokens() -> None:
    texts = [t.text for t in tokenize("x // y. DOI: 10.1134/S004.2 URL: https://a.ru/b?c=1.")]
    assert "//" in texts
    assert "10.1134/S004.2" in texts
    assert "https://a.ru/b?c=1" in texts


def test_the_feature_memo_belongs_to_its_extractor_and_stays_bounded() -> None:
    text = " ".join(f"слово{i}, {1900 + i}." for i in range(40))
    tokens = tokenize(text)
    small, large = FeatureExtractor(cache_size=10), FeatureExtractor()
    assert small.sequence(text, tokens) == large.sequence(text, tokens)
    assert 0 < len(small._cache) <= 10
    assert len(large._cache) == len({t.text for t in tokens})
    assert not FeatureExtractor()._cache


def test_features_are_strings_one_list_per_token() -> None:
    tokens = tokenize(GOST)
    feats = FeatureExtractor().sequence(GOST, tokens)
    assert len(feats) == len(tokens)
    assert all(isinstance(f, str) for token in feats for f in token)
    year = next(i for i, t in enumerate(tokens) if t.text == "2011")
    assert "year" in feats[year] and "after//" in feats[year]


@pytest.mark.parametrize(
    ("label", "article", "expected"),
    [
        ("journal", False, "container-title"),
        ("title@level=a", True, "title"),
        ("title@level=j", True, "container-title"),
        ("title@level=m", True, "container-title"),
        ("title@level=m", False, "title"),
        ("biblScope@unit=volume", False, "volume"),
        ("biblScope@type=pp", False, "pages"),
        ("biblScope@unit=issue", False, "issue"),
        ("idno@type=DOI", False, "doi"),
        ("idno@type=arxiv", False, "note"),
        ("pubPlace", False, "location"),
        ("ptr@type=web", False, "url"),
        ("biblStruct@type=page", False, None),
    ],
)
def test_map_label_unifies_both_schemes(label: str, article: bool, expected: str | None) -> None:
    assert map_label(label, has_article_title=article) == expected


def test_anystyle_volume_is_split_into_volume_issue_pages() -> None:
    raw = "Foundations and Trends in Machine Learning, 3(1):1–122, 2011."
    start = raw.index("3(1)")
    spans = normalize_spans(raw, [("volume", start, start + 12)], anystyle=True)
    assert _labelled(raw, spans) == [("volume", "3"), ("issue", "1"), ("pages", "1–122")]
    raw = "Politics Society, 1999, vol. 27, n° 4, pp. 529-559."
    start = raw.index("vol.")
    spans = normalize_spans(raw, [("volume", start, raw.index(" pp."))], anystyle=True)
    assert _labelled(raw, spans) == [("volume", "vol. 27"), ("issue", "n° 4")]


@pytest.mark.parametrize(
    ("raw", "value", "expected"),
    [
        ("Linguistic Inquiry 13.3. pp. 435-482.", "13.3", [("volume", "13"), ("issue", "3")]),
        ("Energy Rev 2014;35: 499-514.", "2014;35", [("date", "2014"), ("volume", "35")]),
        ("J Periodontol. 2003;74(2): 1-7", "2003;74(2)", [("date", "2003"), ("volume", "74"),
                                                          ("issue", "2")]),
    ],
)  # fmt: skip
def test_anystyle_volume_holding_year_or_mla_issue(raw: str, value: str, expected: list) -> None:
    start = raw.index(value)
    spans = normalize_spans(raw, [("volume", start, start + len(value))], anystyle=True)
    assert _labelled(raw, spans) == expected


def test_separators_trimmed_markers_and_abbreviation_dots_kept() -> None:
    raw = "Рудик А.П. (1989). Title (обзор). – М.: Наука, pp. 12-15."
    title = raw.index("Title")
    place = raw.index("М.")
    spans = [
        ("author", 0, 11),
        ("date", 11, title),
        ("title", title, place - 2),
        ("location", place - 2, place + 3),
        ("pages", raw.index("12"), len(raw)),
    ]
    assert _labelled(raw, normalize_spans(raw, spans, anystyle=False)) == [
        ("author", "Рудик А.П."),
        ("date", "1989"),
        ("title", "Title (обзор)"),
        ("location", "М."),
        ("pages", "pp. 12-15"),
    ]


@pytest.mark.parametrize(
    ("label", "raw", "field"),
    [
        ("doi", "doi: 10.1007/s10409-011-0445-9 .", "10.1007/s10409-011-0445-9"),
        (
            "doi",
            "DOI:http://dx.doi.org/10.1198/tast.2010.09132",
            "http://dx.doi.org/10.1198/tast.2010.09132",
        ),
        (
            "url",
            "Available at: http://www.unb.br/ib/zoo/catalog.html",
            "http://www.unb.br/ib/zoo/catalog.html",
        ),
        ("url", "Retirado de www.ibm.com/x.", "www.ibm.com/x"),
        ("url", "leaderu.com", "leaderu.com"),
        ("container-title", "In: Handbook of Disaster Research,", "Handbook of Disaster Research"),
        ("container-title", "Information Sciences", "Information Sciences"),
        ("editor", "In T. Modood & R. Zapata-Barrero (Eds.)", "T. Modood & R. Zapata-Barrero"),
        (
            "editor",
            "Clem, Ralph S., and Joseph D. Olander, eds.",
            "Clem, Ralph S., and Joseph D. Olander",
        ),
        ("editor", "Edited by Allan Stevenson", "Allan Stevenson"),
        ("editor", "Под ред. Першукова В.А.", "Под ред. Першукова В.А."),
    ],
)
def test_lead_ins_left_outside_the_field(label: str, raw: str, field: str) -> None:
    """AnyStyle puts "doi:", "Available at:", "In:" and "(Eds.)" inside fields, GROBID and the
    Russian data leave them out: one convention for training and for the benchmark's gold."""
    assert _labelled(raw, normalize_spans(raw, [(label, 0, len(raw))], anystyle=True)) == [
        (label, field)
    ]


def test_token_labels_follow_spans_and_default_to_other() -> None:
    raw = "Ivanov I. Title. 2001."
    tokens = tokenize(raw)
    labels = token_labels(tokens, [("author", 0, 9), ("title", 10, 15), ("date", 17, 21)])
    assert labels == ["author", "author", "author", "title", "other", "date", "other"]


def test_split_is_deterministic_and_about_ten_percent() -> None:
    parts = [split_of(f"anystyle/good#{i}") for i in range(4000)]
    assert parts == [split_of(f"anystyle/good#{i}") for i in range(4000)]
    assert 0.08 < parts.count("test") / len(parts) < 0.12


def test_synthetic_russian_is_reproducible_and_well_formed() -> None:
    first = list(generate(300, seed=3))
    assert [e.raw for e in first] == [e.raw for e in generate(300, seed=3)]
    for example in first:
        ends = 0
        for label, start, end in example.spans:
            assert label in LABELS
            assert ends <= start < end <= len(example.raw)
            ends = end
    assert sum("//" in e.raw for e in first) > 60
    assert any(label == "url" for e in first for label, _, _ in e.spans)


def test_bad_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"raw": "a", "labels": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.jsonl, line 2"):
        list(load_jsonl(path))


def test_anystyle_book_without_title_has_its_container_as_title(tmp_path: Path) -> None:
    raw = "GREEN A., Le travail du négatif, Paris, Ed. de Minuit, 1993."
    book = [["author", "GREEN A.,", 0, 9], ["container-title", "Le travail du négatif,", 10, 32]]
    chapter = [*book, ["title", "GREEN", 0, 5]]
    path = tmp_path / "books.jsonl"
    lines = [
        json.dumps({"id": f"x#{i}", "raw": raw, "labels": labels, "source": source})
        for i, (labels, source) in enumerate(
            [(book, "anystyle/ugly"), (chapter, "anystyle/ugly"), (book, "grobid/x")]
        )
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    labels = [{label for label, _, _ in e.spans} for e in load_jsonl(path)]
    assert labels == [
        {"author", "title"},
        {"author", "title", "container-title"},
        {"author", "container-title"},
    ]


def test_crf_segments_a_gost_article() -> None:
    spans = segment(GOST)
    fields = {s.label: s.text for s in spans}
    assert fields["author"] == "Коровин Ю.А., Тихоненко А.В."
    assert fields["container-title"] == "Известия вузов. Ядерная энергетика"
    assert fields["date"] == "2011"
    assert fields["volume"] == "Т. 3"
    assert fields["issue"] == "№2"
    assert fields["pages"] == "С. 188-193"
    for span in spans:
        assert GOST[span.start : span.end] == span.text
        assert 0.0 < span.confidence <= 1.0


def test_crf_segments_an_apa_article() -> None:
    fields = {s.label: s.text for s in segment(APA)}
    assert fields["date"] == "2019"
    assert fields["title"] == "Neutron transport in fast reactors"
    assert fields["container-title"] == "Annals of Nuclear Energy"
    assert fields["doi"].endswith("10.1016/j.anucene.2019.01.002")


def test_confidence_is_lower_for_garbled_input() -> None:
    seg = CrfSegmenter()
    assert seg.sequence_confidence(GOST) > seg.sequence_confidence("qq ww 12 ee ,, rr . tt 99")
    assert segment("") == []


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="retrain"):
        CrfSegmenter(tmp_path / "none.crfsuite")


def test_parse_reference_with_crf_keeps_raw() -> None:
    ref = parse_reference(GOST, segmenter="crf")
    assert ref.raw == GOST
    assert ref.issued is not None and ref.issued.year == 2011


@pytest.mark.shared_data
def test_shared_training_data_maps_onto_our_labels(shared_data: Path) -> None:
    examples = list(load_jsonl(shared_data / "parsing" / "train.jsonl"))
    assert len(examples) == 17060
    labels = {label for e in examples for label, _, _ in e.spans}
    assert labels <= set(LABELS) and {"author", "title", "container-title", "pages"} <= labels


def test_hybrid_keeps_sure_complete_rules_and_falls_back_to_crf() -> None:
    from refbridge.parsing import hybrid, rules

    assert hybrid.segment(GOST) == rules.segment(GOST)
    english = "J. M. Bardeen, Gauge-invariant cosmological perturbations Phys. Rev. D22 (1980)."
    assert not hybrid.rules_trusted(english, rules.segment(english))
    assert hybrid.segment(english) == segment(english)


def test_rules_trusted_needs_title_date_sure_spans_and_coverage() -> None:
    from refbridge.parsing.hybrid import rules_trusted
    from refbridge.parsing.labels import Span

    text = "Иванов И.И. Заглавие // Журнал. – 2015."

    def span(label: str, piece: str, confidence: float = 0.9) -> Span:
        start = text.index(piece)
        return Span(label, start, start + len(piece), piece, confidence)

    full = [
        span("author", "Иванов И.И."),
        span("title", "Заглавие"),
        span("container-title", "Журнал"),
        span("date", "2015"),
    ]
    assert rules_trusted(text, full)
    assert not rules_trusted(text, full[:3])  # no date
    assert not rules_trusted(text, [*full[:2], span("container-title", "Журнал", 0.5), full[3]])
    assert not rules_trusted(text, [full[1], full[3]])  # authors and journal left out


def test_hybrid_trusts_rules_only_on_cyrillic_and_in_russian_strings() -> None:
    """On other Latin-script strings the CRF beat even a complete rules answer (dev sets)."""
    from refbridge.parsing import hybrid, rules

    apa = "Smith, J. A. (2019). A study of things. Journal of Stuff, 3(2), 5–9."
    assert rules.segment(apa) and not hybrid.rules_trusted(apa, rules.segment(apa))
    assert hybrid.segment(apa) == segment(apa)
    russian = apa[:-1] + " (In Russian)."
    assert hybrid.rules_trusted(russian, rules.segment(russian))
    gost_like = (
        "Kozlov F.A., Alexeev V.V. Studies validating a sodium purification system for fast "
        "reactors. Atomnaya Energiya. 2012, v. 112, no. 3, pp. 157-161 (in Russian)."
    )
    assert not hybrid.rules_trusted(gost_like, rules.segment(gost_like))
    fields = {s.label: s.text for s in hybrid.segment(gost_like)}
    assert fields["container-title"] == "Atomnaya Energiya"


def test_hybrid_coverage_skips_link_and_access_date_lead_words() -> None:
    from refbridge.parsing import hybrid, rules

    text = (
        "Иванов И.И. Теория сушки // Вестник МГУ. – 2010. – Т. 3, № 2. – С. 5–9. – Режим "
        "доступа: https://elibrary.ru/item.asp?id=123 (дата обращения: 01.03.2024)."
    )
    assert hybrid.rules_trusted(text, rules.segment(text))


def test_hybrid_trusts_a_dateless_web_resource_with_a_link() -> None:
    from refbridge.parsing import hybrid, rules

    text = (
        "Salome platform. Интернет-ресурс: https://www.salome-platform.org"
        "(дата обращения 16.04.2019)."
    )
    spans = rules.segment(text)
    assert [(s.label, s.text) for s in spans] == [
        ("title", "Salome platform"),
        ("note", "Интернет-ресурс"),
        ("url", "https://www.salome-platform.org"),
        ("accessed", "16.04.2019"),
    ]
    assert hybrid.rules_trusted(text, spans)


def test_crf_reads_markdown_emphasis_as_space() -> None:
    """A starred container ("*Journal*") is the container, not the end of the title."""
    text = (
        "Zhiltsov, S. (2016). Eurasian Integration: Problems and Development Scenarios. "
        "*Central Asia and the Caucasus*, 17(4), 7–20."
    )
    fields = {s.label: s.text for s in segment(text)}
    assert fields["title"] == "Eurasian Integration: Problems and Development Scenarios"
    assert fields["container-title"] == "Central Asia and the Caucasus"


def test_parse_command_with_crf_keeps_line_contract(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import json

    from refbridge.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{GOST}\n\n{APA}\n"))
    assert main(["parse", "--segmenter", "crf"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert lines[0]["issued"]["date-parts"][0][0] == 2011
    assert lines[1]["line"] == 2 and "error" in lines[1]
    assert lines[2]["container-title"] == "Annals of Nuclear Energy"


@given(st.text(max_size=120))
def test_crf_segments_any_text_into_valid_spans(text: str) -> None:
    spans = segment(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert 0.0 <= span.confidence <= 1.0
        previous_end = span.end


def test_parsing_page_examples_run() -> None:
    import doctest

    page = ROOT / "docs" / "parsing.md"
    result = doctest.testfile(str(page), module_relative=False)
    assert result.attempted > 0
    assert result.failed == 0
