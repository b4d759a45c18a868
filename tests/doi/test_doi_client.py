"""The polite client against the local fake server: limits, faults, retries, cache, offline."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from fake_doi_server import FAULTS
from refbridge.doi.client import DoiClient, Limits, RateLimiter, parse_limits
from refbridge.doi.limits import retry_after_seconds
from refbridge.errors import NetworkError

WORK = "/works/10.5555%2Fother.work"


def test_parse_limits_reads_headers_and_keeps_the_rest():
    current = Limits(5, 1.0, 1)
    headers = {
        "x-rate-limit-limit": "10",
        "x-rate-limit-interval": "1s",
        "x-concurrency-limit": "3",
    }
    assert parse_limits(headers, current) == Limits(10, 1.0, 3)
    assert parse_limits({"x-rate-limit-interval": "2m"}, current) == Limits(5, 120.0, 1)
    assert parse_limits({"x-rate-limit-limit": "junk"}, current) == current


def test_mailto_in_user_agent_and_params(doi_server):
    with doi_server.client(mailto="editor@example.org") as client:
        client.crossref(WORK)
    path, headers = doi_server.requests[-1]
    assert "mailto=editor%40example.org" in path
    assert "mailto:editor@example.org" in headers["user-agent"]


def test_base_urls_from_environment_only_through_from_env(doi_env, monkeypatch):
    urls = doi_env.client_urls()
    monkeypatch.setenv("REFBRIDGE_MAILTO", "editor@example.org")
    with DoiClient(cache=False) as plain:
        assert plain.crossref_url == "https://api.crossref.org" and plain.mailto == ""
    with DoiClient.from_env(cache=False) as client:
        assert client.crossref_url == urls["crossref_url"]
        assert client.mailto == "editor@example.org"
        assert client.crossref(WORK).status == 200
    with DoiClient.from_env({}, timeout=2.0, cache=False) as client:
        assert client.crossref_url == "https://api.crossref.org" and client.timeout == 2.0


def test_the_default_cache_file_follows_xdg_only_through_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    with DoiClient() as plain:
        assert plain.cache is not None
        assert plain.cache.path == tmp_path / "home" / ".cache" / "refbridge" / "http.sqlite"
    with DoiClient.from_env() as client:
        assert client.cache is not None
        assert client.cache.path == tmp_path / "xdg" / "refbridge" / "http.sqlite"


def test_limits_are_taken_from_the_response_headers(make_doi_server):
    with make_doi_server(rate_limit=(40, 1.0), concurrency=2).client() as client:
        client.crossref(WORK)
        assert client.limiter(client.crossref_url).limits == Limits(40, 1.0, 2)
        # a list query has its own limiter (Crossref limits differ per request type)
        assert client.limiter(client.crossref_url, "list").limits == client.initial_limits


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_is_retried(doi_server, fault):
    doi_server.inject("other.work", fault)
    with doi_server.client() as client:
        response = client.crossref(WORK)
    assert response.status == 200
    assert response.json()["message"]["DOI"] == "10.5555/other.work"
    assert doi_server.counts["faults"] == 1
    # one retry answers; on a loaded machine that answer can miss the 0.3 s deadline too
    assert client.stats["retries"] >= 1


def test_retry_after_is_honoured(doi_server):
    doi_server.inject("other.work", "429-retry-after")
    with doi_server.client() as client:
        started = time.monotonic()
        client.crossref(WORK)
        assert time.monotonic() - started >= 0.95


def test_gives_up_with_a_network_error(doi_server):
    doi_server.inject("other.work", *["503"] * 3)
    with doi_server.client(max_retries=2) as client, pytest.raises(NetworkError) as error:
        client.crossref(WORK)
    assert error.value.status_code == 503


def test_redirect_loop_is_an_error_not_a_hang(doi_server):
    with doi_server.client() as client, pytest.raises(NetworkError, match="redirect loop"):
        client.get(f"{doi_server.url}/web/loop")


def test_404_is_an_answer_not_an_error(doi_server):
    with doi_server.client() as client:
        response = client.crossref("/works/10.1371%2Fnotarealdoi")
    assert response.status == 404
    assert response.text == "Resource not found."


def test_bounded_concurrency_and_rate_provoke_no_429(make_doi_server):
    fake = make_doi_server(rate_limit=(50, 1.0), concurrency=2, latency=0.05)
    with fake.client() as client:
        client.crossref(WORK)  # learn the limits
        threads = [threading.Thread(target=client.crossref, args=(WORK,)) for _ in range(30)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    assert fake.counts["429_provoked"] == 0
    assert fake.counts["max_active"] <= 2
    assert elapsed >= 29 / 50  # evenly spaced at the announced rate


def test_limiter_spaces_starts_evenly_and_pauses_after_429():
    limiter = RateLimiter(Limits(10, 0.2, 5), margin=0.02)
    starts = []
    for index in range(12):
        if index == 6:
            limiter.pause(0.1)
        with limiter.slot():
            starts.append(time.monotonic())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.02 * 1.02 * 0.99
    assert gaps[5] >= 0.1 * 0.99  # everyone waited out the pause


def test_persistent_cache_and_offline_mode(doi_server, tmp_path):
    cache = tmp_path / "http.sqlite"
    with doi_server.client(cache=cache) as client:
        first = client.crossref(WORK)
        assert not first.from_cache
        assert client.crossref(WORK).from_cache
    served = doi_server.counts["requests"]
    with doi_server.client(cache=cache, offline=True) as offline:
        again = offline.crossref(WORK)
        assert again.from_cache and again.json() == first.json()
        with pytest.raises(NetworkError, match="offline"):
            offline.crossref("/works/10.5555%2Fcorrected.2020.3")
    assert doi_server.counts["requests"] == served


def test_expired_entries_are_fetched_again(doi_server, tmp_path):
    with doi_server.client(cache=tmp_path / "c.sqlite", ttl=0.0) as client:
        client.crossref(WORK)
        assert not client.crossref(WORK).from_cache


def test_retry_after_as_seconds_or_http_date():
    from email.utils import formatdate

    assert retry_after_seconds("3") == 3.0
    assert 8 <= retry_after_seconds(formatdate(time.time() + 10, usegmt=True)) <= 10
    assert retry_after_seconds("soon") is None


def test_a_damaged_or_unusable_cache_is_a_clear_error(tmp_path):
    from refbridge.errors import DoiError

    damaged = tmp_path / "http.sqlite"
    damaged.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(DoiError, match=r"cannot use the HTTP cache .*--no-cache"):
        DoiClient(cache=damaged)
    (tmp_path / "file").write_text("x")
    with pytest.raises(DoiError, match="cannot use the HTTP cache"):
        DoiClient(cache=tmp_path / "file" / "http.sqlite")


def test_retry_after_beyond_any_clock_is_a_number_not_an_overflow():
    assert retry_after_seconds("99999999999999999999") == 1e20
    assert retry_after_seconds("Fri, 31 Dec 9999 23:59:59 GMT") > 1e9
    assert retry_after_seconds("-5") is None and retry_after_seconds("inf") is None
