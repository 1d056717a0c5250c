"""Property-based tests: generated definitions (both formats) and generated responses.

For any of them: loading succeeds or raises DefinitionError; waiting returns a
WaitResult or raises a documented error (a WaiterError, ConfigError, an exception the
operation raised that no acceptor names, or a JMESPath runtime error, as botocore lets
through); never more calls than MaxAttempts, never a sleep past MaxWaitTime; the same
definition, responses and seed always give the same result.
"""

from __future__ import annotations

import random
import threading
import warnings
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jmespath.exceptions import JMESPathError

import waitable
from conftest import FakeTime
from waitable import DefinitionError, WaiterError

EXAMPLES = 150
PATHS = ["State", "Items[].State", "length(Items)", "Nested.Deep.Value", "Items[0]", "@"]
VALUES = st.one_of(
    st.sampled_from(["READY", "PENDING", "BROKEN", ""]),
    st.integers(-2, 3),
    st.booleans(),
    st.none(),
)


class FlakyError(Exception):
    pass


RESPONSES = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "State": VALUES,
            "Items": st.lists(st.fixed_dictionaries({"State": VALUES}), max_size=3),
            "Nested": st.just({"Deep": {"Value": "READY"}}),
            "ResponseMetadata": st.fixed_dictionaries(
                {"HTTPStatusCode": st.sampled_from([200, 404])}
            ),
        },
    ),
    st.builds(
        lambda code: {"Error": {"Code": code, "Message": "m"}},
        st.sampled_from(["NotFound", "Throttled", "ns#NotFound"]),
    ),
    st.sampled_from([None, [], "text", 7, [1, 2]]),
    st.just(FlakyError("raised")),
)

