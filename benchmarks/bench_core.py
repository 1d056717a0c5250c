"""waitable against botocore, side by side in one run, as ratios.

    python benchmarks/bench_core.py            # prints a Markdown table (README's)

Measures, each as waitable's time over botocore's on the same JSON:

* per attempt: a 3-acceptor waiter whose responses match nothing until the last
  (every acceptor is tried on every attempt), sleep stubbed out in both; plus the same
  compiled acceptors driven by ``tenacity.Retrying``, the loop waitable does not use;
* load: read, validate and compile every ``waiters-2.json`` botocore ships (each
  JMESPath parsed, as botocore parses it; waitable builds a path's closures at its first
  evaluation), against botocore's own loading (a new ``botocore.loaders.Loader``, as
  every new session has) and building every waiter's acceptors; cold in fresh
  processes, and warm in one.
  Also against a bare ``open()`` + ``json.load`` + ``WaiterModel``: a lower bound that
  skips botocore's loader and, like botocore, validates nothing;
* import: ``from waitable import Waiter, load`` (``import waitable`` alone imports its
  names on first use) against ``import botocore.waiter`` (fresh processes), both
  from compiled bytecode (the script compiles waitable's modules first, as pip would).

The machine is noisy: each figure is a median of interleaved runs. Needs botocore.
"""

from __future__ import annotations

import glob
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any, Callable
from unittest import mock

import botocore
import botocore.loaders
import botocore.waiter
import tenacity

import waitable

# waitable imports its names on first use; import them here, outside any timing, as
# botocore.waiter is imported above
waitable.load, waitable.Waiter  # noqa: B018

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
FILES = sorted(glob.glob(os.path.join(DATA, "*", "*", "waiters-2.json")))

ATTEMPTS = 200
DEFINITION = {
    "version": 2,
    "waiters": {
        "TableReady": {
            "operation": "DescribeTable",
            "delay": 20,
            "maxAttempts": ATTEMPTS,
            "acceptors": [
                {
                    "matcher": "path",
                    "argument": "Table.TableStatus",
                    "expected": "ACTIVE",
                    "state": "success",
                },
                {
                    "matcher": "pathAny",
                    "argument": "Table.Replicas[].ReplicaStatus",
                    "expected": "FAILED",
                    "state": "failure",
                },
                {"matcher": "error", "expected": "ResourceNotFoundException", "state": "retry"},
            ],
        }
    },
}
CREATING = {
    "Table": {"TableStatus": "CREATING", "Replicas": [{"ReplicaStatus": "CREATING"}]},
    "ResponseMetadata": {"HTTPStatusCode": 200},
}
ACTIVE = {"Table": {"TableStatus": "ACTIVE", "Replicas": []}}


def _operation() -> Callable[..., Any]:
    count = 0

    def describe_table(**_: Any) -> Any:
        nonlocal count
        count += 1
        return ACTIVE if count % ATTEMPTS == 0 else CREATING

    return describe_table


def _no_sleep(_: float) -> None:
    return None


def per_attempt_waitable() -> float:
    waiter = waitable.load(DEFINITION).get_waiter(
        "TableReady", {"DescribeTable": _operation()}, sleep=_no_sleep
    )
    start = time.perf_counter()
    result = waiter.wait(TableName="t")
    elapsed = time.perf_counter() - start
    assert result.attempts == ATTEMPTS
    return elapsed / ATTEMPTS


def per_attempt_botocore() -> float:
    config = botocore.waiter.WaiterModel(DEFINITION).get_waiter("TableReady")
    waiter = botocore.waiter.Waiter("TableReady", config, _operation())
    with mock.patch.object(botocore.waiter.time, "sleep", _no_sleep):
        start = time.perf_counter()
        waiter.wait(TableName="t")
        elapsed = time.perf_counter() - start
    return elapsed / ATTEMPTS


def per_attempt_tenacity_retrying() -> float:
    """The same compiled acceptors, polled by tenacity's own Retrying loop."""
    definition = waitable.load(DEFINITION).definition("TableReady")
    checks = [(a.matcher.matches, a) for a in definition.acceptors]
    operation = _operation()

    def settled(response: Any) -> bool:
        for matches, acceptor in checks:
            if matches(response, None):
                return acceptor.state != "retry"
        return False

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(ATTEMPTS),
        wait=tenacity.wait_fixed(definition.delay),
        retry=tenacity.retry_if_not_result(settled),
        sleep=_no_sleep,
    )
    start = time.perf_counter()
    retrying(operation, TableName="t")
    return (time.perf_counter() - start) / ATTEMPTS


