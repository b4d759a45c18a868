"""Each text rule is written once, in refbridge.text: no module elsewhere grows its own copy.

The copies this replaced disagreed (a Kazakh entry was "ru" to the parser and "kk" to the
bilingual tools; "(In German)" was "de" to one and "" to the other), so a new copy is a bug.
"""

from __future__ import annotations

import re
from pathlib import Path

import refbridge

PACKAGE = Path(refbridge.__file__).parent
TEXT = PACKAGE / "text"

# The "(In Russian)" family: "(in|на) ..." or "in\s+russ" inside a pattern.
MARK_PATTERN = re.compile(r"\(\?:in\|на\)|\(\?:\[Ii\]n\|на\)|in\\s\+russ", re.IGNORECASE)
# A DOI in a pattern: "10\.\d" or "10(?:\.|%2[Ee])\d".
DOI_PATTERN = re.compile(r"10\\\.\\d|10\(\?:\\\.")
# A script or language guesser.
GUESSER = re.compile(r"^def (?:script_of|detect_language|language_of|entry_script|\w*letter_count)")
#: DOI *validation* (Crossref's shapes, what a registrant code must be) stays with the DOI code.
DOI_VALIDATION = {PACKAGE / "doi" / "syntax.py"}


def _modules_outside_text():
    for path in sorted(PACKAGE.rglob("*.py")):
        if TEXT not in path.parents:
            yield path, path.read_text(encoding="utf-8")


def test_the_text_package_has_the_definitions():
    marks = (TEXT / "marks.py").read_text(encoding="utf-8")
    identifiers = (TEXT / "identifiers.py").read_text(encoding="utf-8")
    script = (TEXT / "script.py").read_text(encoding="utf-8")
    assert MARK_PATTERN.search(marks) and DOI_PATTERN.search(identifiers)
    assert [m.group(0) for m in re.finditer(GUESSER.pattern, script, re.M)] == [
        "def letter_count",
        "def script_of",
        "def entry_script",
        "def detect_language",
    ]


def test_no_language_mark_pattern_outside_the_text_package():
    copies = [str(p) for p, source in _modules_outside_text() if MARK_PATTERN.search(source)]
    assert copies == []


def test_no_doi_in_text_pattern_outside_the_text_package():
    copies = [
        str(p)
        for p, source in _modules_outside_text()
        if p not in DOI_VALIDATION and DOI_PATTERN.search(source)
    ]
    assert copies == []


def test_no_script_guesser_outside_the_text_package():
    copies = [
        f"{p}: {line}"
        for p, source in _modules_outside_text()
        for line in source.splitlines()
        if GUESSER.match(line)
    ]
    assert copies == []


def test_the_text_package_imports_nothing_of_refbridge():
    imports = re.compile(r"^\s*(?:from\s+(\.\.|refbridge)|import\s+refbridge)", re.M)
    offenders = [
        str(p) for p in sorted(TEXT.rglob("*.py")) if imports.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
