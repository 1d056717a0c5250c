"""Airflow figures: how many ``WaitTrigger``s one triggerer event loop carries at 5 s
polls without blocking it past Airflow's 0.2 s watchdog threshold, and the memory of a
parked trigger (RSS and Python allocations per trigger).

Needs ``pip install -e '.[airflow]'``. The job service (HTTP, 503 until a job is ready)
runs in a subprocess, so its work does not count as the loop's::

    python benchmarks/bench_airflow.py --triggers 100 500 1000 2000 --poll 5 --polls 3
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="waitable-bench-airflow-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")

ROOT = Path(__file__).resolve().parent.parent
JOB_FILE = ROOT / "tests" / "engines" / "job.json"

SERVER = """
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
ready_at = float(sys.argv[1])
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    def do_GET(self):
        code = 200 if time.time() >= ready_at else 503
        body = json.dumps({"code": code}).encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
server = ThreadingHTTPServer(("127.0.0.1", 0), H)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _states(url: str, n: int, poll: float, max_wait: float) -> list[str]:
    import waitable
    from waitable import services

    http = waitable.for_client(services.client("http"), str(JOB_FILE), service="http")
    waiter = http.get_waiter("JobDone")
    config = {"MinDelay": poll, "MaxDelay": poll, "MaxWaitTime": max_wait}
    return [waiter.start(Url=url, WaiterConfig=config).to_json() for _ in range(n)]


async def _run(states: list[str], parked_after: float) -> dict[str, Any]:
    from waitable.airflow import WaitTrigger

    lag = 0.0
    done = False
    pauses = 0

    async def monitor() -> None:  # not across this benchmark's own gc.collect()
        nonlocal lag
        while not done:
            before, seen = time.perf_counter(), pauses
            await asyncio.sleep(0.01)
            if pauses == seen:
                lag = max(lag, time.perf_counter() - before - 0.01)

    gc.collect()
    watching = asyncio.create_task(monitor())
    rss0, (py0, _) = _rss_kib(), tracemalloc.get_traced_memory()
    triggers = [WaitTrigger(s, files=[str(JOB_FILE)]) for s in states]
    started = time.perf_counter()
    tasks = [asyncio.create_task(t.run().__anext__()) for t in triggers]
    await asyncio.sleep(parked_after)  # every trigger has polled once and is parked
    pauses += 1
    gc.collect()
    rss1, (py1, _) = _rss_kib(), tracemalloc.get_traced_memory()
    events = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    done = True
    await watching
    ok = sum(1 for e in events if e.payload["status"] == "success")
    failed = [e.payload for e in events if e.payload["status"] != "success"][:1]
    n = len(states)
    return {
        "triggers": n,
        "succeeded": ok,
        "max_loop_lag_s": round(lag, 4),
        "wall_s": round(elapsed, 2),
        "rss_kib_per_trigger": round((rss1 - rss0) / n, 2),
        "python_kib_per_trigger": round((py1 - py0) / 1024 / n, 2) if py1 else None,
        **({"first_failure": failed[0]} if failed else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triggers", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between polls")
    parser.add_argument("--polls", type=int, default=3, help="polls until the job is ready")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="count Python allocations (slows the loop)"
    )
    args = parser.parse_args()
    if args.tracemalloc:
        tracemalloc.start()
    for n in args.triggers:
        ready_in = args.poll * (args.polls - 1) + 1.0
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(time.time() + ready_in)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            url = f"http://127.0.0.1:{server.stdout.readline().strip()}/job"
            states = _states(url, n, args.poll, max_wait=ready_in + 60)
            result = asyncio.run(_run(states, parked_after=min(args.poll / 2, ready_in / 2)))
        finally:
            server.kill()
            server.wait()
            if server.stdout is not None:
                server.stdout.close()
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
