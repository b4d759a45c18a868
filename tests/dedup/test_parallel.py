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


def test_workers_get_the_work_through_the_initializer_and_the_parent_keeps_nothing():
    import os

    from refbridge import _parallel

    # fork_chunks itself: fork_map stays in this process while other tests' threads linger
    parts = _parallel.fork_chunks(lambda start, stop: [os.getpid()] * (stop - start), 64, 2)
    pids = [pid for part in parts for pid in part]
    assert len(pids) == 64 and os.getpid() not in pids  # every chunk ran in a forked worker
    assert _parallel._WORK is None and _parallel.can_fork()


def test_dedup_keys_and_scores_are_the_same_forked_or_not(monkeypatch):
    import numpy as np

    from refbridge.dedup import parallel
    from refbridge.dedup.keys import record_key
    from refbridge.model import Date, Name, Reference

    records = [
        Reference(
            title=f"Title {n // 2} of a work",
            authors=(Name("Ivanov", "I."),),
            issued=Date(2000 + n % 7),
        )
        for n in range(40)
    ]
    pairs = np.array([(i, j) for i in range(40) for j in range(i + 1, 40)], dtype=np.int64)
    serial_keys = parallel.map_keys(records, record_key, workers=1)
    serial = parallel.score_pairs(serial_keys, pairs, workers=1)
    monkeypatch.setattr(parallel, "_MIN_PARALLEL", 10)
    forked_keys = parallel.map_keys(records, record_key, workers=2)
    forked = parallel.score_pairs(forked_keys, pairs, workers=2)
    assert forked_keys == serial_keys
    assert np.array_equal(forked[0], serial[0]) and np.array_equal(forked[1], serial[1])
    assert sorted(set(serial[1].tolist())) != [0]  # some pairs merge, some do not
