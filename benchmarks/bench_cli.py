"""The command as a container entry point: its start-up cost and how well it keeps time.

1. Start-up: ``waitable wait tcp PortOpen`` on an open port, process start to exit,
   against a bare ``python -c pass``, interleaved runs, medians, as a ratio (the delay
   waitable adds to every container start). Target: <= 3.0x (issue 18). The same in
   instructions, repeatable on a busy machine: ``python count_startup.py``.
2. Deadline accuracy: with ``--max-wait 2``, how far from 2 s the command exits when a
   server accepts and never answers, and when ``Command=sleep 8`` runs long.
   Target: within 0.2 s.

    pip install -e . && python benchmarks/bench_cli.py
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from typing import Iterator

RUNS = 21
WAITABLE = os.path.join(os.path.dirname(sys.executable), "waitable")  # the console script
MAX_WAIT = 2.0


# As installed by pip, with bytecode: the warm-up run writes it for a checkout.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str], expect: int = 0) -> float:
    start = time.perf_counter()
    code = subprocess.run(argv, capture_output=True, env=ENV).returncode
    took = time.perf_counter() - start
    if code != expect:
        raise SystemExit(f"{' '.join(argv)} exited {code}, not {expect}")
    return took


def startup(port: int) -> None:
    bare = [sys.executable, "-c", "pass"]
    waits = {
        "`waitable wait tcp PortOpen`": [
            "tcp",
            "PortOpen",
            "-p",
            "Host=127.0.0.1",
            "-p",
            f"Port={port}",
        ],
        "`waitable wait tcp HOST:PORT` (a short target)": ["tcp", f"127.0.0.1:{port}"],
    }
    argvs = {label: [WAITABLE, "wait", "-q", *words] for label, words in waits.items()}
    for argv in argvs.values():
        timed(argv)  # warm the file cache and bytecode
    python: list[float] = []
    took: dict[str, list[float]] = {label: [] for label in argvs}
    for _ in range(RUNS):
        python.append(timed(bare))
        for label, argv in argvs.items():
            took[label].append(timed(argv))
    p = statistics.median(python)
    for label in argvs:
        w = statistics.median(took[label])
        print(
            f"| start-up: {label} (open port) vs `python -c pass` | "
            f"{w * 1000:.1f} ms | {p * 1000:.1f} ms | {w / p:.2f}x | <= 3.0x |"
        )


def deadline(port: int) -> None:
    cases = {
        "server that never answers": ["http", "UrlReady", "-p", f"Url=http://127.0.0.1:{port}/"],
        "command that runs long": ["command", "CommandSucceeds", "-p", "Command=sleep 8"],
    }
    for label, args in cases.items():
        argv = [WAITABLE, "wait", "-q", *args]
        took = [timed([*argv, "--max-wait", str(MAX_WAIT)], expect=3) for _ in range(5)]
        print(
            f"| `--max-wait {MAX_WAIT:g}`, {label}: exit after (worst of 5) | "
            f"{max(took):.2f} s | {MAX_WAIT:.2f} s | {max(took) - MAX_WAIT:+.2f} s | "
            "within 0.2 s |"
        )


def main() -> None:
    print(f"Python {sys.version.split()[0]}; medians of {RUNS} interleaved runs\n")
    print("| measure | waitable | reference | ratio / late | target |")
    print("|---|---:|---:|---:|---:|")
    with socket.socket() as server:  # accepts and never answers
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        held: list[socket.socket] = []
        threading.Thread(target=lambda: held.extend(accept(server)), daemon=True).start()
        port = server.getsockname()[1]
        startup(port)
        deadline(port)


def accept(server: socket.socket) -> Iterator[socket.socket]:
    while True:
        yield server.accept()[0]


if __name__ == "__main__":
    main()
