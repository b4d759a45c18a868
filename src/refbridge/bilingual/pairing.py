"""Pair the entries of two reference lists (Russian and English) one to one.

How: every entry is read into :class:`~.features.EntryFeatures`; a TF-IDF cosine over coarse
word keys (so a Russian word meets its transliteration in any scheme) and numbers proposes
candidates for every entry (blocking, a sparse matrix product); each candidate pair is then
scored from its evidence — DOI, URL (equal after normalising, or same host with a
transliterated slug), year, page range, author surnames matched across schemes with fuzzy
tolerance, text similarity — as a sum of log-odds turned into a probability-like score. A
global one-to-one assignment (:func:`scipy.optimize.linear_sum_assignment`, the Hungarian
method) maximises the total score, and a pair is accepted only if its score reaches
:data:`ACCEPT_THRESHOLD`; everything else is reported unmatched, never forced.

The threshold and the weights were calibrated on ``bilingual/articles.dev.jsonl`` (see
``benchmarks/pairing.py`` and docs/bilingual.md).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np
from rapidfuzz.distance import Levenshtein

from ..model import Pair, PairingResult, Reference, ReferenceList
from .features import EntryFeatures, entry_features, slug_match, unexplained_numbers, url_key

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["ACCEPT_THRESHOLD", "PairScore", "pair_lists", "score_pair"]

#: Pairs scoring below this are not accepted (see the calibration in docs/bilingual.md).
ACCEPT_THRESHOLD = 0.5

_CANDIDATES_PER_ENTRY = 6
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_SURNAME_TOLERANCE = 0.75
_AUTHORS_COMPARED = 5  # the first few authors decide; long author lists cost quadratic time

# Log-odds contributions of each piece of evidence (calibrated on the dev articles).
_PRIOR = -4.0
_W_TEXT = 9.0  # times the TF-IDF cosine
_W_DOI_SAME, _W_DOI_DIFFERENT = 6.0, -1.0
_W_URL_SAME, _W_URL_SLUG, _W_URL_OTHER_PAGE = 5.0, 4.0, -2.0
_W_YEAR_SAME, _W_YEAR_NEAR, _W_YEAR_DIFFERENT = 1.5, -1.0, -1.5
_W_YEAR_DIFFERENT_ANONYMOUS = -0.5  # standards, yearbooks, laws: editions and revisions
_W_PAGES_SAME, _W_PAGES_DIFFERENT = 2.0, -1.5
_W_FIRST_AUTHOR, _W_AUTHOR, _W_FIRST_AUTHOR_DIFFERENT = 2.5, 0.8, -2.5
_W_TITLE_SAME, _W_TITLE_DIFFERENT, _TITLE_AGREE, _TITLE_DIFFER = 1.0, -3.0, 0.5, 0.25
_W_NUMBER_SHARED, _SHARED_CAP = 0.5, 4  # each identifying number both print
_W_NUMBER_OWN, _OWN_CAP = -1.0, 3  # each one only one prints, when both print their own
_W_LONG_NUMBERS_DIFFER = -4.0
_W_PAGES_ONLY = -0.5  # only the pages differ: the translation journal's printing
_W_MUTUAL, _MUTUAL_CAP = 2.0, 4.0  # each the other's best: twice the log-odds margin, capped
_MIN_ODDS_FOR_BONUS = -3.5  # a log-odds unit below the weakest gold pair of the dev articles
_MARGIN_CAP = 10.0
_NO_CANDIDATE = -50.0


@attrs.frozen
class PairScore:
    """The score of one candidate pair and the evidence for and against it."""

    score: float
    evidence: tuple[str, ...]
    odds: float = 0.0  # the log-odds behind ``score``


def _as_references(items: Sequence[Reference | str] | ReferenceList) -> list[Reference | str]:
    return list(items.entries) if isinstance(items, ReferenceList) else list(items)


def _tfidf(token_lists: list[tuple[str, ...]]) -> sparse.csr_matrix:
    """Rows L2-normalised, sublinear tf, smooth idf over all entries of both lists."""
    from scipy import sparse  # imported on use: scipy alone takes ~0.5 s to load

    vocabulary: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for row, tokens in enumerate(token_lists):
        counts: dict[int, int] = defaultdict(int)
        for token in tokens:
            counts[vocabulary.setdefault(token, len(vocabulary))] += 1
        for col, count in counts.items():
            rows.append(row)
            cols.append(col)
            vals.append(1.0 + math.log(count))
    shape = (len(token_lists), max(len(vocabulary), 1))
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64)
    df = np.bincount(cols, minlength=shape[1]) if cols else np.zeros(shape[1])
    idf = np.log((1 + shape[0]) / (1 + df)) + 1.0
    matrix = matrix @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _surname_similarity(a: EntryFeatures, i: int, b: EntryFeatures, j: int) -> float:
    """Similarity of two surname keys; a double surname also meets either of its halves."""
    key_a, key_b = a.surname_keys[i], b.surname_keys[j]
    if key_a == key_b:
        return 1.0
    best = Levenshtein.normalized_similarity(key_a, key_b, score_cutoff=_SURNAME_TOLERANCE)
    if not a.surname_parts[i] and not b.surname_parts[j]:
        return best
    for part_a in a.surname_parts[i] or (key_a,):
        for part_b in b.surname_parts[j] or (key_b,):
            if len(part_a) >= 4 and len(part_b) >= 4:
                best = max(best, Levenshtein.normalized_similarity(part_a, part_b))
    return best


def _surname_in_text(named: EntryFeatures, other: EntryFeatures) -> tuple[float, list[str]]:
    """One entry's names were not found next to initials ("Aldo Vieira da Rosa"): look for
    its first surname among the other's opening words instead."""
    key = named.surname_keys[0][:6]
    near = (Levenshtein.normalized_similarity(key, k) for k in other.opening_keys)
    if len(key) >= 4 and max(near, default=0.0) >= _SURNAME_TOLERANCE:
        return _W_FIRST_AUTHOR, [f"first author {named.surnames[0]} found in the other entry"]
    return 0.0, []