BOTOCORE_ACCEPTOR = st.one_of(
    st.fixed_dictionaries(
        {
            "matcher": st.sampled_from(["path", "pathAll", "pathAny"]),
            "argument": st.sampled_from(PATHS),
            "expected": VALUES,
            "state": st.sampled_from(["success", "failure", "retry"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "matcher": st.just("error"),
            "expected": st.sampled_from(["NotFound", "FlakyError", True, False]),
            "state": st.sampled_from(["success", "failure", "retry"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "matcher": st.just("status"),
            "expected": st.sampled_from([200, 404]),
            "state": st.sampled_from(["success", "failure", "retry"]),
        }
    ),
)

BOTOCORE = st.builds(
    lambda acceptors, delay, attempts: {
        "version": 2,
        "waiters": {
            "W": {
                "operation": "Op",
                "delay": delay,
                "maxAttempts": attempts,
                "acceptors": acceptors,
            }
        },
    },
    st.lists(BOTOCORE_ACCEPTOR, min_size=1, max_size=4),
    st.sampled_from([0, 0.5, 2, 30]),
    st.integers(1, 6),
)

SMITHY_MATCHER = st.one_of(
    st.builds(
        lambda kind, path, comparator, expected: {
            kind: {"path": path, "comparator": comparator, "expected": expected}
        },
        st.sampled_from(["output", "inputOutput"]),
        st.sampled_from(["State", "Items[].State", "input.Want == output.State", "output.State"]),
        st.sampled_from(["stringEquals", "booleanEquals", "allStringEquals", "anyStringEquals"]),
        st.sampled_from(["READY", "true", "false"]),
    ),
    st.builds(lambda value: {"success": value}, st.booleans()),
    st.builds(
        lambda value: {"errorType": value},
        st.sampled_from(["NotFound", "ns#NotFound", "FlakyError"]),
    ),
)

SMITHY = st.builds(
    lambda acceptors, low, high: {
        "Op": {"W": {"acceptors": acceptors, "minDelay": low, "maxDelay": high}}
    },
    st.lists(
        st.fixed_dictionaries(
            {"state": st.sampled_from(["success", "failure", "retry"]), "matcher": SMITHY_MATCHER}
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(1, 5),
    st.integers(1, 40),
)

JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=15,
)


class Answers:
    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers
        self.calls = 0

    def __call__(self, **params: Any) -> Any:
        self.calls += 1
        answer = self.answers[min(self.calls, len(self.answers)) - 1]
        if isinstance(answer, BaseException):
            raise type(answer)(*answer.args)
        return answer


def run(doc: dict[str, Any], answers: list[Any], config: dict[str, Any], seed: int) -> Any:
    try:
        model = waitable.load(doc)
    except DefinitionError:
        return "DefinitionError", 0, []
    fake = FakeTime()
    operation = Answers(answers)
    waiter = model.get_waiter(
        "W", {"Op": operation}, sleep=fake.sleep, clock=fake.clock, random=random.Random(seed)
    )
    try:
        result = waiter.wait(Want="READY", WaiterConfig=config)
        outcome: Any = ("result", repr(result.response), result.attempts)
    except WaiterError as exc:
        outcome = (type(exc).__name__, exc.reason, exc.attempts)
    except waitable.ConfigError:
        outcome = ("ConfigError",)
    except (FlakyError, JMESPathError) as exc:  # documented: unnamed exceptions propagate
        outcome = (type(exc).__name__,)
    return outcome, operation.calls, fake.sleeps


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BOTOCORE, st.lists(RESPONSES, min_size=1, max_size=8), st.integers(0, 2**16))
def test_botocore_format_waits_end_within_their_limits(
    doc: Any, answers: list[Any], seed: int
) -> None:
    outcome, calls, sleeps = run(doc, answers, {}, seed)
    assert outcome != "DefinitionError"  # every generated definition is valid
    assert 1 <= calls <= doc["waiters"]["W"]["maxAttempts"]
    assert len(sleeps) == (calls - 1 if doc["waiters"]["W"]["delay"] > 0 else 0)
    assert run(doc, answers, {}, seed) == (outcome, calls, sleeps)  # deterministic


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    SMITHY, st.lists(RESPONSES, min_size=1, max_size=8), st.integers(1, 120), st.integers(0, 2**16)
)
def test_smithy_waits_never_sleep_past_the_deadline(
    doc: Any, answers: list[Any], deadline: int, seed: int
) -> None:
    outcome, calls, sleeps = run(doc, answers, {"MaxWaitTime": deadline}, seed)
    if outcome == "DefinitionError":
        return  # e.g. minDelay > maxDelay, or no success acceptor: refused at load
    assert sum(sleeps) <= deadline + 1e-9
    assert run(doc, answers, {"MaxWaitTime": deadline}, seed) == (outcome, calls, sleeps)


@settings(max_examples=EXAMPLES, deadline=None)
@given(JSONISH)
def test_any_json_loads_or_is_a_definition_error(document: Any) -> None:
    for candidate in (
        document,
        {"version": 2, "waiters": document},
        {"Op": document},
        {"pagination": document},
    ):
        try:
            with warnings.catch_warnings():  # unknown Smithy members warn: expected here
                warnings.simplefilter("ignore", UserWarning)
                waitable.load(candidate if isinstance(candidate, dict) else {"x": candidate})
        except DefinitionError as exc:
            problems = exc.problems
        else:
            problems = ("loaded",)
        assert problems
        assert all(len(problem) < 1_000 for problem in problems)


def test_one_waiter_serves_32_threads_with_independent_results() -> None:
    model = waitable.load(
        {
            "version": 2,
            "waiters": {
                "W": {
                    "operation": "Op",
                    "delay": 1,
                    "maxAttempts": 50,
                    "acceptors": [
                        {
                            "matcher": "path",
                            "argument": "State",
                            "expected": "READY",
                            "state": "success",
                        }
                    ],
                }
            },
        }
    )
    counts: dict[int, int] = {}
    lock = threading.Lock()

    def op(Id: int) -> dict[str, Any]:  # noqa: N803
        with lock:
            counts[Id] = counts.get(Id, 0) + 1
            return {"State": "READY" if counts[Id] == Id % 7 + 1 else "PENDING", "Id": Id}

    waiter = model.get_waiter("W", {"Op": op}, sleep=lambda seconds: None)
    results: dict[int, Any] = {}

    def wait(i: int) -> None:
        for round_ in range(20):
            key = i * 100 + round_
            results[key] = waiter.wait(Id=key)

    threads = [threading.Thread(target=wait, args=(i,)) for i in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 640
    for key, result in results.items():
        assert result.response["Id"] == key
        assert result.attempts == key % 7 + 1
