"""One self-contained HTML page of DOI (and link) checks that an editor can open anywhere.

No scripts, no external styles or fonts: a summary of the statuses, then one row per DOI
as cited with the verdict, the registered record and the evidence, worst problems first.
"""

from __future__ import annotations

import collections
import html
from collections.abc import Sequence

from ..model import DoiCheck
from .check import STATUSES, UrlCheck

__all__ = ["render_html"]

_ORDER = (
    "malformed", "not_found", "retracted", "mismatch", "unreachable", "error", "repaired", "ok",
)  # fmt: skip
_COLOURS = {
    "ok": "#1a7f37",
    "repaired": "#0969da",
    "malformed": "#cf222e",
    "not_found": "#cf222e",
    "mismatch": "#bc4c00",
    "retracted": "#8250df",
    "unreachable": "#6e7781",
    "error": "#6e7781",
    "alive": "#1a7f37",
    "redirected": "#0969da",
    "gone": "#cf222e",
}
_MEANING = {
    "ok": "registered and matches the citation",
    "repaired": "fine once the listed repairs are made",
    "malformed": "not a DOI as written",
    "not_found": "not registered with any agency",
    "mismatch": "registered, but for a different work",
    "retracted": "the cited work has been retracted",
    "unreachable": "could not be checked now",
    "error": "a registry answered something malformed",
}
_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:.45rem .6rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}.badge{color:#fff;border-radius:1em;padding:.1em .6em;white-space:nowrap}
code{font-size:.9em;word-break:break-all}ul{margin:0;padding-left:1.1rem}.muted{color:#59636e}
.summary span{margin-right:1rem}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(status: str) -> str:
    colour = _COLOURS.get(status, "#6e7781")
    return f'<span class="badge" style="background:{colour}">{_e(status)}</span>'


def _record(check: DoiCheck) -> str:
    ref = check.reference
    if ref is None:
        return '<span class="muted">—</span>'
    authors = "; ".join(str(a) for a in ref.authors[:3]) + (
        " et al." if len(ref.authors) > 3 else ""
    )
    parts = [authors, f"({ref.year})" if ref.year else "", ref.title, ref.container_title]
    where = ", ".join(p for p in (ref.volume, ref.issue and f"no. {ref.issue}", ref.pages) if p)
    return _e(" ".join(p for p in (*parts, where) if p))


def render_html(
    checks: Sequence[DoiCheck], urls: Sequence[UrlCheck] = (), *, title: str = "DOI check"
) -> str:
    """The whole page as a string."""
    counts = collections.Counter(c.status for c in checks)
    summary = "".join(
        f"<span>{_badge(s)} {counts[s]} <span class='muted'>{_e(_MEANING[s])}</span></span>"
        for s in STATUSES
        if counts[s]
    )
    rows = []
    ordered = sorted(enumerate(checks), key=lambda ic: (_ORDER.index(ic[1].status), ic[0]))
    for index, check in ordered:
        link = f"https://doi.org/{check.doi}"
        doi = (
            f'<a href="{_e(link)}"><code>{_e(check.doi)}</code></a>'
            if check.status not in ("malformed",)
            else f"<code>{_e(check.doi)}</code>"
        )
        evidence = "".join(f"<li>{_e(e)}</li>" for e in check.evidence)
        evidence += "".join(f"<li class='muted'>cited at {_e(s)}</li>" for s in check.sources)
        rows.append(
            f"<tr><td>{index + 1}</td><td>{_badge(check.status)}</td>"
            f"<td><code>{_e(check.input)}</code></td><td>{doi}</td><td>{_e(check.agency)}</td>"
            f"<td>{_record(check)}</td><td><ul>{evidence}</ul></td></tr>"
        )
    url_rows = "".join(
        f"<tr><td>{_badge(u.status)}</td><td><a href='{_e(u.url)}'><code>{_e(u.url)}</code></a>"
        f"</td><td>{_e(u.http_status or '')}</td><td><ul>"
        + "".join(f"<li>{_e(e)}</li>" for e in u.evidence)
        + "</ul></td></tr>"
        for u in urls
    )
    links = (
        "<h2>Other links</h2><table><tr><th>status</th><th>URL</th><th>HTTP</th>"
        f"<th>evidence</th></tr>{url_rows}</table>"
        if urls
        else ""
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}"
        f"</title><style>{_STYLE}</style></head><body><h1>{_e(title)}</h1>"
        f"<p class='summary'>{len(checks)} DOIs: {summary}</p>"
        "<table><tr><th>#</th><th>status</th><th>as cited</th><th>DOI</th><th>agency</th>"
        f"<th>registered record</th><th>evidence</th></tr>{''.join(rows)}</table>{links}"
        "</body></html>\n"
    )