def _surname_evidence(a: EntryFeatures, b: EntryFeatures) -> tuple[float, list[str]]:
    """Log-odds and evidence from author surnames, order-insensitive, first author weighted."""
    if not a.surname_keys and not b.surname_keys:
        return 0.0, []
    if not a.surname_keys or not b.surname_keys:
        return _surname_in_text(a, b) if a.surname_keys else _surname_in_text(b, a)
    matched: list[str] = []
    used: set[int] = set()
    first_matched = False
    for i in range(min(len(a.surname_keys), _AUTHORS_COMPARED)):
        best, best_j = 0.0, -1
        for j in range(min(len(b.surname_keys), _AUTHORS_COMPARED)):
            if j in used:
                continue
            similarity = _surname_similarity(a, i, b, j)
            if similarity > best:
                best, best_j = similarity, j
        if best >= _SURNAME_TOLERANCE:
            used.add(best_j)
            matched.append(f"{a.surnames[i]} ~ {b.surnames[best_j]}")
            first_matched = first_matched or (i == 0 and best_j == 0)
    odds = _W_AUTHOR * max(len(matched) - 1, 0)
    if first_matched:
        odds += _W_FIRST_AUTHOR
    elif not matched:
        odds += _W_FIRST_AUTHOR_DIFFERENT
    else:
        odds += _W_AUTHOR  # some authors match, not the first
    shown = min(len(a.surnames), len(b.surnames), _AUTHORS_COMPARED)
    note = f"authors {len(matched)}/{shown} match" + (f": {'; '.join(matched)}" if matched else "")
    return odds, [note]


