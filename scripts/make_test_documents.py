"""Make the test documents in tests/data/documents/ from seed 002 (a bilingual article).

Seed 002 is Markdown scraped from a journal page. This script sets the same article as the
other formats users bring, each with the difficulties of that format:

* ``seed002.pdf`` — A4, two columns, a running header and a page number on every page after
  the first, both reference lists flowing across column and page breaks, hanging indents,
  words hyphenated at line ends, URLs broken without hyphens, italic journal titles,
  ligature glyphs (U+FB01 "ﬁ"), superscript affiliation markers; Cyrillic in DejaVu Serif.
* ``seed002.docx`` — the English list numbered through the "List Number" style, the Russian
  list through direct Word numbering (``w:numPr``) — the numbers are not in the text; URLs
  as hyperlinks, one DOI as a complex HYPERLINK field, a soft hyphen, a tracked deletion.
* ``seed002.jats.xml`` — JATS 1.2 with ``<citation-alternatives>`` pairing each English
  citation with its Russian one (``xml:lang``), tagged ``<mixed-citation>`` and some
  ``<element-citation>``, DOIs as ``<pub-id pub-id-type="doi">``. The tagged values are the
  hand-checked expectations of ``references/002_*.expected.json``.
* ``seed002.html`` — an article page with navigation, a cookie banner, "Talk to us"
  buttons, a footer, and the lists as ``<ul>`` with ``<i>`` and ``<a href>``.
* ``seed001-justified.pdf`` — seed 001's list on a justified one-column page with no
  indents, numbers or blank lines between entries.
* ``scanned.pdf`` — a page image with no text layer; ``encrypted.pdf`` — password-protected.

``--pages N --pdf OUT`` instead writes one long PDF of about N pages (the article repeated)
for ``benchmarks/readers.py``.

Needs ``fpdf2`` (a dev dependency, ``pip install fpdf2``) and DejaVu fonts
(``apt-get install fonts-dejavu-core``). Run: ``python scripts/make_test_documents.py``.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "references" / "002_dfc645286ca376c6.txt"
SEED_001 = ROOT / "references" / "001_58b1d439e6741896.txt"
EXPECTED = ROOT / "references" / "002_dfc645286ca376c6.expected.json"
OUT = ROOT / "tests" / "data" / "documents"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
HEADINGS = ("References", "Список литературы")
FIXED_DATE = datetime.datetime(2021, 3, 1, tzinfo=datetime.timezone.utc)
RUSSIAN_TITLE = (
    "Сотрудничество России и Казахстана в системе комплексной безопасности Каспийского макрорегиона"
)
RUNNING_HEADER = ("R-Economy · 2021 · Vol. 7, No. 1", "Davydova et al.")


# -- the seed as blocks ------------------------------------------------------------------------


def seed_blocks() -> list[tuple[str, str]]:
    """The seed as (kind, Markdown text): kind is title, heading, para, entry-en, entry-ru."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    blocks: list[tuple[str, str]] = []
    section = ""
    front_matter = True  # authors, affiliations, e-mails: typeset by each format itself
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if text in ("Abstract", "Аннотация"):
            front_matter = False
        if (blocks and front_matter) or "mailto:" in text or "Creative Commons" in text:
            continue
        if text in HEADINGS:
            section = "entry-en" if text == "References" else "entry-ru"
            blocks.append(("heading", text))
        elif section and text.startswith("- "):
            blocks.append((section, text[2:]))
        elif section and text.startswith("<http"):
            kind, previous = blocks[-1]
            blocks[-1] = (kind, f"{previous} {text}")
        elif not blocks:
            blocks.append(("title", text))
        elif len(text) < 70 and not text.endswith((".", ")", ":")) and not text[0].isdigit():
            blocks.append(("heading", text))
        else:
            blocks.append(("para", text))
    return blocks


