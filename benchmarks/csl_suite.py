"""Run the CSL processor test suite (``../shared/data/csl/test-suite/``) through refbridge's engine.

Each fixture gives a style, CSL-JSON items, what to cite and the output citeproc-js produces
(its HTML). A fixture passes when our output equals that RESULT after the whitespace between
HTML block tags is normalised. Modes:

* ``bibliography`` — the items (all of INPUT, or those cited by CITATION-ITEMS/CITATIONS) as
  ``<div class="csl-bib-body">`` with one ``csl-entry`` each;
* ``citation`` with CITATION-ITEMS — one output line per cluster;
* ``citation`` with CITATIONS — the clusters processed in order, printed as citeproc-js's test
  runner prints them (``..[i]`` for earlier clusters, ``>>[i]`` for the last);
* ``citation`` with neither — one cluster citing every item, in bibliography order (as
  citeproc-js's runner takes them from its sorted registry).

``python benchmarks/csl_suite.py`` prints pass counts per category (the part of the file name
before ``_``) and the total; ``--write-known`` rewrites ``tests/data/csl_suite_known_failures.txt``,
the list the test suite allows to fail (it may only shrink); ``--show NAME`` prints one fixture's
expected and actual output.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from refbridge.errors import RefbridgeError
from refbridge.render import load_style
from refbridge.render.context import Cite
from refbridge.render.processor import Processor
from refbridge.render.style import CompiledStyle

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "data" / "csl" / "test-suite"
KNOWN = ROOT / "tests" / "data" / "csl_suite_known_failures.txt"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.DOTALL)
# whitespace with a line break between tags, or any between two block ends, is layout only
_BLOCK_GAP = re.compile(r">\s*\n\s*<|(?<=</div>)\s+(?=</div>)")


def fixtures(folder: Path = SUITE) -> Iterator[tuple[str, dict[str, str]]]:
    """(name, sections) for every fixture file, by name."""
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        yield path.stem, {m.group(1): m.group(2) for m in _SECTION.finditer(text)}


def _cites(raw: list[dict[str, Any]]) -> list[Cite]:
    return [Cite.from_csl(item) for item in raw]


def _documents(sections: dict[str, str]) -> list[list[tuple[list[Cite], int]]]:
    """The document's citation clusters (with note numbers) after each step the fixture takes.

    CITATIONS gives, step by step, a citation and the ids and notes of those before and after
    it (a repeated citationID replaces the earlier one); CITATION-ITEMS is one document.
    """
    if "CITATION-ITEMS" in sections:
        return [[(_cites(cluster), 0) for cluster in json.loads(sections["CITATION-ITEMS"])]]
    known: dict[str, list[Cite]] = {}
    documents = []
    for citation, before, after in json.loads(sections.get("CITATIONS", "[]")):
        citation_id = citation["citationID"]
        known[citation_id] = _cites(citation["citationItems"])
        note = int((citation.get("properties") or {}).get("noteIndex") or 0)
        order = [(cid, int(n or 0)) for cid, n in before] + [(citation_id, note)]
        order += [(cid, int(n or 0)) for cid, n in after]
        documents.append([(known[cid], n) for cid, n in order if cid in known])
    return documents


def render_fixture(sections: dict[str, str]) -> str:
    """Our output for one fixture, in the shape of its RESULT."""
    mode = sections["MODE"].strip()
    # citeproc-js's runner numbers items that come without an id, and keeps the last of items
    # that share one (in the place of the first)
    unique: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(json.loads(sections["INPUT"])):
        item_id = str(item.get("id", f"ITEM-{i + 1}"))
        unique[item_id] = {**item, "id": item.get("id", f"ITEM-{i + 1}")}
    items = list(unique.values())
    style = load_style(sections["CSL"])
    documents = _documents(sections)
    processor = _processor(style, items, documents[-1] if documents else None)
    if mode == "bibliography":
        entries = [text for _, text in processor.bibliography()]
        return (
            '<div class="csl-bib-body">\n'
            + "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
            + "</div>"
        )
    if not documents:
        return processor.citation(processor.order)  # items in the registry's (sorted) order
    outputs = processor.citations(documents[-1])
    if "CITATIONS" not in sections:
        return "\n".join(outputs)
    # as citeproc-js's runner prints it: ">>" marks the citations the last step re-rendered:
    # those it added or changed — in output, or in what their output depends on (positions,
    # numbers) — and those of items whose disambiguation or first-reference-note-number it
    # changed
    earlier = _processor(style, items, documents[-2]) if len(documents) > 1 else None
    previous: dict[int, tuple[str, Any]] = {}
    if earlier is not None:
        before = zip(
            earlier.citations(documents[-2]), earlier.cite_states(documents[-2]), strict=True
        )
        previous = dict(zip((id(c) for c, _ in documents[-2]), before, strict=True))
    recounted = _recounted(style, documents[-2], documents[-1]) if earlier is not None else set()
    now = list(zip(outputs, processor.cite_states(documents[-1]), strict=True))
    moved = {
        state[0]
        for (cites, _), (_, states) in zip(documents[-1], now, strict=True)
        if id(cites) in previous
        for state, old in zip(states, previous[id(cites)][1], strict=False)
        if state[3] != old[3]
    }
    lines = []
    for i, ((cites, _), shown) in enumerate(zip(documents[-1], now, strict=True)):
        redone = earlier is None or any(
            earlier.disambig.get(c.id) != processor.disambig.get(c.id)
            or c.id in recounted
            or c.id in moved
            for c in cites
        )
        mark = ".." if previous.get(id(cites)) == shown and not redone else ">>"
        lines.append(f"{mark}[{i}] {shown[0]}")
    return "\n".join(lines)


def _recounted(
    style: CompiledStyle,
    before: list[tuple[list[Cite], int]],
    after: list[tuple[list[Cite], int]],
) -> set[str]:
    """Items whose citations citeproc-js re-renders because the item is now cited more than
    once, or no longer (a note style with ``disambiguate`` conditions: the test
    ``check-ambiguity-and-backreference`` depends on it)."""
    if style.attrs.get("class") != "note" or not style.has_disambiguate:
        return set()
    old = Counter(c.id for cites, _ in before for c in cites)
    new = Counter(c.id for cites, _ in after for c in cites)
    return {item_id for item_id in new if (old[item_id] < 2) != (new[item_id] < 2)}


def _processor(
    style: CompiledStyle, items: list[dict[str, Any]], document: list[tuple[list[Cite], int]] | None
) -> Processor:
    """The processor for a document: it knows the cited items, in the order first cited."""
    if document is not None:
        by_id = {str(item["id"]): item for item in items}
        cited = dict.fromkeys(c.id for cites, _ in document for c in cites if c.id in by_id)
        items = [by_id[item_id] for item_id in cited]
    return Processor(style, items, fmt="html", item_locales=False)


def _normalise(text: str) -> str:
    return _BLOCK_GAP.sub(lambda m: "><" if m.group().startswith(">") else "", text.strip())


def run(name: str, sections: dict[str, str]) -> tuple[bool, str]:
    """(passed, our output or the error) for one fixture."""
    try:
        ours = render_fixture(sections)
    except (RefbridgeError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        return False, f"error: {type(exc).__name__}: {exc}"
    return _normalise(ours) == _normalise(sections.get("RESULT", "")), ours


def results(folder: Path = SUITE) -> dict[str, bool]:
    """Fixture name → passed, for the whole suite."""
    return {name: run(name, sections)[0] for name, sections in fixtures(folder)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-known", action="store_true", help="rewrite the known failures")
    parser.add_argument("--show", metavar="NAME", help="print one fixture's expected and actual")
    args = parser.parse_args(argv)
    if not SUITE.is_dir():
        print(f"no test suite at {SUITE}", file=sys.stderr)
        return 1
    if args.show:
        sections = dict(fixtures())[args.show]
        passed, ours = run(args.show, sections)
        print(f"expected:\n{sections.get('RESULT', '')}\n\nours ({'pass' if passed else 'FAIL'}):")
        print(ours)
        return 0
    outcome = results()
    total, passed = Counter[str](), Counter[str]()
    for name, ok in outcome.items():
        category = name.split("_")[0]
        total[category] += 1
        passed[category] += ok
    print(f"{'category':16} pass / total")
    for category in sorted(total, key=lambda c: (passed[c] - total[c], c)):
        print(f"{category:16} {passed[category]:4} / {total[category]}")
    print(f"{'all':16} {sum(passed.values()):4} / {sum(total.values())}")
    if args.write_known:
        failing = sorted(name for name, ok in outcome.items() if not ok)
        KNOWN.write_text("".join(f"{name}\n" for name in failing), "utf-8")
        print(f"wrote {len(failing)} known failures to {KNOWN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