def _urls_evidence(a: EntryFeatures, b: EntryFeatures) -> tuple[float, str]:
    if not a.urls or not b.urls:
        return 0.0, ""
    if set(a.urls) & set(b.urls):
        return _W_URL_SAME, "same URL after normalising"
    keys_a, keys_b = [url_key(u) for u in a.urls], [url_key(u) for u in b.urls]
    similarity = slug_match(keys_a, keys_b)
    if similarity:
        return _W_URL_SLUG, f"same URL but for a transliterated slug ({similarity:.2f})"
    if {k.split("/")[0] for k in keys_a} & {k.split("/")[0] for k in keys_b}:
        return _W_URL_OTHER_PAGE, "different pages of one site"
    return 0.0, ""


_COMPARABLE = {
    frozenset({"cyrillic"}),
    frozenset({"cyrillic", "translit"}),
    frozenset({"english"}),
    frozenset({"translit"}),
}


def _title_evidence(a: EntryFeatures, b: EntryFeatures) -> tuple[float, str]:
    """Titles can be compared word by word when both are in one wording (or one is the
    transliteration of the other); then disagreement is strong evidence against the pair."""
    if frozenset({a.wording, b.wording}) not in _COMPARABLE or not a.title_keys or not b.title_keys:
        return 0.0, ""
    overlap = len(a.title_keys & b.title_keys) / min(len(a.title_keys), len(b.title_keys))
    if overlap >= _TITLE_AGREE:
        return _W_TITLE_SAME, f"title words agree ({overlap:.0%})"
    if overlap < _TITLE_DIFFER:
        return _W_TITLE_DIFFERENT, f"title words differ ({overlap:.0%} shared)"
    return 0.0, ""


def _numbers_evidence(a: EntryFeatures, b: EntryFeatures) -> tuple[float, str]:
    """Identifying numbers (volume, issue, pages, report, patent or standard numbers; not
    years, which have their own evidence, nor access dates or extents): shared ones are
    evidence for, numbers each side prints and the other lacks are evidence against (another
    paper of the same authors), unless only the pages differ (the English list cites the
    translation journal)."""
    na = {n for n in a.numbers if n[0] != "+" and not _YEAR.fullmatch(n)}
    nb = {n for n in b.numbers if n[0] != "+" and not _YEAR.fullmatch(n)}
    if not na or not nb:
        return 0.0, ""
    shared = na & nb
    own_a, own_b = set(unexplained_numbers(na - nb, nb)), set(unexplained_numbers(nb - na, na))
    odds = _W_NUMBER_SHARED * min(len(shared), _SHARED_CAP)
    if not (own_a and own_b):
        return odds, f"{len(shared)} numbers shared, none conflicting"
    pages_a = {n for p in a.pages for n in p.split("-")}
    pages_b = {n for p in b.pages for n in p.split("-")}
    if len(shared) >= 2 and own_a <= pages_a and own_b <= pages_b:
        return _W_PAGES_ONLY, f"only the pages differ ({min(a.pages)} / {min(b.pages)})"
    odds += _W_NUMBER_OWN * (min(len(own_a), _OWN_CAP) + min(len(own_b), _OWN_CAP))
    shown = ", ".join(sorted(own_a)[:3]) + " / " + ", ".join(sorted(own_b)[:3])
    if any(len(n) >= 5 for n in own_a) and any(len(n) >= 5 for n in own_b):
        odds += _W_LONG_NUMBERS_DIFFER  # two patents, reports, standards: two works
        return odds, f"long numbers conflict ({shown})"
    return odds, f"numbers conflict ({shown})"