def inline_runs(markdown: str) -> list[tuple[str, bool]]:
    """Markdown inline text as (text, italic) runs; links become their visible text or URL."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<((?:https?|ftp)://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$])", r"\1", text)
    text = text.replace("**", "")
    runs: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", text)):
        if piece:
            runs.append((piece, i % 2 == 1))
    return runs


def with_ligatures(text: str) -> str:
    """Typeset "fi" as the ligature glyph in a few common words, as PDF producers do."""
    return re.sub(
        r"\b(field|fields|figures|financial|final|first)\b",
        lambda m: m.group(1).replace("fi", "\ufb01", 1),
        text,
    )


# -- PDF ---------------------------------------------------------------------------------------

A4 = (595.28, 841.89)
MARGIN = 56.0
GUTTER = 22.0
SIZE = 9.5
LEADING = 12.0
HANG = 14.0


class PdfSetter:
    """A small two-column typesetter on top of fpdf2: greedy wrapping with hyphenation."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_title("Cooperation between Russia and Kazakhstan")
        self.pdf.set_creation_date(FIXED_DATE)  # the same bytes on every run
        for style, name in (
            ("", "DejaVuSerif"),
            ("I", "DejaVuSerif-Italic"),
            ("B", "DejaVuSerif-Bold"),
        ):
            self.pdf.add_font("Serif", style, str(FONTS / f"{name}.ttf"))
        self.column_width = (A4[0] - 2 * MARGIN - GUTTER) / 2
        self.column = 0
        self.y = 0.0
        self.pages = 0
        self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.pages += 1
        if self.pages > 1:
            self.pdf.set_font("Serif", "I", 8)
            self.pdf.text(MARGIN, MARGIN - 20, RUNNING_HEADER[0])
            width = self.pdf.get_string_width(RUNNING_HEADER[1])
            self.pdf.text(A4[0] - MARGIN - width, MARGIN - 20, RUNNING_HEADER[1])
            self.pdf.set_font("Serif", "", 8)
            number = str(self.pages)
            self.pdf.text((A4[0] - self.pdf.get_string_width(number)) / 2, A4[1] - 30, number)
        self.column = 0
        self.y = MARGIN

    def next_column(self) -> None:
        if self.column == 0:
            self.column = 1
            self.y = self.top
        else:
            self.new_page()
            self.top = MARGIN

    top = MARGIN

    def width(self, text: str, italic: bool = False, bold: bool = False) -> float:
        self.pdf.set_font("Serif", "B" if bold else ("I" if italic else ""), SIZE)
        return float(self.pdf.get_string_width(text))

    def title_block(self, title: str, authors: str) -> None:
        self.pdf.set_font("Serif", "B", 14)
        self.pdf.set_xy(MARGIN, MARGIN)
        self.pdf.multi_cell(A4[0] - 2 * MARGIN, 18, title, align="C")
        y = self.pdf.get_y() + 14
        self.pdf.set_font("Serif", "", 10)
        x = MARGIN
        for i, name in enumerate(authors.split(", ")):
            label = name + (", " if i < len(authors.split(", ")) - 1 else "")
            self.pdf.set_font("Serif", "", 10)
            self.pdf.text(x, y, name)
            x += self.pdf.get_string_width(name)
            self.pdf.set_font("Serif", "", 6)
            self.pdf.text(x + 0.5, y - 4, str(i + 1))  # superscript affiliation marker
            x += self.pdf.get_string_width(str(i + 1)) + 1
            self.pdf.set_font("Serif", "", 10)
            if label.endswith(", "):
                self.pdf.text(x, y, ",")
                x += self.pdf.get_string_width(", ")
        self.top = y + 24
        self.y = self.top

    def tokens(self, runs: list[tuple[str, bool]]) -> list[tuple[list[tuple[str, bool]], bool]]:
        """Words as (runs, space_before): "*abroad*," is one word of two runs."""
        out: list[tuple[list[tuple[str, bool]], bool]] = []
        space = True
        for text, italic in runs:
            for piece in re.split(r"(\s+)", text):
                if not piece:
                    continue
                if piece.isspace():
                    space = True
                    continue
                if out and not space:
                    out[-1][0].append((piece, italic))
                else:
                    out.append(([(piece, italic)], space and bool(out)))
                space = False
        return out

    def word_width(self, word: list[tuple[str, bool]], bold: bool = False) -> float:
        return sum(self.width(text, italic, bold) for text, italic in word)

    def split_word(
        self, word: list[tuple[str, bool]], room: float
    ) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]] | None:
        """Break a one-run ``word`` so the head fits in ``room``: URL-like words at / - .
        without adding a hyphen, long plain words between syllables with a hyphen."""
        if len(word) != 1:
            return None
        text, italic = word[0]
        if re.match(r"(?:https?://|www\.)", text) or "/" in text or text.count("-") > 1:
            cuts = [m.end() for m in re.finditer(r"[/\-.]", text) if m.end() < len(text) - 2]
            for cut in reversed(cuts):
                if self.width(text[:cut], italic) <= room:
                    return [(text[:cut], italic)], [(text[cut:], italic)]
            return None
        if not re.fullmatch(r"[^\W\d_]{8,}[.,;:)]?", text):
            return None
        core = text.rstrip(".,;:)")
        vowels = "aeiouyаеёиоуыэюя"
        for cut in range(len(core) - 3, 3, -1):
            if (
                core[cut - 1].lower() in vowels
                and core[cut].lower() not in vowels + "ьъй"
                and self.width(text[:cut] + "-", italic) <= room
            ):
                return [(text[:cut] + "-", italic)], [(text[cut:], italic)]
        return None

    def lines(
        self, runs: list[tuple[str, bool]], first_width: float, width: float, bold: bool = False
    ) -> list[list[tuple[str, bool]]]:
        lines: list[list[tuple[str, bool]]] = [[]]
        used = 0.0
        limit = first_width
        queue = self.tokens(runs)
        while queue:
            word, space = queue.pop(0)
            gap = self.width(" ", False, bold) if space and lines[-1] else 0.0
            size = self.word_width(word, bold)
            if used + gap + size <= limit:
                if gap:
                    lines[-1].append((" ", word[0][1] and bool(lines[-1]) and lines[-1][-1][1]))
                lines[-1].extend(word)
                used += gap + size
                continue
            split = self.split_word(word, limit - used - gap)
            if split:
                head, tail = split
                if gap:
                    lines[-1].append((" ", False))
                lines[-1].extend(head)
                queue.insert(0, (tail, False))
            elif not lines[-1]:  # wider than the column and unbreakable: set it anyway
                lines[-1].extend(word)
            else:
                queue.insert(0, (word, False))
            lines.append([])
            used = 0.0
            limit = width
        return [line for line in lines if line]

    def place(
        self,
        runs: list[tuple[str, bool]],
        *,
        hang: float = 0.0,
        indent: float = 0.0,
        bold: bool = False,
        space_before: float = 0.0,
    ) -> None:
        lines = self.lines(runs, self.column_width - indent, self.column_width - hang, bold)
        self.y += space_before
        for i, line in enumerate(lines):
            if self.y + LEADING > A4[1] - MARGIN:
                self.next_column()
            x = MARGIN + self.column * (self.column_width + GUTTER) + (indent if i == 0 else hang)
            for text, italic in line:
                self.pdf.set_font("Serif", "B" if bold else ("I" if italic else ""), SIZE)
                self.pdf.text(x, self.y + SIZE, text)
                x += self.pdf.get_string_width(text)
            self.y += LEADING

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def write_pdf(path: Path, repeat: int = 1) -> int:
    blocks = seed_blocks()
    setter = PdfSetter()
    title = blocks[0][1]
    authors = "Yuliya A. Davydova, Ekaterina V. Kargapolova, Marina A. Simonenko"
    setter.title_block(title, authors)
    for copy in range(repeat):
        for kind, text in blocks[1:]:
            if kind == "heading":
                setter.place([(text, False)], bold=True, space_before=6)
            elif kind == "para":
                setter.place(inline_runs(with_ligatures(text)), indent=HANG)
            else:
                setter.place(inline_runs(with_ligatures(text)), hang=HANG, space_before=1.5)
        if copy + 1 < repeat:
            setter.new_page()
            setter.top = MARGIN
    path.write_bytes(setter.output())
    return setter.pages