def load_waitable() -> None:
    for path in FILES:
        waitable.load(path)


def _build_all(model: botocore.waiter.WaiterModel) -> None:
    for name in model.waiter_names:
        model.get_waiter(name).acceptors  # noqa: B018 - builds and compiles them


def load_botocore() -> None:
    """botocore's own loading: its Loader finds, reads and parses each service's file."""
    loader = botocore.loaders.Loader()
    for path in FILES:
        service, version = path.split(os.sep)[-3:-1]
        _build_all(
            botocore.waiter.WaiterModel(loader.load_service_model(service, "waiters-2", version))
        )


def load_botocore_bare() -> None:
    """A lower bound: no loader, just open + json.load + WaiterModel."""
    for path in FILES:
        with open(path, encoding="utf-8") as handle:
            _build_all(botocore.waiter.WaiterModel(json.load(handle)))


def _timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _fresh_process(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return float(out)


IMPORT_CODE = "import time; t = time.perf_counter(); {0}; print(time.perf_counter() - t)"
LOAD_CODE = (
    "import sys, time; sys.path.insert(0, {here!r}); import bench_core as b; "
    "t = time.perf_counter(); b.load_{which}(); print(time.perf_counter() - t)"
)


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def _ensure_bytecode() -> None:
    """Compile waitable's modules, as pip does when it installs a wheel: botocore's files
    were compiled at install, and an editable install under PYTHONDONTWRITEBYTECODE
    would otherwise recompile waitable from source at every import."""
    import compileall

    compileall.compile_dir(os.path.dirname(waitable.__file__), quiet=1)


def main() -> None:
    _ensure_bytecode()
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []

    ours, theirs, retrying = [], [], []
    for _ in range(15):  # interleaved, so drift hits both alike
        ours.append(per_attempt_waitable())
        theirs.append(per_attempt_botocore())
        retrying.append(per_attempt_tenacity_retrying())
    ours_m, theirs_m, retry_m = map(statistics.median, (ours, theirs, retrying))
    rows.append(("per attempt, lean loop (waitable)", ours_m * 1e6, theirs_m * 1e6, "us"))
    rows.append(("per attempt, tenacity.Retrying loop", retry_m * 1e6, theirs_m * 1e6, "us"))

    cold: dict[str, list[float]] = {"waitable": [], "botocore": [], "botocore_bare": []}
    for _ in range(9):
        for which, runs in cold.items():
            runs.append(_fresh_process(LOAD_CODE.format(here=here, which=which)))
    warm: dict[str, list[float]] = {"waitable": [], "botocore": [], "botocore_bare": []}
    loaders = {
        "waitable": load_waitable,
        "botocore": load_botocore,
        "botocore_bare": load_botocore_bare,
    }
    for _ in range(15):
        for which, runs in warm.items():
            runs.append(_timed(loaders[which]))
    n = len(FILES)
    for label, runs in (("cold", cold), ("warm", warm)):
        ours_ms = statistics.median(runs["waitable"]) * 1e3
        rows.append(
            (
                f"load + compile {n} files, {label}, vs botocore's Loader",
                ours_ms,
                statistics.median(runs["botocore"]) * 1e3,
                "ms",
            )
        )
        rows.append(
            (
                f"load + compile {n} files, {label}, vs bare json.load (lower bound)",
                ours_ms,
                statistics.median(runs["botocore_bare"]) * 1e3,
                "ms",
            )
        )

    imp_ours, imp_theirs = [], []
    for _ in range(15):
        # waitable imports its names on first use: ask for what loading and waiting need
        imp_ours.append(_fresh_process(IMPORT_CODE.format("from waitable import Waiter, load")))
        imp_theirs.append(_fresh_process(IMPORT_CODE.format("import botocore.waiter")))
    rows.append(
        (
            "import",
            statistics.median(imp_ours) * 1e3,
            statistics.median(imp_theirs) * 1e3,
            "ms",
        )
    )

    print(
        f"Python {sys.version.split()[0]}, botocore {botocore.__version__}, "
        f"tenacity {_version('tenacity')}, jmespath {_version('jmespath')}, "
        f"waitable {waitable.__version__}\n"
    )
    print("| measure | waitable | botocore | ratio |")
    print("|---|---:|---:|---:|")
    for name, mine, base, unit in rows:
        print(f"| {name} | {mine:.2f} {unit} | {base:.2f} {unit} | {mine / base:.2f}x |")


if __name__ == "__main__":
    main()
