"""The job service the engine tests wait on: an HTTP server on a 127.0.0.1 port, in the
test's process, that answers 503 until a job is ready, then 200 (or 410, a failure),
counting the calls it gets."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

JOB_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "job.json")
"""``Request.JobDone``: 200 is success, 410 failure, anything else a retry."""


class Jobs:
    """The job service: ``add(name, ready_in, status, after_calls)`` makes ``/name``
    answer 503 until ``ready_in`` seconds from now and ``after_calls`` calls, then
    ``status``; ``calls[name]`` counts requests."""

    def __init__(self) -> None:
        self.ready: dict[str, tuple[float, int, int]] = {}
        self.calls: dict[str, int] = {}
        self.lock = threading.Lock()
        jobs = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.strip("/")
                with jobs.lock:
                    jobs.calls[name] = jobs.calls.get(name, 0) + 1
                    at, status, after = jobs.ready.get(name, (float("inf"), 200, 0))
                    ready = time.time() >= at and jobs.calls[name] > after
                code = status if ready else 503
                body = json.dumps({"job": name, "code": code}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(self, name: str, ready_in: float, status: int = 200, after_calls: int = 0) -> str:
        with self.lock:
            self.ready[name] = (time.time() + ready_in, status, after_calls)
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
