"""Shared fixtures: paths to the example corpus and to the shared data (skip when absent),
and the one local DOI server (``tests/fake_doi_server.py``) with a client and environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_doi_server import FakeDoiServer
from paths import REFERENCES, SHARED_DATA
from refbridge.doi.client import DoiClient


@pytest.fixture(scope="session")
def references_dir() -> Path:
    return REFERENCES


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture
def make_doi_server() -> Iterator[Callable[..., FakeDoiServer]]:
    """Start a local server with other options (limits, latency, recorded answers); each
    server started is stopped after the test."""
    started: list[FakeDoiServer] = []

    def make(**options: Any) -> FakeDoiServer:
        started.append(FakeDoiServer(**options).start())
        return started[-1]

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def doi_server(make_doi_server: Callable[..., FakeDoiServer]) -> FakeDoiServer:
    """The local Crossref, doi.org and DataCite, with faults and hostile answers on demand."""
    return make_doi_server(fault_sleep=0.5)


@pytest.fixture
def recorded_doi_server(
    make_doi_server: Callable[..., FakeDoiServer], shared_data: Path
) -> FakeDoiServer:
    """The local server answering also the real responses recorded in ``../shared/data/http``."""
    return make_doi_server(shared=shared_data)


@pytest.fixture
def doi_client(doi_server: FakeDoiServer) -> Iterator[DoiClient]:
    with doi_server.client() as client:
        yield client


@pytest.fixture
def doi_env(
    doi_server: FakeDoiServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> FakeDoiServer:
    """The DOI commands pointed at the local server through ``$REFBRIDGE_*``."""
    for name, url in doi_server.client_urls().items():
        monkeypatch.setenv(f"REFBRIDGE_{name.removesuffix('_url').upper()}_URL", url)
    monkeypatch.setenv("REFBRIDGE_CACHE", str(tmp_path / "cache.sqlite"))
    return doi_server
