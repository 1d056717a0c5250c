"""Instructions per attempt, waitable's ``wait()`` against botocore's, counted by
callgrind (repeatable on a noisy machine, unlike seconds): ``python count_attempt.py``.

The waiter is bench_core's (3 acceptors, 200 attempts per wait, sleep stubbed). Each
side runs under ``valgrind --tool=callgrind`` twice (one warm-up wait, then 20 more
waits), with ``PYTHONHASHSEED=0``, and the difference is divided by the attempts.
Needs Debian's ``valgrind`` and botocore.
"""

from __future__ import annotations

import sys

from callgrind import per_side

ROUNDS = 20


def run(side: str, rounds: int) -> None:
    import bench_core

    wait = (
        bench_core.per_attempt_waitable if side == "waitable" else bench_core.per_attempt_botocore
    )
    wait()  # warm: imports, compiled paths
    for _ in range(rounds):
        wait()


def main() -> None:
    if len(sys.argv) == 3:
        run(sys.argv[1], int(sys.argv[2]))
        return
    import bench_core

    attempts = ROUNDS * bench_core.ATTEMPTS
    per = per_side(__file__, ROUNDS, attempts)
    print(
        f"instructions per attempt: waitable {per['waitable'] / 1000:.1f}k, botocore "
        f"{per['botocore'] / 1000:.1f}k: {per['waitable'] / per['botocore']:.2f}x"
    )


if __name__ == "__main__":
    main()
