"""`refbridge extract` on reference lists in four common styles, with the default parser.

The entries are real publications, written out in each style by hand (Vancouver, IEEE,
Chicago notes-bibliography, MLA 9). Every entry must come out with its authors, title,
container, year, volume, issue and pages right — the fields a reader of the style sees.
"""

from __future__ import annotations

import pytest

from refbridge.cli import main
from refbridge.formats import csljson

# (printed entry, families, title, container, year, volume, issue, pages)
VANCOUVER = [
    ("Watson JD, Crick FH. Molecular structure of nucleic acids; a structure for deoxyribose "
     "nucleic acid. Nature. 1953;171(4356):737-8.",
     ["Watson", "Crick"], "Molecular structure of nucleic acids; a structure for deoxyribose "
     "nucleic acid", "Nature", 1953, "171", "4356", "737-8"),
    ("Bland JM, Altman DG. Statistical methods for assessing agreement between two methods of "
     "clinical measurement. Lancet. 1986;1(8476):307-10.",
     ["Bland", "Altman"], "Statistical methods for assessing agreement between two methods of "
     "clinical measurement", "Lancet", 1986, "1", "8476", "307-10"),
    ("Kaplan EL, Meier P. Nonparametric estimation from incomplete observations. J Am Stat "
     "Assoc. 1958;53(282):457-81.",
     ["Kaplan", "Meier"], "Nonparametric estimation from incomplete observations",
     "J Am Stat Assoc", 1958, "53", "282", "457-81"),
    ("Lander ES, Linton LM, Birren B, Nusbaum C, Zody MC, Baldwin J, et al. Initial "
     "sequencing and analysis of the human genome. Nature. 2001;409(6822):860-921.",
     ["Lander", "Linton", "Birren", "Nusbaum", "Zody", "Baldwin"],
     "Initial sequencing and analysis of the human genome", "Nature", 2001, "409", "6822",
     "860-921"),
]  # fmt: skip
IEEE = [
    ('Y. LeCun, L. Bottou, Y. Bengio, and P. Haffner, "Gradient-based learning applied to '
     'document recognition," Proc. IEEE, vol. 86, no. 11, pp. 2278-2324, Nov. 1998.',
     ["LeCun", "Bottou", "Bengio", "Haffner"],
     "Gradient-based learning applied to document recognition", "Proc. IEEE", 1998, "86",
     "11", "2278-2324"),
    ('C. E. Shannon, "A mathematical theory of communication," Bell Syst. Tech. J., vol. 27, '
     'no. 3, pp. 379-423, Jul. 1948.',
     ["Shannon"], "A mathematical theory of communication", "Bell Syst. Tech. J.", 1948, "27",
     "3", "379-423"),
    ('S. Hochreiter and J. Schmidhuber, "Long short-term memory," Neural Comput., vol. 9, '
     'no. 8, pp. 1735-1780, Nov. 1997.',
     ["Hochreiter", "Schmidhuber"], "Long short-term memory", "Neural Comput.", 1997, "9", "8",
     "1735-1780"),
    ('K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," '
     'in Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR), 2016, pp. 770-778.',
     ["He", "Zhang", "Ren", "Sun"], "Deep residual learning for image recognition",
     "Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR)", 2016, "", "", "770-778"),
]  # fmt: skip
CHICAGO = [
    ('Granovetter, Mark S. "The Strength of Weak Ties." American Journal of Sociology 78, '
     'no. 6 (1973): 1360-80.',
     ["Granovetter"], "The Strength of Weak Ties", "American Journal of Sociology", 1973, "78",
     "6", "1360-80"),
    ('Hardin, Garrett. "The Tragedy of the Commons." Science 162, no. 3859 (1968): 1243-48.',
     ["Hardin"], "The Tragedy of the Commons", "Science", 1968, "162", "3859", "1243-48"),
    ('Merton, Robert K. "The Matthew Effect in Science." Science 159, no. 3810 (1968): 56-63.',
     ["Merton"], "The Matthew Effect in Science", "Science", 1968, "159", "3810", "56-63"),
    ("Kuhn, Thomas S. The Structure of Scientific Revolutions. Chicago: University of Chicago "
     "Press, 1962.",
     ["Kuhn"], "The Structure of Scientific Revolutions", "", 1962, "", "", ""),
]  # fmt: skip
MLA = [
    ("Said, Edward W. Orientalism. Pantheon Books, 1978.",
     ["Said"], "Orientalism", "", 1978, "", "", ""),
    ('Fish, Stanley E. "Interpreting the Variorum." Critical Inquiry, vol. 2, no. 3, 1976, '
     "pp. 465-85.",
     ["Fish"], "Interpreting the Variorum", "Critical Inquiry", 1976, "2", "3", "465-85"),
    ('Jameson, Fredric. "Postmodernism, or the Cultural Logic of Late Capitalism." New Left '
     "Review, no. 146, 1984, pp. 53-92.",
     ["Jameson"], "Postmodernism, or the Cultural Logic of Late Capitalism", "New Left Review",
     1984, "", "146", "53-92"),
    ("Gilbert, Sandra M., and Susan Gubar. The Madwoman in the Attic: The Woman Writer and the "
     "Nineteenth-Century Literary Imagination. Yale UP, 1979.",
     ["Gilbert", "Gubar"], "The Madwoman in the Attic: The Woman Writer and the "
     "Nineteenth-Century Literary Imagination", "", 1979, "", "", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("style", "entries", "numbered"),
    [("vancouver", VANCOUVER, True), ("ieee", IEEE, True), ("chicago", CHICAGO, False),
     ("mla", MLA, False)],
)  # fmt: skip
def test_extract_gets_every_field_of_a_style(tmp_path, capsys, style, entries, numbered):
    lines = ["A paper", "", "Some text citing the works below.", "", "References", ""]
    for number, (printed, *_rest) in enumerate(entries, 1):
        lines.append((f"[{number}] " if style == "ieee" else f"{number}. ") * numbered + printed)
    path = tmp_path / f"{style}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["extract", str(path), "--format", "csljson"]) == 0
    # read back as CSL-JSON: titles come without the writer's <span class="nocase"> marks
    items = [r.to_csl() for r in csljson.loads(capsys.readouterr().out).references]
    assert len(items) == len(entries)
    for item, (_printed, families, title, container, year, volume, issue, pages) in zip(
        items, entries, strict=True
    ):
        got = (
            [a.get("family") for a in item.get("author", [])],
            item.get("title", ""),
            item.get("container-title", "").rstrip("."),  # "Neural Comput." or "… Comput"
            item.get("issued", {}).get("date-parts", [[None]])[0][0],
            item.get("volume", ""),
            item.get("issue", ""),
            item.get("page", ""),
        )
        want = (families, title, container.rstrip("."), year, volume, issue, pages)
        assert got == want, item
