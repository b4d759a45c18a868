"""fork_map: the same results, in order, whether or not it forks."""

from __future__ import annotations

from refbridge._parallel import fork_map


def test_fork_map_keeps_order_and_results():
    items = [f"entry {n}" * (n % 7) for n in range(500)]
    assert fork_map(len, items, workers=2, min_items=1) == [len(item) for item in items]
    assert fork_map(len, items, workers=2) == [len(item) for item in items]  # below the bar
    assert fork_map(len, [], workers=2, min_items=0) == []