def score_pair(a: EntryFeatures, b: EntryFeatures, text_similarity: float) -> PairScore:
    """The score in [0, 1] of "a and b are one work", with the evidence for it."""
    odds = _PRIOR + _W_TEXT * text_similarity
    evidence = [f"text similarity {text_similarity:.2f}"]
    if a.dois and b.dois:
        if a.dois & b.dois:
            odds += _W_DOI_SAME
            evidence.append(f"same DOI {min(a.dois & b.dois)}")
        else:
            odds += _W_DOI_DIFFERENT
            evidence.append("different DOIs (a translation journal?)")
    url_odds, url_note = _urls_evidence(a, b)
    if url_note:
        odds += url_odds
        evidence.append(url_note)
    if a.year is not None and b.year is not None:
        if a.year == b.year or a.year in b.years or b.year in a.years:
            odds += _W_YEAR_SAME
            evidence.append(f"year {a.year if a.year in b.years else b.year}")
        elif abs(a.year - b.year) == 1:
            odds += _W_YEAR_NEAR
            evidence.append(f"years differ by one ({a.year} / {b.year})")
        elif not a.surnames and not b.surnames:
            odds += _W_YEAR_DIFFERENT_ANONYMOUS
            evidence.append(
                f"years differ ({a.year} / {b.year}; an edition of a work without authors?)"
            )
        else:
            odds += _W_YEAR_DIFFERENT
            evidence.append(f"years differ ({a.year} / {b.year})")
    if a.pages and b.pages:
        common = a.pages & b.pages
        if common:
            odds += _W_PAGES_SAME
            evidence.append(f"pages {min(common)}")
        else:
            odds += _W_PAGES_DIFFERENT
            evidence.append(f"pages differ ({min(a.pages)} / {min(b.pages)})")
    number_odds, number_note = _numbers_evidence(a, b)
    if number_note.startswith("long") and url_odds == _W_URL_SAME:  # the same page or DOI
        number_odds -= _W_LONG_NUMBERS_DIFFER
    if number_note:
        odds += number_odds
        evidence.append(number_note)
    title_odds, title_note = _title_evidence(a, b)
    if title_note:
        odds += title_odds
        evidence.append(title_note)
    author_odds, author_notes = _surname_evidence(a, b)
    odds += author_odds
    evidence += author_notes
    return PairScore(_sigmoid(odds), tuple(evidence), odds)


def _sigmoid(odds: float) -> float:
    return round(1.0 / (1.0 + math.exp(-odds)), 4)


def _candidates(
    similarity: np.ndarray, fa: list[EntryFeatures], fb: list[EntryFeatures]
) -> set[tuple[int, int]]:
    """Pairs worth scoring: the most similar few each way, plus shared DOIs, URLs, surnames."""
    out: set[tuple[int, int]] = set()
    n, m = similarity.shape
    k = min(_CANDIDATES_PER_ENTRY, m)
    if k:
        top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        out.update((i, int(j)) for i in range(n) for j in top[i] if similarity[i, j] > 0)
    k = min(_CANDIDATES_PER_ENTRY, n)
    if k:
        top = np.argpartition(-similarity, k - 1, axis=0)[:k, :]
        out.update((int(i), j) for j in range(m) for i in top[:, j] if similarity[i, j] > 0)
    index: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(fb):
        for key in (*f.dois, *f.urls, *f.surname_keys[:1]):
            index[key].append(j)
    for i, f in enumerate(fa):
        for key in (*f.dois, *f.urls, *f.surname_keys[:1]):
            out.update((i, j) for j in index.get(key, ()))
    return out


def _mutual_margins(odds: np.ndarray) -> np.ndarray:
    """For each cell that is the best of its row and of its column: its lead in log-odds over
    the runner-up of either (capped); 0 elsewhere. Competition is evidence too."""
    n, m = odds.shape
    padded = np.pad(odds, ((0, 1), (0, 1)), constant_values=_NO_CANDIDATE)
    row_top2 = -np.partition(-padded[:n], 1, axis=1)[:, :2]
    col_top2 = -np.partition(-padded[:, :m], 1, axis=0)[:2, :]
    is_row_best = odds >= row_top2[:, :1]
    is_col_best = odds >= col_top2[:1, :]
    runner_up = np.maximum(row_top2[:, 1:2], col_top2[1:2, :])
    margins = np.where(is_row_best & is_col_best, odds - runner_up, 0.0)
    return np.clip(margins, 0.0, _MARGIN_CAP)