def write_justified_pdf(path: Path) -> None:
    """Seed 001 as a one-column, justified page: no indents, no numbers, no blank lines —
    entries are told apart only by where lines end short of the right margin."""
    from fpdf import FPDF

    lines = SEED_001.read_text(encoding="utf-8").splitlines()
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.set_font("Serif", "", 10)
    pdf.add_page()
    pdf.multi_cell(0, 13, lines[0], align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 13, "References", new_x="LMARGIN", new_y="NEXT")
    for entry in lines[1:22]:
        pdf.multi_cell(0, 13, entry, align="J", new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))


def write_encrypted_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Serif", "", 10)
    pdf.text(72, 72, "References")
    pdf.text(72, 90, "Zhiltsov, S. (2016). Eurasian Integration. Central Asia, 17(4), 7–20.")
    path.write_bytes(bytes(pdf.output()))


def write_scanned_pdf(path: Path) -> None:
    """A page that is only an image of text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 300), 255)
    draw = ImageDraw.Draw(image)
    for row in range(12):
        y = 20 + row * 22
        draw.rectangle((30, y, 560 - (row % 3) * 60, y + 9), fill=40)  # lines of "text"
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.image(image, x=40, y=40, w=500)
    path.write_bytes(bytes(pdf.output()))


# -- DOCX --------------------------------------------------------------------------------------


def _docx_hyperlink(paragraph: Any, url: str, text: str, italic: bool = False) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    if italic:
        props.append(OxmlElement("w:i"))
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _docx_field(paragraph: Any, instruction: str, result: str) -> None:
    """A complex field: begin, instruction, separate, displayed result, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: Any) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    for kind, payload in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("result", result),
        ("end", None),
    ):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = payload
        elif kind == "result":
            node = OxmlElement("w:t")
            node.text = payload
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run_with(node)


