"""A small stand-in for Nominatim's ``/search`` on 127.0.0.1, for testing the online layer offline.

It is a real HTTP server (``http.server`` in a thread, a free port each), so geopy's real
``Nominatim`` class talks to it over a socket exactly as it would to nominatim.openstreetmap.org::

    with NominatimServer() as server:
        server.answer("Tumba", [place(59.199, 17.833, "Tumba, Botkyrka, Sverige")])
        layer = NominatimLayer(cache, domain=server.domain, scheme="http", min_delay_seconds=1)

Answers are chosen by the query (``q``, folded); anything not planned gets ``[]`` like Nominatim's
"not found". The server records every request it saw: when (``time.monotonic()`` at accept), the parameters
and the headers, so tests can check the rate, the ``countrycodes`` constraint and the User-Agent.
"""

from __future__ import annotations

import json
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from reisatlas.text import fold


def place(lat: float, lon: float, display_name: str, country_code: str | None = None, **extra) -> dict:
    """One search result shaped like Nominatim's JSON: coordinates as strings, like the real API."""
    result = {
        "place_id": 1,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "relation",
        "osm_id": 1,
        "lat": str(lat),
        "lon": str(lon),
        "class": "boundary",
        "type": "administrative",
        "place_rank": 16,
        "importance": 0.5,
        "addresstype": "city",
        "name": display_name.split(",")[0],
        "display_name": display_name,
        "boundingbox": [str(lat - 0.1), str(lat + 0.1), str(lon - 0.1), str(lon + 0.1)],
    }
    if country_code:
        result["address"] = {"country": country_code.upper(), "country_code": country_code.lower()}
    result.update(extra)
    return result


@dataclass(frozen=True)
class Reply:
    """What the server does for one query: a status and a body, after an optional delay."""

    status: int = 200
    body: bytes = b"[]"
    delay: float = 0.0
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json; charset=utf-8"),)


@dataclass(frozen=True)
class SeenRequest:
    time: float  # the server's clock (time.monotonic() unless given one) when it accepted the connection
    path: str
    params: dict[str, str]
    headers: dict[str, str] = field(repr=False)

    @property
    def query(self) -> str:
        return self.params.get("q", "")


class NominatimServer:
    """Nominatim's ``/search`` on 127.0.0.1:<free port>, answering what the test planned."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """``clock``: what stamps a request's arrival; a test pacing by a clock of its own hands the same one."""
        self.clock = clock
        self.replies: dict[str, Reply] = {}
        self.requests: list[SeenRequest] = []
        self._lock = threading.Condition()
        self._accepted = 0  # connections accepted
        self._asked = 0  # those whose (first) request is recorded
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.stub = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="nominatim-stub", daemon=True
        )

    # planning answers

    def answer(self, query: str, results: list | dict | str | None) -> None:
        """Answer ``query`` with this JSON (a list of places, ``[]`` for not found, or any JSON value)."""
        self.reply(query, Reply(body=json.dumps(results).encode("utf-8")))

    def fail(self, query: str, status: int, *, retry_after: int | None = None) -> None:
        """Answer ``query`` with an HTTP error such as 429 or 500."""
        body = json.dumps({"error": {"code": status, "message": "stub error"}}).encode()
        headers = Reply.headers + ((("Retry-After", str(retry_after)),) if retry_after is not None else ())
        self.reply(query, Reply(status=status, body=body, headers=headers))

    def hang(self, query: str, seconds: float) -> None:
        """Wait ``seconds`` before answering ``query`` (sooner when the server stops)."""
        self.reply(query, Reply(delay=seconds))

    def reply(self, query: str, reply: Reply) -> None:
        self.replies[fold(query)] = reply

    # what was seen

    def seen(self, query: str | None = None) -> list[SeenRequest]:
        """The requests, in the order their connections were accepted. A request is recorded by its handler
        thread, which on a loaded machine can start after a client with a short time-out gave up: what was
        accepted is waited for (a few seconds at most) before it is told."""
        with self._lock:
            self._lock.wait_for(lambda: self._asked >= self._accepted, timeout=5)
            requests = sorted(self.requests, key=lambda r: r.time)
        return [r for r in requests if query is None or fold(r.query) == fold(query)]

    def intervals(self) -> list[float]:
        """Seconds between consecutive requests, as the server saw them."""
        times = [r.time for r in self.seen()]
        return [later - earlier for earlier, later in zip(times, times[1:])]

    # running

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def domain(self) -> str:
        """What geopy's ``Nominatim(domain=...)`` takes, with ``scheme="http"``."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> NominatimServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers still sleeping on a planned delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> NominatimServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: NominatimServer
    accepted_at: weakref.WeakKeyDictionary

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.accepted_at = weakref.WeakKeyDictionary()  # connection socket -> the stub's clock at accept

    def process_request(self, request, client_address) -> None:
        # Stamp the connection as it is accepted, before a handler thread starts: thread start-up
        # under load would otherwise show up as jitter in the measured request intervals.
        with self.stub._lock:
            self.accepted_at[request] = self.stub.clock()
            self.stub._accepted += 1
        super().process_request(request, client_address)

    def handle_error(self, request, client_address) -> None:
        # A client that gave up (the timeout case) leaves a broken pipe behind; that is expected.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        stub = self.server.stub
        arrived = self.server.accepted_at.get(self.request) or stub.clock()
        url = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        with stub._lock:
            stub.requests.append(SeenRequest(arrived, url.path, params, dict(self.headers.items())))
            if not getattr(self, "counted", False):  # one handler per connection, which may ask more than once
                self.counted, stub._asked = True, stub._asked + 1
                stub._lock.notify_all()
        if url.path != "/search":
            return self._send(Reply(status=404, body=b'{"error": "not found"}'))
        self._send(stub.replies.get(fold(params.get("q", "")), Reply()))

    def _send(self, reply: Reply) -> None:
        if reply.delay and self.server.stub._stopping.wait(reply.delay):
            return
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass
