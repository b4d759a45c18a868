"""fork_map: the same results, in order, whether or not it forks."""

from __future__ import annotations

from refbridge._parallel import fork_map


def test_fork_map_keeps_order_and_results():
    items = [f"entry {n}" * (n % 7) for n in range(500)]
    assert fork_map(len, items, workers=2, min_items=1) == [len(item) for item in items]
    assert fork_map(len, items, workers=2) == [len(item) for item in items]  # below the bar
    assert fork_map(len, [], workers=2, min_items=0) == []


def test_no_fork_while_other_threads_run(monkeypatch):
    import multiprocessing

    def refuse(*args, **kwargs):
        raise AssertionError("forked although another thread was running")

    monkeypatch.setattr(multiprocessing, "get_context", refuse)
    monkeypatch.setattr("threading.active_count", lambda: 2)
    assert fork_map(len, ["ab"] * 10, workers=2, min_items=1) == [2] * 10
