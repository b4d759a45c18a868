"""A local stand-in for Crossref, doi.org and DataCite, with faults and rate limits on demand.

One threaded HTTP/1.1 server on 127.0.0.1 (an ephemeral port) serves, under path prefixes:

- ``/crossref``: ``/works/{doi}`` (404 bodies plain text, as Crossref sends them) and
  ``/works?query.bibliographic=…``;
- ``/doi``: ``/ra/{prefix}``, ``/api/handles/{doi}`` (responseCode 1 / 100) and content
  negotiation on ``/{doi}`` (CSL JSON, or an HTML page for a misconfigured prefix);
- ``/datacite``: ``/dois/{doi}`` (JSON:API);
- ``/web``: plain pages for link checks (alive, moved, gone, a redirect loop).

Payloads come from the REAL recorded responses in ``../shared/data/http`` (when given) and
the hand-written ones in ``tests/data/http/fixtures.json``. Faults are injected per URL
(:meth:`FakeDoiServer.inject`) or at random (``fault_rate``): timeouts, connection resets,
500/502/503, 429 with and without Retry-After, truncated JSON, HTML where JSON was expected
and redirect loops; hostile ones on demand: a body trickled for ``slow_seconds``, a body of
``huge_bytes`` (declared, or streamed without a length), a stall that never answers. Any
answer at all (``[]``, ``null``, a 429 with ``Retry-After: 99999999999999999999``) can be
queued for a URL with :meth:`FakeDoiServer.answer`. With ``rate_limit``/``concurrency`` set
the server enforces them the way Crossref announces them, answering 429 beyond them, and
counts every 429 it had to send.

Run it alone (``python tests/fake_doi_server.py``) to print its base URL and serve.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import random
import socket
import struct
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "data" / "http" / "fixtures.json"
FAULTS = ("timeout", "reset", "500", "502", "503", "429", "429-retry-after", "truncated", "html")
HOSTILE = ("slow-body", "huge-body", "huge-stream", "stall")
_NOT_FOUND_HTML = b"<!DOCTYPE html><html><head><title>Error: DOI Not Found</title></head></html>"
_MALFORMED_HTML = b"<!DOCTYPE html><html><head><title>Error: Malformed DOI</title></head></html>"


def _key(doi: str) -> str:
    return doi.strip().lower()


class FakeDoiServer:
    """The fake services; use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        *,
        shared: Path | None = None,
        rate_limit: tuple[float, float] | None = None,
        concurrency: int | None = None,
        latency: float = 0.0,
        fault_rate: float = 0.0,
        fault_kinds: tuple[str, ...] = FAULTS,
        fault_sleep: float = 1.0,
        seed: int = 0,
        synthetic_prefix: str = "",
        announce: tuple[float, float, int] = (100, 1.0, 4),
        slow_seconds: float = 120.0,
        huge_bytes: int = 300 * 2**20,
    ) -> None:
        self.rate_limit = rate_limit
        self.announce = announce
        self.concurrency = concurrency
        self.latency = latency
        self.fault_rate = fault_rate
        self.fault_kinds = fault_kinds
        self.fault_sleep = fault_sleep
        self.synthetic_prefix = synthetic_prefix.lower()
        self.slow_seconds = slow_seconds
        self.huge_bytes = huge_bytes
        #: Set when a request reaches a "stall" fault: the moment to interrupt a client.
        self.stalled = threading.Event()
        self._release = threading.Event()
        self._answers: list[tuple[str, deque[Response]]] = []
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._arrivals: deque[float] = deque()
        self._active = 0
        self._faults: list[tuple[str, deque[str]]] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.counts = {"requests": 0, "429_provoked": 0, "faults": 0, "max_active": 0}
        self.crossref: dict[str, dict[str, Any]] = {}
        self.queries: dict[str, bytes] = {}
        self.ra: dict[str, str] = {}
        self.datacite: dict[str, dict[str, Any]] = {}
        self.csl: dict[str, dict[str, Any]] = {}
        self.misconfigured: set[str] = set()
        self.handles: set[str] = set()
        self.web: dict[str, tuple[int, str]] = {}
        self.recorded_headers: dict[str, dict[str, str]] = {}
        self.not_found_html = _NOT_FOUND_HTML
        self.malformed_html = _MALFORMED_HTML
        self._load_fixtures(json.loads(FIXTURES.read_text(encoding="utf-8")))
        if shared is not None:
            self._load_recorded(shared)
        self._template = next(iter(self.crossref.values()))
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- data -----------------------------------------------------------------------------------
    def _load_fixtures(self, data: dict[str, Any]) -> None:
        for doi, message in data["crossref"].items():
            self.crossref[_key(doi)] = message
        for query, dois in data["queries"].items():
            items = [dict(self.crossref[_key(d)], score=100.0 - 10 * i) for i, d in enumerate(dois)]
            self.queries[query] = _works_list(items)
        self.ra.update(data["ra"])
        for doi, attributes in data["datacite"].items():
            self.datacite[_key(doi)] = attributes
        for doi, item in data["csl"].items():
            self.csl[_key(doi)] = item
        self.misconfigured.update(_key(d) for d in data["misconfigured"])
        self.handles.update(_key(d) for d in data["handles"])
        for path, (status, location) in data["web"].items():
            self.web[path] = (status, location)

    def _load_recorded(self, shared: Path) -> None:
        """Serve the real recorded responses of ``shared/http`` for the URLs they were made for."""
        index = json.loads((shared / "http" / "index.json").read_text(encoding="utf-8"))
        for entry in index["entries"]:
            url = urllib.parse.urlsplit(entry["request"]["url"])
            response = entry["response"]
            body = (shared / "http" / response["body_file"]).read_bytes()
            headers = {k: v[0] for k, v in response["headers_of_note"].items()}
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.netloc == "api.crossref.org" and url.path.startswith("/works/"):
                doi = _key(urllib.parse.unquote(url.path[len("/works/") :]))
                if response["status"] == 200 and not query:
                    self.crossref[doi] = json.loads(body)["message"]
                    self.recorded_headers[doi] = headers
            elif url.netloc == "api.crossref.org" and "query.bibliographic" in query:
                self.queries[query["query.bibliographic"]] = body
            elif url.netloc == "doi.org" and url.path.startswith("/ra/"):
                for item in json.loads(body):
                    if "RA" in item:
                        self.ra[item["DOI"]] = item["RA"]
            elif entry["id"] == "doiorg-404-unknown-doi":
                self.not_found_html = body
            elif entry["id"] == "doiorg-400-malformed":
                self.malformed_html = body

    def add_work(self, message: dict[str, Any]) -> None:
        self.crossref[_key(message["DOI"])] = message

    def work(self, doi: str) -> dict[str, Any] | None:
        found = self.crossref.get(_key(doi))
        if found is None and self.synthetic_prefix and _key(doi).startswith(self.synthetic_prefix):
            found = copy.deepcopy(self._template)
            found.update(DOI=doi, title=[f"Synthetic work {doi.rsplit('.', 1)[-1]}"])
        return found

    def registered(self, doi: str) -> bool:
        key = _key(doi)
        return (
            self.work(doi) is not None
            or key in self.datacite
            or key in self.csl
            or key in self.handles
        )

    # -- faults and limits ----------------------------------------------------------------------
    def inject(self, url_part: str, *faults: str) -> None:
        """The next requests whose path contains ``url_part`` get ``faults``, one each."""
        with self._lock:
            self._faults.append((url_part, deque(faults)))

    def answer(
        self,
        url_part: str,
        body: Any,
        *,
        status: int = 200,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` requests whose path contains ``url_part`` get exactly this answer.

        ``body`` is sent as is when it is bytes, else as JSON (``[]``, ``None``, any shape).
        """
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        reply = (status, {"content-type": content_type, **(headers or {})}, raw)
        with self._lock:
            self._answers.append((url_part, deque([reply] * times)))

    def take_answer(self, path: str) -> Response | None:
        with self._lock:
            for part, queue in self._answers:
                if part in path and queue:
                    return queue.popleft()
        return None

    def take_fault(self, path: str) -> str:
        with self._lock:
            for part, queue in self._faults:
                if part in path and queue:
                    self.counts["faults"] += 1
                    return queue.popleft()
            if self.fault_rate and self._random.random() < self.fault_rate:
                self.counts["faults"] += 1
                return self._random.choice(self.fault_kinds)
        return ""

    def admit(self) -> bool:
        """Count an arrival against the announced limits; False means answer 429."""
        with self._lock:
            self.counts["requests"] += 1
            now = time.monotonic()
            if self.rate_limit:
                limit, interval = self.rate_limit
                while self._arrivals and self._arrivals[0] <= now - interval:
                    self._arrivals.popleft()
                if len(self._arrivals) >= limit:
                    self.counts["429_provoked"] += 1
                    return False
            if self.concurrency and self._active >= self.concurrency:
                self.counts["429_provoked"] += 1
                return False
            self._arrivals.append(now)
            self._active += 1
            self.counts["max_active"] = max(self.counts["max_active"], self._active)
            return True

    def done(self) -> None:
        with self._lock:
            self._active -= 1

    def limit_headers(self) -> dict[str, str]:
        """What Crossref announces on every response: the enforced limits, else ``announce``."""
        limit, interval = self.rate_limit or self.announce[:2]
        concurrency = self.concurrency or self.announce[2]
        return {
            "x-rate-limit-limit": f"{limit:g}",
            "x-rate-limit-interval": f"{interval:g}s",
            "x-concurrency-limit": str(concurrency),
        }

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> FakeDoiServer:
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let stalled handlers end
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> FakeDoiServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start the server first"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def client(self, **overrides: Any) -> Any:
        """A ``DoiClient`` for this server (:func:`fast_client_options`, then ``overrides``)."""
        from refbridge.doi.client import DoiClient  # the server itself runs without refbridge

        return DoiClient(**fast_client_options(self, **overrides))

    def client_urls(self) -> dict[str, str]:
        """Keyword arguments for ``DoiClient`` pointing every service at this server."""
        return {
            "crossref_url": f"{self.url}/crossref",
            "doi_url": f"{self.url}/doi",
            "datacite_url": f"{self.url}/datacite",
        }


def fast_client_options(server: FakeDoiServer, **overrides: Any) -> dict[str, Any]:
    """A client for the local server: no cache, short deadlines and backoff, high limits."""
    from refbridge.doi.client import Limits  # the server itself runs without refbridge

    options: dict[str, Any] = {
        "cache": False,
        "timeout": 0.3,
        "backoff_base": 0.01,
        "max_retries": 2,
        "initial_limits": Limits(200, 1.0, 4),
        **server.client_urls(),
    }
    return {**options, **overrides}


def _works_list(items: list[dict[str, Any]]) -> bytes:
    message = {"items": items, "total-results": len(items), "items-per-page": len(items)}
    body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0"}
    return json.dumps({**body, "message": message}).encode()


Response = tuple[int, dict[str, str], bytes]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: FakeDoiServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        # headers and body go out as two writes: without this, Nagle + delayed ACK add 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # connections we reset on purpose
            super().handle()

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def do_GET(self) -> None:
        state = self.server_state
        if self.path == "/_stats":  # bookkeeping for benchmarks: outside limits and faults
            with state._lock:
                counts = json.dumps(state.counts).encode()
            self._send(200, {}, counts, "application/json")
            return
        with state._lock:
            state.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        canned = state.take_answer(self.path)
        if canned is not None:
            status, headers, body = canned
            headers = dict(headers)
            self._send(status, headers, body, headers.pop("content-type"))
            return
        fault = state.take_fault(self.path)
        if fault in HOSTILE:
            self._hostile(fault)
            return
        if fault == "timeout":  # a request lost on the way: it never reaches the gate
            time.sleep(state.fault_sleep)
            self._reset()
            return
        if not state.admit():
            headers = {"Retry-After": "1", **state.limit_headers()}  # what Crossref sends
            self._send(429, headers, b"Too Many Requests", "text/plain")
            return
        try:
            if state.latency:
                time.sleep(state.latency)
            if fault == "reset":
                self._reset()
                return
            status, headers, body = self._fault_response(fault) or self._route()
            headers = {**state.limit_headers(), **headers}
        finally:
            state.done()
        content_type = headers.pop("content-type", "application/json")
        self._send(status, headers, body, content_type)

    def _hostile(self, fault: str) -> None:
        """Answers no client should wait for or hold in memory; each ends when the client goes."""
        state = self.server_state
        self.close_connection = True
        try:
            if fault == "stall":
                state.stalled.set()
                state._release.wait(state.slow_seconds)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if fault == "slow-body":
                steps = max(1, int(state.slow_seconds / 0.1))
                self.send_header("Content-Length", str(steps))
                self.end_headers()
                for _ in range(steps):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    if state._release.wait(0.1):
                        return
                return
            if fault == "huge-body":
                self.send_header("Content-Length", str(state.huge_bytes))
            self.send_header("Connection", "close")
            self.end_headers()
            block = b" " * 2**20
            for _ in range(state.huge_bytes // len(block)):
                self.wfile.write(block)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _fault_response(self, fault: str) -> Response | None:
        if fault in ("500", "502", "503"):
            return int(fault), {"content-type": "text/html"}, b"<html>Server error</html>"
        if fault == "429":
            return 429, {"content-type": "text/plain"}, b"Too Many Requests"
        if fault == "429-retry-after":
            return 429, {"content-type": "text/plain", "Retry-After": "1"}, b"Too Many Requests"
        if fault == "html":
            return 200, {"content-type": "text/html"}, b"<html><body>Maintenance</body></html>"
        if fault == "truncated":
            status, headers, body = self._route()
            return status, headers, body[: max(1, len(body) // 2)]
        if fault == "redirect-loop":
            return 302, {"Location": self.path, "content-type": "text/plain"}, b""
        return None

    def _route(self) -> Response:
        parts = urllib.parse.urlsplit(self.path)
        path, query = parts.path, dict(urllib.parse.parse_qsl(parts.query))
        service, _, rest = path.lstrip("/").partition("/")
        if service == "crossref":
            return self._crossref("/" + rest, query)
        if service == "doi":
            return self._doiorg("/" + rest)
        if service == "datacite":
            return self._datacite("/" + rest)
        if service == "web":
            return self._web(path)

        return 404, {"content-type": "text/plain"}, b"no such service"

    def _crossref(self, path: str, query: dict[str, str]) -> Response:
        state = self.server_state
        if path == "/works":
            body = state.queries.get(query.get("query.bibliographic", ""), _works_list([]))
            return 200, {"content-type": "application/json"}, body
        if path.startswith("/works/"):
            doi = urllib.parse.unquote(path[len("/works/") :])
            if any(k.startswith("query.") for k in query):
                body = (
                    b'{"status":"failed","message-type":"validation-failure","message":[{"type":'
                    b'"parameter-not-allowed","value":"query.*","message":"This route does not'
                    b' support field query parameters"}]}'
                )
                return 400, {"content-type": "application/json;charset=utf-8"}, body
            message = state.work(doi)
            if message is None:
                return 404, {"content-type": "text/plain"}, b"Resource not found."
            headers = dict(state.recorded_headers.get(_key(doi), {}))
            headers["content-type"] = "application/json"
            envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0"}
            return 200, headers, json.dumps({**envelope, "message": message}).encode()
        return 404, {"content-type": "text/plain"}, b"Resource not found."

    def _doiorg(self, path: str) -> Response:
        state = self.server_state
        accept = self.headers.get("Accept", "")
        if path.startswith("/ra/"):
            answer = []
            for item in urllib.parse.unquote(path[len("/ra/") :]).split(","):
                prefix = item.split("/")[0]
                if not prefix.startswith("10."):
                    answer.append({"DOI": item, "status": "Invalid DOI"})
                elif prefix in state.ra and ("/" not in item or state.registered(item)):
                    answer.append({"DOI": item, "RA": state.ra[prefix]})
                else:
                    answer.append({"DOI": item, "status": "DOI does not exist"})
            return (
                200,
                {"content-type": "application/json;charset=UTF-8"},
                json.dumps(answer).encode(),
            )
        if path.startswith("/api/handles/"):
            doi = urllib.parse.unquote(path[len("/api/handles/") :])
            if state.registered(doi):
                value = {"format": "string", "value": f"https://example.org/landing/{doi}"}
                body = {
                    "responseCode": 1,
                    "handle": doi,
                    "values": [{"index": 1, "type": "URL", "data": value}],
                }
                return 200, {"content-type": "application/json"}, json.dumps(body).encode()
            body = {"responseCode": 100, "handle": doi}
            return 404, {"content-type": "application/json"}, json.dumps(body).encode()
        doi = urllib.parse.unquote(path.lstrip("/"))
        if not doi.startswith("10."):
            return 400, {"content-type": "text/html;charset=UTF-8"}, state.malformed_html
        key = _key(doi)
        if key in state.misconfigured:
            page = b"<!DOCTYPE html><html><body>Landing page</body></html>"
            return 200, {"content-type": "text/html;charset=utf-8"}, page
        if key in state.csl and "json" in accept:
            return (
                200,
                {"content-type": "application/vnd.citationstyles.csl+json"},
                json.dumps(state.csl[key]).encode(),
            )
        if state.registered(doi):
            return (
                302,
                {"Location": f"https://example.org/landing/{doi}", "content-type": "text/html"},
                b"",
            )
        return 404, {"content-type": "text/html;charset=utf-8"}, state.not_found_html

    def _datacite(self, path: str) -> Response:
        doi = urllib.parse.unquote(path[len("/dois/") :]) if path.startswith("/dois/") else ""
        attributes = self.server_state.datacite.get(_key(doi))
        if attributes is None:
            body = {
                "errors": [
                    {"status": "404", "title": "The resource you are looking for doesn't exist."}
                ]
            }
            return 404, {"content-type": "application/vnd.api+json"}, json.dumps(body).encode()
        body = {"data": {"id": _key(doi), "type": "dois", "attributes": attributes}}
        return 200, {"content-type": "application/vnd.api+json"}, json.dumps(body).encode()

    def _web(self, path: str) -> Response:
        status, location = self.server_state.web.get(path, (404, ""))
        headers = {"content-type": "text/html"}
        if location:
            headers["Location"] = location
        return status, headers, b"<html><body>page</body></html>"

    def _send(self, status: int, headers: dict[str, str], body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _reset(self) -> None:
        """Drop the connection with a TCP reset, no response at all."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


def main(argv: list[str] | None = None) -> None:
    """Serve until killed; the first line printed is the base URL. ``/_stats`` gives counts."""
    parser = argparse.ArgumentParser(description="local fake Crossref / doi.org / DataCite")
    parser.add_argument("--shared", type=Path, help="the shared data folder (recorded responses)")
    parser.add_argument("--rate", type=float, help="enforce this many requests per second")
    parser.add_argument("--concurrency", type=int, help="enforce this many at once")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--fault-kinds", default=",".join(FAULTS))
    parser.add_argument("--fault-sleep", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--synthetic-prefix", default="")
    args = parser.parse_args(argv)
    server = FakeDoiServer(
        shared=args.shared,
        rate_limit=(args.rate, 1.0) if args.rate else None,
        concurrency=args.concurrency,
        latency=args.latency,
        fault_rate=args.fault_rate,
        fault_kinds=tuple(args.fault_kinds.split(",")),
        fault_sleep=args.fault_sleep,
        seed=args.seed,
        synthetic_prefix=args.synthetic_prefix,
    )
    with server:
        print(server.url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
