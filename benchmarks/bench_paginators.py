"""waitable's paginators against botocore's, side by side in one run, as ratios.

1. Per page: a 1,000-page listing whose client call is a stub returning a prepared page
   (3 result items), so what is timed is the paginator's own work per page.
2. ``build_full_result()`` over 1,000 pages of 100 items each.
3. Loading every ``paginators-1.json`` botocore ships: waitable's ``load`` (read,
   validate, compile) against botocore's Loader (``load_service_model``, which also
   merges the sdk-extras files) plus building each ``Paginator``'s compiled expressions.

    python benchmarks/bench_paginators.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any, Callable

import botocore
import botocore.loaders
import botocore.paginate
import botocore.session

import waitable
from waitable._paginators.paginator import Paginator

PAGES = 1_000
CONFIG = {
    "input_token": "NextToken",
    "output_token": "NextToken",
    "limit_key": "MaxResults",
    "result_key": "Items",
}
OPERATION = botocore.session.get_session().get_service_model("dynamodb").operation_model("Scan")


def stub(items: int) -> Callable[..., Any]:
    pages = [
        {"Items": list(range(items)), "NextToken": f"t{i + 1}"}
        if i < PAGES - 1
        else {"Items": list(range(items))}
        for i in range(PAGES)
    ]
    index = {f"t{i}": i for i in range(1, PAGES)}

    def call(**params: Any) -> dict[str, Any]:
        page = pages[index.get(params.get("NextToken", ""), 0)]
        return {
            "Items": page["Items"],
            **({"NextToken": page["NextToken"]} if "NextToken" in page else {}),
        }

    return call


def ours(items: int) -> Any:
    definition = waitable.load({"pagination": {"Scan": CONFIG}}).paginator("Scan")
    return Paginator(definition, stub(items)).paginate(TableName="t")


def theirs(items: int) -> Any:
    return botocore.paginate.Paginator(stub(items), CONFIG, OPERATION).paginate(TableName="t")


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def baseline(items: int) -> float:
    """The stub's own cost per listing: subtracted from both."""
    call = stub(items)

    def walk() -> None:
        token = None
        for _ in range(PAGES):
            page = call(**({"NextToken": token} if token else {}))
            token = page.get("NextToken")

    return timed(walk)


def files() -> list[tuple[str, str]]:
    loader = botocore.loaders.create_loader()
    return [
        (s, loader.determine_latest_version(s, "paginators-1"))
        for s in loader.list_available_services("paginators-1")
    ]


def load_ours(found: list[tuple[str, str]]) -> None:
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    for service, version in found:
        waitable.load(os.path.join(data, service, version, "paginators-1.json"))


def load_theirs(found: list[tuple[str, str]]) -> None:
    loader = botocore.loaders.create_loader()  # a new session's loader: nothing cached
    for service, _ in found:
        model = loader.load_service_model(service, "paginators-1")
        for config in model["pagination"].values():
            botocore.paginate.Paginator(None, config, None)


def long_listing(pages: int) -> tuple[float, int]:
    """``(us per page, bytes the listing holds before its last page)`` over ``pages``
    pages: ``python bench_paginators.py --long`` compares 1,000 and 100,000."""
    import tracemalloc

    global PAGES
    PAGES, kept = pages, PAGES
    try:
        base = min(baseline(3) for _ in range(3))
        per_page = (min(timed(lambda: list(ours(3))) for _ in range(3)) - base) / pages
        iterator = iter(ours(3))
        tracemalloc.start()
        for _ in range(pages - 1):
            next(iterator)
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    finally:
        PAGES = kept
    return per_page * 1e6, held


def main() -> None:
    if "--long" in sys.argv:
        for pages in (1_000, 100_000):
            per_page, held = long_listing(pages)
            print(f"{pages:,} pages: {per_page:.2f} us per page, {held:,} B held")
        return
    rows = []
    per_ours, per_theirs, full_ours, full_theirs = [], [], [], []
    base3, base100 = baseline(3), baseline(100)
    for _ in range(9):  # interleaved, so drift hits both alike
        per_ours.append(timed(lambda: list(ours(3))) - base3)
        per_theirs.append(timed(lambda: list(theirs(3))) - base3)
        full_ours.append(timed(lambda: ours(100).build_full_result()) - base100)
        full_theirs.append(timed(lambda: theirs(100).build_full_result()) - base100)
    rows.append(
        (
            "per page (1,000 pages)",
            statistics.median(per_ours) / PAGES * 1e6,
            statistics.median(per_theirs) / PAGES * 1e6,
            "us",
            "<= 0.6x",
        )
    )
    rows.append(
        (
            "build_full_result, 1,000 pages x 100 items",
            statistics.median(full_ours) * 1e3,
            statistics.median(full_theirs) * 1e3,
            "ms",
            "<= 0.6x",
        )
    )
    found = files()
    loads_ours, loads_theirs = [], []
    for _ in range(5):
        loads_ours.append(timed(lambda: load_ours(found)))
        loads_theirs.append(timed(lambda: load_theirs(found)))
    rows.append(
        (
            f"load every paginators-1.json ({len(found)} files)",
            statistics.median(loads_ours) * 1e3,
            statistics.median(loads_theirs) * 1e3,
            "ms",
            "<= 0.7x",
        )
    )
    print(
        f"Python {sys.version.split()[0]}, botocore {botocore.__version__}, "
        f"waitable {waitable.__version__}; medians of interleaved runs\n"
    )
    print("| measure | waitable | botocore | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    for name, mine, base, unit, target in rows:
        print(f"| {name} | {mine:.2f} {unit} | {base:.2f} {unit} | {mine / base:.2f}x | {target} |")


if __name__ == "__main__":
    main()
