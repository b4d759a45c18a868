"""HTML pages: boilerplate out, lists and links in, same lists as the Markdown seed."""

from __future__ import annotations

import pytest

from refbridge import extract, find_reference_lists
from refbridge.errors import InputError
from refbridge.readers import read_bytes

PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1251"><title>Статья</title>
<style>p {color: red}</style><script>var x = "References";</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
<div class="cookie-banner">We use cookies. Accept?</div>
<article>
<h1>Сотрудничество России и Казахстана</h1>
<p>Text of the article with a <a href="#ref1">reference</a><sup>1</sup>.</p>
<h2>Список литературы</h2>
<ol>
<li id="ref1">Дудин В.А., Цветков М.Н. Сотрудничество // <i>Проблемы рыночной экономики</i>.
 2019. № 1. С. 80–92. <a href="https://doi.org/10.33051/2500-2325-2019-1-80-92">CrossRef</a>
 <a href="https://scholar.google.com/scholar?q=x">Google Scholar</a></li>
<li>Smith, J. (2019). <a href="https://example.org/paper">A paper</a>.
<em>Journal</em>, 1, 2–3.</li>
<li>Trukhachev, V. (2011). Title.
<a href="https://www.pravda.ru/world/1">https://www.pravda.ru/world/1</a></li>
</ol>
</article>
<footer>Talk to us. Schedule a call. © Journal</footer>
<button>Full Text</button>
</body></html>
"""


def test_html_article_page():
    doc = read_bytes(PAGE.encode("cp1251"), "page.html")
    assert doc.format == "html"
    assert doc.metadata["title"] == "Статья"
    text = doc.text
    for boilerplate in ("Home", "cookies", "Talk to us", "Full Text", "var x", "color"):
        assert boilerplate not in text
    assert "# Сотрудничество России и Казахстана" in doc.lines
    (found,) = find_reference_lists(doc)
    assert (found.heading, found.language) == ("Список литературы", "ru")
    assert [e.text for e in found.entries] == [
        "Дудин В.А., Цветков М.Н. Сотрудничество // *Проблемы рыночной экономики*. 2019. № 1. "
        "С. 80–92. <https://doi.org/10.33051/2500-2325-2019-1-80-92>",
        "Smith, J. (2019). A paper. *Journal*, 1, 2–3. <https://example.org/paper>",
        "Trukhachev, V. (2011). Title. https://www.pravda.ru/world/1",
    ]


def test_superscript_markers_dropped_and_unordered_lists():
    doc = read_bytes(
        b"<html><body><p>Davydova<sup>1</sup> text</p><ul><li>one</li>"
        b"<li>two</li></ul></body></html>",
        "x.htm",
    )
    assert doc.lines == ("Davydova text", "", "- one", "- two")


def test_html_sniffed_inside_a_txt_file():
    assert read_bytes(b"<!doctype html><p>x</p>", "saved.txt").format == "html"


def test_empty_and_bodyless_html():
    assert read_bytes(b"", "e.html").lines == ()
    assert read_bytes(b"<html></html>", "e.html").lines == ()


def test_list_items_with_paragraphs_keep_their_marker_and_stay_one_item():
    doc = read_bytes(
        b"<html><body><h2>References</h2><ol><li><p>Smith, J. (2019). A. <i>J</i>, 1, 2-3.</p>"
        b"<p>[In Russian]</p></li><li><div><p>Brown, K. (2020). B.</p></div></li></ol>"
        b"<table><tr><td>[3]</td><td>Black, A. (2018). C.</td></tr></table></body></html>",
        "x.html",
    )
    assert doc.lines == (
        "## References",
        "",
        "1. Smith, J. (2019). A. *J*, 1, 2-3.",
        "[In Russian]",
        "2. Brown, K. (2020). B.",
        "",
        "[3] Black, A. (2018). C.",
    )


_REFS = "".join(
    f"<p>{n}. Smith{n} J. Study number {n} of fast reactors. Nuclear Engineering and Design. "
    f"2019. Vol. {n}. P. 1-10.</p>"
    for n in range(1, 6)
)
_TITLES = [f"Study number {n} of fast reactors" for n in range(1, 6)]


@pytest.mark.parametrize("depth", [300, 3000])
def test_unclosed_font_tags_nested_deep_do_not_cut_the_page(depth):
    page = "<html><body><p>Intro.</p>" + "<font size=2>" * depth
    page += f"<h2>References</h2>{_REFS}</body></html>"
    (found,) = extract(read_bytes(page.encode(), "deep.html"))
    assert found.heading == "References"
    assert [e.title for e in found.entries] == _TITLES


def test_blocks_nested_too_deep_are_a_located_error():
    page = "<html><body>\n<p>Intro.</p>\n" + "<div>" * 3000 + f"<h2>References</h2>{_REFS}"
    with pytest.raises(InputError, match=r"deep\.html, line 3: cannot read the whole page"):
        read_bytes(page.encode(), "deep.html")
    page = "<html><body>\n<p>Intro.</p>\n" + "<div>" * 400 + f"<h2>References</h2>{_REFS}"
    with pytest.raises(InputError, match=r"line 3: elements nested \d+ levels deep"):
        read_bytes(page.encode(), "deep.html")


@pytest.mark.slow
def test_a_text_node_over_10_mb_is_read_whole():
    page = "<html><body><p>" + "word " * 2_200_000 + f"</p><h2>References</h2>{_REFS}</body></html>"
    doc = read_bytes(page.encode(), "huge.html")
    assert len(doc.lines[0]) > 10_000_000
    (found,) = extract(doc)
    assert [e.title for e in found.entries] == _TITLES
