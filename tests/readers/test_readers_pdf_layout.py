"""PDF layout recovery on small PDFs written here, one typesetting habit at a time.

Each PDF is a page of text operators on the standard Helvetica font, so every position,
size, scale and spacing is known; the real article PDFs are checked at the end (skipped
without ``../shared/data``). The figures on all 22 real PDFs are in benchmarks/documents.py.
"""

from __future__ import annotations

import pytest

from refbridge.model import Document
from refbridge.readers import read_bytes
from refbridge.sections import find_reference_lists


def _pdf(*pages: str, width: int = 595, height: int = 842) -> bytes:
    """A PDF whose pages draw the given content streams: Helvetica /F1, its italic /F2."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for content in pages:
        stream = content.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (width, height, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _text(
    x: float, y: float, text: str, size: float = 10, extra: str = "", font: str = "F1"
) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /{font} {size} Tf {extra} 1 0 0 1 {x} {y} Tm ({escaped}) Tj ET\n"


def _read(*pages: str) -> Document:
    return read_bytes(_pdf(*pages), "layout.pdf")


def test_font_scaled_by_the_text_matrix_keeps_words_whole():
    # many producers set a 1-pt font and scale it up with the matrix; gaps (here 0.3 pt of
    # tracking) and line distances are then judged against the real size, 10 pt, not 1 pt
    title = "A kinematic survey of spiral galaxies"
    page = "".join(
        f"BT /F1 1 Tf 0.03 Tc 10 0 0 10 72 {700 - 12 * i} Tm ({title}) Tj ET\n" for i in (0, 1)
    )
    assert _read(page).lines == (title, title)  # whole words, and no paragraph between


def test_letter_spaced_line_keeps_its_words():
    # character spacing (Tc) of 0.25 em between all letters: words must not fall apart
    doc = _read(_text(72, 700, "Kinematic survey of spiral galaxies", extra="2.5 Tc"))
    assert doc.lines[0] == "Kinematic survey of spiral galaxies"


def test_words_placed_apart_without_spaces_are_separated():
    # each word positioned by itself, no space characters at all
    words = ["Kinematic", "survey", "of", "spiral"]
    x, page = 72.0, ""
    for word in words:
        page += _text(x, 700, word)
        x += 6.0 * len(word) + 4.0
    assert _read(page).lines[0] == "Kinematic survey of spiral"


def test_text_running_up_the_margin_is_left_out():
    # arXiv stamps its identifier up the left margin of a preprint's first page
    page = "BT /F1 20 Tf 0 1 -1 0 30 250 Tm (arXiv:2101.00001v1 [astro-ph.GA] 1 Jan 2021) Tj ET\n"
    page += "".join(_text(72, 700 - 12 * i, f"Text line {i} of the first page.") for i in range(5))
    assert _read(page).lines == tuple(f"Text line {i} of the first page." for i in range(5))


def test_a_page_laid_out_turned_is_read_along_its_text():
    # a landscape table: every line runs up the page, the first one leftmost
    page = "".join(
        f"BT /F1 10 Tf 0 1 -1 0 {100 + 12 * i} 72 Tm (Turned table row {i}) Tj ET\n"
        for i in range(3)
    )
    assert _read(page).lines == tuple(f"Turned table row {i}" for i in range(3))
    # and one turned the other way: lines run down the page, the first one rightmost
    page = "".join(
        f"BT /F1 10 Tf 0 -1 1 0 {500 - 12 * i} 700 Tm (Turned table row {i}) Tj ET\n"
        for i in range(3)
    )
    assert _read(page).lines == tuple(f"Turned table row {i}" for i in range(3))


def test_accent_drawn_over_its_letter_joins_it():
    # TeX-style: "Wysokinska", then an acute (WinAnsi \264, 3.33 pt wide) centred over the
    # n, which spans 32.22-37.78 pt from the start of the word (Helvetica widths)
    page = _text(72, 700, "Wysokinska") + _text(72 + 35.0 - 1.665, 700, "\xb4")
    assert _read(page).lines[0] == "Wysokińska"


def test_two_columns_with_few_lines_are_not_run_together():
    # a short last page: too few lines for a page-wide gutter, a full-width header above
    page = _text(72, 780, "Running title of the article, with a long header line across")
    for i in range(3):
        page += _text(72, 700 - 12 * i, f"[{i + 1}] Left column entry number {i + 1} text")
        page += _text(320, 700 - 12 * i, f"[{i + 4}] Right column entry number {i + 4} go")
    lines = [line for line in _read(page).lines if line]
    assert lines[1:] == [
        "[1] Left column entry number 1 text",
        "[2] Left column entry number 2 text",
        "[3] Left column entry number 3 text",
        "[4] Right column entry number 4 go",
        "[5] Right column entry number 5 go",
        "[6] Right column entry number 6 go",
    ]


def test_off_centre_columns_are_read_one_after_the_other():
    # The Lancet: two text columns left of a margin column, the gutter far from the centre
    page = ""
    for i in range(12):
        page += _text(36, 700 - 12 * i, f"left {i} aaaa bbbb cccc dddd", size=9)
        page += _text(262, 700 - 12 * i, f"right {i} eeee ffff gggg hhhh", size=9)
    lines = _read(page).lines
    assert list(lines[:12]) == [f"left {i} aaaa bbbb cccc dddd" for i in range(12)]
    assert list(lines[12:]) == [f"right {i} eeee ffff gggg hhhh" for i in range(12)]


def test_three_columns_are_read_one_after_another():
    page = _text(40, 800, "A title across all three columns of the page, set as one line")
    for i in range(15):
        for column, x in enumerate((40, 225, 410)):
            page += _text(x, 760 - 12 * i, f"col {column} line {i:02d} text", size=9)
    lines = [line for line in _read(page).lines if line.startswith("col")]
    assert lines == [f"col {c} line {i:02d} text" for c in range(3) for i in range(15)]


def test_list_numbers_set_apart_are_no_column():
    # numbers in a column of their own, 10 pt left of the entries' text, in both columns
    page = ""
    for i in range(10):
        for x, first in ((40, 1), (310, 11)):
            number = first + i
            page += _text(x, 760 - 24 * i, f"{number}.", size=9)
            page += _text(
                x + 22, 760 - 24 * i, f"Author{number} A. A title of work {number}.", size=9
            )
            page += _text(x + 22, 748 - 24 * i, f"Journal {number}, 2001; {number}: 1-9.", size=9)
    lines = _read(page).lines
    assert lines[:2] == ("1. Author1 A. A title of work 1.", "    Journal 1, 2001; 1: 1-9.")
    assert lines[20:22] == ("11. Author11 A. A title of work 11.", "    Journal 11, 2001; 11: 1-9.")


def test_line_numbers_of_a_manuscript_are_dropped():
    # a preprint numbers every line in the left margin, the numbers a little off the baseline
    page = ""
    for i in range(20):
        page += _text(40 if i + 1 < 10 else 34.4, 702.5 - 12 * i, str(i + 1), size=8)
        page += _text(72, 700 - 12 * i, f"Sentence {i} of the manuscript goes on here.")
    lines = _read(page).lines
    assert lines == tuple(f"Sentence {i} of the manuscript goes on here." for i in range(20))


def test_list_numbers_on_every_line_of_one_line_entries_stay():
    page = "".join(
        _text(40, 700 - 12 * i, f"{i + 1}. Author{i} A. Title {i}. J Things 2001;{i}:1-9.")
        for i in range(12)
    )
    assert _read(page).lines[0] == "1. Author0 A. Title 0. J Things 2001;0:1-9."


def test_line_end_hyphen_is_kept_for_the_joiner():
    page = _text(72, 700, "Population dynamics and conservation impli-")
    page += _text(72, 688, "cations of a steno endemic species, 2015.")
    doc = _read(page)
    assert doc.lines[0].endswith("impli-")


def test_running_header_split_at_the_gutter_is_still_a_header():
    # an italic running title, one line on three pages, cut at the gutter on the fourth
    title = ("Effect of benzene extract of O. sanctum", "leaves on cauda epididymal spermatozoa")
    pages = []
    for number in range(1, 5):
        if number < 4:
            page = _text(72, 800, " ".join(title), font="F2")
        else:
            page = _text(72, 800, title[0], font="F2") + _text(320, 800, title[1], font="F2")
        page += _text(290, 30, str(number))
        for i in range(30):
            page += _text(72, 760 - 12 * i, f"Body text of page {number}, line {i}, left")
            page += _text(320, 760 - 12 * i, f"Body text of page {number}, line {i}, right")
        pages.append(page)
    doc = _read(*pages)
    assert not any("sanctum" in line or "epididymal" in line for line in doc.lines)
    assert sum(1 for line in doc.lines if line.startswith("Body text")) == 4 * 60


def test_journal_web_address_at_the_page_top_is_a_running_line():
    # a three-page paper prints its journal's address at the top of the last page only
    pages = [
        "".join(_text(72, 700 - 12 * i, f"Page {n} line {i} of the text.") for i in range(30))
        for n in (1, 2, 3)
    ]
    pages[2] = _text(500, 780, "www.md-journal.com", size=8) + pages[2]
    assert not any("journal.com" in line for line in _read(*pages).lines)


def test_entries_set_apart_by_half_a_line_are_told_apart():
    # no numbers, no hanging indent, no closing full stops: the entries (8 pt, 9.6 pt apart)
    # are set half a line apart, 14.4 pt: no more than the body's 14 pt line distance
    body = "".join(_text(72, 780 - 14 * i, f"Body text line {i} of the paper.") for i in range(8))
    body += _text(72, 650, "References", size=12)
    entries = [
        (
            "Adams RP (2012) Identification of essential oil components by gas",
            "chromatography/quadrupole mass spectroscopy, 4th edition. Allured",
            "Publishing, Carol Stream, IL",
        ),
        (
            "Akhila A (2010) Chemistry and biogenesis of essential oils from the",
            "genus Cymbopogon. In: Essential oil-bearing grasses: the genus",
            "Cymbopogon. CRC Press, Boca Raton, FL",
        ),
        (
            "Boelens MH (1994) Sensory and chemical evaluation of tropical grass",
            "oils, with notes on their uses in perfumery and flavouring. Perfumer",
            "and Flavorist 19: 29-45.",
        ),
    ]
    y = 630.0
    for number, entry in enumerate(entries):
        for line in entry:
            body += _text(72, y, line, size=8)
            y -= 11.5 if number == 1 and line == entry[0] else 9.6  # a taller line: 1.2 times
        y -= 14.4 - 9.6
    doc = _read(body)
    start = doc.lines.index("References") + 1
    assert doc.lines[start:] == (*entries[0], "", *entries[1], "", *entries[2])
    (found,) = find_reference_lists(doc)
    assert [entry.text for entry in found.entries] == [" ".join(entry) for entry in entries]


def test_non_bmp_character_keeps_later_characters_on_their_boxes():
    from refbridge.readers.pdf.chars import _unicode_at

    codes = [ord("a"), 0xD835, 0xDEFE, ord("b")]  # a, 𝛾 as two UTF-16 halves, b

    def get_unicode(_raw: object, index: int) -> int:
        return codes[index]

    assert _unicode_at(get_unicode, None, 0, 4) == ("a", -1)
    assert _unicode_at(get_unicode, None, 1, 4) == ("\U0001d6fe", 2)
    assert _unicode_at(get_unicode, None, 3, 4) == ("b", -1)


def test_wordy_numbered_entry_with_a_year_stays_in_the_list():
    lines = ["References", ""]
    for number, title in enumerate(
        [
            "Al-Mubarak S, Ciancio S. Epidemiology of periodontal disease. J Dent 2002;3:1-9.",
            "Leroy R, Eaton KA, Savage A. Methodological issues in epidemiological studies "
            "of periodontitis-how can it be improved?. BMC Oral Health 2010;10:8.",
            "Hirasawa M, Takada K. Improvement of periodontal status by green tea catechin. "
            "J Periodontal Res 2002;37: 433-438.",
        ],
        start=1,
    ):
        lines += [f"{number}. {title}", ""]
    (found,) = find_reference_lists(Document("list.txt", "text", lines))
    texts = [e.text for e in found.entries]
    assert [text.split(" ", 1)[0] for text in texts] == ["Al-Mubarak", "Leroy", "Hirasawa"]
    assert "Methodological issues" in texts[1] and texts[1].endswith("BMC Oral Health 2010;10:8.")


def test_how_to_cite_this_article_after_the_list_is_no_entry():
    lines = [
        "References",
        "Adams, R. P. (2012). Identification of essential oil components. Allured.",
        "Boelens, M. H. (1994). Sensory evaluation of grass oils. Perfumer, 19, 29-45.",
        "",
        "How to cite this article: Loumouamou AN, Silou T. Optimization of the extraction."
        " Food Sci Nutr. 2017;5:784-792. https://doi.org/10.1002/fsn3.458",
    ]
    (found,) = find_reference_lists(Document("list.txt", "text", lines))
    assert [entry.text[:6] for entry in found.entries] == ["Adams,", "Boelen"]


def test_bare_list_numbers_are_markers():
    # The Lancet numbers its entries without a full stop: "1 El-Galaly TC, …"
    lines = [
        "References",
        "1 El-Galaly TC, Cheah CY. Treatment strategies in secondary CNS lymphoma.",
        "    Eur J Cancer 2018; 93: 57–68.",
        "2 Gleeson M, Counsell N. Central nervous system relapse of lymphoma.",
        "    Ann Oncol 2017; 28: 2511–16.",
        "3 Klanova M, Sehn LH. Integration of cell of origin into the CNS-IPI.",
        "    Blood 2019; 133: 919–26.",
    ]
    (found,) = find_reference_lists(Document("list.txt", "text", lines))
    assert [entry.text.split(",")[0] for entry in found.entries] == [
        "El-Galaly TC",
        "Gleeson M",
        "Klanova M",
    ]


def test_page_range_broken_after_its_en_dash_joins_up():
    from refbridge.sections import join_wrapped

    assert join_wrapped("vol. 15, pp. 9252–", "9287, 2010.") == "vol. 15, pp. 9252–9287, 2010."
    assert join_wrapped("a short review,” *Molecules*, –", "Food") == (
        "a short review,” *Molecules*, – Food"
    )


# -- the real article PDFs (development part only) -----------------------------------------


@pytest.mark.parametrize(
    ("name", "count", "first", "last"),
    [
        # The Lancet: off-centre columns beside a margin column, a page of two columns
        # under one column of text
        ("PMC7844712.pdf", 22, "El-Galaly TC", "Schorb E, Fox CP"),
        # Hindawi: maths characters outside the BMP, accents set as separate glyphs
        ("PMC5203915.pdf", 39, "M. G. Miguel", "T. Wang, L. Qin"),
    ],
)
def test_real_article_lists_come_out_whole(shared_data, name, count, first, last):
    from refbridge.readers import read_document

    doc = read_document(shared_data / "documents" / "pdf" / name)
    (found,) = find_reference_lists(doc)
    assert len(found.entries) == count
    assert first in found.entries[0].text
    assert last in found.entries[-1].text
    assert not any("  " in entry.text for entry in found.entries)
