"""Joining the cites of one citation as citeproc-js joins them: cite grouping (in a sorted
citation, cites with the same names move up to the first of them), collapsing ("Smith 2000,
2001", "Smith 2000a, b", "Smith 2000a–c", "[1]–[3]") and the delimiters between cites, cite
groups and year suffixes (``cite-group-delimiter``, ``after-collapse-delimiter``,
``year-suffix-delimiter``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from .output import Blob, plain_text


@attrs.define
class RenderedCite:
    """One cite, rendered whole and (for collapsing) without its names."""

    blob: Blob
    names: str | None = None  # the names as printed, for grouping; None: no names
    short: Blob | None = None  # the cite without its names (None: it does not collapse)
    number: int | None = None  # the citation number, when numbers collapse
    suffix: str = ""  # the year suffix ("b")
    locator: bool = False
    cite_prefix: str = ""  # the prefix and suffix the author gave the cite
    cite_suffix: str = ""


def grouped(cites: Sequence[RenderedCite]) -> list[RenderedCite]:
    """Cites with the same names moved up to the first of them (stable)."""
    order: dict[str, list[RenderedCite]] = {}
    for index, cite in enumerate(cites):
        key = cite.names if cite.names is not None else f"\0{index}"
        order.setdefault(key, []).append(cite)
    return [cite for group in order.values() for cite in group]


def joined(
    cites: Sequence[RenderedCite],
    options: Mapping[str, str],
    layout_delimiter: str,
    in_text: bool,
) -> list[tuple[str, Blob]]:
    """The citation's pieces in order, each with the delimiter that goes before it."""
    collapse = options.get("collapse", "")
    if collapse == "citation-number":
        return _numbered(cites, layout_delimiter)
    group_delimiter = options.get("cite-group-delimiter")
    after_collapse = options.get("after-collapse-delimiter")
    suffix_delimiter = options.get("year-suffix-delimiter", group_delimiter or layout_delimiter)
    grouping = collapse.startswith("year") or group_delimiter is not None
    groups: list[list[RenderedCite]] = []
    for cite in cites:
        if grouping and groups and cite.names is not None and cite.names == groups[-1][0].names:
            if cite.short is not None and not cite.short.blobs and collapse.startswith("year"):
                continue  # nothing but the names, printed already (citeproc-js drops it)
            groups[-1].append(cite)
        else:
            groups.append([cite])
    out: list[tuple[str, Blob]] = []
    previous: list[RenderedCite] | None = None
    for group in groups:
        delimiter = ""
        if previous is not None:
            delimiter = layout_delimiter
            if after_collapse is not None and (
                previous[-1].locator or len(previous) > 1 or collapse != "year-suffix"
            ):
                delimiter = after_collapse
        if after_collapse is not None:
            inner = layout_delimiter
        elif group_delimiter is not None:
            inner = group_delimiter
        else:
            inner = ", " if in_text else layout_delimiter
        for index, (piece, suffix_only) in enumerate(_members(group, collapse)):
            if index:
                if suffix_only:
                    delimiter = suffix_delimiter
                elif after_collapse is not None and group[index - 1].locator:
                    delimiter = after_collapse
                else:
                    delimiter = inner
            if not index and previous is not None:
                delimiter = _between(delimiter, previous[-1], group[0])
            out.append((delimiter, piece))
        previous = group
    return out


def _between(delimiter: str, before: RenderedCite, cite: RenderedCite) -> str:
    """The delimiter between two cites as citeproc-js trims it around the author's affixes:
    none before a prefix starting with ".", "," or ";" (after a cite with no suffix), only its
    space after a suffix ending with one."""
    marks = (";", ".", ",")
    if not before.cite_suffix and cite.cite_prefix[:1] in marks:
        return ""
    if before.cite_suffix[-1:] in marks:
        space = delimiter.find(" ")
        return delimiter[space:] if space > -1 else ""
    return delimiter


def _members(group: list[RenderedCite], collapse: str) -> list[tuple[Blob, bool]]:
    """A cite group's pieces: the first cite whole, the rest without names; with year-suffix
    collapsing a cite of the same year prints only its suffix ("2000a, b"), and with
    year-suffix-ranged three or more running suffixes become a range ("2000a–c")."""
    if len(group) == 1 or not collapse.startswith("year"):
        return [(cite.blob, False) for cite in group]
    pieces: list[tuple[Blob, bool]] = [(group[0].blob, False)]
    by_suffix = collapse in ("year-suffix", "year-suffix-ranged")
    runs: list[list[int]] = [[0]]  # indexes of pieces whose suffixes run a, b, c…
    base = _without_suffix(group[0].short, group[0].suffix)
    for index in range(1, len(group)):
        cite, before = group[index], group[index - 1]
        short = cite.short if cite.short is not None else cite.blob
        same_year = by_suffix and cite.suffix and before.suffix and base is not None
        if same_year and _without_suffix(cite.short, cite.suffix) == base:
            pieces.append((Blob(cite.suffix), True))
            if ord(cite.suffix[-1]) == ord(before.suffix[-1]) + 1 and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
            continue
        pieces.append((short, False))
        base = _without_suffix(cite.short, cite.suffix)
        runs.append([index])
    if collapse != "year-suffix-ranged":
        return pieces
    out: list[tuple[Blob, bool]] = []
    for run in runs:
        if len(run) >= 3:
            first, last = pieces[run[0]], pieces[run[-1]]
            out.append((Blob([first[0], last[0]], delimiter="\u2013"), first[1]))
        else:
            out.extend(pieces[i] for i in run)
    return out


def _without_suffix(short: Blob | None, suffix: str) -> str | None:
    if short is None or not suffix:
        return None
    text = plain_text(short)
    return text[: -len(suffix)] if text.endswith(suffix) else None


def _numbered(cites: Sequence[RenderedCite], delimiter: str) -> list[tuple[str, Blob]]:
    """Three or more consecutive citation numbers (without locators) become a range [1]–[3]."""
    out: list[tuple[str, Blob]] = []
    run: list[RenderedCite] = []

    previous: list[RenderedCite] = []

    def add(piece: Blob, cite: RenderedCite) -> None:
        joint = _between(delimiter, previous[-1], cite) if previous else ""
        out.append((joint, piece))
        previous.append(cite)

    def flush() -> None:
        if len(run) >= 3:
            add(Blob([run[0].blob, run[-1].blob], delimiter="\u2013"), run[0])
            previous.append(run[-1])
        else:
            for cite in run:
                add(cite.blob, cite)
        run.clear()

    for cite in cites:
        if cite.number is None or cite.locator:
            flush()
            add(cite.blob, cite)
            continue
        if run and run[-1].number is not None and run[-1].number + 1 != cite.number:
            flush()
        run.append(cite)
    flush()
    return out
