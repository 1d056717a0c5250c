"""The job service the engine tests wait on: an HTTP server on a 127.0.0.1 port, in the
test's process, that answers 503 until a job is ready, then 200 (or 410, a failure),
counting the calls it gets. Its clock is injectable: a Temporal time-skipping test
server's time is not the wall clock."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

JOB_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "job.json")
"""``Request.JobDone``: 200 is success, 410 failure, anything else a retry."""


class Jobs:
    """The job service: ``add(name, ready_in, status, after_calls)`` makes ``/name``
    answer 503 until ``ready_in`` seconds from now (by ``clock``) and ``after_calls``
    calls, then ``status``; ``calls[name]`` counts requests. ``hold(name, call)`` makes
    that call (1-based) wait until ``release()`` before it answers: a worker can be
    killed in the middle of it."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.ready: dict[str, tuple[float, int, int]] = {}
        self.calls: dict[str, int] = {}
        self.held: dict[str, int] = {}
        self.holding = threading.Event()  # set when a held call has arrived
        self.released = threading.Event()
        self.lock = threading.Lock()
        jobs = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.strip("/")
                with jobs.lock:
                    jobs.calls[name] = count = jobs.calls.get(name, 0) + 1
                    at, status, after = jobs.ready.get(name, (float("inf"), 200, 0))
                    hold = jobs.held.get(name) == count
                if hold:
                    jobs.holding.set()
                    jobs.released.wait(60)
                ready = jobs.clock() >= at and count > after
                code = status if ready else 503
                body = json.dumps({"job": name, "code": code}).encode()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the caller is gone (a killed worker)
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(
        self,
        name: str,
        ready_in: float,
        status: int = 200,
        after_calls: int = 0,
        *,
        now: Optional[float] = None,
    ) -> str:
        """``now``: the clock's time, when the caller cannot call ``clock`` (a
        time-skipping server's clock, read from its own event loop)."""
        at = (self.clock() if now is None else now) + ready_in
        with self.lock:
            self.ready[name] = (at, status, after_calls)
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"

    def hold(self, name: str, call: int) -> None:
        with self.lock:
            self.held[name] = call

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