def _docx_numbering(document: Any) -> int:
    """Add a decimal "%1." list definition to the numbering part; returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract_id, num_id = 90, 90
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


def _docx_entry(
    document: Any, text: str, *, style: str | None, num_id: int | None, index: int
) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph(style=style)
    if num_id is not None:
        props = paragraph._p.get_or_add_pPr()
        numbering = OxmlElement("w:numPr")
        level = OxmlElement("w:ilvl")
        level.set(qn("w:val"), "0")
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), str(num_id))
        numbering.append(level)
        numbering.append(number)
        props.append(numbering)
    for piece, italic in inline_runs(text):
        for part in re.split(r"((?:https?|ftp)://\S+?)(?=[\s)]|\.?$|\.\s)", piece):
            if not part:
                continue
            if re.match(r"(?:https?|ftp)://", part):
                if "doi.org" in part and index % 2:
                    _docx_field(paragraph, f' HYPERLINK "{part}" ', part)
                else:
                    _docx_hyperlink(paragraph, part, part, italic)
            elif index == 3 and "Cooperation" in part:
                head, tail = part.split("Cooperation", 1)
                paragraph.add_run(head + "Coopera").italic = italic
                paragraph.runs[-1]._r.append(OxmlElement("w:softHyphen"))
                paragraph.add_run("tion" + tail).italic = italic
            else:
                paragraph.add_run(part).italic = italic
    if index == 5:  # a tracked deletion must not reach the text
        deleted = OxmlElement("w:del")
        deleted.set(qn("w:id"), "1")
        deleted.set(qn("w:author"), "Editor")
        run = OxmlElement("w:r")
        text_node = OxmlElement("w:delText")
        text_node.text = " DELETED WORDS"
        run.append(text_node)
        deleted.append(run)
        paragraph._p.append(deleted)


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Cooperation between Russia and Kazakhstan"
    document.core_properties.created = FIXED_DATE.replace(tzinfo=None)
    document.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    blocks = seed_blocks()
    document.add_heading(blocks[0][1], level=1)
    num_id = _docx_numbering(document)
    counters = {"entry-en": 0, "entry-ru": 0}
    for kind, text in blocks[1:]:
        if kind == "heading":
            document.add_heading(text, level=2)
        elif kind == "para":
            paragraph = document.add_paragraph()
            for piece, italic in inline_runs(text):
                paragraph.add_run(piece).italic = italic
        elif kind == "entry-en":
            _docx_entry(document, text, style="List Number", num_id=None, index=counters[kind])
            counters[kind] += 1
        else:
            _docx_entry(document, text, style=None, num_id=num_id, index=counters[kind])
            counters[kind] += 1
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Page ")
    _docx_field(footer, " PAGE ", "1")
    document.save(str(path))


# -- JATS --------------------------------------------------------------------------------------

_PUBLICATION_TYPES = {
    "article-journal": "journal",
    "webpage": "web",
    "paper-conference": "confproc",
    "book": "book",
    "chapter": "book",
    "report": "report",
    "thesis": "thesis",
}


def _pair_lists(english: list[dict[str, Any]], russian: list[dict[str, Any]]) -> list[int]:
    """For each English entry, the index of its Russian counterpart (same date and pages)."""

    def key(entry: dict[str, Any]) -> tuple[str, str]:
        return json.dumps(entry.get("issued")), entry.get("page", "")

    index = {key(entry): i for i, entry in enumerate(russian)}
    pairs = [index[key(entry)] for entry in english]
    assert sorted(pairs) == list(range(len(russian))), "seed 002 lists do not pair one to one"
    return pairs


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _name_xml(name: dict[str, str]) -> str:
    if "literal" in name:
        return f"<collab>{_esc(name['literal'])}</collab>"
    return (
        f"<string-name><surname>{_esc(name['family'])}</surname>, "
        f"<given-names>{_esc(name.get('given', ''))}</given-names></string-name>"
    )


def _tag_in_text(text: str, entry: dict[str, Any]) -> str | None:
    """The citation text with its values wrapped in JATS tags, or None if a value is not
    found in order (the caller then writes an element-citation)."""
    pieces: list[str] = []
    cursor = 0

    def take(value: str, xml: str) -> bool:
        nonlocal cursor
        at = text.find(value, cursor)
        if at < 0:
            return False
        pieces.append(_esc(text[cursor:at]))
        pieces.append(xml)
        cursor = at + len(value)
        return True

    authors = entry.get("author", [])
    if authors:
        pieces.append('<person-group person-group-type="author">')
        for name in authors:
            printed = name.get("literal") or f"{name['family']}, {name.get('given', '')}"
            if not take(printed, _name_xml(name)):
                return None
        pieces.append("")
    date = entry["issued"]["date-parts"][0]
    if not take(str(date[0]), f"<year>{date[0]}</year>"):
        return None
    if len(date) > 1:
        match = re.compile(r"(\w+) (\d{1,2})\)").search(text, cursor)
        if not match:
            return None
        pieces.append(_esc(text[cursor : match.start()]))
        pieces.append(f"<month>{_esc(match.group(1))}</month> <day>{match.group(2)}</day>)")
        cursor = match.end()
    for variable, tag in (
        ("title", "article-title"),
        ("container-title", "source"),
        ("volume", "volume"),
        ("issue", "issue"),
    ):
        if variable in entry and not take(
            entry[variable], f"<{tag}>{_esc(entry[variable])}</{tag}>"
        ):
            return None
    if "page" in entry:
        first, _, last = entry["page"].partition("-")
        printed = f"{first}–{last}" if last else first
        xml = f"<fpage>{first}</fpage>–<lpage>{last}</lpage>" if last else f"<fpage>{first}</fpage>"
        if not take(printed, xml):
            return None
    if "DOI" in entry and not take(
        f"https://doi.org/{entry['DOI']}",
        f'<pub-id pub-id-type="doi">{_esc(entry["DOI"])}</pub-id>',
    ):
        return None
    if "URL" in entry:
        url = entry["URL"]
        if not take(
            url, f'<ext-link ext-link-type="uri" xlink:href="{_esc(url)}">{_esc(url)}</ext-link>'
        ):
            return None
    pieces.append(_esc(text[cursor:]))
    body = "".join(pieces)
    if authors:  # close the person-group right after the last name
        last = body.rfind("</string-name>") + len("</string-name>")
        if "<collab>" in body and body.rfind("</collab>") > last - len("</string-name>"):
            last = body.rfind("</collab>") + len("</collab>")
        body = body[:last] + "</person-group>" + body[last:]
    return body


def _element_citation(entry: dict[str, Any]) -> str:
    parts: list[str] = []
    if entry.get("author"):
        names = "".join(_name_xml(n) for n in entry["author"])
        parts.append(f'<person-group person-group-type="author">{names}</person-group>')
    date = entry["issued"]["date-parts"][0]
    parts.append(f"<year>{date[0]}</year>")
    if len(date) > 1:
        parts.append(f"<month>{date[1]}</month>")
    if len(date) > 2:
        parts.append(f"<day>{date[2]}</day>")
    for variable, tag in (
        ("title", "article-title"),
        ("container-title", "source"),
        ("volume", "volume"),
        ("issue", "issue"),
    ):
        if variable in entry:
            parts.append(f"<{tag}>{_esc(entry[variable])}</{tag}>")
    if "page" in entry:
        first, _, last = entry["page"].partition("-")
        parts.append(f"<fpage>{first}</fpage>" + (f"<lpage>{last}</lpage>" if last else ""))
    if "DOI" in entry:
        parts.append(f'<pub-id pub-id-type="doi">{_esc(entry["DOI"])}</pub-id>')
    if "URL" in entry:
        parts.append(f'<ext-link ext-link-type="uri" xlink:href="{_esc(entry["URL"])}"/>')
    if entry.get("original-language"):
        parts.append("<comment>(In Russian)</comment>")
    return "".join(parts)


def _citation(entry: dict[str, Any], lang: str, structured: bool) -> str:
    kind = _PUBLICATION_TYPES[entry["type"]]
    from refbridge.textutil import strip_markdown

    text = strip_markdown(entry["raw"])
    tagged = None if structured else _tag_in_text(text, entry)
    if tagged is None:
        return (
            f'<element-citation publication-type="{kind}" xml:lang="{lang}">'
            f"{_element_citation(entry)}</element-citation>"
        )
    return f'<mixed-citation publication-type="{kind}" xml:lang="{lang}">{tagged}</mixed-citation>'


def write_jats(path: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    english, russian = (lst["entries"] for lst in expected["lists"])
    pairs = _pair_lists(english, russian)
    refs: list[str] = []
    for i, (en, j) in enumerate(zip(english, pairs, strict=True)):
        ru = russian[j]
        ref_id = f"B{i + 1}"
        if ru["raw"] == en["raw"]:  # an English work cited in English in both lists
            refs.append(f'<ref id="{ref_id}">{_citation(en, "en", False)}</ref>')
            continue
        refs.append(
            f'<ref id="{ref_id}"><citation-alternatives>'
            f"{_citation(en, 'en', i % 5 == 4)}{_citation(ru, 'ru', i % 4 == 3)}"
            f"</citation-alternatives></ref>"
        )
    blocks = seed_blocks()
    body: list[str] = []
    for kind, text in blocks[1:]:
        if kind in HEADINGS or text in HEADINGS:
            break
        if kind == "heading":
            if body:
                body.append("</sec>")
            body.append(f"<sec><title>{_esc(text)}</title>")
        elif kind == "para" and body:
            from refbridge.textutil import strip_markdown

            body.append(f"<p>{_esc(strip_markdown(text))}</p>")
    body.append("</sec>")
    doctype = (
        '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 '
        '20190208//EN" "JATS-journalpublishing1.dtd">'
    )
    article = (
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article" '
        'dtd-version="1.2" xml:lang="en">'
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}
{article}
<front><article-meta><title-group><article-title>{_esc(blocks[0][1])}</article-title>
<trans-title-group xml:lang="ru"><trans-title>{_esc(RUSSIAN_TITLE)}</trans-title>
</trans-title-group></title-group></article-meta></front>
<body>{"".join(body)}</body>
<back><ref-list><title>References</title>
{chr(10).join(refs)}
</ref-list></back>
</article>
"""
    path.write_text(xml, encoding="utf-8")


