"""The performance figures as per-round ratios, for a noisy machine: each round times
waitable and botocore back to back with bench_core's and bench_paginators' own functions,
and each figure prints the median of the rounds' ratios and the ratio of the minima.

``cd benchmarks && python bench_ratios.py``
"""

from __future__ import annotations

import os
import statistics
from typing import Callable

import bench_core as core
import bench_paginators as pages

Timed = Callable[[], float]


def rounds(ours: Timed, theirs: Timed, count: int) -> list[tuple[float, float]]:
    return [(ours(), theirs()) for _ in range(count)]


def show(name: str, timed: list[tuple[float, float]], scale: float, unit: str) -> None:
    median = statistics.median(ours / theirs for ours, theirs in timed)
    fastest, theirs = min(t for t, _ in timed), min(t for _, t in timed)
    print(
        f"{name}: median per-round ratio {median:.3f}; minima {fastest * scale:.2f} / "
        f"{theirs * scale:.2f} {unit} = {fastest / theirs:.3f}"
    )


def main() -> None:
    core._ensure_bytecode()
    show(
        "per attempt",
        rounds(core.per_attempt_waitable, core.per_attempt_botocore, 80),
        1e6,
        "us",
    )
    show(
        "warm load, 205 waiter files",
        rounds(
            lambda: core._timed(core.load_waitable), lambda: core._timed(core.load_botocore), 21
        ),
        1e3,
        "ms",
    )
    here = os.path.abspath(".")

    def cold(which: str) -> Timed:
        return lambda: core._fresh_process(core.LOAD_CODE.format(here=here, which=which))

    show("cold load, 205 waiter files", rounds(cold("waitable"), cold("botocore"), 21), 1e3, "ms")
    base = pages.baseline(3)

    def per_page(listing: Callable[[int], object]) -> Timed:
        return lambda: (pages.timed(lambda: list(listing(3))) - base) / pages.PAGES

    show(
        "per page, 1,000 pages", rounds(per_page(pages.ours), per_page(pages.theirs), 61), 1e6, "us"
    )
    found = pages.files()
    show(
        "load 431 paginators-1.json",
        rounds(
            lambda: pages.timed(lambda: pages.load_ours(found)),
            lambda: pages.timed(lambda: pages.load_theirs(found)),
            9,
        ),
        1e3,
        "ms",
    )


if __name__ == "__main__":
    main()
