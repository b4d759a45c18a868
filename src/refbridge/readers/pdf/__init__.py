"""PDF: text in reading order, with the typesetting undone, read with pypdfium2 (PDFium).

Why PDFium: it is Chrome's PDF engine, fast (C++, a binary wheel with no system
dependencies) and robust on broken files, and pypdfium2 exposes per-character positions,
sizes and fonts — everything layout recovery needs. ``benchmarks/documents.py`` compares it
on 22 real article PDFs, through the same list finder, with pdfplumber and pdfminer.six
(both pdfminer.six underneath): their text loses most reference lists (their line and
column grouping runs columns together or splits entries) and they read 5-10 times slower
in pure Python, so they are not used.

The work is done in three steps, one module each:

* :mod:`.chars` — every character with its box, baseline, size (font size times the
  matrix's scale: many producers set 1-pt fonts and scale them) and italic flag, text
  running up the margin left out (a page laid out turned is read along it); characters
  outside the BMP kept on their own boxes; accents typeset as separate glyphs put onto
  their letters ("´" over "n" is "ń");
* :mod:`.lines` — characters sharing a baseline and running rightwards make a line; word
  breaks are PDFium's spaces plus gaps wider than the line's own letter spacing (so
  letter-spaced or justified lines keep their words); a line is cut at a gutter, found
  over the whole page or, on a short page or one mixing one and two columns, from the
  lines next to it; a manuscript's line numbers, small raised digits and footnote marks
  are dropped, italic runs are wrapped in ``*…*`` (the parser's cue for titles),
  ligatures become letters, PDFium's line-end hyphen becomes "-" and soft hyphens stay at
  line ends for :func:`refbridge.sections.join_wrapped` to judge;
* :mod:`.layout` — reading order (column by column between lines spanning them, columns
  told apart at their gutters), running headers, footers and page numbers dropped
  (an edge row whose text recurs at one height on a quarter of the pages), and the layout
  written into the text for the list finder: a line starting right of the text around it
  is indented (hanging indents mark continuation lines of an entry), and a blank line
  marks a paragraph gap (more space than lines of that size usually have, or a line of
  justified text ending short).

A PDF without any text layer (a scan) raises :class:`InputError` saying so, rather than
returning an empty document that would look like "no references".
"""

from __future__ import annotations

from typing import Any

from ...errors import InputError, Location, MissingExtraError
from ...model import Document
from .. import REGISTRY
from .chars import page_chars
from .layout import drop_running_lines, emit, line_spacing, order_page
from .lines import Line, split_lines


def _count_images(pdfium_c: Any, page: Any) -> int:
    raw = page.raw
    return sum(
        1
        for i in range(pdfium_c.FPDFPage_CountObjects(raw))
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i))
        == pdfium_c.FPDF_PAGEOBJ_IMAGE
    )


def _open(data: bytes, source: str) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise MissingExtraError("Reading PDF", "pdf", "pypdfium2") from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower() or "security" in reason.lower():
            raise InputError(
                "the PDF is encrypted (password-protected); remove the password first, "
                "e.g. with 'qpdf --decrypt in.pdf out.pdf'",
                location=Location(source),
            ) from None
        raise InputError(
            f"not a readable PDF (corrupt or truncated): {reason}", location=Location(source)
        ) from None


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF's text layer into lines in reading order (see the module docstring)."""
    pdf = _open(data, source)
    import pypdfium2.raw as pdfium_c

    try:
        pages: list[list[Line]] = []
        heights: list[float] = []
        images = 0
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                chars, width, height = page_chars(pdfium_c, page)
                lines, gutters = split_lines(chars, width)
                if not lines:
                    images += _count_images(pdfium_c, page)
                for line in lines:
                    line.page = number + 1
                    line.chars = []  # text and geometry are all we keep: frees the characters
                pages.append(order_page(lines, width, gutters))
                heights.append(height)
            finally:
                page.close()
        page_count = len(pdf)
    except InputError:
        raise
    except Exception as exc:  # PDFium errors on a damaged page: name the file, not a traceback
        raise InputError(f"cannot read the PDF: {exc}", location=Location(source)) from None
    finally:
        pdf.close()
    if page_count == 0:
        raise InputError("the PDF has no pages", location=Location(source))
    if not any(pages):
        if images:
            raise InputError(
                f"the PDF has no text layer ({page_count} page(s) of images): it looks "
                "scanned; run OCR first (e.g. 'ocrmypdf in.pdf out.pdf') and read the result",
                location=Location(source),
            )
        raise InputError("the PDF contains no text", location=Location(source))
    spacing = line_spacing(pages)
    removed = drop_running_lines(pages, heights, spacing) if page_count > 1 else 0
    texts, numbers = emit(pages)
    return Document(
        source=source,
        format="pdf",
        lines=tuple(texts),
        line_pages=tuple(numbers),
        metadata={
            "pages": page_count,
            "pages_without_text": [i + 1 for i, lines in enumerate(pages) if not lines],
            "running_lines_removed": removed,
        },
    )


def _sniff_pdf(head: bytes) -> bool:
    return head[:1024].lstrip().startswith(b"%PDF-")


REGISTRY.register("pdf", read_pdf, suffixes=(".pdf",), sniff=_sniff_pdf)

__all__ = ["read_pdf"]
