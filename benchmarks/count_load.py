"""Instructions of a warm load of the 205 waiter files, waitable's against botocore's
Loader path, counted by callgrind (repeatable on a noisy machine, unlike seconds):
``python count_load.py``.

Each side runs under ``valgrind --tool=callgrind`` twice (one warm-up load, then 5
more), with ``PYTHONHASHSEED=0``; the difference is divided by the loads.
Needs Debian's ``valgrind`` and botocore.
"""

from __future__ import annotations

import sys

from callgrind import per_side

ROUNDS = 5


def run(side: str, rounds: int) -> None:
    import bench_core

    load = bench_core.load_waitable if side == "waitable" else bench_core.load_botocore
    load()  # warm: imports, compiled paths
    for _ in range(rounds):
        load()


def main() -> None:
    if len(sys.argv) == 3:
        run(sys.argv[1], int(sys.argv[2]))
        return
    per = per_side(__file__, ROUNDS, ROUNDS)
    print(
        f"instructions per warm load: waitable {per['waitable'] / 1e6:.1f}M, botocore "
        f"{per['botocore'] / 1e6:.1f}M: {per['waitable'] / per['botocore']:.3f}x"
    )


if __name__ == "__main__":
    main()
