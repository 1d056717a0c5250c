"""``start`` then ``poll`` after ``poll``, the state through JSON between every two, must
be ``wait()``: the same calls with the same parameters, the same delays, the same ending
(verdict, attempts, error type and message, timeout summary, acceptor), over every
waiter botocore ships, every bundled waiter and Smithy's jittered backoff."""

from __future__ import annotations

import glob
import json
import os
import random
from typing import Any, Callable

import jmespath
import pytest

import waitable
from conftest import BOTOCORE_DATA
from differential.responses import build
from waitable._core.documents import bundled_dir

START = 0.0  # epoch seconds of the simulated wait: sums of delays stay exact
MAX_WAIT = 40.0


class Error(Exception):
    """A service error as botocore raises it: ``response["Error"]["Code"]``."""

    def __init__(self, code: str) -> None:
        super().__init__(f"An error occurred ({code})")
        self.response = {"Error": {"Code": code, "Message": "m"}}


def candidates(definition: waitable.WaiterDefinition) -> list[Any]:
    """Responses that hit or miss each acceptor, errors of each code, odd shapes."""
    out: list[Any] = [{}, {"ResponseMetadata": {"HTTPStatusCode": 200}}, Error("Unexpected")]
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if matcher.error_name is not None and matcher.error_name != "*":
            out.append(Error(matcher.error_name))
        if matcher.name == "status":
            out.append({"ResponseMetadata": {"HTTPStatusCode": matcher.expected}})
        if matcher.reads_response and not matcher.inputs:
            expected = matcher.expected
            if getattr(matcher, "comparator", None) == "booleanEquals":
                expected = expected == "true"
            try:
                tree = jmespath.compile(matcher.argument).parsed
                out.extend(build(tree, leaf) for leaf in (expected, "__miss__"))
            except LookupError:
                pass
    return out


def scripted(sequence: list[Any]) -> tuple[Callable[..., Any], list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def operation(**params: Any) -> Any:
        answer = sequence[min(len(calls), len(sequence) - 1)]
        calls.append(params)
        if isinstance(answer, Exception):
            raise answer
        return json.loads(json.dumps(answer))

    return operation, calls


def seeded(seed: int) -> Any:
    """A ``random=`` whose k-th draw is the k-th retry's of a state with ``seed``."""

    class Draws:
        def __init__(self) -> None:
            self.k = 0

        def uniform(self, a: float, b: float) -> float:
            self.k += 1
            return random.Random(seed * 1_000_003 + self.k).uniform(a, b)

    return Draws()


def ending(run: Callable[[], Any]) -> tuple[Any, ...]:
    try:
        result = run()
    except waitable.WaiterError as exc:
        acceptor = None if exc.acceptor is None else exc.acceptor.index
        observed = dict(getattr(exc, "observed", {}))
        return (type(exc).__name__, str(exc), exc.attempts, exc.elapsed, acceptor, observed)
    except Exception as exc:  # a JMESPath runtime error, as in botocore
        return (type(exc).__name__,)
    return ("success", result.attempts, result.elapsed, result.acceptor.index)


def compare(model: Any, name: str, sequence: list[Any], params: dict[str, Any]) -> None:
    definition = model.definition(name)
    config = {"MaxWaitTime": MAX_WAIT} if definition.needs_deadline else {"MaxAttempts": 5}
    operation, poll_calls = scripted(sequence)
    client = {definition.operation: operation}
    poller = model.get_waiter(name, client)
    state = poller.start(now=START, **params, WaiterConfig=config)

    delays: list[float] = []

    def polled() -> Any:
        nonlocal state
        now = START
        while True:
            state = waitable.WaitState.from_json(state.to_json())
            step = poller.poll(state, now=now)
            assert step.called
            if step.done:
                return step.result()
            delays.append(step.next_delay)
            state, now = step.state, step.next_at

    ours = ending(polled)

    clock = [START]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock[0] += seconds

    operation, wait_calls = scripted(sequence)
    waiter = model.get_waiter(
        name,
        {definition.operation: operation},
        sleep=sleep,
        clock=lambda: clock[0],
        random=seeded(state.seed),
    )
    theirs = ending(lambda: waiter.wait(**params, WaiterConfig=config))
    assert ours == theirs, (name, sequence)
    assert poll_calls == wait_calls
    assert delays == sleeps


def _cases(model: Any, seed: str, per_waiter: int) -> list[tuple[str, list[Any]]]:
    rng = random.Random(seed)
    cases = []
    for name in model.waiter_names:
        pool = candidates(model.definition(name))
        for _ in range(per_waiter):
            cases.append((name, [rng.choice(pool) for _ in range(rng.randint(1, 7))]))
    return cases


BUNDLED = sorted(glob.glob(os.path.join(bundled_dir(), "*.json"))) + sorted(
    glob.glob(os.path.join(bundled_dir(), "aws", "*.json"))
)


@pytest.mark.parametrize("path", BUNDLED, ids=os.path.basename)
def test_polling_a_bundled_waiter_is_waiting(path: str) -> None:
    model = waitable.load(path)
    params = {"Url": "http://x/", "Expected": "ok", "Name": "n", "Path": "/p", "Status": 200}
    for name, sequence in _cases(model, path, 8):
        definition = model.definition(name)
        taken = {k: v for k, v in params.items() if k in definition.inputs}
        compare(model, name, sequence, {"Id": "j-1", "Blob": b"\x00\xff", **taken})


BOTOCORE_FILES = (
    sorted(glob.glob(os.path.join(BOTOCORE_DATA, "*", "*", "waiters-2.json")))
    if BOTOCORE_DATA
    else []
)


@pytest.mark.parametrize("path", BOTOCORE_FILES, ids=lambda p: p.split(os.sep)[-3])
def test_polling_a_botocore_waiter_is_waiting(path: str) -> None:
    model = waitable.load(path)
    for name, sequence in _cases(model, path, 3):
        compare(model, name, sequence, {"Name": "x"})


def test_smithy_backoff_and_a_deadline_are_replayed_exactly() -> None:
    document = {
        "Get": {
            "Ready": {
                "minDelay": 2,
                "maxDelay": 30,
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "output": {
                                "path": "State",
                                "expected": "ok",
                                "comparator": "stringEquals",
                            }
                        },
                    }
                ],
            }
        }
    }
    path = os.path.join(os.path.dirname(__file__), "smithy_backoff.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    try:
        model = waitable.load(path)
        compare(model, "Ready", [{"State": "no"}] * 30, {})  # times out at the deadline
        compare(model, "Ready", [{"State": "no"}] * 4 + [{"State": "ok"}], {})
    finally:
        os.remove(path)
