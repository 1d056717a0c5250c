"""Seeing each attempt: the on_attempt hook and one DEBUG log record per attempt."""

from __future__ import annotations

import logging
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waitable
from conftest import (
    FAIL_ON_BROKEN,
    RETRY_ON_MISSING,
    SUCCESS_ON_READY,
    Script,
    error,
    make_waiter,
    waiter_doc,
)
from waitable import Attempt, FailureStateError, WaiterTimeoutError
from waitable._waiters.attempts import attempt_listener

ACCEPTORS = (SUCCESS_ON_READY, FAIL_ON_BROKEN, RETRY_ON_MISSING)


def test_on_attempt_sees_every_call_and_where_it_leads() -> None:
    refused = ConnectionRefusedError("no")
    on_refused = {"matcher": "error", "expected": "ConnectionRefusedError", "state": "retry"}
    script = Script(refused, error("NotFound"), {"State": "PENDING"}, {"State": "READY"})
    seen: list[Attempt] = []
    waiter, _ = make_waiter(script, *ACCEPTORS, on_refused, delay=5, on_attempt=seen.append)
    waiter.wait()
    assert [a.number for a in seen] == [1, 2, 3, 4]
    assert [a.state for a in seen] == ["retry", "retry", "retry", "success"]
    assert [a.next_delay for a in seen] == [5, 5, 5, None]
    assert [a.elapsed for a in seen] == [0, 5, 10, 15]
    assert seen[0].error is refused
    assert seen[0].acceptor is not None
    assert seen[0].acceptor.index == 3
    assert seen[1].response == error("NotFound")
    assert seen[2].acceptor is None  # nothing matched: retry
    assert seen[3].response == {"State": "READY"}
    assert {a.waiter for a in seen} == {"Ready"}
    assert (
        seen[0].describe() == "Ready attempt 1: retry (error ConnectionRefusedError), next in 5 s"
    )
    assert (
        seen[3].describe() == 'Ready attempt 4: success (`State` == "READY"); saw `State` = "READY"'
    )
    assert (
        seen[1].describe() == "Ready attempt 2: retry (error NotFound), next in 5 s; saw HTTP 400"
    )
    assert [a.seen for a in seen] == [
        ("error ConnectionRefusedError",),
        ("error NotFound", "HTTP 400"),
        ('`State` = "PENDING"',),
        ('`State` = "READY"',),
    ]


def test_last_attempt_of_a_timeout_and_a_failure_has_no_next_delay() -> None:
    seen: list[Attempt] = []
    waiter, _ = make_waiter(Script({"State": "PENDING"}), *ACCEPTORS, on_attempt=seen.append)
    with pytest.raises(WaiterTimeoutError):
        waiter.wait(WaiterConfig={"MaxAttempts": 2})
    assert [(a.state, a.next_delay) for a in seen] == [("retry", 5), ("retry", None)]

    seen.clear()
    waiter, _ = make_waiter(Script({"State": "BROKEN"}), *ACCEPTORS, on_attempt=seen.append)
    with pytest.raises(FailureStateError):
        waiter.wait()
    assert [(a.state, a.next_delay) for a in seen] == [("failure", None)]

    seen.clear()
    waiter, _ = make_waiter(Script(error("Denied")), *ACCEPTORS, on_attempt=seen.append)
    with pytest.raises(waitable.UnexpectedResponseError):
        waiter.wait()
    assert [(a.state, a.acceptor) for a in seen] == [("failure", None)]


def test_one_debug_record_per_attempt(caplog: pytest.LogCaptureFixture) -> None:
    script = Script({"State": "PENDING"}, {"State": "READY"})
    waiter, _ = make_waiter(script, *ACCEPTORS)
    with caplog.at_level(logging.DEBUG, logger="waitable"):
        waiter.wait()
    records = [r for r in caplog.records if r.name == "waitable"]
    assert [r.getMessage() for r in records] == [  # with what the paths read (issue 17)
        'Ready attempt 1: retry, next in 5 s; saw `State` = "PENDING"',
        'Ready attempt 2: success (`State` == "READY"); saw `State` = "READY"',
    ]
    assert [r.seen for r in records] == [  # type: ignore[attr-defined]
        ('`State` = "PENDING"',),
        ('`State` = "READY"',),
    ]
    assert [(r.waiter, r.attempt, r.state) for r in records] == [  # type: ignore[attr-defined]
        ("Ready", 1, "retry"),
        ("Ready", 2, "success"),
    ]
    assert all(r.levelno == logging.DEBUG for r in records)


