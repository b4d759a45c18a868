"""``refbridge resolve DOI…``: the registered metadata of DOIs, from whichever agency has it.

``--format jsonl`` writes one JSON object per DOI (with its evidence), ``json`` the same
objects as one JSON array, ``csl`` one CSL-JSON array of the records found, in the order
given; ``--workers`` DOIs are looked up at once (the client's rate limit still holds). The exit
status is 1 when a DOI has no record.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..doi.resolve import resolve_doi
from ..doi.syntax import repair_doi
from ..doi.threads import Stopped, in_daemon_threads
from ..errors import RefbridgeError
from ._doi import add_client_arguments, add_workers_option, client_from_args
from ._io import (
    add_format_option,
    add_output_option,
    description,
    open_output,
    progress_callback,
    rows_survive_ctrl_c,
    write_json,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "resolve",
        description=description(__doc__),
    )
    parser.add_argument("dois", nargs="+", metavar="DOI", help="DOIs, doi: labels or doi.org URLs")
    add_format_option(
        parser,
        ("text", "json", "jsonl", "csl"),
        "text",
        "text lines, JSON (one array or lines) with evidence, or one CSL-JSON array",
    )
    add_output_option(parser)
    add_workers_option(parser)
    add_client_arguments(parser)
    parser.set_defaults(handler=run)


def _one(written: str, client: Any) -> dict[str, Any]:
    repair = repair_doi(written)
    out: dict[str, Any] = {"input": written, "doi": repair.doi, "exists": None, "agency": ""}
    out["evidence"] = [f"repair: {r}" for r in repair.repairs]
    out["reference"] = None
    try:
        resolution = resolve_doi(written, client=client)
    except RefbridgeError as exc:  # malformed DOI, network, malformed answer
        out["evidence"].append(str(exc))
        out["error"] = str(exc)
        return out
    except Exception as exc:  # one DOI's failure is its row, never the end of the run
        out["error"] = f"unexpected {type(exc).__name__}: {exc}"
        out["evidence"].append(out["error"])
        return out
    out.update(exists=resolution.exists, agency=resolution.agency)
    out["evidence"] += list(resolution.evidence)
    if resolution.reference is not None:
        out["reference"] = resolution.reference.to_csl()
    return out


def _line(result: dict[str, Any]) -> str:
    csl = result["reference"]
    if csl:
        year = (csl.get("issued") or {}).get("date-parts", [[""]])[0][0]
        return f"{result['doi']}\t{result['agency']}\t{csl.get('title', '')} ({year})"
    state = {True: "registered, no metadata", False: "not found", None: "unresolved"}
    return f"{result['doi']}\t{result['agency'] or '-'}\t{state[result['exists']]}: " + "; ".join(
        result["evidence"][-1:]
    )


def run(args: argparse.Namespace) -> int:
    todo = {str(i): doi for i, doi in enumerate(args.dois)}
    interrupted = False
    with rows_survive_ctrl_c(), client_from_args(args) as client:
        bar = progress_callback("resolving", unit="DOI")
        try:
            done = in_daemon_threads(lambda doi: _one(doi, client), todo, args.workers, bar)
        except Stopped as stop:
            client.cancel()
            done, interrupted = stop.results, True
            print(f"\nrefbridge resolve: interrupted after {len(done)} DOIs", file=sys.stderr)
    results = [done[key] for key in todo if key in done]  # in the order given
    with open_output(args.output) as out:
        if args.format in ("json", "jsonl"):
            write_json(out, results, args.format)
        elif args.format == "csl":
            items = [r["reference"] for r in results if r["reference"]]
            out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        else:
            for result in results:
                out.write(_line(result) + "\n")
    if interrupted:
        return 130
    return 0 if all(r["reference"] for r in results) else 1