# -- HTML --------------------------------------------------------------------------------------


def _html_inline(markdown: str) -> str:
    out: list[str] = []
    for text, italic in inline_runs(markdown):
        chunk = re.sub(
            r"(?:https?|ftp)://[^\s<>]+?(?=[\s)]|\.?$|\.\s)",
            lambda m: f'<a href="{html.escape(m.group())}">{html.escape(m.group())}</a>',
            html.escape(text, quote=False),
        )
        out.append(f"<i>{chunk}</i>" if italic else chunk)
    return "".join(out)


def write_html(path: Path) -> None:
    blocks = seed_blocks()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(blocks[0][1])} | R-Economy</title>",
        "<style>body{font-family:serif} .nav a{margin:0 1em}</style>",
        "<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>",
        "</head><body>",
        '<header class="site-header"><a href="/">R-Economy</a>',
        '<nav class="nav"><a href="/issues">Issues</a><a href="/about">About</a>'
        '<a href="/authors">For authors</a><a href="/search">Search</a></nav></header>',
        '<div class="cookie-banner">This site uses cookies. <button>Accept</button></div>',
        '<aside class="sidebar"><h3>Talk to us</h3><p>Join us for a 30 min session where you '
        "can share your feedback.</p><button>Schedule a call</button></aside>",
        "<main><article>",
        f"<h1>{html.escape(blocks[0][1])}</h1>",
        '<div class="article-tools"><a href="/pdf">Full Text</a> <a href="/cite">Cite</a></div>',
    ]
    in_list = False
    for kind, text in blocks[1:]:
        if kind.startswith("entry"):
            if not in_list:
                parts.append('<ul class="references">')
                in_list = True
            parts.append(f"<li>{_html_inline(text)}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if kind == "heading":
            parts.append(f"<h2>{html.escape(text)}</h2>")
        else:
            parts.append(f"<p>{_html_inline(text)}</p>")
    if in_list:
        parts.append("</ul>")
    parts += [
        "</article></main>",
        '<footer><p>Disclaimer: All third-party content on this website is provided on "as is" '
        'basis.</p><p>© 2021 R-Economy. <a href="/privacy">Privacy</a></p></footer>',
        "</body></html>",
    ]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="directory for the documents")
    parser.add_argument("--pages", type=int, help="write one long PDF of about this many pages")
    parser.add_argument("--pdf", type=Path, help="path of the long PDF (with --pages)")
    args = parser.parse_args(argv)
    if args.pages:
        target = args.pdf or Path(f"long-{args.pages}.pdf")
        per_copy = write_pdf(target, repeat=1)
        pages = write_pdf(target, repeat=max(1, round(args.pages / per_copy)))
        print(f"{target}: {pages} pages")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    pages = write_pdf(args.out / "seed002.pdf")
    write_docx(args.out / "seed002.docx")
    write_jats(args.out / "seed002.jats.xml")
    write_html(args.out / "seed002.html")
    write_justified_pdf(args.out / "seed001-justified.pdf")
    write_scanned_pdf(args.out / "scanned.pdf")
    write_encrypted_pdf(args.out / "encrypted.pdf")
    for path in sorted(args.out.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    print(f"seed002.pdf: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