def test_hook_and_log_together(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[Attempt] = []
    waiter, _ = make_waiter(Script({"State": "READY"}), *ACCEPTORS, on_attempt=seen.append)
    with caplog.at_level(logging.DEBUG, logger="waitable"):
        waiter.wait()
    assert len(seen) == 1
    assert len([r for r in caplog.records if r.name == "waitable"]) == 1


def test_nobody_listening_costs_nothing() -> None:
    logging.getLogger("waitable").setLevel(logging.WARNING)
    try:
        assert attempt_listener(None) is None
        assert attempt_listener(print) is print
    finally:
        logging.getLogger("waitable").setLevel(logging.NOTSET)


def test_attempt_is_immutable() -> None:
    seen: list[Attempt] = []
    waiter, _ = make_waiter(Script({"State": "READY"}), *ACCEPTORS, on_attempt=seen.append)
    waiter.wait()
    with pytest.raises(AttributeError):
        seen[0].state = "x"  # type: ignore[misc]


def test_timeout_carries_a_summary_of_what_was_observed() -> None:
    answers = [error("NotFound", status=404)] * 2 + [
        {"State": "CREATING", "ResponseMetadata": {"HTTPStatusCode": 200}}
    ] * 3
    waiter, _ = make_waiter(Script(*answers), *ACCEPTORS)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxAttempts": 5})
    err = info.value
    assert err.observed == {
        "HTTP 200": 3,
        '`State` = "CREATING"': 3,
        "error NotFound": 2,
        "HTTP 404": 2,
    }
    assert str(err) == (  # botocore's message is untouched; the summary is a note
        "Waiter Ready failed: Max attempts exceeded. Previously accepted state: "
        "Matched expected service error code: NotFound"
    )
    assert err.__notes__ == [
        "Observed over 5 attempts:\n"
        "  3 x HTTP 200\n"
        '  3 x `State` = "CREATING"\n'
        "  2 x error NotFound\n"
        "  2 x HTTP 404"
    ]
    copy = pickle.loads(pickle.dumps(err))
    assert copy.observed == err.observed
    assert copy.__notes__ == err.__notes__


def test_summary_covers_the_last_hundred_attempts() -> None:
    waiter, _ = make_waiter(Script({"State": "PENDING"}), *ACCEPTORS)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxAttempts": 250})
    assert info.value.observed == {'`State` = "PENDING"': 100}
    assert info.value.__notes__[0].startswith("Observed over the last 100 of 250 attempts:")


def test_a_wait_keeps_no_response_for_its_summary() -> None:
    # the summary once kept the last 100 whole responses: 5 MB per wait for 50 KB ones
    # (issue 18); now a few labels per retried call
    import gc
    import weakref

    class Response(dict):  # type: ignore[type-arg]  # a dict that can be weakly referenced
        pass

    made: list[weakref.ref[Response]] = []

    def get_thing() -> Response:
        response = Response(State="PENDING", Blob="x" * 50_000)
        made.append(weakref.ref(response))
        return response

    waiter = waitable.load(waiter_doc(*ACCEPTORS)).get_waiter(
        "Ready", {"GetThing": get_thing}, sleep=lambda s: None
    )
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxAttempts": 5})
    gc.collect()
    alive = [ref for ref in made if ref() is not None]
    assert alive == [made[-1]]  # only the last response, the error's last_response
    assert info.value.observed == {'`State` = "PENDING"': 5}


def test_labels_read_again_only_what_the_acceptors_just_read() -> None:
    # a projection's value is reused from the match only when its acceptor ran on this
    # very response: here the same dict, changed in place, matches the first acceptor,
    # so the second's path is searched afresh, not taken from the previous attempt
    acceptors = (
        {"matcher": "path", "argument": "State", "expected": "WAIT", "state": "retry"},
        {"matcher": "pathAny", "argument": "Items[].S", "expected": "BAD", "state": "failure"},
        {"matcher": "path", "argument": "State", "expected": "OK", "state": "success"},
    )
    shared = {"State": "X", "Items": [{"S": "a"}]}
    calls = {"n": 0}

    def get_thing() -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 2:
            shared.update(State="WAIT", Items=[{"S": "b"}])
        if calls["n"] == 3:
            shared.update(State="OK")
        return shared

    seen: list[Attempt] = []
    waiter = waitable.load(waiter_doc(*acceptors)).get_waiter(
        "Ready", {"GetThing": get_thing}, sleep=lambda s: None, on_attempt=seen.append
    )
    waiter.wait()
    assert seen[0].seen == ('`State` = "X"', '`Items[].S` = ["a"]')
    assert seen[1].seen == ('`State` = "WAIT"', '`Items[].S` = ["b"]')


def test_each_path_is_read_once_per_call_by_the_acceptors_and_the_summary() -> None:
    # three acceptors on one path and a timeout's summary of it: the response's field
    # is read once per call (it was read by each acceptor, then again for the summary)
    acceptors = (
        {"matcher": "path", "argument": "Thing.State", "expected": "OK", "state": "success"},
        {"matcher": "path", "argument": "Thing.State", "expected": "BAD", "state": "failure"},
        {"matcher": "pathAny", "argument": "Thing.State", "expected": "X", "state": "failure"},
        {"matcher": "error", "expected": "NotFound", "state": "retry"},
    )
    reads = {"n": 0}

    class Thing(dict):  # type: ignore[type-arg]
        def get(self, key: Any, default: Any = None) -> Any:
            reads["n"] += 1
            return super().get(key, default)

    def get_thing() -> dict[str, Any]:
        return {"Thing": Thing(State="PENDING")}

    waiter = waitable.load(waiter_doc(*acceptors)).get_waiter(
        "Ready", {"GetThing": get_thing}, sleep=lambda s: None
    )
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxAttempts": 4})
    assert reads["n"] == 4
    assert info.value.observed == {'`Thing.State` = "PENDING"': 4}


def test_a_matcher_that_names_an_error_never_matches_a_successful_call() -> None:
    # the judge skips such acceptors on a successful response without asking them
    from waitable._waiters.matchers import ErrorMatcher, ErrorTypeMatcher, SuccessMatcher

    for matcher in (
        ErrorMatcher("NotFound"),
        ErrorMatcher("smithy.example#NotFound"),
        ErrorTypeMatcher("smithy.example#NotFound"),
        SuccessMatcher(False),
    ):
        assert matcher.error_name is not None
        for response in ({}, {"Error": {"Code": "NotFound"}}, {"State": "NotFound"}, None):
            assert not matcher.matches(response, None, {})
    for matcher in (ErrorMatcher(""), ErrorMatcher(False)):  # these match successes
        assert matcher.error_name is None
        assert matcher.matches({}, None, {})


def test_a_wait_that_sees_the_same_thing_keeps_one_digest_of_it() -> None:
    # a timeout's summary keeps what the last 100 retried calls showed: hours of the same
    # answer hold one digest (not 100 equal copies), and still count each call
    from waitable._waiters.judge import begin, step

    any_step = {
        "matcher": "pathAny",
        "argument": "Steps[].State",
        "expected": "X",
        "state": "failure",
    }
    waiter, _ = make_waiter(Script(), SUCCESS_ON_READY, any_step, max_attempts=1000)
    params: dict[str, Any] = {}
    policy, tally, _ = begin(waiter._plan, params, None)
    for n in range(150):
        response = {"State": "PENDING", "Steps": [{"State": "RUNNING"}]}  # equal, not the same
        step(waiter._plan, policy, params, tally, (response, None, None), float(n))
    other = {"State": "PENDING", "Steps": [{"State": "DONE"}]}
    step(waiter._plan, policy, params, tally, (other, None, None), 150.0)
    assert tally.seen is not None
    runs = tally.seen.runs  # type: ignore[union-attr]
    assert [call for call, _ in runs] == [1, 151]  # two runs, not 151 entries
    assert tally.seen.counts(tally.attempts - 1) == {
        '`State` = "PENDING"': 100,
        '`Steps[].State` = ["RUNNING"]': 99,
        '`Steps[].State` = ["DONE"]': 1,
    }


def _answer(state: Any, steps: Any = ("RUNNING",), status: int | None = 200, **more: Any) -> Any:
    response = {"State": state, "Steps": [{"State": s} for s in steps], **more}
    if status is not None:
        response["ResponseMetadata"] = {"HTTPStatusCode": status}
    return response


# what retried calls of the waiter below may answer: the same readings under another
# status, readings a retry acceptor leaves unread (its digest reads them), values kept
# as text, numbers equal across types, a list too long to keep, error responses
ANSWERS: list[tuple[Any, Any]] = [
    (_answer("PENDING"), None),
    (_answer("PENDING"), None),
    (_answer("PENDING", status=202), None),
    (_answer("PENDING", status=None), None),
    (_answer("PENDING", Kind="gone"), None),
    (_answer("PENDING", ("DONE",), Kind="gone"), None),
    (_answer({"nested": 1}), None),
    (_answer({"nested": 1.0}), None),
    (_answer(1), None),
    (_answer(True), None),
    (_answer(1.0), None),
    (_answer("PENDING", (1,)), None),
    (_answer("PENDING", (1.0,)), None),
    (_answer("PENDING", ("A",) * 9), None),
    (_answer("PENDING", ({"deep": 1},)), None),
    (_answer(Decimal(1)), None),  # equal to 1 and true, but kept as its text
    (_answer("PENDING", (Decimal(1),)), None),
    (_answer("PENDING", (-0.0,)), None),
    (_answer("PENDING", (0.0,)), None),
    (error("Busy"), ("Busy",)),
    (error("Busy", status=503), ("Busy",)),
    (error("Throttled"), ("Throttled",)),
]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, len(ANSWERS) - 1), min_size=1, max_size=40)
    | st.lists(st.integers(0, 3), min_size=90, max_size=220)  # past the window of 100
)
def test_the_summary_counts_each_call_as_its_own_digest_would(picks: list[int]) -> None:
    """A retried call that reads what the last one read reuses its digest, unmade, and
    the summary keeps runs of equal digests: it is still what each of the last 100
    calls' own digest says, an equal digest (``==``) kept as the last call's object."""
    from collections import Counter

    from waitable._waiters.judge import begin, step

    waiter, _ = make_waiter(
        Script(),
        SUCCESS_ON_READY,
        {"matcher": "path", "argument": "Kind", "expected": "gone", "state": "retry"},
        {"matcher": "pathAny", "argument": "Steps[].State", "expected": "X", "state": "failure"},
        {"matcher": "error", "expected": "Busy", "state": "retry"},
        {"matcher": "error", "expected": "Throttled", "state": "retry"},
        max_attempts=1000,
    )
    plan, params = waiter._plan, {}
    policy, tally, _ = begin(plan, params, None)
    shown = []
    last = None
    for n, pick in enumerate(picks):
        response, codes = ANSWERS[pick]
        step(plan, policy, params, tally, (response, codes, None), float(n))
        own = plan.seen.digest(response, codes, params)
        last = last if own == last else own
        shown.append(plan.seen.labels(last))
    expected: Counter[str] = Counter()
    for labels in shown[-100:]:
        expected.update(labels)
    assert tally.seen is not None
    assert tally.seen.counts(len(picks)) == dict(expected.most_common())
    assert len(tally.seen.runs) <= 101  # type: ignore[union-attr]


