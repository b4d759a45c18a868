"""From scored pairs to clusters: guarded union, margins, relations and explanations.

Pairs judged one work are joined strongest first. A join is refused when it would put two
different DOIs, two records marked "not a duplicate", or two related works (a preprint and its
published version, a chapter and its book, a translation and its original) into one cluster;
refusals are reported, never silent. Each accepted join carries its score and its margin over
the runner-up: the best score either record reached with a record outside the final cluster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from ..model import _as_tuple
from .keys import RecordKey
from .scoring import NONE, SAME, explain, relation_name

__all__ = ["Cluster", "Link", "build_clusters"]


@attrs.frozen
class Link:
    """A decision about two records ``a`` and ``b`` (input indices), with its reasons.

    ``kind`` is ``same-as``, ``transliteration-of`` or ``translation-of`` for a merge inside a
    cluster (``a`` is the rendering, ``b`` the record it renders), a relation name
    (``preprint-of``, ``chapter-of``, ``translation-of``) between clusters (``a`` is the preprint,
    the chapter, the translation), or ``refused`` for a merge a guard stopped.
    """

    a: int
    b: int
    kind: str
    score: float
    margin: float | None = None
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)

    def to_dict(self) -> dict[str, Any]:
        out = {"a": self.a, "b": self.b, "kind": self.kind, "score": round(self.score, 4)}
        if self.margin is not None:
            out["margin"] = round(self.margin, 4)
        out["evidence"] = list(self.evidence)
        return out

    def describe(self) -> str:
        """One line for people: records numbered from 1 (``#1`` is index 0), as in messages."""
        margin = f", margin {self.margin:.2f}" if self.margin is not None else ""
        reasons = "; ".join(self.evidence)
        return f"#{self.a + 1} {self.kind} #{self.b + 1}: score {self.score:.2f}{margin}" + (
            f" ({reasons})" if reasons else ""
        )


@attrs.frozen
class Cluster:
    """Records (input indices, ascending) that are one work.

    ``score`` is the weakest accepted link (1.0 for a record alone); ``links`` are the merges
    that joined the cluster, ``relations`` the links to records of other clusters, ``refused``
    the merges a guard stopped.
    """

    members: tuple[int, ...] = attrs.field(converter=_as_tuple)
    score: float = 1.0
    links: tuple[Link, ...] = attrs.field(default=(), converter=_as_tuple)
    relations: tuple[Link, ...] = attrs.field(default=(), converter=_as_tuple)
    refused: tuple[Link, ...] = attrs.field(default=(), converter=_as_tuple)

    @property
    def evidence(self) -> tuple[str, ...]:
        lines = [link.describe() for link in (*self.links, *self.relations, *self.refused)]
        return tuple(lines) or ("no other record scored as the same work",)

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "score": round(self.score, 4),
            "links": [link.to_dict() for link in self.links],
            "relations": [link.to_dict() for link in self.relations],
            "refused": [link.to_dict() for link in self.refused],
            "evidence": list(self.evidence),
        }


class _Union:
    """Union-find over record indices with per-root DOI and cannot-link guards."""

    def __init__(self, keys: Sequence[RecordKey], cannot: Iterable[tuple[int, int]]) -> None:
        self.parent = list(range(len(keys)))
        self.doi: dict[int, str] = {i: k.doi for i, k in enumerate(keys) if k.doi}
        self.cannot: dict[int, set[int]] = defaultdict(set)
        for a, b in cannot:
            self.cannot[a].add(b)
            self.cannot[b].add(a)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def join(self, a: int, b: int) -> str | None:
        """Join the clusters of ``a`` and ``b``: '' when joined, None when they already were
        one, else the guard that refused."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        da, db = self.doi.get(ra), self.doi.get(rb)
        if da and db and da != db:
            return f"different DOIs {da} / {db}"
        small, big = (
            (ra, rb) if len(self.cannot.get(ra, ())) <= len(self.cannot.get(rb, ())) else (rb, ra)
        )
        for other in self.cannot.get(small, ()):
            if self.find(other) == big:
                first, second = sorted((a, other))
                return f"marked as not one work (#{first + 1}, #{second + 1} side)"
        self.parent[ra] = rb
        if da and not db:
            self.doi[rb] = da
        if ra in self.cannot:
            self.cannot[rb] |= self.cannot.pop(ra)
        return ""


def build_clusters(
    keys: Sequence[RecordKey],
    pairs: np.ndarray,
    scores: np.ndarray,
    verdicts: np.ndarray,
    *,
    not_duplicates: Iterable[tuple[int, int]] = (),
    evidence: bool = True,
) -> list[Cluster]:
    """Every record in exactly one cluster, clusters ordered by their first member."""
    n = len(keys)
    related = np.flatnonzero((verdicts != NONE) & (verdicts != SAME))
    cannot = [tuple(p) for p in pairs[related].tolist()]
    union = _Union(keys, [*not_duplicates, *cannot])
    same = np.flatnonzero(verdicts == SAME)
    order = same[np.argsort(-scores[same], kind="stable")]
    accepted: list[int] = []
    refused: list[tuple[int, str]] = []
    for x in order.tolist():
        i, j = pairs[x].tolist()
        reason = union.join(i, j)
        if reason == "":  # the accepted joins form a spanning forest of the clusters
            accepted.append(x)
        elif reason is not None:
            refused.append((x, reason))
    roots = np.fromiter((union.find(i) for i in range(n)), dtype=np.int64, count=n)

    # Runner-up: each record's best score with a record that ended in another cluster.
    best_out = np.zeros(n, dtype=np.float32)
    if len(pairs):
        outside = roots[pairs[:, 0]] != roots[pairs[:, 1]]
        np.maximum.at(best_out, pairs[outside, 0], scores[outside])
        np.maximum.at(best_out, pairs[outside, 1], scores[outside])

    def link(x: int, kind: str | None = None, reason: str = "") -> Link:
        i, j = pairs[x].tolist()
        score = float(scores[x])
        why = explain(keys[i], keys[j]) if evidence else None
        if kind is None:  # a merge; a rendering points at the record in the original script
            margin = score - float(max(best_out[i], best_out[j]))
            if keys[i].title_script == "cyrillic" != keys[j].title_script:
                i, j = j, i
            return Link(
                i, j, why.link if why else "same-as", score, margin, why.evidence if why else ()
            )
        code = int(verdicts[x])
        if code < 0:
            i, j = j, i
        reasons = (*(why.evidence if why else ()), *((reason,) if reason else ()))
        return Link(i, j, kind, score, None, reasons)

    members: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots.tolist()):
        members[root].append(i)
    links: dict[int, list[Link]] = defaultdict(list)
    for x in accepted:
        links[int(roots[pairs[x, 0]])].append(link(x))
    relations: dict[int, list[Link]] = defaultdict(list)
    for x in related.tolist():
        rel = link(x, relation_name(int(verdicts[x])))
        relations[int(roots[rel.a])].append(rel)
    refusals: dict[int, list[Link]] = defaultdict(list)
    for x, reason in refused:
        if roots[pairs[x, 0]] != roots[pairs[x, 1]]:
            refusals[int(roots[pairs[x, 0]])].append(link(x, "refused", reason))

    clusters = []
    for root, group in members.items():
        group_links = links.get(root, [])
        clusters.append(
            Cluster(
                group,
                min((lk.score for lk in group_links), default=1.0),
                group_links,
                relations.get(root, ()),
                refusals.get(root, ()),
            )
        )
    clusters.sort(key=lambda c: c.members[0])
    return clusters