def _competitive_assignment(
    odds: np.ndarray,
    details: dict[tuple[int, int], PairScore],
    threshold: float,
    rounds: int,
) -> list[Pair]:
    """Hungarian assignment in rounds: accept the pairs that clear the threshold, set them
    aside, and let the entries left over compete again among themselves (competitive
    linking): an entry whose rivals have all found better partners is better evidenced."""
    from scipy.optimize import linear_sum_assignment  # imported on use, as in _tfidf

    rows_left = np.arange(odds.shape[0])
    cols_left = np.arange(odds.shape[1])
    pairs: list[Pair] = []
    for round_number in range(1, rounds + 1):
        if not len(rows_left) or not len(cols_left):
            break
        sub = odds[np.ix_(rows_left, cols_left)]
        margins = _mutual_margins(sub)
        bonus = np.minimum(_W_MUTUAL * margins, _MUTUAL_CAP)
        bonus[sub < _MIN_ODDS_FOR_BONUS] = 0.0  # competition does not outvote evidence against
        scores = np.where(sub > _NO_CANDIDATE, 1.0 / (1.0 + np.exp(-(sub + bonus))), 0.0)
        rows, cols = linear_sum_assignment(scores, maximize=True)
        accepted = [(r, c) for r, c in zip(rows, cols, strict=True) if scores[r, c] >= threshold]
        for r, c in accepted:
            i, j = int(rows_left[r]), int(cols_left[c])
            evidence = list(details[i, j].evidence)
            if bonus[r, c] > 0:
                evidence.append(
                    f"each is the other's best candidate (log-odds margin {margins[r, c]:.1f}"
                    + (f", round {round_number})" if round_number > 1 else ")")
                )
            pairs.append(Pair(i, j, round(float(scores[r, c]), 4), evidence))
        if not accepted:
            break
        taken_rows = {r for r, _ in accepted}
        taken_cols = {c for _, c in accepted}
        rows_left = np.array([x for k, x in enumerate(rows_left) if k not in taken_rows], int)
        cols_left = np.array([x for k, x in enumerate(cols_left) if k not in taken_cols], int)
    return pairs


def pair_lists(
    a: Sequence[Reference | str] | ReferenceList,
    b: Sequence[Reference | str] | ReferenceList,
    *,
    threshold: float = ACCEPT_THRESHOLD,
    complete: bool = True,
) -> PairingResult:
    """Pair entries of ``a`` with entries of ``b``: one to one, scored, with evidence.

    Entries may be parsed :class:`Reference` records or plain strings (read from their raw
    text only). Indices in the result are 0-based positions in ``a`` and ``b``. Pairs below
    ``threshold`` are dropped and their entries listed in ``unmatched_a`` / ``unmatched_b``.

    ``complete=True`` (the default) says the lists are meant to be counterparts, as the two
    lists of one bilingual article are: entries left over after the first assignment compete
    again among themselves, which finds the pairs whose evidence is weak (a translated book
    cited in its original edition) but, when the lists are not counterparts, pairs leftovers
    wrongly more often. Pass ``complete=False`` for lists that only overlap.
    """
    refs_a, refs_b = _as_references(a), _as_references(b)
    fa = [entry_features(r) for r in refs_a]
    fb = [entry_features(r) for r in refs_b]
    if not fa or not fb:
        return PairingResult((), range(len(fa)), range(len(fb)))
    vectors = _tfidf([f.tokens for f in fa] + [f.tokens for f in fb])
    similarity = (vectors[: len(fa)] @ vectors[len(fa) :].T).toarray()
    odds = np.full(similarity.shape, _NO_CANDIDATE)
    details: dict[tuple[int, int], PairScore] = {}
    for i, j in _candidates(similarity, fa, fb):
        detail = score_pair(fa[i], fb[j], float(similarity[i, j]))
        details[i, j] = detail
        odds[i, j] = detail.odds
    pairs = _competitive_assignment(odds, details, threshold, 2 if complete else 1)
    paired_a = {p.a for p in pairs}
    paired_b = {p.b for p in pairs}
    return PairingResult(
        tuple(sorted(pairs, key=lambda p: p.a)),
        tuple(i for i in range(len(fa)) if i not in paired_a),
        tuple(j for j in range(len(fb)) if j not in paired_b),
    )
