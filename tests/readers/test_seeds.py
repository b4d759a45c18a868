"""The seed documents end to end, field by field against the hand-checked expectations.

``references/<seed>.expected.json`` holds, for each reference list of a seed, its heading,
language and entries; each entry has ``raw`` (the entry as found, Markdown kept, wrapped
lines joined with a space), ``original-language`` when the entry says "(In Russian)", and the
CSL-JSON variables we check. Every variable the parser produces must be expected and every
expected one produced: a field nobody expected fails as much as a wrong one.

Two paths are checked:

* ``extract(seed)`` — reading, list finding, entry splitting and parsing together, one test
  per expected field (ids ``<seed>-<list>-<entry>-<field>``, e.g. ``002-ru-07-container-title``)
  and one per entry that also catches fields nobody expected;
* ``parse_reference(raw, language=list language)`` — the parser alone, so a parser
  regression is told apart from a reader regression.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from paths import REFERENCES
from refbridge.extract import extract
from refbridge.model import Reference
from refbridge.parsing import parse_reference

# "<seed>.expected.json" only: "<seed>.pairs.expected.json" and the like belong to other features.
SEEDS = sorted(
    p.name[: -len(".expected.json")]
    for p in REFERENCES.glob("*.expected.json")
    if "." not in p.name[: -len(".expected.json")]
)
# Keys of an expected entry that are not CSL variables of the item itself.
_BOOKKEEPING = {"raw", "original-language"}


def _expected(seed: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCES / f"{seed}.expected.json").read_text("utf-8"))
    return data


def _as_entry(ref: Reference) -> dict[str, Any]:
    """A parsed record in the shape of an expected entry (CSL variables + bookkeeping)."""
    csl = ref.to_csl()
    ours = csl.pop("custom", {}).pop("refbridge", {})
    csl.pop("id", None)
    entry = {"raw": ref.raw, **csl}
    if ours.get("original-language"):
        entry["original-language"] = ours["original-language"]
    return entry


def _norm(key: str, value: Any) -> Any:
    return " ".join(value.split()) if key == "raw" and isinstance(value, str) else value


def _short(seed: str) -> str:
    return seed.split("_")[0]


def _cases() -> list[Any]:
    cases = []
    for seed in SEEDS:
        for li, lst in enumerate(_expected(seed)["lists"]):
            tag = lst["language"] or str(li)
            for ei, entry in enumerate(lst["entries"]):
                cases.append(
                    pytest.param(
                        seed,
                        li,
                        ei,
                        lst["language"],
                        entry,
                        id=f"{_short(seed)}-{tag}-{ei + 1:02d}",
                    )
                )
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[Any]]:
    return {seed: extract(REFERENCES / _expected(seed)["source"]) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=_short)
def test_seed_lists(seed, extracted):
    """Right number of lists, with the right headings, languages and entry counts."""
    want = [
        (lst["heading"], lst["language"], len(lst["entries"])) for lst in _expected(seed)["lists"]
    ]
    got = [(lst.heading, lst.language, len(lst.entries)) for lst in extracted[seed]]
    assert got == want
    assert all(not lst.failures for lst in extracted[seed])


def _compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """One line per differing field: ``field: expected X, got Y``."""
    problems = []
    for key in sorted(set(expected) | set(actual)):
        want, got = _norm(key, expected.get(key)), _norm(key, actual.get(key))
        if want != got:
            problems.append(f"{key}: expected {want!r}, got {got!r}")
    return problems


@pytest.mark.parametrize(("seed", "li", "ei", "language", "entry"), CASES)
def test_entry_extracted(seed, li, ei, language, entry, extracted):
    lists = extracted[seed]
    assert li < len(lists) and ei < len(lists[li].entries), "entry not extracted"
    problems = _compare(entry, _as_entry(lists[li].entries[ei]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("seed", "li", "ei", "language", "entry"), CASES)
def test_entry_parsed(seed, li, ei, language, entry):
    problems = _compare(entry, _as_entry(parse_reference(entry["raw"], language=language)))
    assert not problems, "\n".join(problems)


def _field_cases() -> list[Any]:
    """One case per expected field, so a failure names seed, list, entry and field in its id."""
    out = []
    for param in CASES:
        seed, li, ei, _language, entry = param.values
        for key in entry:
            if key != "raw":
                out.append(pytest.param(seed, li, ei, entry, key, id=f"{param.id}-{key}"))
    return out


@pytest.mark.parametrize(("seed", "li", "ei", "entry", "field"), _field_cases())
def test_field_extracted(seed, li, ei, entry, field, extracted):
    lists = extracted[seed]
    assert li < len(lists) and ei < len(lists[li].entries), "entry not extracted"
    assert _as_entry(lists[li].entries[ei]).get(field) == entry[field]


def test_bookkeeping_keys_are_documented():
    """Expected entries use CSL variables plus only the documented bookkeeping keys."""
    csl_like = {
        "type", "author", "editor", "issued", "accessed", "title", "container-title",
        "collection-title", "publisher", "publisher-place", "volume", "issue", "page",
        "number-of-pages", "edition", "genre", "DOI", "URL", "ISBN", "language", "note",
    }  # fmt: skip
    for seed in SEEDS:
        for lst in _expected(seed)["lists"]:
            for entry in lst["entries"]:
                assert set(entry) <= csl_like | _BOOKKEEPING, entry["raw"]