class _Elementwise:
    """An array-like value (numpy's way): ``==`` answers elementwise, and its truth is
    ambiguous."""

    def __eq__(self, other: object) -> Any:
        return self

    def __bool__(self) -> bool:
        raise ValueError("the truth value of an array is ambiguous")

    __hash__ = None  # type: ignore[assignment]


def test_readings_whose_equality_is_not_a_truth_value_are_digested_as_before() -> None:
    """What a path read is never compared with ``==`` unless it is plain data: an
    array-like value's ``==`` may not give a truth value."""
    all_one = {"matcher": "pathAll", "argument": "Sizes", "expected": 1, "state": "success"}
    script = Script({"Sizes": _Elementwise()}, {"Sizes": _Elementwise()}, {"Sizes": [1]})
    waiter, _ = make_waiter(script, all_one, max_attempts=5)
    assert waiter.wait().attempts == 3


def test_a_short_list_of_floats_is_labelled_as_it_reads() -> None:
    waiter, _ = make_waiter(
        Script(), {"matcher": "path", "argument": "V", "expected": 1, "state": "success"}
    )
    seen = waiter._plan.seen
    for value, label in (([0.0], "`V` = [0.0]"), ([-0.0], "`V` = [-0.0]"), ([1.0], "`V` = [1.0]")):
        assert seen.labels(seen.digest({"V": value}, None, {})) == [label]
